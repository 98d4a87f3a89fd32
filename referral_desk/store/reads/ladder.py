"""The escalation ladder of one request (issue 25): whom to call at each rung, with the phone the desk
holds for it, and the rung to call next. Queries only; the rules are domain.escalation's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlmodel import col

from referral_desk.domain.escalation import LADDER, Rung, suggested_rung
from referral_desk.domain.unit_names import CITY_HOSPITAL
from referral_desk.store.database.tables import EscalationCall
from referral_desk.store.reads import queries as q
from referral_desk.store.reads.pane_reads import PendingApproval


@dataclass(frozen=True)
class LadderStep:
    rung: Rung
    callee: str
    phone: str | None
    missing: str = ""  # why there is no phone, and how to add one


@dataclass(frozen=True)
class Ladder:
    steps: tuple[LadderStep, ...]
    suggested: Rung
    reason: str  # why the suggested rung is not the one called so far ("" when it is)
    calls: tuple[tuple[str, str], ...]  # (rung, result), oldest first

    def step(self, rung: Rung) -> LadderStep:
        return self.steps[LADDER.index(rung)]


def read_ladder(engine: Engine, item: PendingApproval, now: datetime) -> Ladder:
    row = item.row
    with engine.connect() as conn:
        calls = tuple((r, res) for r, res in conn.execute(
            select(col(EscalationCall.rung), col(EscalationCall.result))
            .where(col(EscalationCall.consultation_id) == row.consultation_id, col(EscalationCall.deleted_at).is_(None))
            .order_by(col(EscalationCall.called_at))))
        department_phone = q.department_phone(conn, row.specialty_name)
        duty = [c for c in q.unit_contacts(conn, CITY_HOSPITAL) if "医务科" in (c.contact or "") and c.phone]
    duty.sort(key=lambda c: "值班" not in (c.contact or "") + (c.purpose or ""))  # the duty line first
    steps = (
        LadderStep(Rung.SPECIALIST, row.specialist_name, row.specialist_phone or None,
                   "" if row.specialist_phone else "会诊医师电话未登记"),
        LadderStep(Rung.DEPARTMENT, f"{row.specialty_name}科主任", department_phone,
                   # What the operator can do now, first; the command is the information desk's (outside trial:
                   # the command alone read as an instruction the desk cannot carry out).
                   "" if department_phone else "科室电话未登记：可按 Ctrl+L 换到医务科值班；登记请信息科运行 "
                                               f"referral-desk department set {row.specialty_name} --phone 号码"),
        LadderStep(Rung.MEDICAL_AFFAIRS, duty[0].contact if duty else "医务科值班", duty[0].phone if duty else None,
                   "" if duty else f"通讯录中没有{CITY_HOSPITAL}医务科的电话："
                                   "在通讯录按 n 补录（联系人写 医务科值班）"),
    )
    rung, reason = suggested_rung(list(calls), item.deadline <= now)
    return Ladder(steps, rung, reason, calls)
