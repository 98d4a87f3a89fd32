"""The server's log: application events and one line per request, with time (UTC), request id,
workstation, route, status and latency, as text for the journal or JSON (`serve --log-format json`) for a
hospital's log system.

Never a patient identifier: a line carries the route's template (never its query string or body), the
workstation's name, counts and the server's own words. Exceptions are logged without the SQL parameters
(the engines hide them) and request bodies are never logged."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger("referral_desk.server")
access = logging.getLogger("referral_desk.access")

# A proxy's request id is kept when it is one (so a line here meets the proxy's); anything else is replaced.
_GOOD_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# The fields a line may carry beside its message, in the order the text form shows them.
FIELDS = ("event", "request_id", "workstation", "client", "method", "route", "status", "latency_ms",
          "version", "database", "workers", "tls", "schema", "applied", "duplicate", "conflict", "rejected",
          "down_seconds", "days_left", "reason")
# The text form names these before the message; the rest are in the message's own words already.
TEXT_FIELDS = ("event", "request_id", "workstation", "client")


@dataclass
class RequestContext:
    """Filled as the request goes: the workstation is known only once its token is checked (in a
    worker thread, which shares this object though not the context variable's later values)."""
    request_id: str
    workstation: str | None = None


current: ContextVar[RequestContext | None] = ContextVar("referral_desk_request", default=None)


def identify_workstation(name: str) -> None:
    context = current.get()
    if context is not None:
        context.workstation = name


class RequestFields(logging.Filter):
    """Every line logged while a request is handled carries its request id and workstation."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = current.get()
        if context is not None:
            if getattr(record, "request_id", None) is None:
                record.request_id = context.request_id
            if getattr(record, "workstation", None) is None and context.workstation:
                record.workstation = context.workstation
        return True


def _fields(record: logging.LogRecord, names: tuple[str, ...] = FIELDS) -> dict[str, Any]:
    return {name: value for name in names if (value := getattr(record, name, None)) is not None}


def _time(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _quoted(value: Any) -> str:
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if (not text or re.search(r"[\s\"=]", text)) else text


class TextFormatter(logging.Formatter):
    """`2026-12-07T04:30:00.123Z INFO referral_desk.access request_id=… workstation=窗口8-1 … message`:
    the fields before the message, so uvicorn's own lines still end with what it said."""

    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(f"{k}={_quoted(v)}" for k, v in _fields(record, TEXT_FIELDS).items())
        line = f"{_time(record)} {record.levelname} {record.name} {fields + ' ' if fields else ''}{record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {"time": _time(record), "level": record.levelname, "logger": record.name,
                                "message": record.getMessage(), **_fields(record)}
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class StandardError(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is when a line is written, not when the handler was made (a test's
    captured stream is closed when that test ends)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def log_config(level: str, form: str) -> dict[str, Any]:
    """uvicorn's `log_config`: applied in the serving process and in each worker it starts."""
    formatter = {"()": f"{__name__}.{'JsonFormatter' if form == 'json' else 'TextFormatter'}"}
    handler = {"()": f"{__name__}.StandardError", "formatter": "default", "filters": ["request"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "filters": {"request": {"()": f"{__name__}.RequestFields"}},
        "handlers": {"default": handler},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "uvicorn.error": {"level": level.upper()},
            # uvicorn's access lines say neither the request id nor the workstation: ours replace them.
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
            "referral_desk": {"handlers": ["default"], "level": level.upper()},
            "asyncio": {"handlers": ["default"], "level": "WARNING", "propagate": False},
        },
    }


def _route(scope: dict) -> str:
    """The route's template as FastAPI matched it; unmatched paths are not echoed (anything may be typed)."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) else "unmatched"


class RequestLog:
    """Plain ASGI middleware (cheaper than Starlette's BaseHTTPMiddleware on the 2 s pulls), outermost: a
    request id for every request (kept from a proxy's X-Request-ID when it is one), sent back in the answer;
    when the answer is sent, one `referral_desk.access` line and `observe(route, method, status, seconds)`
    (the metrics), the shed requests included."""

    def __init__(self, app, observe: Callable[[str, str, int, float], None], enabled: bool = True) -> None:
        self.app = app
        self.observe = observe
        self.enabled = enabled

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"x-request-id"), "")
        request_id = given if _GOOD_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex[:16]
        context = RequestContext(request_id)
        token = current.set(context)
        started = time.perf_counter()
        status = 500

        async def sending(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()),
                                                  (b"x-request-id", request_id.encode("latin-1"))]}
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            seconds, route, method = time.perf_counter() - started, _route(scope), scope["method"]
            self.observe(route, method, status, seconds)
            if self.enabled:
                client = scope.get("client")
                latency = round(seconds * 1000, 1)
                access.info("%s %s %s %s ms", method, route, status, latency, extra={
                    "method": method, "route": route, "status": status, "latency_ms": latency,
                    "client": client[0] if client else None})
            current.reset(token)


class DatabaseWatch:
    """Says once when the database stops answering and once when it answers again (with how long it
    was away), instead of a line per refused request."""

    def __init__(self, now=time.monotonic) -> None:
        self._now = now
        self._lost_at: float | None = None

    def lost(self, why: str) -> None:
        if self._lost_at is None:
            self._lost_at = self._now()
            log.error("database stopped answering: %s (desks keep their changes and try again)", why,
                      extra={"event": "database_lost", "reason": why})

    def answered(self) -> None:
        if self._lost_at is not None:
            away = round(self._now() - self._lost_at, 1)
            self._lost_at = None
            log.warning("database answers again after %s s", away, extra={"event": "database_back",
                                                                          "down_seconds": away})
