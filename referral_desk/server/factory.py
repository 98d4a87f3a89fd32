"""The app each uvicorn worker process builds for itself (`serve --workers N`): its own engine and
connection pool on the one database, which is the only state the workers share (the seq counter row,
the applied-mutation log). The parent process has opened, checked and migrated the database first."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

# The database, when --database-url is not given (systemd, containers); the parent sets it for its workers.
DATABASE_ENV = "REFERRAL_DESK_SERVER_DATABASE_URL"
# The TLS certificate the workers serve, whose expiry the metrics show.
CERTFILE_ENV = "REFERRAL_DESK_SERVER_CERTFILE"
# `serve --no-access-log` and `--api-docs`, for the workers.
ACCESS_LOG_ENV = "REFERRAL_DESK_SERVER_ACCESS_LOG"
API_DOCS_ENV = "REFERRAL_DESK_SERVER_API_DOCS"


def app_from_environment() -> FastAPI:
    from referral_desk.clock import clock_from_environment
    from referral_desk.config import load_settings
    from referral_desk.server.app import create_app
    from referral_desk.server.connections import ConnectionLimits, guard_this_process
    from referral_desk.server.serving import open_for_serving

    guard_this_process(ConnectionLimits.from_environment())  # uvicorn set up this process's logging first
    engine, mark = open_for_serving(os.environ[DATABASE_ENV])
    app = create_app(engine, policy=load_settings().policy(), clock=clock_from_environment(),
                     certfile=os.environ.get(CERTFILE_ENV) or None,
                     access_log=os.environ.get(ACCESS_LOG_ENV, "1") != "0",
                     api_docs=os.environ.get(API_DOCS_ENV) == "1")
    # Held for the worker's life (the lock is dropped when the process ends): a restore refuses while
    # any worker still serves, even one the parent no longer watches.
    app.state.serving_mark = mark
    return app
