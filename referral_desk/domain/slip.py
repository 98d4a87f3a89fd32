"""The guide slip (双向转诊引导单) a referred patient takes along: what it says, in order (000 二.3, 三.2;
003 referral letter). Pure: the PDF writer and the screen both draw these lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from referral_desk.domain.identity import IdKind, id_label, mask_id_number
from referral_desk.domain.referral import TRANSPORT_LABELS, Transport
from referral_desk.domain.unit_names import CITY_HOSPITAL

TITLE = "双向转诊引导单"
# 000 二.3: where the city hospital's referred patients go with their questions.
CITY_DESK = "北区门诊楼一楼“一站式服务中心”8号“医联体转接诊”窗口"


@dataclass(frozen=True)
class SlipPhone:
    unit: str
    contact: str
    phone: str | None  # None: still missing in 附2
    purpose: str = "转诊咨询"

    def line(self) -> str:
        who = f"{self.unit} {self.contact}" if self.contact else self.unit
        return f"{who}（{self.purpose}）：{self.phone or '待补充'}"


# The lines a patient may call: 附2's numbers (titled 《双向转诊引导单》转入机构咨询电话, published for exactly
# this, a 医务科主任's mobile included: 000 三.2 tells the patient to call the receiving unit's number) and the
# center's consultation and complaint lines. The center's own mobiles for approvals and beds (000 一.2) are
# for doctors and are not printed.
PATIENT_PURPOSES = ("转诊咨询", "投诉")
ASK = "如有疑问请致电（转入单位的咨询电话在前）："


def for_patients(phones: list[SlipPhone], receiving_unit: str = "") -> list[SlipPhone]:
    """附2's entries a slip may print, the receiving unit's first, consultation lines before the complaint
    line; a unit 附2 gives no number for is referred to the center's consultation line."""
    shown = [p for p in phones if p.purpose in PATIENT_PURPOSES and p.phone]
    center = next((p.phone for p in phones if p.unit == CITY_HOSPITAL and p.purpose == "转诊咨询" and p.phone), None)
    for unit in dict.fromkeys(p.unit for p in phones):
        if not any(p.unit == unit for p in shown):
            shown.append(SlipPhone(unit, "附2未列电话，经转会诊中心转接" if center else "", center, "转诊咨询"))
    units = list(dict.fromkeys(p.unit for p in phones))
    order = {unit: (unit != receiving_unit, n) for n, unit in enumerate(units)}
    return sorted(shown, key=lambda p: (order[p.unit], PATIENT_PURPOSES.index(p.purpose)))


@dataclass(frozen=True)
class GuideSlip:
    ref: str
    direction_label: str
    fields: list[tuple[str, str]]  # (label, value) in the order printed
    bring: str
    where: str
    phones: list[SlipPhone]
    note: str
    issued: str

    def text_lines(self) -> list[str]:
        """The slip as plain lines (the PDF's text, and what a test reads back)."""
        lines = [f"{TITLE}（{self.direction_label}）  编号 {self.ref}"]
        lines += [f"{label}：{value}" for label, value in self.fields]
        lines += [f"请携带：{self.bring}", f"办理地点：{self.where}", ASK]
        lines += [f"  {p.line()}" for p in self.phones]
        lines += [self.note, f"开具：{self.issued}"]
        return lines


def build_slip(*, ref: str, direction: str, emergency: bool, patient_name: str, patient_sex: str | None,
               patient_age: int | None, patient_id_number: str | None, diagnosis: str, from_unit: str,
               to_unit: str, department: str, window_start: datetime, window_end: datetime,
               phones: list[SlipPhone], issued_at: datetime, issued_by: str, tz: tzinfo,
               follow_up_plan: str = "", address: str = "", reason: str = "", opinion: str = "",
               records_sent: tuple[str, ...] = (), id_kind: str = "resident", transport: str = "",
               notice: str = "", inpatient: bool = True) -> GuideSlip:
    """003's referral letter: name, sex, age, address, ID number, reason, the hospital's opinion, the
    records sent; an emergency admitted first (003 三(四)) is worded for a patient already there."""
    up = direction == "up"
    document = "身份证" if id_kind in ("", "resident") else IdKind(id_kind).label  # the one its number is from
    start, end = window_start.astimezone(tz), window_end.astimezone(tz)
    window = (f"{start:%Y年%m月%d日 %H:%M} 入院（急诊先入院后补录）" if emergency
              else f"{start:%Y年%m月%d日 %H:%M} 至 {end:%Y年%m月%d日 %H:%M}")
    fields = [
        ("患者", " ".join(x for x in (patient_name, patient_sex or "",
                                     f"{patient_age}岁" if patient_age is not None else "") if x)),
        ("住址", address or "—"),
        (id_label(id_kind), mask_id_number(patient_id_number) if patient_id_number else "—"),
        ("诊断", diagnosis or "—"),
        ("转诊原因", reason or "—"),
        ("医院意见", opinion or (follow_up_plan if not up else "") or "—"),
        ("随转资料", "、".join(records_sent) or "无"),
        ("转出单位", from_unit),
        ("转入单位", to_unit),
        ("转入科室", department),
        ("入院时间" if emergency else "预约入住时间" if inpatient else "预约就诊时间（门诊）", window),
    ]
    if transport or notice:  # 003 三(一): an urgent patient's ambulance and who is expecting them
        fields.append(("转运方式", TRANSPORT_LABELS[Transport(transport)] if transport else "未记录"))
        fields.append(("已通知转入方", notice or "未记录"))
    if not up and follow_up_plan and opinion:
        fields.append(("后续治疗方案", follow_up_plan))  # 002: the plan goes with the patient
    if emergency:
        where = f"患者已于{start:%m月%d日 %H:%M}急诊收入{to_unit}{department}，无需再办理入院；本单为补录，请留存"
    elif not inpatient:  # an outpatient referral: a visit to the clinic, not an admission
        where = (f"{to_unit}{CITY_DESK}；或在预约时间内直接到{department}门诊就诊，出示本引导单" if up
                 else f"在预约时间内到{to_unit}{department}门诊就诊，出示本引导单")
    elif up:
        where = f"{to_unit}{CITY_DESK}；或在预约时间内直接到{department}办理住院，无需挂号"
    else:
        where = f"在预约时间内直接到{to_unit}{department}办理住院"
    note = ("请勿错过预约时间，逾期请先致电转入单位改约。" if not emergency
            else "本引导单为急诊先入院后补录，随访时请按上列电话联系。")
    return GuideSlip(ref=ref, direction_label="上转" if up else "下转", fields=fields,
                     bring="本引导单（留存，随访时备用）" if emergency else f"本引导单（打印或电子版）和患者{document}",
                     where=where, phones=for_patients(phones, to_unit), note=note,
                     issued=f"{issued_at.astimezone(tz):%Y-%m-%d %H:%M} 转会诊中心 {issued_by}")
