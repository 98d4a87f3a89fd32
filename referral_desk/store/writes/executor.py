"""The one command path: row + audit entry + outbox entry in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlmodel import Session

from referral_desk.clock import Clock
from referral_desk.domain.policy import Policy
from referral_desk.store.database import day_figures_cache
from referral_desk.store.database.engine import Store
from referral_desk.store.database.ids import new_id
from referral_desk.store.database.tables import OutboxEntry
from referral_desk.store.writes.actor import Actor, Applied
from referral_desk.store.writes.audit import command_audit, writes_own_audit
from referral_desk.store.writes.handler_base import Context, handle
from referral_desk.store.writes.handlers import HANDLERS  # noqa: F401  (importing it registers every handler)

if TYPE_CHECKING:
    from referral_desk.domain.commands import Command

__all__ = ["Actor", "Applied", "CommandExecutor"]


class CommandExecutor:
    def __init__(self, store: Store, policy: Policy, clock: Clock, actor: Actor, *, readonly: bool = False) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock
        self.actor = actor
        # A supervisor's desk: only audit events (a reveal, an export) are written.
        self.readonly = readonly

    def execute(self, command: Command, *, at: datetime | None = None) -> Applied:
        return self.execute_many([command], at=at)[0]

    def execute_many(
        self, commands: Iterable[Command | tuple[Command, datetime]], *, at: datetime | None = None
    ) -> list[Applied]:
        """Apply all or nothing: a DomainError anywhere rolls the whole batch back.

        An item may carry its own instant (imports and the demo replay history).
        """
        default_at = at or self.clock.now()
        items = list(commands)

        def transaction() -> list[Applied]:
            results: list[Applied] = []
            with Session(self.store.engine, expire_on_commit=False) as session, session.begin():
                for item in items:
                    command, when = item if isinstance(item, tuple) else (item, default_at)
                    ctx = Context(
                        now=when, policy=self.policy, operator=self.actor.operator, workstation=self.actor.workstation
                    )
                    results.append(self._apply(session, command, ctx))
            return results

        return day_figures_cache.healed_once(self.store.engine, transaction)

    def apply_in(self, session: Session, command: Command) -> Applied:
        """Apply inside the caller's transaction (a change that belongs with other writes)."""
        ctx = Context(now=self.clock.now(), policy=self.policy, operator=self.actor.operator,
                      workstation=self.actor.workstation)
        return self._apply(session, command, ctx)

    def _apply(self, session: Session, command: Command, ctx: Context) -> Applied:
        if self.readonly and command.name != "log_audit_event":
            from referral_desk.domain.errors import DomainError

            raise DomainError("只读模式（督导）：不能修改数据")
        row, summary = handle(session, command, ctx)
        session.flush()
        version = getattr(row, "version", 1)  # audit entries have no versions
        base_version = version - 1  # 0 for a create
        mutation_id = new_id()
        payload = command.model_dump_json()
        if not writes_own_audit(command):
            session.add(command_audit(command, row, summary, ctx, mutation_id))
        session.add(
            OutboxEntry(
                mutation_id=mutation_id,
                command=command.name,
                entity=command.entity,
                entity_id=row.id,
                base_version=base_version,
                payload_json=payload,
                operator=ctx.operator,
                created_at=ctx.now,
            )
        )
        return Applied(command.name, command.entity, row.id, version, mutation_id, summary)

