"""The app each uvicorn worker process builds for itself (`serve --workers N`): its own engine and
connection pool on the one database, which is the only state the workers share (the seq counter row,
the applied-mutation log). The parent process has opened, checked and migrated the database first."""

from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING

from uvicorn.protocols.http.h11_impl import H11Protocol

if TYPE_CHECKING:
    from fastapi import FastAPI

# The database, when --database-url is not given (systemd, containers); the parent sets it for its workers.
DATABASE_ENV = "REFERRAL_DESK_SERVER_DATABASE_URL"


def app_from_environment() -> FastAPI:
    from referral_desk.clock import clock_from_environment
    from referral_desk.config import load_settings
    from referral_desk.server.app import create_app
    from referral_desk.server.serving import open_for_serving

    engine, mark = open_for_serving(os.environ[DATABASE_ENV])
    app = create_app(engine, policy=load_settings().policy(), clock=clock_from_environment())
    # Held for the worker's life (the lock is dropped when the process ends): a restore refuses while
    # any worker still serves, even one the parent no longer watches.
    app.state.serving_mark = mark
    return app


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's HTTP protocol with Nagle's algorithm off on every connection. With --workers the
    listening socket is made by uvicorn's supervisor (protocol number 0), so asyncio does not set
    TCP_NODELAY on the connections it accepts, and every keep-alive answer waited ~40 ms for the
    client's delayed ACK (measured: 44 ms per pull instead of 1 ms)."""

    def connection_made(self, transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
