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


def app_from_environment() -> FastAPI:
    from referral_desk.clock import clock_from_environment
    from referral_desk.config import load_settings
    from referral_desk.server.app import create_app
    from referral_desk.server.db import open_server_db

    return create_app(open_server_db(os.environ[DATABASE_ENV]), policy=load_settings().policy(),
                      clock=clock_from_environment())
