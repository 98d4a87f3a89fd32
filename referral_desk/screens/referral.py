"""A referral's details (its bed, follow-ups and timeline) and its guide slip."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding

from referral_desk.domain.bed import BedStatus
from referral_desk.domain.identity import id_label, mask_id_number, mask_phone
from referral_desk.domain.referral import (
    REFERRAL_TRANSITIONS,
    TRANSPORT_LABELS,
    UP_CRITERIA,
    Direction,
    FollowUpResult,
    ReferralStatus,
    Transport,
    check_referral_transition,
    format_window,
    notice_words,
)
from referral_desk.screens.detail_base import DetailScreen, _fields, _timeline
from referral_desk.screens.work import desk_work
from referral_desk.store.database.ids import short_ref
from referral_desk.widgets.palette import MISSING, MUTED

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from referral_desk.desk.desk import Desk


ADMIT_THROUGH_BED = "上转患者入院请在床位申请中记录（按 a），随访会随之排定"

class ReferralScreen(DetailScreen):
    BINDINGS = [
        Binding("g", "slip", "引导单"),
        Binding("t", "transfer", "已转诊"),
        Binding("x", "cancel_referral", "取消转诊"),
        Binding("i", "reveal", "显示证件号"),  # a resident ID, or one of 003's other documents
    ]
    WRITE_ACTIONS = frozenset({"transfer", "cancel_referral"})
    REVEAL_ENTITY = "referral"
    # The changes a key makes: offered only while the referral's state allows them (a transferred one: none).
    STATE_KEYS = {"t": ("transfer", ReferralStatus.TRANSFERRED, "已转诊"),
                  "x": ("cancel_referral", ReferralStatus.CANCELLED, "取消转诊")}

    def _allowed(self, target: ReferralStatus) -> bool:
        return self.data is None or target in REFERRAL_TRANSITIONS[ReferralStatus(self.data.referral.status)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Outside trial: a transferred referral's footer offered t 已转诊 and x 取消转诊, refused when pressed."""
        if any(action == name and not self._allowed(target) for name, target, _label in self.STATE_KEYS.values()):
            return False
        if action == "transfer" and self._admitted_through_bed():
            return False  # an upward referral with a bed is admitted in the bed's details (outside trial)
        return super().check_action(action, parameters)

    def _admitted_through_bed(self) -> bool:
        data = self.data
        return data is not None and data.referral.direction == "up" and any(
            b.status in ("requested", "needs_coordination", "reserved") for b in data.beds)

    def on_key(self, event) -> None:
        """A key the state does not allow is not offered, but still answered: both states named."""
        from referral_desk.domain.errors import IllegalTransition

        key = self.STATE_KEYS.get(event.character or "")
        if key is None or self.data is None or self.service.readonly:
            return
        if key[0] == "transfer" and self._allowed(key[1]) and self._admitted_through_bed():
            event.stop()
            self.notify(ADMIT_THROUGH_BED, severity="warning")
            return
        if self._allowed(key[1]):
            return
        event.stop()
        try:
            check_referral_transition(self.data.referral.status, key[1].value)
        except IllegalTransition as exc:
            self.notify(exc.message, title=f"未记录：{key[2]}", severity="error")

    def __init__(self, service: Desk, referral_id: str) -> None:
        super().__init__(service)
        self.referral_id = referral_id

    def fetch(self):
        return self.service.referrals.referral_detail(self.referral_id)

    def title_for(self, data) -> str:
        r = data.referral
        kind = Direction(r.direction).label + ("·急诊补录" if r.emergency else "")
        return f"转诊 #{short_ref(r.id)} · {kind} · {ReferralStatus(r.status).label}"

    def body_for(self, data):
        from rich.console import Group

        r = data.referral
        local = self.service.local
        tz = self.service.policy.tz
        patient = " ".join(x for x in (r.patient_name, r.patient_sex or "",
                                       f"{r.patient_age}岁" if r.patient_age is not None else "") if x)
        pairs: list[tuple[str, object]] = [
            ("状态", ReferralStatus(r.status).label),
            ("患者", patient),
            (id_label(r.patient_id_kind), Text(self.revealed or mask_id_number(r.patient_id_number) or "—")
             + Text("  （按 i 显示）" if r.patient_id_number and not self.revealed else "", style=MUTED)),
            ("患者电话", mask_phone(r.patient_phone)),
            ("诊断", r.diagnosis),
            ("转诊", f"{r.from_unit} → {r.to_unit} {r.department}"),
            ("类别", "门诊转诊（不住院）" if not r.inpatient else "住院转诊"),
            ("入院时间" if r.emergency else "入住时间" if r.inpatient else "就诊时间",
             f"{local(r.window_start):%Y-%m-%d %H:%M}" if r.emergency else format_window(r.window_start,
                                                                                      r.window_end, tz)),
        ]
        if r.direction == "up":
            pairs += [("上转标准", "、".join(UP_CRITERIA[k] for k in json.loads(r.criteria_json))),
                      ("上转理由", r.reason), ("审核人", r.reviewed_by)]
            if r.transport or r.notified_to:
                pairs += [("转运方式", TRANSPORT_LABELS[Transport(r.transport)] if r.transport else "未记录"),
                          ("已通知转入方", notice_words(r.notified_to, r.notified_at, tz) or "未记录")]
        else:
            edition = f"（病种清单第{r.disease_list_edition}版）" if r.disease_list_edition else ""
            pairs += [("下转评估", r.eligibility + edition),
                      ("审核人", r.reviewed_by or "—"),
                      ("接收确认", f"{r.receiver_confirmed_by} {local(r.receiver_confirmed_at):%m-%d %H:%M}"
                       if r.receiver_confirmed_at else r.receiver_confirmed_by),
                      ("后续方案", r.follow_up_plan),
                      ("随访计划", "、".join(f"第{d}天" for d in json.loads(r.follow_up_days_json)))]
        if r.slot_override_by:
            pairs.append(("号源加号", f"{r.slot_override_by} 批准：{r.slot_override_reason}"))
        pairs.append(("就诊顺序", "优先（预约转诊患者）" if r.priority else "按常规顺序"))
        pairs.append(("知情同意", r.consent_by or "未记录"))
        for b in data.beds:
            pairs.append(("床位", f"{BedStatus(b.status).label} {b.ward or ''} {b.bed_no or ''}".strip()))
        for f in data.follow_ups:
            state = FollowUpResult(f.result).label if f.result and f.status == "done" else (
                "待随访" + (f"（{f.attempts}次未接通）" if f.attempts else ""))
            pairs.append(("随访", f"{f.due_date:%Y-%m-%d} {state}"))
        return Group(_fields(pairs), Text(""), Text("经过", style="bold"), _timeline(data.timeline, local))

    def action_slip(self) -> None:
        self.app.push_screen(GuideSlipScreen(self.service, self.referral_id))

    def action_transfer(self) -> None:
        from referral_desk.domain.commands import RecordTransfer

        if self.data is None:
            return
        if self._admitted_through_bed():
            self.notify(ADMIT_THROUGH_BED, severity="warning")
            return
        self._execute(RecordTransfer(referral_id=self.referral_id, transferred_at=self.service.now()), "已转诊")

    def action_cancel_referral(self) -> None:
        from referral_desk.screens.answers import Answer, AnswerPrompt

        prompt = Answer("x", "取消转诊", "取消原因（其床位申请一并取消），如 患者放弃转诊", True, lambda *_: None)
        self.app.push_screen(AnswerPrompt(prompt), lambda text: self._cancel(text) if text is not None else None)

    @desk_work(thread=True, exclusive=True, group="change", description="未记录：取消转诊")
    def _cancel(self, reason: str) -> None:
        applied, beds = self.service.referrals.cancel_referral(self.referral_id, reason)
        released = f"；其 {beds} 个床位申请已一并取消" if beds else ""
        self.post_message(self.Recorded(None, f"{applied.summary}{released}"))

    def subject(self):
        return self.data.referral if self.data is not None else None


