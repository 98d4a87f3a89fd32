"""Each past day's statistics figures kept in the store, so a year's statistics sum 365 kept days instead of
counting 60,000 records again (issue 25).

A derived cache, not part of the synced or versioned schema: created on first use and never sent to the
server. Its rows may be deleted at any time (`DELETE FROM statistics_day` costs one slower statistics);
a table dropped by hand is made again, empty, at the next opening (`repair`): its triggers write to it. Triggers
on every table a day's figures are counted from forget the days a written row counts on, whoever writes
it (a command, a pull from the server, a restore, another program): the day of each instant, and the
days either side, because the local day of a UTC instant depends on the time zone. Each forgetting
moves the day's `gen` on; the reader makes a day's row before it reads the day's records (`claim`), and
figures are kept only while `gen` is what it was then, so a write landing during a slow count never leaves
stale figures behind."""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from sqlalchemy import Connection, Engine, bindparam, text
from sqlalchemy.exc import OperationalError

from referral_desk.store.database.marker import SCHEMA_VERSION
from referral_desk.store.database.transaction import immediate_transaction

# Raise with any change to what a day's figures hold or how they are counted (domain.day_figures,
# domain.statistics, desk.reports): kept days of an older count are then not used.
COUNT_VERSION = 1

TABLE = "statistics_day"
# A row is a day ('2026-11-05') or a whole month ('2026-11', its days rolled up).
# Per table: the instants (as SQL over the written row, {row} being NEW or OLD) whose days it counts on.
_COUNTED_ON = {
    "consultation": ("{row}.submitted_at",),
    "escalation_call": ("(SELECT submitted_at FROM consultation WHERE id = {row}.consultation_id)",),
    "referral": ("{row}.requested_at", "{row}.transferred_at"),
    "bed_request": ("(SELECT requested_at FROM referral WHERE id = {row}.referral_id)",),
    "follow_up": ("{row}.due_date",),
}
_EVENTS = {"insert": ("NEW",), "update": ("OLD", "NEW"), "delete": ("OLD",)}


def _keys(instant: str) -> list[str]:
    """The rows an instant counts on: its UTC day and the days either side, and their months."""
    return [f"date({instant}, '-1 day')", f"date({instant})", f"date({instant}, '+1 day')",
            f"strftime('%Y-%m', {instant}, '-1 day')", f"strftime('%Y-%m', {instant}, '+1 day')"]


def _triggers() -> dict[str, str]:
    """One statement per written row: a pull of 30,000 rows pays 8 µs a row for it (two statements a key
    cost 60-120 µs). Rows are made by the reader (claim), so a trigger only moves existing ones on."""
    triggers: dict[str, str] = {}
    for table, instants in _COUNTED_ON.items():
        for event, rows in _EVENTS.items():
            name = f"{TABLE}_{table}_{event}"
            keys = [key for row in rows for instant in instants for key in _keys(instant.format(row=row))]
            triggers[name] = (f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} BEGIN "
                              f"UPDATE {TABLE} SET gen = gen + 1, figures = NULL WHERE day IN ({', '.join(keys)}); END")
    return triggers


TRIGGERS = _triggers()


def fingerprint(*parts: object) -> str:
    """What kept figures were counted under (the policy, the names they are listed by): figures of another
    fingerprint are counted again."""
    text_ = repr((COUNT_VERSION, SCHEMA_VERSION, *parts))
    return hashlib.sha256(text_.encode()).hexdigest()[:32]


_ENSURED: weakref.WeakSet[Engine] = weakref.WeakSet()  # looked at once per opened store


def ensure(engine: Engine) -> None:
    """The table and its triggers, looked at once per opened store. A trigger missing (dropped, or its table
    rebuilt by a migration) or of another release means writes may have gone unseen: every kept day is
    forgotten before the triggers are put back."""
    if engine in _ENSURED:
        return
    _ensure(engine)
    _ENSURED.add(engine)


_CREATE_TABLE = (f"CREATE TABLE IF NOT EXISTS {TABLE} (day TEXT PRIMARY KEY NOT NULL, "
                 "gen INTEGER NOT NULL DEFAULT 0, fingerprint TEXT, figures TEXT) WITHOUT ROWID")


_COLUMNS = ("day", "gen", "fingerprint", "figures")


