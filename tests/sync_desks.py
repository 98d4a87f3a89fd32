"""Central servers and workstations for sync tests: a real uvicorn on loopback, desks with their own
SQLite stores (the fixtures `central` and `desks` in conftest.py build them)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text
from sqlmodel import Session

from referral_desk.desk.desk import Desk
from referral_desk.server.app import create_app
from referral_desk.server.db import open_server_db
from referral_desk.server.tokens import create_token
from referral_desk.store.database.engine import open_store
from referral_desk.store.database.tables import Consultation, SyncConflict
from referral_desk.store.writes.actor import Actor
from referral_desk.sync.client import SyncClient
from tests.fixtures import NOW, day_commands, setup_commands
from tests.live_server import LiveServer


def bearer(token: str) -> dict[str, str]:
    """The headers a desk of this release sends: its token and its schema (a call without the schema
    header is taken for the release before it had one, and refused)."""
    from referral_desk.store.database.marker import SCHEMA_VERSION
    from referral_desk.sync.protocol import SCHEMA_HEADER

    return {"Authorization": f"Bearer {token}", SCHEMA_HEADER: str(SCHEMA_VERSION)}


class Central:
    def __init__(self, url: str, clock) -> None:
        self.database_url = url
        self.engine = open_server_db(url)
        self.clock = clock
        self.live = LiveServer(create_app(self.engine, clock=clock))
        self.url = self.live.url

    def token(self, name: str, role: str = "operator") -> str:
        return create_token(self.engine, name, role, self.clock.now())

    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()

    def close(self) -> None:
        self.live.stop()
        self.engine.dispose()


class Remote:
    """A server started as its own processes (tests.live_server.ServeProcess): the desks need its url and
    a token per desk."""

    def __init__(self, url: str, database_url: str, clock) -> None:
        self.url = url
        self.engine = open_server_db(database_url)
        self.clock = clock

    def token(self, name: str, role: str = "operator") -> str:
        return create_token(self.engine, name, role, self.clock.now())


class Workstation:
    def __init__(self, central: Central, name: str, tmp_path, clock, policy) -> None:
        self.store = open_store(tmp_path / f"{name}.sqlite3")
        self.service = Desk(self.store, policy, clock, Actor(f"{name}操作员", name))
        self.token = central.token(name)
        self.client = SyncClient(self.store, policy, clock, central.url, self.token)

    def sync(self):
        return self.client.sync_once()

    def status(self, consultation_id: str) -> str:
        with Session(self.store.engine) as s:
            return s.get(Consultation, consultation_id).status

    def count_audit(self) -> int:
        with self.store.engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM audit_entry")).scalar()

    def conflicts(self) -> list[SyncConflict]:
        with Session(self.store.engine) as s:
            return list(s.exec(select(SyncConflict)).scalars())

    def close(self) -> None:
        self.client.close()
        self.store.close()


def seed_and_sync(first: Workstation, *others: Workstation) -> None:
    """The day's data entered at the first desk, and every desk synced in turn."""
    seed(first)
    for ws in (first, *others):
        ws.sync()


def seed(ws: Workstation) -> None:
    ws.service.executor.execute_many(setup_commands(), at=NOW - timedelta(hours=10))
    ws.service.executor.execute_many(day_commands())
