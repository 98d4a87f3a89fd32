"""The compensating commands of Ctrl+Z (domain.undo): each puts a record back as it was before the
desk's last change, and refuses when anyone changed it since (its version has moved on)."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session

from referral_desk.domain import commands as c
from referral_desk.domain.bed import BedStatus
from referral_desk.domain.consultation import ConsultationStatus
from referral_desk.domain.errors import DomainError
from referral_desk.domain.undo import BED_FILLS, CONSULTATION_BEFORE, CONSULTATION_FILLS, check_bed_undo
from referral_desk.store.database.tables import BedRequest, Consultation, EscalationCall, SyncedRow
from referral_desk.store.writes.handler_base import Context, Handled, _get, _touch, handles

Undoable = TypeVar("Undoable", Consultation, BedRequest)
State = TypeVar("State", ConsultationStatus, BedStatus)


def _unchanged_since(row: SyncedRow, version: int, what: str) -> None:
    if row.version != version:
        raise DomainError(f"{what}在这之后已被修改（第{row.version}版），不能撤销；请在详情中更正")


def _to_undo(s: Session, model: type[Undoable], row_id: str, what: str, version: int, states: type[State],
             from_status: str) -> tuple[Undoable, State]:
    """The record, if it is still as the change left it: same version, in the state the change set."""
    row = _get(s, model, row_id, what)
    _unchanged_since(row, version, f"该{what}")
    undone = states(from_status)
    if row.status != undone.value:
        raise DomainError(f"该{what}现为「{states(row.status).label}」，不是要撤销的「{undone.label}」")
    return row, undone


def _put_back(s: Session, row: Consultation | BedRequest, back: str, emptied: tuple[str, ...], ctx: Context) -> None:
    for name in emptied:
        setattr(row, name, None)
    row.status, row.status_changed_at = back, ctx.now
    _touch(row, ctx)
    s.add(row)


@handles(c.UndoConsultationChange)
def _undo_consultation(s: Session, cmd: c.UndoConsultationChange, ctx: Context) -> Handled:
    row, undone = _to_undo(s, Consultation, cmd.consultation_id, "会诊申请", cmd.version, ConsultationStatus,
                           cmd.from_status)
    back = CONSULTATION_BEFORE[undone]
    _put_back(s, row, back.value, CONSULTATION_FILLS[undone], ctx)
    return row, f"撤销上一步：{undone.label} → {back.label}"


@handles(c.UndoBedChange)
def _undo_bed(s: Session, cmd: c.UndoBedChange, ctx: Context) -> Handled:
    row, undone = _to_undo(s, BedRequest, cmd.bed_request_id, "床位申请", cmd.version, BedStatus, cmd.from_status)
    check_bed_undo(row.status, cmd.to_status)
    back = BedStatus(cmd.to_status)
    was_reserved = row.reserved_at is not None and undone != BedStatus.RESERVED
    # Back to 已预留 only for a bed that still holds its reservation (a forged undo must not make one),
    # and never to an open state for a bed that does.
    if (back == BedStatus.RESERVED) != was_reserved:
        raise DomainError(f"该床位申请{'曾经预留' if was_reserved else '没有预留记录'}，"
                          f"不能从「{undone.label}」撤销回「{back.label}」")
    _put_back(s, row, back.value, BED_FILLS[undone], ctx)
    return row, f"撤销上一步：{undone.label} → {back.label}"


@handles(c.RetractEscalationCall)
def _retract_call(s: Session, cmd: c.RetractEscalationCall, ctx: Context) -> Handled:
    row = _get(s, EscalationCall, cmd.escalation_call_id, "催办电话记录")
    _unchanged_since(row, cmd.version, "该电话记录")
    _touch(row, ctx)
    row.deleted_at = ctx.now
    s.add(row)
    return row, f"撤销催办电话记录：{row.callee}"
