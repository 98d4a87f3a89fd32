"""What the server tells Prometheus: requests and latency by route, push results by status, rows
pulled, database errors, connections the guard closed, the workstations seen lately, the build and the
TLS certificate's expiry. Nothing here names a patient or a token, only workstation names.

With `serve --workers N` the workers share the port, so a scrape reaches one of them at random: each
worker writes its numbers to a folder they share (prometheus-client's multiprocess mode), and whichever
answers the scrape sums them all (issue 23: one worker's view showed 19 pushes of 50, and counters
dropped when the keep-alive moved). One process (tests start many apps in one) keeps each app's numbers
in its own registry."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from referral_desk import __version__
from referral_desk.server.connections import GUARD_REGISTRY

# prometheus-client reads it when first imported: set before the workers start, never in one process.
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
# A workstation that polled within this many seconds counts as connected (desks pull every 2 s).
CONNECTED_WITHIN = 60.0
# The methods counted by name; any other (HTTP allows made-up ones) is "other", so it cannot grow the series.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Seconds; pulls answer in milliseconds, a first sync's big page in about a second.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
LAST_SEEN = "referral_desk_workstation_last_seen_seconds"


@contextmanager
def shared_metrics_folder() -> Iterator[Path]:
    """A fresh folder the workers write their numbers to, for as long as they serve; a restarted server
    starts from zero, as one process does (Prometheus reads that as a counter reset)."""
    folder = Path(tempfile.mkdtemp(prefix="referral-desk-metrics-"))  # 0700: workstation names inside
    os.environ[MULTIPROCESS_ENV] = str(folder)
    try:
        yield folder
    finally:
        os.environ.pop(MULTIPROCESS_ENV, None)
        shutil.rmtree(folder, ignore_errors=True)


def certificate_expiry(certfile: str | None) -> datetime | None:
    """When the certificate being served expires; read at start, since uvicorn serves the file it loaded
    until it restarts (a renewed file on disk is not what desks see yet)."""
    if not certfile:
        return None
    from cryptography import x509

    try:
        return x509.load_pem_x509_certificate(Path(certfile).read_bytes()).not_valid_after_utc
    except (OSError, ValueError):
        return None


class ServerMetrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self, now: Callable[[], float] = time.time, *, database: str = "",
                 certfile: str | None = None) -> None:
        self._now = now
        self._folder = os.environ.get(MULTIPROCESS_ENV) or None
        self._database = database
        self._expiry = certificate_expiry(certfile)
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("referral_desk_requests", "HTTP requests answered, by route and status",
                                ["route", "method", "status"], registry=self.registry)
        self.latency = Histogram("referral_desk_request_seconds", "Time to answer a request, by route",
                                 ["route"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.push_results = Counter("referral_desk_push_results", "Pushed commands judged, by result",
                                    ["status"], registry=self.registry)
        self.pull_rows = Counter("referral_desk_pull_rows", "Rows sent to workstations by pulls",
                                 registry=self.registry)
        self.database_errors = Counter("referral_desk_database_errors",
                                       "Requests answered 503 because the database did not answer",
                                       registry=self.registry)
        self.shed = Counter("referral_desk_shed_requests",
                            "Sync calls answered 503 at once because the worker already had its most in hand",
                            registry=self.registry)
        self.last_seen = Gauge(LAST_SEEN, "When each workstation last called (Unix time), since the server started",
                               ["workstation"], multiprocess_mode="max", registry=self.registry)

    def seen(self, workstation: str) -> None:
        self.last_seen.labels(workstation).set(self._now())

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        """One answered request (server.logs.RequestLog), under its route's template, never the path
        typed, so a scan of made-up paths cannot grow the series ("unmatched")."""
        method = method if method in KNOWN_METHODS else "other"  # any token is a method
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self)  # type: ignore[arg-type]

    def collect(self) -> Iterator[Metric]:
        """The scrape: every worker's numbers (or this process's), and what is derived from them."""
        if self._folder:
            families = list(MultiProcessCollector(None, path=self._folder).collect())  # type: ignore[arg-type]
        else:
            families = [*self.registry.collect(), *GUARD_REGISTRY.collect()]
        seen = [sample.value for family in families if family.name == LAST_SEEN for sample in family.samples]
        yield from families
        now = self._now()
        connected = GaugeMetricFamily("referral_desk_workstations_connected",
                                      f"Workstations that called within {CONNECTED_WITHIN:g} s")
        connected.add_metric([], sum(now - at <= CONNECTED_WITHIN for at in seen))
        yield connected
        build = GaugeMetricFamily("referral_desk_build_info", "The server's release and database kind (always 1)",
                                  labels=["version", "database"])
        build.add_metric([__version__, self._database], 1)
        yield build
        if self._expiry is not None:
            expiry = GaugeMetricFamily("referral_desk_tls_certificate_expiry_seconds",
                                       "When the TLS certificate being served expires (Unix time)")
            expiry.add_metric([], self._expiry.timestamp())
            yield expiry
            left = GaugeMetricFamily("referral_desk_tls_certificate_days_left",
                                     "Days until the TLS certificate being served expires")
            left.add_metric([], round((self._expiry - datetime.fromtimestamp(now, UTC)).total_seconds() / 86400, 1))
            yield left
