"""Ctrl+Z: which changes can be undone, for how long, and what undoes each (issue 13).

An undo is a compensating command, never a deletion of history: the change stays in the audit log
and the timeline, followed by its undo. Only the desk's own last change, within UNDO_WITHIN.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from referral_desk.domain import commands as c
from referral_desk.domain.bed import BED_TRANSITIONS, BedStatus
from referral_desk.domain.consultation import ConsultationStatus as S

UNDO_WITHIN = timedelta(minutes=2)
# The withdrawal that undoes a booking made by mistake: such a request was never a request, and no
# statistic counts it (issue 24).
UNDONE_BOOKING = "撤销误登记（Ctrl+Z）"

# Each state a consultation can be moved to has one state it can come from (domain.consultation),
# so the undo knows where to go back to; and the fields that move filled in, which it empties.
CONSULTATION_BEFORE = {
    S.APPROVED: S.SUBMITTED, S.DECLINED: S.SUBMITTED, S.WITHDRAWN: S.SUBMITTED, S.EXPIRED: S.SUBMITTED,
    S.SCHEDULED: S.APPROVED, S.COMPLETED: S.SCHEDULED, S.NO_SHOW: S.SCHEDULED, S.CANCELLED: S.SCHEDULED,
}
CONSULTATION_FILLS = {
    S.APPROVED: ("answered_at",), S.DECLINED: ("decline_reason", "answered_at"), S.WITHDRAWN: ("close_reason",),
    S.EXPIRED: ("close_reason",), S.SCHEDULED: ("slot_start", "slot_end"), S.COMPLETED: ("outcome", "outcome_text"),
    S.NO_SHOW: (), S.CANCELLED: ("close_reason",),
}
# Beds: admitted and no-show also move the referral (a transfer, follow-ups due), which an undo
# would have to take back as well; those are corrected in the bed's details instead.
BED_FILLS = {
    BedStatus.NEEDS_COORDINATION: (), BedStatus.RESERVED: ("ward", "bed_no", "reserved_at"),
    BedStatus.CANCELLED: ("close_reason",), BedStatus.EXPIRED: ("close_reason",),
}
_BED_TARGETS = {"flag_bed_coordination": BedStatus.NEEDS_COORDINATION, "reserve_bed": BedStatus.RESERVED,
                "cancel_bed": BedStatus.CANCELLED, "expire_bed": BedStatus.EXPIRED}
_CONSULTATION_TARGETS = {
    "approve_consultation": S.APPROVED, "decline_consultation": S.DECLINED, "withdraw_consultation": S.WITHDRAWN,
    "expire_consultation": S.EXPIRED, "schedule_consultation": S.SCHEDULED, "complete_consultation": S.COMPLETED,
    "mark_consultation_no_show": S.NO_SHOW, "cancel_consultation": S.CANCELLED,
}


def check_bed_undo(current: str, back_to: str) -> None:
    """The state a bed goes back to must be one it could have come from."""
    if BedStatus(current) not in BED_TRANSITIONS[BedStatus(back_to)] or BedStatus(current) not in BED_FILLS:
        from referral_desk.domain.errors import DomainError

        raise DomainError(f"床位申请不能从「{BedStatus(current).label}」撤销回「{BedStatus(back_to).label}」")


def compensation(command: c.Command, version: int, before_status: str | None) -> c.Command | None:
    """The command that undoes `command`, applied at `version`; None if it cannot be undone.
    `before_status` is the record's state before the change (a bed's, which has several)."""
    name = command.name
    if name in _CONSULTATION_TARGETS:
        return c.UndoConsultationChange(consultation_id=command.entity_id,
                                        from_status=_CONSULTATION_TARGETS[name].value, version=version)
    if name in _BED_TARGETS and before_status is not None:
        return c.UndoBedChange(bed_request_id=command.entity_id, from_status=_BED_TARGETS[name].value,
                               to_status=before_status, version=version)
    if name == "log_escalation_call":
        return c.RetractEscalationCall(escalation_call_id=command.entity_id, version=version)
    if name == "create_consultation":
        # A booking made by mistake is withdrawn (its record stays, as every request's does).
        return c.WithdrawConsultation(consultation_id=command.entity_id, reason=UNDONE_BOOKING)
    return None


def still_undoable(done_at: datetime, now: datetime) -> bool:
    return timedelta(0) <= now - done_at <= UNDO_WITHIN
