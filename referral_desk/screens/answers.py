"""Recording what happened to a request: the specialist's answer, the agreed slot, the outcome,
a withdrawal, a no-show, a cancellation, or (only by hand) that it expired."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from referral_desk.domain import commands as c
from referral_desk.domain.booking import parse_slot
from referral_desk.domain.consultation import Outcome
from referral_desk.domain.errors import DomainError
from referral_desk.screens.form_base import KeepsWork
from referral_desk.widgets.boxes import PromptBox
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.desk_input import DeskInput


@dataclass(frozen=True)
class Answer:
    key: str
    label: str
    prompt: str | None  # what the operator types, if anything
    required: bool
    build: Callable  # (consultation_id, text, screen) -> Command
    target: str = ""  # the state it moves the request to: the footer offers only what the state allows


def _schedule(cid: str, text: str, screen) -> c.Command:
    start, end = parse_slot(text, screen.service.today(), screen.service.policy.tz)
    return c.ScheduleConsultation(consultation_id=cid, slot_start=start, slot_end=end)


ANSWERS = [
    # The desk approves on the specialist's behalf: who phoned is asked and noted (issue 13).
    Answer("a", "审核通过", "谁来电告知已同意（必填），如 王建国本人、心内科护士站", True,
           lambda cid, t, _s: c.ApproveConsultation(consultation_id=cid, on_behalf=t), target="approved"),
    Answer("d", "审核拒绝", "拒绝理由（必填）", True,
           lambda cid, t, _s: c.DeclineConsultation(consultation_id=cid, reason=t), target="declined"),
    Answer("s", "约定时间", "会诊时间段，如 14:00-14:30 或 2026-11-24 09:00-09:30", True, _schedule,
           target="scheduled"),
    Answer("u", "会诊完成：需上转", None, False,
           lambda cid, _t, _s: c.CompleteConsultation(consultation_id=cid, outcome=Outcome.REFER_UP.value),
           target="completed"),
    Answer("p", "会诊完成：诊疗方案", "诊疗方案（必填）", True,
           lambda cid, t, _s: c.CompleteConsultation(consultation_id=cid, outcome=Outcome.TREATMENT_PLAN.value,
                                                     outcome_text=t), target="completed"),
    Answer("w", "撤回申请", "撤回原因（可空）", False,
           lambda cid, t, _s: c.WithdrawConsultation(consultation_id=cid, reason=t), target="withdrawn"),
    Answer("n", "未到场", None, False,
           lambda cid, _t, _s: c.MarkConsultationNoShow(consultation_id=cid), target="no_show"),
    Answer("x", "取消会诊", "取消原因（可空）", False,
           lambda cid, t, _s: c.CancelConsultation(consultation_id=cid, reason=t), target="cancelled"),
    Answer("t", "标记过期", None, False,
           lambda cid, _t, _s: c.ExpireConsultation(consultation_id=cid), target="expired"),
]
BY_KEY = {a.key: a for a in ANSWERS}


def allowed_now(status: str, answer: Answer) -> bool:
    from referral_desk.domain.consultation import TRANSITIONS, ConsultationStatus

    return ConsultationStatus(answer.target) in TRANSITIONS[ConsultationStatus(status)]


class AnswerPrompt(KeepsWork, ModalScreen):
    """One line of text for an answer that needs it (a reason, a slot, a plan). Esc on a line typed asks
    before throwing it away, as the forms do (outside trial: a bed's ward and number, gone without a word)."""

    # F1 shown as the forms show it (outside trial: only `esc 取消` was offered, though F1 worked).
    BINDINGS = [Binding("escape", "cancel", "取消"), Binding("f1", "app.show_keys", "按键", priority=True)]

    def __init__(self, answer: Answer, value: str = "") -> None:
        """`value`: what was typed the last time, when that went unsaved (a form left with Esc after it)."""
        super().__init__()
        self.answer = answer
        self.value = value

    def compose(self) -> ComposeResult:
        with PromptBox(id="prompt-box") as box:
            box.border_title = Text(self.answer.label)
            yield DeskInput(self.value, placeholder=self.answer.prompt, id="prompt-input", max_length=200)
            yield Static("Enter 确定 · Esc 取消", id="prompt-help", classes="prompt-help")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self.remember_pristine)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if self.answer.required and not text:
            self.notify(f"请填写{self.answer.prompt.split('（')[0]}", severity="warning")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.leave(None)


def build_answer(answer: Answer, consultation_id: str, text: str, screen) -> c.Command:
    """The command, or a DomainError in words (a malformed slot, a missing reason)."""
    try:
        return answer.build(consultation_id, text, screen)
    except ValueError as exc:  # pydantic: a field the command refuses
        raise DomainError(f"{answer.label}：{exc}") from None
