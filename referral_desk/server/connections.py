"""The server's guard on its connections (issue 23): uvicorn keeps a connection that never sends a
request open for ever, so 1,100 idle sockets without a token used up the 1,024 open files and the
server stopped accepting desks, logging `Too many open files` once per attempt (348 MB in 15 s).

Here each connection has a deadline to send its request line and headers, and another to send its
body; the number of open connections per worker is capped below the open-file limit, and when the cap
is reached the longest-idle connection makes room (a desk that is calling wins over a socket that is
not); when none is idle, the newcomer gets a 503 with Retry-After. The accept error is logged once per
minute with a count. The settings travel to `--workers` processes in the environment, as the database
URL does (server.factory)."""

from __future__ import annotations

import json
import logging
import os
import resource
import socket
import time
from dataclasses import asdict, dataclass, replace
from typing import ClassVar

import h11
from prometheus_client import CollectorRegistry, Counter
from uvicorn.protocols.http.h11_impl import H11Protocol

LIMITS_ENV = "REFERRAL_DESK_SERVE_LIMITS"
# Descriptors kept free for what is not a client connection: the database pool (a socket or a file
# per connection), log files, the listening socket, TLS and Python's own.
RESERVED_FILES = 64
# How often an accept error (the process is out of descriptors) may reach the log.
ACCEPT_ERROR_EVERY = 60.0
TOO_SLOW_ANSWER = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
                   b"connection: close\r\ncontent-length: 0\r\n\r\n")
BUSY_ANSWER = (b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n"
               b"retry-after: 2\r\nconnection: close\r\ncontent-length: 0\r\n\r\n")

log = logging.getLogger("referral_desk.server")

# Process-wide, as the protocol is (every app in a test process shares it); a scrape includes it.
GUARD_REGISTRY = CollectorRegistry()
CLOSED_BY_GUARD = Counter("referral_desk_connections_closed",
                          "Connections the server closed: too slow to send headers or body, idle when the "
                          "connection limit was reached, or refused over the limit", ["reason"],
                          registry=GUARD_REGISTRY)


@dataclass(frozen=True)
class ConnectionLimits:
    """`serve --max-connections --header-timeout --body-timeout`; the defaults suit a hospital's few
    hundred desks (each keeps one connection alive while it polls every 2 s) and a 4 MiB push on a slow
    LAN."""

    max_connections: int = 1000
    header_timeout: float = 10.0
    body_timeout: float = 60.0
    # Sync calls being answered at once per worker; more get a 503 (server.limits). A bound, not a tuning
    # knob: shedding at 64 left desks unserved longer and did not lower the latency, which on a busy
    # machine is the event loop's TLS and parsing, not the queue of calls (README, Speed).
    max_in_hand: int = 1000

    def within_open_files(self, open_files: int) -> ConnectionLimits:
        """The cap lowered to what the process's descriptors allow (a unit without LimitNOFILE)."""
        room = max(open_files - RESERVED_FILES, 16)
        if self.max_connections <= room:
            return self
        return replace(self, max_connections=room)

    def to_environment(self) -> None:
        os.environ[LIMITS_ENV] = json.dumps(asdict(self))

    @classmethod
    def from_environment(cls) -> ConnectionLimits:
        raw = os.environ.get(LIMITS_ENV)
        return cls(**json.loads(raw)) if raw else cls()


