"""The day's review for supervisors: every record handled that day, and what was still open when
the day ended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from referral_desk.desk.core import Workflow
from referral_desk.domain.bed import BedStatus
from referral_desk.domain.consultation import STATUS_LABELS, ConsultationStatus, approval_deadline
from referral_desk.domain.escalation import CallResult
from referral_desk.domain.identity import mask_name
from referral_desk.domain.referral import Direction, FollowUpResult, ReferralStatus
from referral_desk.store.database.tables import (
    AuditEntry,
    BedRequest,
    Consultation,
    EscalationCall,
    FollowUp,
    Referral,
    Specialist,
    Specialty,
)

KINDS = {"consultation": "会诊", "referral": "转诊", "bed_request": "床位", "escalation_call": "催办",
         "follow_up": "随访"}


@dataclass(frozen=True)
class ReviewItem:
    kind: str  # consultation | referral | bed_request | escalation_call | follow_up
    entity_id: str  # what Enter opens (a call opens its request or bed, a follow-up its referral)
    opens: str  # the entity Enter opens
    at: datetime  # the last time it was handled that day, or when it became due
    unit: str
    specialty: str
    subject: str
    state: str
    operator: str
    open_reason: str | None = None  # set when it was still open as the day ended

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


class Review(Workflow):
    """The supervisor's look back at one day: everything that happened, in order."""

    def day_review(self, day: date) -> list[ReviewItem]:
        tz, policy = self.policy.tz, self.policy
        start = datetime.combine(day, time(0), tz)
        end = start + timedelta(days=1)
        # The day is over (or, today, as far as it has gone).
        cutoff = min(end, self.now())
        with self.store.engine.connect() as conn:
            # Who last touched each record that day, from the audit log (its time index).
            touched: dict[tuple[str, str], tuple[datetime, str]] = {}
            for entity, entity_id, at, operator in conn.execute(
                    select(col(AuditEntry.entity), col(AuditEntry.entity_id), col(AuditEntry.at),
                           col(AuditEntry.operator))
                    .where(col(AuditEntry.at) >= start, col(AuditEntry.at) < end).order_by(col(AuditEntry.at))):
                touched[(entity, entity_id)] = (at, operator)
            ids = {kind: {i for (e, i) in touched if e == kind} for kind in KINDS}
            specialties = dict(conn.execute(select(col(Specialty.id), col(Specialty.name))).all())
            doctors = dict(conn.execute(select(col(Specialist.id), col(Specialist.name))).all())

            # The records as the tables' own rows, on the same connection (one snapshot of the day).
            with Session(bind=conn) as s:
                consultations = {c.id: c for c in s.exec(select(Consultation).where(
                    col(Consultation.deleted_at).is_(None),
                    col(Consultation.id).in_(ids["consultation"]) | (
                        (col(Consultation.submitted_at) < cutoff) & (col(Consultation.status) == "submitted"))
                    | ((col(Consultation.submitted_at) < cutoff) & (col(Consultation.answered_at) >= cutoff))))}
                beds = {b.id: b for b in s.exec(select(BedRequest).where(
                    col(BedRequest.deleted_at).is_(None),
                    col(BedRequest.id).in_(ids["bed_request"]) | (
                        (col(BedRequest.requested_at) < cutoff)
                        & (((col(BedRequest.status) == "requested")
                            & (col(BedRequest.window_start) < cutoff + policy.bed_coordination_horizon))
                           | (col(BedRequest.status) == "needs_coordination")))
                    | ((col(BedRequest.requested_at) < cutoff) & (col(BedRequest.reserved_at) >= cutoff)
                       & (col(BedRequest.window_start) < cutoff + policy.bed_coordination_horizon))))}
                referrals = {r.id: r for r in s.exec(select(Referral).where(
                    col(Referral.deleted_at).is_(None), col(Referral.id).in_(ids["referral"])))}
                follow_ups = list(s.exec(select(FollowUp, Referral)
                                         .join(Referral, col(Referral.id) == col(FollowUp.referral_id))
                                         .where(col(FollowUp.deleted_at).is_(None),
                                                col(FollowUp.id).in_(ids["follow_up"])
                                                | ((col(FollowUp.due_date) <= day)
                                                   & ((col(FollowUp.status) == "due")
                                                      | (col(FollowUp.done_at) >= cutoff))))))
                calls = list(s.exec(select(EscalationCall).where(
                    col(EscalationCall.deleted_at).is_(None), col(EscalationCall.called_at) >= start,
                    col(EscalationCall.called_at) < end)))
            call_counts = dict(conn.execute(
                select(col(EscalationCall.bed_request_id), func.count())
                .where(col(EscalationCall.bed_request_id).is_not(None))
                .group_by(col(EscalationCall.bed_request_id))).all())

        items: list[ReviewItem] = []
        for c in consultations.values():
            at, operator = touched.get(("consultation", c.id), (c.submitted_at, ""))
            deadline = approval_deadline(c.submitted_at, c.appointment_at, policy)
            answered = c.answered_at is not None and c.answered_at < cutoff
            closed = c.status in ("withdrawn", "expired") and c.status_changed_at < cutoff
            still_waiting = c.submitted_at < cutoff and not answered and not closed
            reason = "审核超时未回复" if still_waiting and deadline < cutoff else (
                "待审核" if still_waiting else None)
            items.append(ReviewItem(
                "consultation", c.id, "consultation", at, c.requesting_unit, specialties.get(c.specialty_id, ""),
                f"{c.requesting_doctor} → {doctors.get(c.specialist_id, '')}（{mask_name(c.patient_name)}）",
                STATUS_LABELS[ConsultationStatus(c.status)], operator, reason))
        for b in beds.values():
            at, operator = touched.get(("bed_request", b.id), (b.requested_at, ""))
            reserved = b.reserved_at is not None and b.reserved_at < cutoff
            closed = b.status in ("cancelled", "expired") and b.status_changed_at < cutoff
            still_open = b.requested_at < cutoff and not reserved and not closed and (
                b.window_start < cutoff + policy.bed_coordination_horizon or b.status == "needs_coordination")
            calls_made = call_counts.get(b.id, 0)
            items.append(ReviewItem(
                "bed_request", b.id, "bed_request", at, b.from_unit, b.department,
                f"{mask_name(b.patient_name)} {b.department}" + (f" · 协调{calls_made}次" if calls_made else ""),
                BedStatus(b.status).label, operator, "床位未预留" if still_open else None))
        for r in referrals.values():
            at, operator = touched.get(("referral", r.id), (r.requested_at, ""))
            items.append(ReviewItem(
                "referral", r.id, "referral", at, r.from_unit if r.direction == "up" else r.to_unit, r.department,
                f"{Direction(r.direction).label}{'（急诊补录）' if r.emergency else ''} {mask_name(r.patient_name)} "
                f"{r.from_unit} → {r.to_unit}", ReferralStatus(r.status).label, operator))
        for f, r in follow_ups:
            at, operator = touched.get(("follow_up", f.id), (datetime.combine(f.due_date, time(8), tz), ""))
            done = f.done_at is not None and f.done_at < cutoff
            state = FollowUpResult(f.result).label if done and f.result else "待随访"
            items.append(ReviewItem(
                "follow_up", f.referral_id, "referral", at, r.from_unit if r.direction == "up" else r.to_unit,
                r.department, f"{Direction(r.direction).label} {mask_name(r.patient_name)} 应随访 {f.due_date:%m-%d}",
                state, operator, None if done or f.due_date > day else "随访未完成"))
        for call in calls:
            # Never empty: the log refuses a call without its request or its bed (store.writes.handlers).
            target = call.consultation_id or call.bed_request_id or ""
            opens = "consultation" if call.consultation_id else "bed_request"
            if opens == "consultation":
                consultation = consultations.get(target)
                unit = consultation.requesting_unit if consultation else ""
                specialty = specialties.get(consultation.specialty_id, "") if consultation else ""
            else:
                bed = beds.get(target)
                unit = bed.from_unit if bed else ""
                specialty = bed.department if bed else ""
            items.append(ReviewItem(
                "escalation_call", target, opens, call.called_at, unit, specialty,
                f"{'催办' if opens == 'consultation' else '床位协调'}：{call.callee}"
                + (f"（{call.note}）" if call.note else ""), CallResult(call.result).label, call.operator))
        items.sort(key=lambda i: (i.open_reason is None, i.at))
        return items
