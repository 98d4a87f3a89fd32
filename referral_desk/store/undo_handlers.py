"""The compensating commands of Ctrl+Z (domain.undo): each puts a record back as it was before the
desk's last change, and refuses when anyone changed it since (its version has moved on)."""

from __future__ import annotations

from referral_desk.domain import commands as c
from referral_desk.domain.bed import BedStatus
from referral_desk.domain.consultation import ConsultationStatus
from referral_desk.domain.errors import DomainError
from referral_desk.domain.undo import BED_FILLS, CONSULTATION_BEFORE, CONSULTATION_FILLS, check_bed_undo
from referral_desk.store.handler_base import _get, _touch, handles
from referral_desk.store.tables import BedRequest, Consultation, EscalationCall


def _unchanged_since(row, version: int, what: str) -> None:
    if row.version != version:
        raise DomainError(f"{what}在这之后已被修改（第{row.version}版），不能撤销；请在详情中更正")


@handles("undo_consultation_change")
def _undo_consultation(s, cmd: c.UndoConsultationChange, ctx):
    row = _get(s, Consultation, cmd.consultation_id, "会诊申请")
    _unchanged_since(row, cmd.version, "该会诊申请")
    undone = ConsultationStatus(cmd.from_status)
    if row.status != undone.value:
        raise DomainError(f"该会诊申请现为「{ConsultationStatus(row.status).label}」，不是要撤销的「{undone.label}」")
    back = CONSULTATION_BEFORE[undone]
    for name in CONSULTATION_FILLS[undone]:
        setattr(row, name, None)
    row.status, row.status_changed_at = back.value, ctx.now
    _touch(row, ctx)
    s.add(row)
    return row, f"撤销上一步：{undone.label} → {back.label}"


@handles("undo_bed_change")
def _undo_bed(s, cmd: c.UndoBedChange, ctx):
    row = _get(s, BedRequest, cmd.bed_request_id, "床位申请")
    _unchanged_since(row, cmd.version, "该床位申请")
    undone = BedStatus(cmd.from_status)
    if row.status != undone.value:
        raise DomainError(f"该床位申请现为「{BedStatus(row.status).label}」，不是要撤销的「{undone.label}」")
    check_bed_undo(row.status, cmd.to_status)
    for name in BED_FILLS[undone]:
        setattr(row, name, None)
    # Judged on the record as the undo leaves it (the transaction rolls back on a refusal).
    if (cmd.to_status == BedStatus.RESERVED.value) != (row.reserved_at is not None):
        # Back to 已预留 only for a bed that was reserved (a forged undo must not make a reservation).
        raise DomainError(f"该床位申请没有预留记录，不能从「{undone.label}」撤销回「{BedStatus(cmd.to_status).label}」"
                          if row.reserved_at is None else
                          f"该床位申请曾经预留，不能从「{undone.label}」撤销回「{BedStatus(cmd.to_status).label}」")
    row.status, row.status_changed_at = cmd.to_status, ctx.now
    _touch(row, ctx)
    s.add(row)
    return row, f"撤销上一步：{undone.label} → {BedStatus(cmd.to_status).label}"


@handles("retract_escalation_call")
def _retract_call(s, cmd: c.RetractEscalationCall, ctx):
    row = _get(s, EscalationCall, cmd.escalation_call_id, "催办电话记录")
    _unchanged_since(row, cmd.version, "该电话记录")
    _touch(row, ctx)
    row.deleted_at = ctx.now
    s.add(row)
    return row, f"撤销催办电话记录：{row.callee}"
