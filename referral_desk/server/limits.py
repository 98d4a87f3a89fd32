"""A request body read no further than its limit: a huge or endless upload is cut off at the
limit instead of being held in memory whole."""

from __future__ import annotations

from fastapi import HTTPException, Request
from starlette.requests import ClientDisconnect

# What nginx logs for a client that left before its answer: not the server's failure (no 5xx alert).
CLIENT_LEFT = 499


class ClientLeft(Exception):
    """The client closed the connection in the middle of its upload."""


def _too_large(limit: int) -> HTTPException:
    size = f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit} bytes"
    return HTTPException(status_code=413, detail=f"请求超过 {size} / body over {size}")


async def read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise HTTPException(status_code=400, detail="Content-Length 无效 / invalid Content-Length")
        if int(declared) > limit:
            raise _too_large(limit)
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise _too_large(limit)
    except ClientDisconnect:
        raise ClientLeft() from None
    return bytes(body)


class ShedLoad:
    """Plain ASGI middleware: at most `limit` sync calls (pushes and pulls) in hand per worker. One more
    is answered 503 with Retry-After at once, before it costs a thread or a database connection: under a
    reconnect storm the desks back off (with their random spread) instead of every call waiting
    seconds in a queue (issue 23: 1,000 desks at once on two cores answered in 5-6 s). Monitoring
    routes are never shed."""

    SHED = ("/api/v1/sync/pull", "/api/v1/sync/push")
    BODY = '{"detail": "服务器繁忙，请稍后再试 / the server is busy"}'.encode()

    def __init__(self, app, limit: int, counted) -> None:
        self.app = app
        self.limit = limit
        self.counted = counted  # a prometheus Counter: calls shed
        self.in_hand = 0

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["path"] not in self.SHED:
            await self.app(scope, receive, send)
            return
        if self.in_hand >= self.limit:
            self.counted.inc()
            scope["route"] = _Shed(scope["path"])  # counted under its route by server.logs.RequestLog
            await send({"type": "http.response.start", "status": 503, "headers": [
                (b"content-type", b"application/json"), (b"retry-after", b"2"),
                (b"content-length", str(len(self.BODY)).encode())]})
            await send({"type": "http.response.body", "body": self.BODY})
            return
        self.in_hand += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_hand -= 1


class _Shed:
    def __init__(self, path: str) -> None:
        self.path = path
