"""One SQLite transaction that really holds DDL.

Python's sqlite3 driver (as SQLAlchemy uses it) begins a transaction only before INSERT, UPDATE or
DELETE, so CREATE and ALTER inside `engine.begin()` commit one statement at a time: a schema change that
fails half way would leave a half-moved file. Here the driver is told to keep out (autocommit) and the
transaction is ours, with the write lock taken at once (IMMEDIATE), so no other writer interleaves."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine


@contextmanager
def immediate_transaction(engine: Engine) -> Iterator[Connection]:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.exec_driver_sql("ROLLBACK")
            raise
        conn.exec_driver_sql("COMMIT")
