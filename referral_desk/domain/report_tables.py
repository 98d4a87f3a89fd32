"""The report's tables (summary, by day, by specialty, by unit, the item list) as header + rows.
Pure: the statistics and the period's items go in; the xlsx and csv writers only lay them out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from referral_desk.domain.statistics import DEFINITIONS, Group, Statistics, format_figure


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's name, and the csv file's suffix
    header: list[str]
    rows: list[list[Any]]


def _group_rows(groups: list[Group], with_referrals: bool) -> list[list[Any]]:
    rows = []
    for g in groups:
        row = [g.key, g.consultations, g.answered_within_limit, g.overdue, g.escalations,
               round(g.reply_median, 1) if g.reply_median is not None else None]
        if with_referrals:
            row += [g.up, g.down]
        rows.append(row)
    return rows


GROUP_HEADER = ["会诊申请数", "时限内回复数", "审核超时数", "催办次数", "回复时间中位数（分钟）"]
ITEM_HEADER = ["类别", "编号", "时间", "申请/转出单位", "专业/转入单位", "科室/会诊医师", "患者", "证件号码（已隐去）",
               "状态", "回复分钟", "审核超时", "催办次数"]


def report_tables(stats: Statistics, items: list[list[Any]], generated: str) -> list[Table]:
    summary: list[list[Any]] = [["统计期", f"{stats.first:%Y-%m-%d} 至 {stats.last:%Y-%m-%d}", ""], ["生成", generated, ""]]
    summary += [[label, format_figure(key, stats.summary.get(key)), definition] for key, label, definition in DEFINITIONS]
    summary += [["下转患者人次数（门诊）", stats.down_outpatient, "同「下转患者人次数」，门诊转诊。"],
                ["下转患者人次数（住院）", stats.down_inpatient, "同「下转患者人次数」，住院转诊。"]]
    summary += [["转诊率的范围", stats.rate_note, "转诊率所用的整月与单位；未录齐诊疗人次的单位不计入。"]]
    summary += [[f"会诊申请：{state}", n, "提交日期在统计期内、现为此状态的申请条数。"] for state, n in stats.by_state.items()]
    return [
        Table("汇总", ["指标", "数值", "定义"], summary),
        Table("按日", ["日期", *GROUP_HEADER, "上转数", "下转数"], _group_rows(stats.by_day, True)),
        Table("按专业", ["专业", *GROUP_HEADER], _group_rows(stats.by_specialty, False)),
        Table("按单位", ["医联体单位", *GROUP_HEADER, "上转数", "下转数"], _group_rows(stats.by_unit, True)),
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
        Table("明细", ITEM_HEADER, items),
    ]
