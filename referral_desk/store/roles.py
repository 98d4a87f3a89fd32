"""The role the server gave this desk's token, remembered in the store's rd_meta."""

from __future__ import annotations

from sqlmodel import Session

from referral_desk.store.engine import Store
from referral_desk.store.tables import Meta

ROLE = "server_role"
READ_ONLY_ROLES = ("supervisor",)


def remembered_role(store: Store) -> str | None:
    with Session(store.engine) as s:
        row = s.get(Meta, ROLE)
    return row.value if row else None