def raise_open_file_limit() -> int:
    """The soft limit on open files raised to the hard one (the usual 1,024 soft under a 512 k hard);
    what it is now. Workers inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with deadlines, a connection cap and Nagle's algorithm off.

    Nagle: with --workers the listening socket is made by uvicorn's supervisor (protocol number 0), so
    asyncio does not set TCP_NODELAY on the connections it accepts, and every keep-alive answer waited
    ~40 ms for the client's delayed ACK (measured: 44 ms per pull instead of 1 ms)."""

    limits: ClassVar[ConnectionLimits | None] = None  # read once per process, from the environment

    def connection_made(self, transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        self._deadline: object | None = None
        self._phase = ""
        self._last_active = self.loop.time()
        limits = self._limits()
        self._arm("header", limits.header_timeout)
        if len(self.connections) > limits.max_connections:
            self._make_room()

    def data_received(self, data: bytes) -> None:
        self._last_active = self.loop.time()
        super().data_received(data)
        if self.transport.is_closing():
            return
        state = self.conn.their_state
        if state is h11.IDLE:
            # Part of a request line or headers. The deadline runs from the first byte and is not
            # renewed by more: a client sending one byte a second must not hold the socket for ever.
            if self._phase != "header":
                self._arm("header", self._limits().header_timeout)
        elif state is h11.SEND_BODY:
            if self._phase != "body":
                self._arm("body", self._limits().body_timeout)
        else:
            self._disarm()  # the whole request is in; the app answers it

    def on_response_complete(self) -> None:
        self._last_active = self.loop.time()
        self._disarm()  # uvicorn's keep-alive timer closes it if the desk sends nothing more
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _limits(self) -> ConnectionLimits:
        cls = type(self)
        if cls.limits is None:
            cls.limits = ConnectionLimits.from_environment()
        return cls.limits

    def _arm(self, phase: str, seconds: float) -> None:
        self._disarm()
        self._phase = phase
        self._deadline = self.loop.call_later(seconds, self._too_slow)

    def _disarm(self) -> None:
        deadline = getattr(self, "_deadline", None)
        if deadline is not None:
            deadline.cancel()  # type: ignore[attr-defined]
        self._deadline = None
        self._phase = ""

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        phase = self._phase or "header"
        self._count(f"slow_{phase}")
        self._phase = ""
        if phase == "header" and self.conn.their_state is h11.IDLE and self.cycle is None:
            self.transport.write(TOO_SLOW_ANSWER)  # nothing answered yet on this connection: say why
        # A slow body: the app's read sees the client gone (a 499 in the metrics, not a 500).
        self.transport.close()

    def _idle(self) -> bool:
        busy = self.cycle is not None and not self.cycle.response_complete
        return not busy and self.conn.their_state is h11.IDLE and not self.transport.is_closing()

    def _make_room(self) -> None:
        """Over the cap: close the connection idle the longest; if every other one is mid-request, this
        newcomer is told to come back (the desk backs off on a 503 with Retry-After)."""
        idle = [c for c in self.connections if c is not self and isinstance(c, GuardedH11Protocol) and c._idle()]
        if idle:
            oldest = min(idle, key=lambda c: c._last_active)
            oldest._count("idle_made_room")
            oldest._disarm()
            oldest.transport.close()
            return
        self._count("over_limit")
        self._disarm()
        self.transport.write(BUSY_ANSWER)
        self.transport.close()

    def _count(self, reason: str) -> None:
        CLOSED_BY_GUARD.labels(reason).inc()
        if reason in ("over_limit", "idle_made_room") and AcceptErrorsOnce.due(f"shed:{reason}"):
            log.warning("connection limit reached (%d open): %s", len(self.connections), reason)


class AcceptErrorsOnce(logging.Filter):
    """asyncio logs `socket.accept() out of system resource` with a traceback on every failed accept;
    this lets one through per interval, with how many were held back since."""

    _last: ClassVar[dict[str, float]] = {}
    _held: ClassVar[dict[str, int]] = {}

    @classmethod
    def due(cls, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        last = cls._last.get(key)
        if last is not None and now - last < ACCEPT_ERROR_EVERY:
            cls._held[key] = cls._held.get(key, 0) + 1
            return False
        cls._last[key] = now
        return True

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "out of system resource" not in message and "Too many open files" not in message:
            return True
        if not self.due("accept"):
            return False
        held = self._held.pop("accept", 0)
        record.msg = f"{message} (open files exhausted; {held} more like this held back in the last minute)"
        record.args = ()
        record.exc_info = None  # the same traceback each time says nothing new
        return True


def guard_this_process(limits: ConnectionLimits) -> None:
    """What each serving process sets before it accepts: the accept-error gate, the loop that stops at
    the first EMFILE, the TLS handshake deadline."""
    quiet_accept_errors()
    stop_accept_spin()
    bound_tls_handshakes(limits.header_timeout)


def quiet_accept_errors() -> None:
    logger = logging.getLogger("asyncio")
    if not any(isinstance(f, AcceptErrorsOnce) for f in logger.filters):
        logger.addFilter(AcceptErrorsOnce())


def bound_tls_handshakes(seconds: float) -> None:
    """A TLS client has this long to finish its handshake (asyncio's default is 60 s). Until it does, the
    connection is not yet ours to cap or time out (connection_made comes after the handshake), so 1,100
    sockets that never say hello held the server's files for a minute per wave (issue 23, outside test).
    uvicorn passes no handshake timeout, and asyncio's SSL protocol then reads this module constant."""
    import asyncio.constants

    asyncio.constants.SSL_HANDSHAKE_TIMEOUT = seconds


def stop_accept_spin() -> None:
    """CPython 3.11's accept loop goes on calling accept() after EMFILE, up to the backlog (2,048 with
    uvicorn) times per wake-up, and schedules a restart for each: an outside test saw 1.77 million
    failed accepts a minute and 70 % of a core spent on them. Wrapped so that the first EMFILE ends the
    round; asyncio's own retry a second later stands."""
    import errno
    from asyncio import selector_events

    loop_class = selector_events.BaseSelectorEventLoop
    if getattr(loop_class, "_referral_desk_accept", False):
        return
    original = loop_class._accept_connection

    def accept_until_out_of_files(self, protocol_factory, sock, *args, **kwargs):
        if isinstance(sock, _AcceptOnce):  # asyncio's retry hands back what it was given
            sock = sock._sock
        real_accept = sock.accept
        tripped = False

        def accept_once_after_emfile():
            nonlocal tripped
            if tripped:
                raise BlockingIOError  # asyncio reads it as "nothing more to accept this round"
            try:
                return real_accept()
            except OSError as exc:
                if exc.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                    tripped = True
                raise

        return original(self, protocol_factory, _AcceptOnce(sock, accept_once_after_emfile), *args, **kwargs)

    loop_class._accept_connection = accept_until_out_of_files
    loop_class._referral_desk_accept = True


class _AcceptOnce:
    """The listening socket as asyncio's accept loop sees it, with accept() replaced."""

    def __init__(self, sock, accept) -> None:
        self._sock = sock
        self.accept = accept

    def __getattr__(self, name):
        return getattr(self._sock, name)
