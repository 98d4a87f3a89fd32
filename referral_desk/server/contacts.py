"""When each workstation last called the server, and the schema its desk said it has.

Written at most once a minute per workstation and process (200 desks polling every 2 s would
otherwise write 100 rows a second), and at once when the desk's schema changes, so `server token
list` shows who synced and which desks still run an older release before an upgrade."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from referral_desk.clock import Clock
from referral_desk.server.tables import workstation_contact

WRITE_EVERY = timedelta(minutes=1)
# A schema change is written at once, but not twice within this: a token whose calls alternate between two
# schemas (300 connections at once, issue 23) made every call a write and held the database for minutes.
SCHEMA_CHANGE_EVERY = timedelta(seconds=5)
FLUSH_EVERY = timedelta(seconds=2)
CALL_WORDS = {"pull": "拉取", "push": "推送", "health": "检查"}


@dataclass(frozen=True)
class Contact:
    last_seen_at: datetime
    last_call: str
    desk_schema: int | None

    def words(self, server_schema: int) -> str:
        schema = ("工作站未声明结构版本（旧版）" if self.desk_schema is None
                  else f"工作站结构 {self.desk_schema}" + ("" if self.desk_schema == server_schema
                                                        else "（旧一版，可同步，请择时升级）"
                                                        if self.desk_schema == server_schema - 1
                                                        else "（须升级）" if self.desk_schema < server_schema
                                                        else "（比服务器新，等待服务器升级）"))
        return (f"最近联系 {self.last_seen_at:%Y-%m-%d %H:%M} UTC"
                f"（{CALL_WORDS.get(self.last_call, self.last_call)}），{schema}")


class ContactBook:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock
        self._written: dict[str, tuple[datetime, int | None]] = {}  # noted: when, with which schema
        self._pending: dict[str, dict] = {}  # noted, not yet written
        self._flushed: datetime | None = None
        self._lock = threading.Lock()
        insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
        self._upsert = insert(workstation_contact)
        self._upsert = self._upsert.on_conflict_do_update(
            index_elements=["workstation"],
            set_={c: self._upsert.excluded[c] for c in ("last_seen_at", "last_call", "desk_schema")})

    def called(self, workstation: str, call: str, desk_schema: int | None, conn: Connection | None = None) -> None:
        """`conn`: the request's own connection, committed here (a second one taken inside a request
        deadlocked the pool when every request held one and waited for another: issue 23)."""
        now = self._clock.now()
        with self._lock:
            last = self._written.get(workstation)
            if last is None or not timedelta(0) <= now - last[0] < (
                    WRITE_EVERY if last[1] == desk_schema else SCHEMA_CHANGE_EVERY):
                self._written[workstation] = (now, desk_schema)
                self._pending[workstation] = {"workstation": workstation, "last_seen_at": now, "last_call": call,
                                              "desk_schema": desk_schema}
            if not self._pending or (self._flushed is not None and timedelta(0) <= now - self._flushed < FLUSH_EVERY):
                return
            batch, self._pending, self._flushed = list(self._pending.values()), {}, now
        try:
            if conn is not None:
                conn.execute(self._upsert, batch)
                conn.commit()
            else:
                with self._engine.begin() as own:
                    own.execute(self._upsert, batch)
        except BaseException:
            with self._lock:  # not written: noted again, for the next call to try
                for values in batch:
                    self._pending.setdefault(values["workstation"], values)
                self._flushed = None
            raise


def read_contacts(engine: Engine) -> dict[str, Contact]:
    with engine.connect() as conn:
        return {row.workstation: Contact(row.last_seen_at, row.last_call, row.desk_schema)
                for row in conn.execute(select(workstation_contact))}
