"""The role the server gave this desk's token, remembered in the store's rd_meta."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from referral_desk.store.database.engine import Store

ROLE = "server_role"
# The workstation's name as its token gives it: the server stamps it on what the desk sends (a reminder's
# origin), so the desk knows those rows as its own even when its configured name differs.
SERVER_NAME = "server_workstation"
READ_ONLY_ROLES = ("supervisor",)
# rd_meta's key and value, read with the standard library too (store.first_look, before SQLAlchemy).
ROLE_SQL = "SELECT value FROM rd_meta WHERE key = ?"


def remembered_role(store: Store) -> str | None:
    with store.engine.connect() as conn:
        row = conn.exec_driver_sql(ROLE_SQL, (ROLE,)).first()
    return row[0] if row else None


def own_names(store: Store, configured: str) -> tuple[str, ...]:
    """The names this desk goes by: its configured one, and its token's once the server has said it."""
    with store.engine.connect() as conn:
        row = conn.exec_driver_sql(ROLE_SQL, (SERVER_NAME,)).first()
    return (configured, row[0]) if row and row[0] != configured else (configured,)