class GuideSlipScreen(DetailScreen):
    """The slip as the patient will read it; p writes the PDF, o switches A4 / A5."""

    BINDINGS = [Binding("p", "pdf", "生成PDF"), Binding("o", "paper", "换纸张")]

    def __init__(self, service: Desk, referral_id: str, paper: str = "A4") -> None:
        super().__init__(service)
        self.referral_id = referral_id
        self.paper = paper
        self.written = None  # the last PDF's path

    def fetch(self):
        return self.service.referrals.guide_slip(self.referral_id)

    def title_for(self, data) -> str:
        return f"双向转诊引导单 · #{data.ref} · {self.paper}（p 生成PDF，o 换纸张）"

    def body_for(self, data):
        from rich.console import Group
        from rich.table import Table

        head = Text(f"双向转诊引导单（{data.direction_label}）", style="bold", justify="center")
        fields = Table(show_header=False, expand=True, show_lines=False)
        fields.add_column(style="bold", no_wrap=True, width=12)
        fields.add_column(overflow="fold")  # a long value folded, never cut with …
        for label, value in data.fields:
            fields.add_row(label, value)
        rest = Text()
        rest.append("请携带：", style="bold").append(data.bring + "\n")
        rest.append("办理地点：", style="bold").append(data.where + "\n")
        rest.append("咨询与投诉电话：\n", style="bold")
        for p in data.phones:
            who = f"{p.unit} {p.contact}" if p.contact else p.unit
            rest.append(f"  {who}（{p.purpose}）：")
            rest.append(p.phone or "待补充", style="" if p.phone else MISSING)
            rest.append("\n")
        rest.append(data.note + "\n", style=MUTED)
        rest.append(f"开具：{data.issued}", style=MUTED)
        return Group(head, Text(f"编号 {data.ref}", justify="right", style=MUTED), fields, rest)

    def action_paper(self) -> None:
        self.paper = "A5" if self.paper == "A4" else "A4"
        if self.data is not None:
            self._show(self.data)

    def action_pdf(self) -> None:
        self._write(self.paper)

    @desk_work(thread=True, exclusive=True, group="pdf", description="未生成引导单")
    def _write(self, paper: str) -> None:
        path = self.service.referrals.write_slip(self.referral_id, paper=paper)
        self.written = path
        self.notify(f"已生成引导单（{paper}）：{path}", timeout=8)  # thread-safe
