"""A roster file turned into one ImportRosterMonth command, checked whole against the store."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import Connection, func, select
from sqlmodel import col

from referral_desk.domain import commands as c
from referral_desk.domain.bounds import explain, visible
from referral_desk.domain.roster_sheet import KnownSpecialist, Problem, RosterPlan, read_roster
from referral_desk.files.spreadsheets import read_sheets
from referral_desk.store.database.ids import new_id
from referral_desk.store.database.tables import RosterEntry, Specialist, Specialty


@dataclass
class ImportReport:
    file_name: str
    plan: RosterPlan
    command: c.ImportRosterMonth | None = None
    new_specialties: list[str] = field(default_factory=list)
    new_specialists: list[str] = field(default_factory=list)
    changed_specialists: list[str] = field(default_factory=list)
    replaced: int = 0  # duties of the month that the import would replace
    kept: list[str] = field(default_factory=list)  # specialties with duties this month not in the file

    @property
    def ok(self) -> bool:
        return self.plan.ok and self.command is not None

    def lines(self) -> list[str]:
        plan = self.plan
        if not plan.ok:
            out = [f"「{self.file_name}」有 {len(plan.errors)} 处错误，未导入任何内容："]
            return out + [f"  {p.line()}" for p in plan.errors]
        layout = {"long": "逐日长表", "grid": "月历表"}[plan.layout]
        out = [f"「{self.file_name}」（{layout}）：{plan.month:%Y-%m}，{len(plan.specialties)}个专业，"
               f"{len(plan.duties)}条值班" + (f"，将替换原有 {self.replaced} 条" if self.replaced else "")]
        if self.new_specialties:
            out.append(f"  新增专业：{'、'.join(self.new_specialties)}")
        if self.new_specialists:
            out.append(f"  新增医师：{'、'.join(self.new_specialists)}")
        if self.changed_specialists:
            out.append(f"  更新职称/电话：{'、'.join(self.changed_specialists)}")
        if self.kept:
            out.append(f"  未在文件中、保留原排班的专业：{'、'.join(self.kept)}")
        if plan.warnings:
            out.append(f"  提醒：{len(plan.warnings)}个专业有空缺日")
            out += [f"    {w}" for w in plan.warnings]
        return out


def prepare_import(conn: Connection, path: Path, month: date | None,
                   default_month: date | None = None) -> ImportReport:
    """Read and check the file against the store; nothing is written. A DomainError says
    what is wrong with the file itself (missing, not a spreadsheet)."""
    sheets = read_sheets(path)
    specialties = {name: sid for sid, name in conn.execute(
        select(col(Specialty.id), col(Specialty.name)).where(col(Specialty.deleted_at).is_(None)))}
    names = {sid: name for name, sid in specialties.items()}
    people = conn.execute(select(col(Specialist.id), col(Specialist.name), col(Specialist.title), col(Specialist.phone),
                                 col(Specialist.specialty_id)).where(col(Specialist.deleted_at).is_(None))).all()
    known = {(names[p.specialty_id], p.name): p for p in people if p.specialty_id in names}
    plan = read_roster(sheets, month=month, default_month=default_month,
                       known=[KnownSpecialist(k[0], k[1], p.title, p.phone) for k, p in known.items()])
    report = ImportReport(visible(path.name), plan)
    if not plan.ok:
        return report
    new_specialties = []
    for name in plan.specialties:
        if name not in specialties:
            specialties[name] = new_id()
            new_specialties.append(c.RosterSpecialtyItem(specialty_id=specialties[name], specialty_name=name))
            report.new_specialties.append(name)
    specialists, ids = [], {}
    for key, planned in plan.specialists.items():
        existing = known.get(key)
        if existing is not None:
            ids[key] = existing.id
            if (existing.title, existing.phone) == (planned.title, planned.phone):
                continue
            report.changed_specialists.append(f"{key[0]} {key[1]}")
        else:
            ids[key] = new_id()
            report.new_specialists.append(f"{key[0]} {key[1]}")
        specialists.append(c.RosterSpecialistItem(
            specialist_id=ids[key], specialty_id=specialties[key[0]], specialist_name=key[1],
            title=planned.title, phone=planned.phone))
    duties = [c.RosterDutyItem(duty_date=d.day, specialty_id=specialties[d.specialty],
                               specialist_id=ids[(d.specialty, d.specialist)]) for d in plan.duties]
    replaced_ids = [specialties[name] for name in plan.specialties]
    first = plan.month
    if first is None:  # read_roster gives every plan without errors its month
        raise AssertionError("a roster plan without errors has no month")
    last = first.replace(day=monthrange(first.year, first.month)[1])
    in_month = (col(RosterEntry.duty_date) >= first, col(RosterEntry.duty_date) <= last,
                col(RosterEntry.deleted_at).is_(None))
    report.replaced = conn.execute(select(func.count()).select_from(RosterEntry).where(
        *in_month, col(RosterEntry.specialty_id).in_(replaced_ids))).scalar_one()
    kept = conn.execute(select(col(RosterEntry.specialty_id)).distinct().where(
        *in_month, col(RosterEntry.specialty_id).not_in(replaced_ids))).scalars().all()
    report.kept = sorted(names.get(k, k) for k in kept)
    try:
        report.command = c.ImportRosterMonth(
            month=first, file_name=visible(path.name)[:200], layout=plan.layout, replaced_specialty_ids=replaced_ids,
            new_specialties=new_specialties, specialists=specialists, duties=duties)
    except ValidationError as exc:
        # The sheet passed the reader's checks but not the command's bounds (a cap the reader does
        # not know): said in words, as a problem of the file; nothing is written.
        plan.errors += [Problem("文件", None, None, "", explain(err)) for err in exc.errors()[:20]]
    return report
