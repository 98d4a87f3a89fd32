"""What the server tells Prometheus: requests and latency by route, push results by status, rows
pulled, database errors, and the workstations seen lately. Each app has its own registry (tests start
many apps in one process); nothing here names a patient or a token, only workstation names."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

# A workstation that polled within this many seconds counts as connected (desks pull every 2 s).
CONNECTED_WITHIN = 60.0
# Seconds; pulls answer in milliseconds, a first sync's big page in about a second.
# The methods counted by name; any other (HTTP allows made-up ones) is "other", so it cannot grow the series.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class ServerMetrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self._now = now
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
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()
        self.registry.register(_Workstations(self))

    def seen(self, workstation: str) -> None:
        with self._lock:
            self._seen[workstation] = self._now()

    def last_seen(self) -> dict[str, float]:
        with self._lock:
            return dict(self._seen)

    def now(self) -> float:
        return self._now()

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _Workstations:
    """Read at each scrape: how many workstations are connected, and when each was last seen."""

    def __init__(self, metrics: ServerMetrics) -> None:
        self.metrics = metrics

    def collect(self):
        seen = self.metrics.last_seen()
        now = self.metrics.now()
        connected = GaugeMetricFamily("referral_desk_workstations_connected",
                                      f"Workstations that called within {CONNECTED_WITHIN:g} s")
        connected.add_metric([], sum(now - at <= CONNECTED_WITHIN for at in seen.values()))
        last = GaugeMetricFamily("referral_desk_workstation_last_seen_seconds",
                                 "When each workstation last called (Unix time), since this process started",
                                 labels=["workstation"])
        for name, at in sorted(seen.items()):
            last.add_metric([name], at)
        yield connected
        yield last


class MeasureRequests:
    """Plain ASGI middleware (cheaper than Starlette's BaseHTTPMiddleware on the 2 s pulls): counts and
    times every HTTP request under its route's template, never the path typed, so a scan of made-up
    paths cannot grow the series ("unmatched")."""

    def __init__(self, app, metrics: ServerMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"] if scope["method"] in KNOWN_METHODS else "other"  # any token is a method
            self.metrics.requests.labels(route, method, str(status)).inc()
            self.metrics.latency.labels(route).observe(time.perf_counter() - started)
