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
