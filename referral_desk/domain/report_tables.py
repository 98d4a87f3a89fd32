"""The report's tables (summary, by day, by specialty, by unit, the item list) as header + rows.
Pure: the statistics and the period's items go in; the xlsx and csv writers only lay them out."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, NamedTuple

from referral_desk.domain.statistics import DEFINITIONS, Group, Statistics, format_figure


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's name, and the csv file's suffix
    header: list[str]
    rows: list[list[Any]]


# A group's columns after its name, by field: a header cannot drift from its figure.
GROUP_COLUMNS = {"consultations": "会诊申请数", "answered_within_limit": "时限内回复数", "overdue": "审核超时数",
                 "escalations": "催办次数", "reply_median": "回复时间中位数（分钟）"}
REFERRAL_COLUMNS = {"up": "上转数", "down": "下转数"}
assert set(GROUP_COLUMNS) | set(REFERRAL_COLUMNS) | {"key"} == {f.name for f in fields(Group)}, \
    "every figure of a group has its column"


def _group_table(name: str, first: str, groups: list[Group], with_referrals: bool) -> Table:
    columns = {**GROUP_COLUMNS, **(REFERRAL_COLUMNS if with_referrals else {})}
    rows = []
    for g in groups:
        row: list[Any] = [g.key]
        for field in columns:
            value = getattr(g, field)
            row.append(round(value, 1) if field == "reply_median" and value is not None else value)
        rows.append(row)
    return Table(name, [first, *columns.values()], rows)


class ReportItem(NamedTuple):
    """One row of the report's item list (明细): a consultation request or a referral of the period."""

    kind: str
    ref: str
    at: str  # local time, YYYY-MM-DD HH:MM
    unit: str  # the requesting unit, or where a referral comes from
    to: str  # the specialty, or where a referral goes
    person: str  # the specialist, or a referral's department
    patient: str
    id_number: str  # masked
    state: str
    reply_minutes: float | None
    overdue: str  # 是 or empty
    escalations: int | None


# The item list's header, by field, in the record's order: the row is the record itself.
ITEM_COLUMNS = {"kind": "类别", "ref": "编号", "at": "时间", "unit": "申请/转出单位", "to": "专业/转入单位",
                "person": "科室/会诊医师", "patient": "患者", "id_number": "证件号码（已隐去）", "state": "状态",
                "reply_minutes": "回复分钟", "overdue": "审核超时", "escalations": "催办次数"}
assert tuple(ITEM_COLUMNS) == ReportItem._fields, "the item list's header follows ReportItem, field by field"
ITEM_HEADER = list(ITEM_COLUMNS.values())

# Which of a consultation request's fields the item list carries, and in which column; and why the others are
# left out. A field added to the request is in one of the two (tests/test_fields_once.py), so the report is a
# decision, not an oversight.
REQUEST_REPORTED = {"requesting_unit": "unit", "specialty_id": "to", "specialist_id": "person",
                    "patient_name": "patient", "patient_id_number": "id_number", "submitted_at": "at"}
REQUEST_NOT_REPORTED = {
    "requesting_doctor": "the report counts units, not the doctors who rang",
    "requesting_phone": "a phone number leaves the desk only where it is dialled",
    "patient_phone": "a patient's phone never leaves the desk in a file",
    "patient_sex": "not a figure of 002's report", "patient_age": "not a figure of 002's report",
    "diagnosis": "clinical text stays in the record; the downward list's groups are counted instead",
    "appointment_at": "the report is of requests made, by when they were made",
    "appointment_end": "the report is of requests made, by when they were made",
}


def report_tables(stats: Statistics, items: list[ReportItem], generated: str) -> list[Table]:
    summary: list[list[Any]] = [["统计期", f"{stats.first:%Y-%m-%d} 至 {stats.last:%Y-%m-%d}", ""],
                                ["生成", generated, ""]]
    summary += [[label, format_figure(key, stats.summary.get(key)), definition]
                for key, label, definition in DEFINITIONS]
    summary += [["下转患者人次数（门诊）", stats.down_outpatient, "同「下转患者人次数」，门诊转诊。"],
                ["下转患者人次数（住院）", stats.down_inpatient, "同「下转患者人次数」，住院转诊。"]]
    summary += [["转诊率的范围", stats.rate_note, "转诊率所用的整月与单位；未录齐诊疗人次的单位不计入。"]]
    summary += [[f"会诊申请：{state}", n, "提交日期在统计期内、现为此状态的申请条数。"]
                for state, n in stats.by_state.items()]
    return [
        Table("汇总", ["指标", "数值", "定义"], summary),
        _group_table("按日", "日期", stats.by_day, True),
        _group_table("按专业", "专业", stats.by_specialty, False),
        _group_table("按单位", "医联体单位", stats.by_unit, True),
        Table("下转按病种", ["病种（下转病种清单）", "下转申请数", "下转患者人次数"],
              [[d.key, d.applied, d.transferred] for d in stats.by_disease]),
        Table("上转按科室", ["转入科室", "上转申请数", "已转诊数"],
              [[d.key, d.applied, d.transferred] for d in stats.up_by_department]),
        Table("上转按病种", ["诊断（所写的第一个诊断）", "上转申请数", "已转诊数"],
              [[d.key, d.applied, d.transferred] for d in stats.up_by_disease]),
        Table("转诊率", ["医联体单位", "上转人次", "诊疗人次", "转诊率"],
              [[r.unit, r.referrals, r.visits, format_figure("health_referral_rate", r.rate)]
               for r in stats.rate_by_unit]
              + [[u, None, None, "未录齐诊疗人次"] for u in stats.rate_missing]),
        Table("明细", ITEM_HEADER, [list(item) for item in items]),
    ]
