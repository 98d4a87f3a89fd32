"""What every command handler builds on: the context it runs in, the registry it joins, and the
small helpers they share (a live row or a refusal, a version bump, an optional phone).

The handlers themselves live in handlers.py, referral_handlers.py and undo_handlers.py; each
registers here, and importing handlers.py loads them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from referral_desk.domain import commands as c
from referral_desk.domain.errors import DomainError, MissingRecord
from referral_desk.domain.identity import normalise_phone
from referral_desk.domain.policy import Policy
from referral_desk.store.database.tables import RosterEntry, SyncedRow


@dataclass(frozen=True)
class Context:
    now: datetime
    policy: Policy
    operator: str
    workstation: str
    # On the server: when it received the command (the audit log keeps it beside the desk's time).
    received_at: datetime | None = None


Handler = Callable[[Session, c.Command, Context], tuple[SyncedRow, str]]
HANDLERS: dict[str, Handler] = {}


def handles(name: str):
    def register(fn: Handler) -> Handler:
        HANDLERS[name] = fn
        return fn

    return register


def _get(session: Session, model: type[SyncedRow], row_id: str | None, what: str) -> SyncedRow:
    row = session.get(model, row_id) if row_id else None
    if row is None:
        raise MissingRecord(f"找不到{what}（{row_id}）")
    if row.deleted_at is not None:
        raise DomainError(f"找不到{what}（{row_id}）")
    return row


def _touch(row: SyncedRow, ctx: Context) -> None:
    row.version += 1
    row.updated_at = ctx.now


def _optional_phone(raw: str | None) -> str | None:
    return normalise_phone(raw) if raw and raw.strip() else None


def on_duty(session: Session, specialty_id: str, day) -> str | None:
    return session.exec(
        select(RosterEntry.specialist_id).where(
            RosterEntry.specialty_id == specialty_id,
            RosterEntry.duty_date == day,
            RosterEntry.deleted_at.is_(None),
        )
    ).first()