def _columns(conn: Connection) -> tuple[str, ...]:
    return tuple(r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({TABLE})").all())


def repair(conn: Connection) -> None:
    """At every opening of a store: its triggers without their table as made here (dropped, or made again by
    hand with other columns) would refuse every write to the tables they watch, so the empty table is made
    again (nothing kept is lost: it was gone)."""
    # one()[0], not scalar_one(): over plain SQL the stubs make scalar_one() return Never, and mypy
    # then skips every line after it as unreachable.
    triggers: int = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'statistics_day_%'").one()[0]
    if triggers and (columns := _columns(conn)) != _COLUMNS:
        _make_table(conn, columns)
        conn.commit()


def _make_table(conn: Connection, columns: tuple[str, ...]) -> None:
    """The table, empty when it was missing or of another shape (made by hand)."""
    if columns != _COLUMNS:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")
    conn.exec_driver_sql(_CREATE_TABLE)


T = TypeVar("T")


def refused_for_table(engine: Engine, exc: OperationalError) -> bool:
    """A write refused because the table its triggers write to is gone or of another shape (dropped by hand
    under a running desk, perhaps made again with other columns)."""
    words = str(getattr(exc, "orig", exc)).lower()
    if "no such table" in words:
        return TABLE in words
    if "no such column" in words:  # SQLite names the column, not its table
        with engine.connect() as conn:
            return _columns(conn) != _COLUMNS
    return False


def healed_once(engine: Engine, work: Callable[[], T]) -> T:
    """`work` (a transaction), done again once after making the table again if it was refused for the table:
    a save must not fail with 数据库错误 until the next statistics or a restart (issue 25's trial dropped it
    under a running desk)."""
    try:
        return work()
    except OperationalError as exc:
        if not refused_for_table(engine, exc):
            raise
    with immediate_transaction(engine) as conn:
        _make_table(conn, _columns(conn))
    forget_checked(engine)  # the next count checks the triggers, and forgets what they may have missed
    return work()


def forget_checked(engine: Engine) -> None:
    """Look at the table and its triggers again at the next count (a count failed on them)."""
    _ENSURED.discard(engine)


def _ensure(engine: Engine) -> None:
    with engine.connect() as conn:
        have: dict[str, str | None] = dict(conn.exec_driver_sql(
            f"SELECT name, sql FROM sqlite_master WHERE name = '{TABLE}' "
            "OR (type = 'trigger' AND name LIKE 'statistics_day_%')").all())
        columns = _columns(conn)
    if columns == _COLUMNS and all(have.get(name) == sql for name, sql in TRIGGERS.items()):
        return
    with immediate_transaction(engine) as conn:
        _make_table(conn, columns)
        conn.exec_driver_sql(f"DELETE FROM {TABLE}")
        for name, sql in TRIGGERS.items():
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
            conn.exec_driver_sql(sql)


def kept(conn: Connection, first: date, last: date, print_: str) -> tuple[dict[str, str], dict[str, int]]:
    """The kept figures (as text) of the days first..last and of the months they touch, under this
    fingerprint, and every known row's gen, by key ('2026-11-05', '2026-11')."""
    figures: dict[str, str] = {}
    gens: dict[str, int] = {}
    for row in conn.execute(
            text(f"SELECT day, gen, fingerprint, figures FROM {TABLE} WHERE day BETWEEN :a AND :b"),
            {"a": f"{first:%Y-%m}", "b": last.isoformat()}).all():
        # Plain SQL leaves a row's columns untyped: each is named here with the type the table gives it.
        key: str = row[0]
        gen: int = row[1]
        fp: str | None = row[2]
        text_: str | None = row[3]
        gens[key] = gen
        if text_ is not None and fp == print_:
            figures[key] = text_
    return figures, gens


def claim(engine: Engine, keys: Iterable[str], gens: dict[str, int]) -> None:
    """Rows for the days and months about to be counted, before their records are read: a write from then on
    moves their gen on, and `keep` keeps nothing for them. `gens` (as `kept` read them) gets the new rows."""
    new = [{"day": key} for key in keys if key not in gens]
    if not new:
        return
    with immediate_transaction(engine) as conn:
        conn.execute(text(f"INSERT OR IGNORE INTO {TABLE}(day, gen) VALUES (:day, 0)"), new)
        fresh: dict[str, int] = dict(conn.execute(text(f"SELECT day, gen FROM {TABLE} WHERE day IN :days")
                                  .bindparams(bindparam("days", expanding=True)),
                                  {"days": [row["day"] for row in new]}).all())
    gens.update(fresh)


def keep(engine: Engine, counted: Iterable[tuple[str, str]], gens: dict[str, int], print_: str) -> int:
    """Keep figures (by key) counted from a read that began when each row's gen was `gens` (rows made by
    `claim` before the read); a row written since keeps nothing. How many were kept."""
    rows = [{"day": key, "gen": gens[key], "fp": print_, "figures": figures} for key, figures in counted
            if key in gens]
    if not rows:
        return 0
    with immediate_transaction(engine) as conn:
        before: int = conn.exec_driver_sql("SELECT total_changes()").one()[0]
        conn.execute(text(f"UPDATE {TABLE} SET fingerprint = :fp, figures = :figures WHERE day = :day AND gen = :gen"),
                     rows)
        after: int = conn.exec_driver_sql("SELECT total_changes()").one()[0]
        return after - before
