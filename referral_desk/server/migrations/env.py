"""Alembic's entry: run through `referral-desk server migrate` (server.migrate), which hands over its
connection, inside its transaction and lock; or by a developer's `alembic revision --autogenerate`
with the URL of a scratch database at the head (alembic.ini at the project's root)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from referral_desk.server.migrate import TARGET_METADATA
from referral_desk.store.database.types import UTCDateTime

config = context.config


def _render_item(kind: str, obj, _autogen) -> str | bool:
    """A revision is frozen: it names SQLAlchemy's own types, never the project's classes, which may change."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    if kind == "type" and type(obj).__name__ == "AutoString":  # SQLModel's str column
        return f"sa.String({obj.length or ''})"
    return False


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=TARGET_METADATA, render_as_batch=True,
                      compare_type=True, render_item=_render_item)
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    with create_engine(config.get_main_option("sqlalchemy.url")).begin() as conn:
        _run(conn)
