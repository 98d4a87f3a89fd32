"""Sync conflicts as the operator sees them: who decided the record instead, and what can be done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from referral_desk.domain import commands as c
from referral_desk.domain.errors import DomainError
from referral_desk.store.database.ids import audit_id_for
from referral_desk.store.database.tables import AuditEntry, BedRequest, Consultation, OutboxEntry, SyncConflict
from referral_desk.store.writes.handlers import on_duty

REOPENABLE = {"consultation", "bed_request"}


@dataclass(frozen=True)
class ConflictView:
    conflict: SyncConflict
    # The latest change on the record that is not this desk's own (from the synced audit log).
    decided_by: AuditEntry | None

    @property
    def reopenable(self) -> bool:
        return self.conflict.entity in REOPENABLE and not self.conflict.message.startswith("同一记录的前一项")


def open_conflicts(s: Session) -> list[ConflictView]:
    views = []
    for conflict in s.exec(select(SyncConflict).where(col(SyncConflict.acknowledged_at).is_(None))
                           .order_by(col(SyncConflict.created_at))):
        decided = s.exec(select(AuditEntry).where(
            col(AuditEntry.entity) == conflict.entity, col(AuditEntry.entity_id) == conflict.entity_id,
            col(AuditEntry.id) != audit_id_for(conflict.mutation_id), col(AuditEntry.change_seq).is_not(None),
            col(AuditEntry.action).not_in(tuple(c.AUDITED_ACTIONS)),
        ).order_by(col(AuditEntry.at).desc())).first()
        views.append(ConflictView(conflict, decided))
    return views


def close(s: Session, conflict: SyncConflict, now: datetime) -> None:
    """Mark it read; changes held back behind it go to the server again, to be judged on their own."""
    conflict.acknowledged_at = now
    held = list(s.exec(select(OutboxEntry.mutation_id).where(
        col(OutboxEntry.entity_id) == conflict.entity_id, col(OutboxEntry.state) == "held")))
    if held:
        s.execute(update(OutboxEntry).where(col(OutboxEntry.mutation_id).in_(held)).values(state="pending"))
        s.execute(update(SyncConflict).where(col(SyncConflict.mutation_id).in_(held),
                                             col(SyncConflict.acknowledged_at).is_(None)).values(acknowledged_at=now))


def _content(command: type[c.Command], row: object) -> dict[str, object]:
    """The record's content as its create command names it (domain.commands.content_fields)."""
    return {name: getattr(row, name) for name in c.content_fields(command)}


def reopen_command(s: Session, conflict: SyncConflict, today: date) -> c.Command:
    """A new request with the same content, for a record the server decided otherwise."""
    if conflict.entity == "consultation":
        row = s.get(Consultation, conflict.entity_id)
        if row is None:
            raise DomainError("本工作站没有该会诊申请的内容，无法重新登记")
        specialist = on_duty(s, row.specialty_id, today)
        if specialist is None:
            raise DomainError("该专业今日无值班医师，无法重新登记；请先安排值班")
        return c.CreateConsultation(**_content(c.CreateConsultation, row), specialist_id=specialist)
    if conflict.entity == "bed_request":
        bed = s.get(BedRequest, conflict.entity_id)
        if bed is None:
            raise DomainError("本工作站没有该床位申请的内容，无法重新申请")
        return c.CreateBedRequest(**_content(c.CreateBedRequest, bed))
    raise DomainError("此类记录不能重新登记；请确认或上报")
