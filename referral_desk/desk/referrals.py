"""Referrals, bed quotas, guide slips and follow-ups."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from sqlalchemy import func
from sqlmodel import Session, col, select

from referral_desk.desk.core import DeskCore, Workflow
from referral_desk.desk.directory import Directory
from referral_desk.domain.disease_list import DiseaseListContent
from referral_desk.domain.downward import Advice, advise
from referral_desk.domain.errors import DomainError
from referral_desk.domain.referral import TRANSPORT_LABELS, SlotState, Transport, notice_words, queue_key
from referral_desk.domain.slip import GuideSlip, SlipPhone, build_slip
from referral_desk.domain.unit_names import CITY_HOSPITAL
from referral_desk.store.database.disease_lists import EditionRow, ListCache, current_content, editions, next_edition
from referral_desk.store.database.ids import seed_id, short_ref
from referral_desk.store.database.tables import BedRequest, Department, FollowUp, Referral, SlotReserve
from referral_desk.store.reads import queries as q
from referral_desk.store.reads.pane_reads import PaneReads
from referral_desk.store.writes.actor import Applied

if TYPE_CHECKING:  # imported where used: the command models are not needed at start-up
    from referral_desk.domain.commands import Command, CreateBedRequest, CreateReferral


@dataclass(frozen=True)
class ReferralDetail:
    referral: Referral
    beds: list[BedRequest]
    follow_ups: list[FollowUp]
    timeline: list[q.TimelineItem]


class Referrals(Workflow):
    def __init__(self, core: DeskCore, panes: PaneReads, directory: Directory) -> None:
        super().__init__(core)
        self.panes = panes
        self.directory = directory
        self._lists: ListCache | None = None

    # -- reference --------------------------------------------------------
    def departments(self) -> list[Department]:
        with Session(self.store.engine) as s:
            return list(s.exec(select(Department).where(col(Department.deleted_at).is_(None))
                               .order_by(col(Department.sort_order), col(Department.name))))

    def check_downward(self, diagnosis: str, stable_rehab: bool = False) -> Advice:
        """The edition in force advises (000 三; 001 附件 二/三); the operator confirms."""
        if self._lists is None:
            self._lists = ListCache()
        with Session(self.store.engine) as s:
            return advise(diagnosis, self._lists.get(s), stable_rehab=stable_rehab)

    # -- the disease list -----------------------------------------------------
    def disease_list_editions(self) -> list[EditionRow]:
        with Session(self.store.engine) as s:
            return editions(s)

    def disease_list_content(self) -> DiseaseListContent:
        with Session(self.store.engine) as s:
            return current_content(s)

    def export_disease_list(self, out: str, *, force: bool = False) -> Path:
        """The edition in force as JSON to edit; never over an existing file unless `force`."""
        from referral_desk.files.safe_output import atomic_file, check_targets, refuse_folder, store_files

        refuse_folder(out)
        [path] = check_targets([Path(out)], force=force, protect=store_files(self.store.path))
        text = json.dumps(self.disease_list_content().model_dump(), ensure_ascii=False, indent=1) + "\n"
        with atomic_file(path, force=force) as tmp:
            tmp.write_text(text, encoding="utf-8")
        return path

    @overload
    def publish_disease_list(self, data: object, *, check_only: Literal[True]) -> DiseaseListContent: ...

    @overload
    def publish_disease_list(self, data: object, *, check_only: Literal[False] = False) -> Applied: ...

    def publish_disease_list(self, data: object, *, check_only: bool = False) -> DiseaseListContent | Applied:
        """A new edition from the center's edited list: numbered after the last (an edition in the
        file must be that number); validated as a whole, nothing written if any part is wrong."""
        from referral_desk.domain.commands import PublishDiseaseList

        with Session(self.store.engine) as s:
            number = next_edition(s)
        if not isinstance(data, dict):
            raise DomainError("病种清单应为一个 JSON 对象（可先用 downward export 导出当前版本再修改）")
        given = data.get("edition")
        if given is not None and given != number - 1 and given != number:
            raise DomainError(f"文件写的是第{given}版，当前为第{number - 1}版；新版将是第{number}版", field="edition")
        content = DiseaseListContent.model_validate({**data, "edition": number})
        if check_only:
            return content
        return self.execute(PublishDiseaseList(content=content))

    # -- outpatient slots (号源) and the department's queue ---------------------------
    def _names_of(self, unit: str) -> list[str]:
        """The directory's name for a unit first, then every name it may have been typed under."""
        own = self.directory.directory_unit(unit) or unit.strip()
        return [own, *sorted({a for a, name in self.directory.unit_by_any_name().items() if name == own}
                             | {unit.strip()} - {own})]

    def slot_reserves(self) -> list[SlotReserve]:
        with Session(self.store.engine) as s:
            return list(s.exec(select(SlotReserve).where(col(SlotReserve.deleted_at).is_(None))
                               .order_by(col(SlotReserve.unit), col(SlotReserve.department))))

    def slot_state(self, unit: str, department: str, day: date) -> SlotState | None:
        """The slots `unit`'s `department` keeps for referred patients on `day` and how many outpatient
        referrals booked for that day hold them; None when that unit's department keeps none."""
        department = "".join(department.split())
        names = self._names_of(unit)
        with Session(self.store.engine) as s:
            row = s.get(SlotReserve, seed_id("slot_reserve", names[0], department))
            if row is None or row.deleted_at is not None:
                return None
            first, last = q.local_day_bounds(day, self.policy.tz)
            used = s.exec(select(func.count()).select_from(Referral).where(
                col(Referral.to_unit).in_(names), col(Referral.department) == department,
                col(Referral.inpatient).is_(False), col(Referral.status) != "cancelled",
                col(Referral.deleted_at).is_(None),
                col(Referral.window_start) >= first, col(Referral.window_start) < last)).one()
        return SlotState(row.unit, department, day, row.reserved_slots, used)

    def set_slot_reserve(self, unit: str, department: str, *, slots: int | None = None,
                         daily_slots: int | None = None, percent: int | None = None) -> Applied:
        from referral_desk.domain.commands import SetSlotReserve

        unit, department = self._names_of(unit)[0], "".join(department.split())
        return self.execute(SetSlotReserve(slot_reserve_id=seed_id("slot_reserve", unit, department), unit=unit,
                                           department=department, reserved_slots=slots or 0,
                                           daily_slots=daily_slots, reserve_percent=percent))

    def department_queue(self, department: str, day: date, unit: str = CITY_HOSPITAL) -> list[Referral]:
        """The referred patients booked into `unit`'s `department` for `day`, in the order they are seen:
        优先 first (003 三(三); 004), then by the time booked, then by who applied first."""
        first, last = q.local_day_bounds(day, self.policy.tz)
        with Session(self.store.engine) as s:
            rows = list(s.exec(select(Referral).where(
                col(Referral.to_unit).in_(self._names_of(unit)),
                col(Referral.department) == "".join(department.split()),
                col(Referral.status).in_(("applied", "transferred")), col(Referral.deleted_at).is_(None),
                col(Referral.window_start) < last, col(Referral.window_end) >= first)))
        return sorted(rows, key=lambda r: queue_key(r.priority, r.window_start, r.requested_at))

    # -- panes --------------------------------------------------------------
    def reserve_used_up(self, bed_request_id: str) -> str | None:
        """After a reservation: whether its department's beds kept for referred patients (004) are all
        held on the day its window opens. Said, not refused: the reserve is a target, not a lock."""
        with Session(self.store.engine) as s:
            bed = s.get(BedRequest, bed_request_id)
        if bed is None:
            return None
        day = bed.window_start.astimezone(self.policy.tz).date()
        quota = next((x for x in self.panes.bed_quotas(day) if x.department == bed.department), None)
        if quota is None or quota.reserved_beds == 0 or quota.free > 0:
            return None
        return (f"{bed.department}的转诊专用床位 {day:%m-%d} 已用完（占用 {quota.held}/{quota.reserved_beds}），"
                "后续转诊患者请与科室协调加床或调配")

    def follow_ups_due(self, through: date | None = None) -> list[q.FollowUpRow]:
        """Due today or overdue (or due by `through`), oldest first."""
        with self.store.engine.connect() as conn:
            return q.follow_ups_due(conn, through or self.today())

    # -- details --------------------------------------------------------------
    def find_referral(self, ref: str) -> str:
        """A referral's id from its full id or the short number printed on the slip."""
        ref = ref.strip().lstrip("#")
        with Session(self.store.engine) as s:
            if s.get(Referral, ref) is not None:
                return ref
            tail = ref.lower()
            # The short number is the id's last six hex digits, which no dash splits.
            ids = list(s.exec(select(Referral.id).where(col(Referral.id).endswith(tail, autoescape=True))))
            ids = [i for i in ids if len(tail) == 6 and short_ref(i) == ref.upper()]
        if len(ids) == 1:
            return ids[0]
        raise DomainError(f"找不到转诊「{ref}」" if not ids else f"编号「{ref}」对应多条转诊，请用完整编号")

    def referral_detail(self, referral_id: str) -> ReferralDetail:
        with Session(self.store.engine) as s:
            row = s.get(Referral, referral_id)
            if row is None:
                raise DomainError(f"找不到转诊（{referral_id}）")
            beds = list(s.exec(select(BedRequest).where(col(BedRequest.referral_id) == referral_id)
                               .order_by(col(BedRequest.requested_at))))
            follow_ups = list(s.exec(select(FollowUp).where(col(FollowUp.referral_id) == referral_id)
                                     .order_by(col(FollowUp.due_date))))
            conn = s.connection()
            timeline = q.audit_timeline(conn, "referral", referral_id)
            for f in follow_ups:
                timeline += q.audit_timeline(conn, "follow_up", f.id)
            for b in beds:
                timeline += q.audit_timeline(conn, "bed_request", b.id)
        if row.notified_to and row.notified_at:  # 003 三(一): told before the patient arrived, not when typed in
            transport = f"，转运：{TRANSPORT_LABELS[Transport(row.transport)]}" if row.transport else ""
            made = timeline[0] if timeline else None  # recorded by whoever applied for the referral
            timeline.append(q.TimelineItem(row.notified_at, made.operator if made else "",
                                           made.workstation if made else "",
                                           f"已通知{row.to_unit}接诊：{row.notified_to}{transport}"))
        timeline.sort(key=lambda t: t.at)
        return ReferralDetail(row, beds, follow_ups, timeline)

    def referral_for_consultation(self, consultation_id: str) -> str | None:
        with self.store.engine.connect() as conn:
            return q.referral_of_consultation(conn, consultation_id)

    def guide_slip(self, referral_id: str) -> GuideSlip:
        r = self.referral_detail(referral_id).referral
        other = r.from_unit if r.direction == "up" else r.to_unit
        phones: list[SlipPhone] = []
        for unit in (CITY_HOSPITAL, other):
            contacts = self.directory.unit_contacts(unit)
            phones += [SlipPhone(unit, c.contact, c.phone, c.purpose) for c in contacts]
            if not contacts:
                phones.append(SlipPhone(unit, "转诊咨询", None))
        tz = self.policy.tz
        return build_slip(ref=short_ref(r.id), direction=r.direction, emergency=r.emergency,
                          patient_name=r.patient_name, patient_sex=r.patient_sex, patient_age=r.patient_age,
                          patient_id_number=r.patient_id_number, diagnosis=r.diagnosis, from_unit=r.from_unit,
                          to_unit=r.to_unit, department=r.department, window_start=r.window_start,
                          window_end=r.window_end, phones=phones, issued_at=self.now(),
                          issued_by=self.actor.operator, tz=tz, follow_up_plan=r.follow_up_plan,
                          address=r.patient_address, reason=r.reason or r.eligibility, opinion=r.opinion,
                          records_sent=tuple(json.loads(r.records_sent_json)), id_kind=r.patient_id_kind,
                          transport=r.transport, notice=notice_words(r.notified_to, r.notified_at, tz),
                          inpatient=r.inpatient)

    def write_slip(self, referral_id: str, *, paper: str = "A4", out: Path | None = None,
                   force: bool = False) -> Path:
        """The guide slip as a PDF (in the slip folder, under a name not yet taken, unless `out`,
        which is never replaced unless `force`, and never the store); the export is audited."""
        from referral_desk.domain.bounds import visible
        from referral_desk.domain.commands import LogAuditEvent
        from referral_desk.files.safe_output import atomic_file
        from referral_desk.files.slip_pdf import find_font, write_slip_pdf

        slip = self.guide_slip(referral_id)
        font = find_font(self.folders.slip_font)
        [path] = self.core.output_targets(lambda o: [o], out, self.folders.slips / f"引导单-{slip.ref}-{paper}.pdf",
                                     force=force)
        with atomic_file(path, force=force) as tmp:
            # The collection's face is cached in the user's cache folder, never beside the slips:
            # the slip folder is for slips (a 4.6 MB font copy there looked like a leak).
            write_slip_pdf(slip, tmp, paper=paper, font=font, cache=self.folders.font_cache)
        self.execute(LogAuditEvent(action="export_slip", subject_entity="referral", subject_id=referral_id,
                                   summary=f"生成引导单（{paper}）：{visible(Path(path).name)}"[:400],
                                   detail={"paper": paper, "file": visible(str(path))[:1000]}))
        return Path(path)

    # -- changes ----------------------------------------------------------------
    def cancel_referral(self, referral_id: str, reason: str) -> tuple[Applied, int]:
        """Cancel a referral and, in the same change, release every bed it still holds (each an
        audited command of its own, so both timelines show it and other desks judge each)."""
        from referral_desk.domain.bed import UNCLOSED_BED_STATUSES
        from referral_desk.domain.commands import CancelBed, CancelReferral

        reason = reason.strip()
        if not reason:
            raise DomainError("请填写取消原因", field="reason")
        with Session(self.store.engine) as s:
            beds = list(s.exec(select(BedRequest.id).where(col(BedRequest.referral_id) == referral_id,
                                                           col(BedRequest.status).in_(UNCLOSED_BED_STATUSES))))
        commands: list[Command] = [CancelReferral(referral_id=referral_id, reason=reason)]
        commands += [CancelBed(bed_request_id=b, reason=f"转诊已取消：{reason}"[:200]) for b in beds]
        applied = self.executor.execute_many(commands)
        self.core.changed()
        return applied[0], len(beds)

    def apply_for_referral(self, referral: CreateReferral, bed: CreateBedRequest | None = None,
                           first: Command | None = None) -> Applied:
        """A referral, and for an upward one its bed request, as one change; `first`: the consultation's
        completion it follows (000 二), in the same change."""
        applied = self.executor.execute_many([*([first] if first is not None else []), referral,
                                              *([bed] if bed is not None else [])])
        self.core.changed()
        return applied[1 if first is not None else 0]
