"""The guide slip (双向转诊引导单) a referred patient takes along: what it says, in order (000 二.3, 三.2;
003 referral letter). Pure: the PDF writer and the screen both draw these lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from referral_desk.domain.identity import mask_id_number

TITLE = "双向转诊引导单"
CITY_HOSPITAL = "聊城市人民医院"
# 000 二.3: where the city hospital's referred patients go with their questions.
CITY_DESK = "北区门诊楼一楼“一站式服务中心”8号“医联体转接诊”窗口"


@dataclass(frozen=True)
class SlipPhone:
    unit: str
    contact: str
    phone: str | None  # None: still missing in 附2


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
        lines += [f"请携带：{self.bring}", f"办理地点：{self.where}", "咨询与投诉电话："]
        lines += [f"  {p.unit} {p.contact}：{p.phone or '待补充'}" for p in self.phones]
        lines += [self.note, f"开具：{self.issued}"]
        return lines


def build_slip(*, ref: str, direction: str, emergency: bool, patient_name: str, patient_sex: str | None,
               patient_age: int | None, patient_id_number: str | None, diagnosis: str, from_unit: str,
               to_unit: str, department: str, window_start: datetime, window_end: datetime,
               phones: list[SlipPhone], issued_at: datetime, issued_by: str, tz: ZoneInfo,
               follow_up_plan: str = "") -> GuideSlip:
    up = direction == "up"
    start, end = window_start.astimezone(tz), window_end.astimezone(tz)
    window = (f"{start:%Y年%m月%d日 %H:%M} 入院（急诊先入院后补录）" if emergency
              else f"{start:%Y年%m月%d日 %H:%M} 至 {end:%Y年%m月%d日 %H:%M}")
    fields = [
        ("患者", " ".join(x for x in (patient_name, patient_sex or "",
                                     f"{patient_age}岁" if patient_age is not None else "") if x)),
        ("身份证号", mask_id_number(patient_id_number) if patient_id_number else "—"),
        ("诊断", diagnosis or "—"),
        ("转出单位", from_unit),
        ("转入单位", to_unit),
        ("转入科室", department),
        ("预约入住时间", window),
    ]
    if not up and follow_up_plan:
        fields.append(("后续治疗方案", follow_up_plan))  # 002: the plan goes with the patient
    if up:
        where = f"{to_unit}{CITY_DESK}；或在预约时间内直接到{department}办理住院，无需挂号"
    else:
        where = f"在预约时间内直接到{to_unit}{department}办理住院"
    note = ("如有疑问请致电下列电话；请勿错过预约时间，逾期请先致电改约。" if not emergency
            else "本引导单为急诊先入院后补录，随访时请按下列电话联系。")
    return GuideSlip(ref=ref, direction_label="上转" if up else "下转", fields=fields,
                     bring="本引导单（打印或电子版）和患者身份证", where=where, phones=phones, note=note,
                     issued=f"{issued_at.astimezone(tz):%Y-%m-%d %H:%M} 转会诊中心 {issued_by}")
