"""The audit entry a command leaves, written the same way on the workstation and the server."""

from __future__ import annotations

import json

from referral_desk.domain.commands import Command
from referral_desk.store.database.ids import audit_id_for
from referral_desk.store.database.tables import AuditEntry, SyncedRow
from referral_desk.store.writes.handler_base import Context


def writes_own_audit(command: Command) -> bool:
    """A logged event is itself the audit entry; it gets no second one."""
    return command.entity == "audit_entry"


def command_audit(command: Command, row: SyncedRow | AuditEntry, summary: str, ctx: Context,
                  mutation_id: str) -> AuditEntry:
    return AuditEntry(
        id=audit_id_for(mutation_id),
        at=ctx.now,
        received_at=ctx.received_at,
        operator=ctx.operator,
        workstation=ctx.workstation,
        action=command.name,
        entity=command.entity,
        entity_id=row.id,
        summary=summary,
        detail_json=json.dumps({"mutation_id": mutation_id, "version": getattr(row, "version", 1)}),
    )
