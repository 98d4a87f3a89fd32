"""What every command handler builds on: the context it runs in, the registry it joins, and the
small helpers they share (a live row or a refusal, a version bump, an optional phone).

The handlers themselves live in handlers.py, referral_handlers.py and undo_handlers.py; each
registers here, and importing handlers.py loads them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from referral_desk.domain import commands as c
from referral_desk.domain.errors import DomainError, MissingRecord
from referral_desk.domain.identity import normalise_phone
from referral_desk.domain.policy import Policy
from referral_desk.store.database.tables import AuditEntry, RosterEntry, SyncedRow


@dataclass(frozen=True)
class Context:
    now: datetime
    policy: Policy
    operator: str
    workstation: str
    # On the server: when it received the command (the audit log keeps it beside the desk's time).
    received_at: datetime | None = None


Handled = tuple[SyncedRow | AuditEntry, str]  # the record changed, and the audit log's line for it
C = TypeVar("C", bound=c.Command)
R = TypeVar("R", bound=SyncedRow)
Handler = Callable[[Session, C, Context], Handled]
HANDLERS: dict[str, Handler[Any]] = {}


def command_name(command: type[c.Command]) -> str:
    """The wire name a command class carries (its `name` field's one value)."""
    return str(command.model_fields["name"].default)


def handles(command: type[C]) -> Callable[[Handler[C]], Handler[C]]:
    """Register the handler of one command class: mypy holds the handler to that class's fields."""

    def register(fn: Handler[C]) -> Handler[C]:
        HANDLERS[command_name(command)] = fn
        return fn

    return register


def handle(session: Session, command: c.Command, ctx: Context) -> Handled:
    """Apply a command with the handler its class registered (KeyError: none did)."""
    return HANDLERS[command.name](session, command, ctx)


def _get(session: Session, model: type[R], row_id: str | None, what: str) -> R:
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


def on_duty(session: Session, specialty_id: str, day: date) -> str | None:
    return session.exec(
        select(RosterEntry.specialist_id).where(
            RosterEntry.specialty_id == specialty_id,
            RosterEntry.duty_date == day,
            col(RosterEntry.deleted_at).is_(None),
        )
    ).first()
