"""Detail views opened with Enter: a specialist's month, a request's timeline,
a bed request's coordination log, a unit's contacts."""

from __future__ import annotations

import calendar
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message

from referral_desk.domain.bed import BED_TRANSITIONS, BedStatus, check_bed_transition
from referral_desk.domain.consultation import ConsultationStatus, Outcome, urgency
from referral_desk.domain.errors import DomainError, IllegalTransition
from referral_desk.domain.identity import mask_id_number, mask_phone
from referral_desk.screens.detail_base import DetailScreen, _fields, _timeline
from referral_desk.screens.work import desk_work
from referral_desk.store.database.ids import short_ref
from referral_desk.widgets.palette import MISSING, MUTED, ON_DUTY, URGENCY_STYLES
from referral_desk.widgets.panes import marked_countdown, reply_clock
from referral_desk.widgets.rendered import RenderedOnce

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from referral_desk.desk.desk import Desk

WEEKDAYS = "一二三四五六日"
REFER_UP_FIRST = "上转须在会诊完成且结果为「需上转」之后申请（会诊完成时按 u 记录）"


class SpecialistScreen(DetailScreen):
    def __init__(self, service: Desk, specialist_id: str, month=None) -> None:
        super().__init__(service)
        self.specialist_id = specialist_id
        self.month = month

    def fetch(self):
        return self.service.roster.specialist_month(self.specialist_id, self.month)

    def title_for(self, data) -> str:
        return f"{data.specialist.name}（{data.specialist.title}）· {data.specialty_name} · {data.month:%Y年%m月}值班"

    def body_for(self, data):
        from rich.console import Group

        duty_days = {d.duty_date.day for d in data.duties}
        today = self.service.today()
        cal = Table(show_edge=False, header_style="bold", padding=(0, 1))
        for w in WEEKDAYS:
            cal.add_column(w, justify="right")
        for week in calendar.Calendar().monthdayscalendar(data.month.year, data.month.month):
            cells = []
            for day in week:
                if not day:
                    cells.append("")
                    continue
                # A duty day says so in a word as well as a colour (issue 25: NO_COLOR and 16-colour terminals).
                cell = Text(f"{day:2d}班" if day in duty_days else f"{day:2d}  ", style=ON_DUTY if day in duty_days
                            else MUTED)
                if data.month.replace(day=day) == today:
                    cell.stylize("underline")
                cells.append(cell)
            cal.add_row(*cells)
        info = _fields([
            ("电话", data.specialist.phone),
            # wraps at a space
            ("本月值班", f"{len(data.duties)}天：" + " ".join(f"{d.duty_date.day}日" for d in data.duties)),
        ])
        return Group(info, Text(""), cal, Text("标“班”的为值班日（彩色终端另有绿底），下划线为今天", style=MUTED))


def _answer_bindings() -> list[Binding]:
    from referral_desk.screens.answers import ANSWERS

    return [Binding(a.key, f"answer('{a.key}')", a.label) for a in ANSWERS]


class ConsultationScreen(DetailScreen):
    REVEAL_ENTITY = "consultation"
    # `r`: the referral's form, or once the referral is made, the referral itself (said so in the footer).
    BINDINGS = [Binding("i", "reveal", "显示身份证号"), *_answer_bindings(), Binding("r", "refer_up", "申请上转"),
                Binding("r", "open_referral", "查看上转")]
    WRITE_ACTIONS = frozenset({"answer", "refer_up"})

    def __init__(self, service: Desk, consultation_id: str) -> None:
        super().__init__(service)
        self.consultation_id = consultation_id
        self._unsaved_reason: dict[str, str] = {}  # an answer's early-completion reason its form left unsaved

    def fetch(self):
        return self.service.requests.consultation_detail(self.consultation_id)

    def on_mount(self) -> None:
        super().on_mount()
        # 审核截止's countdown moves as the pane's does (the outside trial saw it stand still); from the
        # record already read, the store is not asked.
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        # The body only: the title and the footer's answers follow the record, not the clock (rebuilding
        # the footer every second cost a repaint of the whole dialog and left its keys behind).
        if self.data is not None and self.data.deadline is not None:
            self.body = self.body_for(self.data)
            self.query_one("#detail-body", RenderedOnce).update(self.body)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers the answers the request's state allows (approved: only 约定时间)."""
        if action == "answer" and self.data is not None:
            # Before the request is read every answer stays live: `Enter a` typed in one burst must
            # reach the answer (the store refuses what the state does not allow, both states named).
            from referral_desk.screens.answers import BY_KEY, allowed_now

            if not allowed_now(self.data.consultation.status, BY_KEY[parameters[0]]):
                return False
        if action == "refer_up" and self.data is not None and (
                not self._may_refer_up(self.data) or self.data.referral_id is not None):
            return False  # offered once the consultation is completed as 需上转 (refused when pressed: on_key)
        if action == "open_referral":
            return self.data is not None and self.data.referral_id is not None
        return super().check_action(action, parameters)

    @staticmethod
    def _may_refer_up(detail) -> bool:
        c = detail.consultation
        return c.status == "completed" and c.outcome == Outcome.REFER_UP.value

    def on_key(self, event) -> None:
        """A key the state does not allow is not offered, but still answered: both states named."""
        from referral_desk.domain.consultation import check_transition
        from referral_desk.domain.errors import IllegalTransition
        from referral_desk.screens.answers import BY_KEY, allowed_now

        if (event.character == "r" and self.data is not None and not self._may_refer_up(self.data)
                and self.data.referral_id is None):
            event.stop()
            self.notify(REFER_UP_FIRST, severity="warning")
            return
        answer = BY_KEY.get(event.character or "")
        if answer is None or self.data is None or self.service.readonly:
            return
        status = self.data.consultation.status
        if not allowed_now(status, answer):
            event.stop()
            try:
                check_transition(status, answer.target)
            except IllegalTransition as exc:
                self.notify(exc.message, title=f"未记录：{answer.label}", severity="error")

    def title_for(self, data) -> str:
        return f"会诊申请 #{short_ref(data.consultation.id)} · {ConsultationStatus(data.consultation.status).label}"

    def body_for(self, data):
        from rich.console import Group

        c = data.consultation
        local = self.service.local
        now = self.service.now()
        id_text = self.revealed or mask_id_number(c.patient_id_number)
        pairs: list[tuple[str, object]] = [
            ("状态", ConsultationStatus(c.status).label),
        ]
        if data.deadline is not None:
            pairs.append(("审核截止", Text(f"{local(data.deadline):%m-%d %H:%M}"
                                       f"（{marked_countdown(data.deadline, now)}）",
                                       style=URGENCY_STYLES[urgency(data.deadline, now)])))
        pairs += [
            ("申请单位", c.requesting_unit),
            ("申请医师", f"{c.requesting_doctor} {c.requesting_phone or ''}".strip()),
            ("会诊医师", f"{data.specialist_name}（{data.specialty_name}）{data.specialist_phone}"),
            *self._times(c, local),
            ("提交时间", f"{local(c.submitted_at):%Y-%m-%d %H:%M}"),
            ("患者", " ".join(x for x in (c.patient_name, c.patient_sex or "",
                                         f"{c.patient_age}岁" if c.patient_age is not None else "") if x)),
            ("身份证号", Text(id_text or "—")
             + Text("  （按 i 显示）" if c.patient_id_number and not self.revealed else "", style=MUTED)),
            ("患者电话", mask_phone(c.patient_phone)),
            ("诊断", c.diagnosis),
        ]
        if c.decline_reason:
            pairs.append(("拒绝理由", c.decline_reason))
        if c.outcome:
            pairs.append(("会诊结果", Outcome(c.outcome).label + (f"：{c.outcome_text}" if c.outcome_text else "")))
        for text in data.notices:  # sent by a desk with an SMS gateway; the timeline says whether it went
            pairs.append(("通知申请医师", Text(text, style=MUTED)))
        return Group(_fields(pairs), Text(""), Text("经过", style="bold"), _timeline(data.timeline, local))

    @staticmethod
    def _times(c, local) -> list[tuple[str, object]]:
        """When: the slot asked for at booking (预约时间, whole: its end holds the specialist too, 000 避免冲突), and
        once agreed the consultation's own (会诊时间). The asked slot is said again only where the agreed one
        differs, as 原预约时间: the two side by side read as two appointments (outside trial)."""
        asked = ((f"{local(c.appointment_at):%Y-%m-%d %H:%M}"
                  + (f"-{local(c.appointment_end):%H:%M}" if c.appointment_end else "")) if c.appointment_at
                 else "未定")
        if not c.slot_start:
            return [("预约时间", asked)]
        agreed = [("会诊时间", f"{local(c.slot_start):%Y-%m-%d %H:%M}-{local(c.slot_end):%H:%M}")]
        if c.status == "completed" and c.status_changed_at < c.slot_start:
            # Recorded before the agreed time, with a reason (the timeline says which): the slot alone read as
            # when it took place (outside trial).
            agreed.append(("完成记录", f"{local(c.status_changed_at):%Y-%m-%d %H:%M}（约定时间前，原因见经过）"))
        same = c.appointment_at == c.slot_start and c.appointment_end in (None, c.slot_end)
        return agreed if same or not c.appointment_at else agreed + [("原预约时间", asked)]

    def subject(self):
        return self.data.consultation if self.data is not None else None

    def action_answer(self, key: str) -> None:
        from referral_desk.screens.answers import BY_KEY, AnswerPrompt

        answer = BY_KEY[key]
        if answer.prompt is None:
            self._record(key, "")
            return
        self.app.push_screen(AnswerPrompt(answer), lambda text: self._record(key, text) if text is not None else None)

    def _record(self, key: str, text: str, early_reason: str | None = None) -> None:
        from referral_desk.domain.commands import CompleteConsultation
        from referral_desk.screens.answers import BY_KEY, Answer, AnswerPrompt, build_answer

        answer = BY_KEY[key]
        try:
            command = build_answer(answer, self.consultation_id, text, self)
        except DomainError as exc:
            self.notify(exc.message, title=f"未记录：{answer.label}", severity="error")
            return
        if isinstance(command, CompleteConsultation):
            begins = self._not_begun()
            if begins is not None and early_reason is None:
                # 000 二: completed once the consultation has taken place; before its time, only with a reason.
                why = Answer("", answer.label,
                             f"约定会诊时间 {begins:%m-%d %H:%M} 尚未开始：如确已提前会诊，请写明原因",
                             True, lambda *_: None)
                self.app.push_screen(AnswerPrompt(why, value=self._unsaved_reason.get(key, "")),
                                     lambda reason: self._record(key, text, reason) if reason is not None else None)
                return
            command = command.model_copy(update={"early_reason": early_reason or ""})
            if command.outcome == Outcome.REFER_UP.value:
                # Recorded with the referral, when its form is saved. Left with Esc, the reason is kept for the
                # next `u` (outside trial: typed again from nothing).
                if early_reason:
                    self._unsaved_reason[key] = early_reason
                self._refer_up_with(command)
                return
        self._execute(command, answer.label)

    def _not_begun(self):
        """The agreed (or proposed) start, in local time, while it is still ahead."""
        c = self.data.consultation if self.data is not None else None
        begins = c and (c.slot_start or c.appointment_at)
        if begins is None or begins <= self.service.now():
            return None
        return begins.astimezone(self.service.policy.tz)

    def _refer_up_with(self, completing) -> None:
        """`u`: the upward referral's form, the consultation's completion saved with it (000 二: the referral
        follows the consultation; Esc on the form records neither)."""
        self._push_form(self.data, completing)

    def _push_form(self, detail, completing=None) -> None:
        """The upward referral's form; once saved, the referral (and this screen read again)."""
        from referral_desk.screens.referral import ReferralScreen
        from referral_desk.screens.referral_form import ReferralFormScreen

        def saved(rid) -> None:
            self._load()
            if rid:
                self._unsaved_reason.clear()
                self.app.push_screen(ReferralScreen(self.service, rid))
            elif completing is not None:
                kept = "（已填的提前会诊原因保留，再按 u 继续）" if self._unsaved_reason else ""
                self.notify(f"会诊完成与上转申请均未记录{kept}", severity="warning")

        self.app.push_screen(ReferralFormScreen(self.service, "up", consultation=detail, completing=completing),
                             saved)

    def action_refer_up(self) -> None:
        """The upward referral of this consultation: its form, or the referral if it has one."""
        if self.data is None:
            return
        self._open_referral()

    def action_open_referral(self) -> None:
        from referral_desk.screens.referral import ReferralScreen

        if self.data is not None and self.data.referral_id is not None:
            self.app.push_screen(ReferralScreen(self.service, self.data.referral_id))

    class ReferralFound(Message):
        """The consultation's referral, if it has one, and the consultation as it is now."""

        def __init__(self, existing: str | None, detail) -> None:
            super().__init__()
            self.existing = existing
            self.detail = detail

    @desk_work(thread=True, exclusive=True, group="refer", description="未能打开转诊")
    def _open_referral(self) -> None:
        existing = self.service.referrals.referral_for_consultation(self.consultation_id)
        detail = self.service.requests.consultation_detail(self.consultation_id)  # the outcome may be a moment old
        self.post_message(self.ReferralFound(existing, detail))

    @on(ReferralFound)
    def _show_referral(self, message: ReferralFound) -> None:
        from referral_desk.screens.referral import ReferralScreen

        existing, detail = message.existing, message.detail
        if existing:
            self.app.push_screen(ReferralScreen(self.service, existing))
            return
        if not self._may_refer_up(detail):
            self.notify(REFER_UP_FIRST, severity="warning")
            return
        self._push_form(detail)

class BedScreen(DetailScreen):
    BINDINGS = [
        Binding("k", "call", "协调电话"),
        Binding("v", "reserve", "预留"),
        Binding("a", "admit", "已入院"),
        Binding("n", "no_show", "未到院"),
        Binding("f", "flag", "需协调"),
        Binding("x", "cancel_bed", "取消床位"),
        Binding("X", "expire_bed", "过期"),
        Binding("o", "referral", "转诊"),
    ]
    WRITE_ACTIONS = frozenset({"call", "reserve", "admit", "no_show", "flag", "cancel_bed", "expire_bed"})

    def __init__(self, service: Desk, bed_request_id: str) -> None:
        super().__init__(service)
        self.bed_request_id = bed_request_id

    # What each change makes of the request: offered only where the request's state allows it.
    TARGETS = {"reserve": BedStatus.RESERVED, "admit": BedStatus.ADMITTED, "no_show": BedStatus.NO_SHOW,
               "flag": BedStatus.NEEDS_COORDINATION, "cancel_bed": BedStatus.CANCELLED,
               "expire_bed": BedStatus.EXPIRED}

    def _status(self) -> BedStatus | None:
        return BedStatus(self.data.bed.status) if self.data is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer offers what the bed request's state allows (needs coordination: no second 需协调, no
        已入院 before a bed is reserved; closed: none of them); the outside trial was asked for a reason first
        and refused after."""
        status = self._status()
        if status is not None:
            if action in self.TARGETS and self.TARGETS[action] not in BED_TRANSITIONS[status]:
                return False
            if action == "call" and not BED_TRANSITIONS[status]:
                return False  # closed: nothing left to coordinate
            if action == "referral" and not self.data.bed.referral_id:  # type: ignore[union-attr]
                return False
        return super().check_action(action, parameters)

    def on_key(self, event) -> None:
        """A change the state does not allow is not offered, but pressed it is refused at once, both states
        named, before any reason is asked for."""
        if event.character == "o" and self.data is not None and not self.data.bed.referral_id:
            event.stop()  # not offered, but pressed: said why (the outside trial heard nothing)
            self.notify("该床位申请不属于转诊", severity="warning", timeout=3)
            return
        binding = next((b for b in self.BINDINGS if isinstance(b, Binding) and b.key == event.character
                        and b.action in self.TARGETS), None)
        status = self._status()
        if binding is None or status is None or self.service.readonly:
            return
        if self.TARGETS[binding.action] not in BED_TRANSITIONS[status]:
            event.stop()
            try:
                check_bed_transition(status, self.TARGETS[binding.action])
            except IllegalTransition as exc:
                self.notify(exc.message, title=f"未记录：{binding.description}", severity="error")

    def action_call(self) -> None:
        from referral_desk.screens.bed_call import BedCallScreen

        if self.data is not None:
            self.app.push_screen(BedCallScreen(self.service, self.data.bed, self.data.department_phone,
                                               reply=(self.data.reply_deadline, self.data.answered_at)),
                                 lambda saved: self._load() if saved else None)

    def _prompt(self, label: str, prompt: str, required: bool, build) -> None:
        from referral_desk.screens.answers import Answer, AnswerPrompt

        answer = Answer("", label, prompt, required, lambda *_: None)
        self.app.push_screen(AnswerPrompt(answer), lambda text: self._try(build, text, label)
                             if text is not None else None)

    def _try(self, build, text: str, label: str) -> None:
        try:
            command = build(text)
        except (ValueError, DomainError) as exc:
            self.notify(getattr(exc, "message", None) or str(exc), title=f"未记录：{label}", severity="error")
            return
        self._execute(command, label)

    def action_reserve(self) -> None:
        from referral_desk.domain.commands import ReserveBed

        def build(text: str):
            ward, _, bed_no = text.replace("　", " ").strip().partition(" ")
            return ReserveBed(bed_request_id=self.bed_request_id, ward=ward, bed_no=bed_no.strip().removesuffix("床"))

        self._prompt("预留床位", "病区 床号，如 心内二病区 12（床号可空）", True, build)

    def action_admit(self) -> None:
        from referral_desk.domain.commands import AdmitPatient
        from referral_desk.screens.answers import Answer, AnswerPrompt

        now = self.service.now()
        bed = self.data.bed if self.data is not None else None
        if bed is None or bed.window_start <= now <= bed.window_end:
            self._execute(AdmitPatient(bed_request_id=self.bed_request_id, admitted_at=now), "已入院")
            return
        # 000 二.3 / 三.2: admitted within the booked window; outside it the reason goes on the record.
        why = Answer("", "已入院", "不在预约入住时间内：请写明原因（必填），如 患者提前到院、路途延误",
                     True, lambda *_: None)
        self.app.push_screen(AnswerPrompt(why), lambda reason: self._execute(
            AdmitPatient(bed_request_id=self.bed_request_id, admitted_at=now, outside_reason=reason), "已入院")
            if reason else None)

    def action_no_show(self) -> None:
        from referral_desk.domain.commands import MarkBedNoShow

        self._execute(MarkBedNoShow(bed_request_id=self.bed_request_id), "未到院")

    def action_flag(self) -> None:
        from referral_desk.domain.commands import FlagBedCoordination

        self._prompt("转为需协调", "原因（可空），如 科室满床", False,
                     lambda t: FlagBedCoordination(bed_request_id=self.bed_request_id, note=t))

    def action_cancel_bed(self) -> None:
        from referral_desk.domain.commands import CancelBed

        self._prompt("取消床位", "取消原因，如 患者放弃、已转他院", True,
                     lambda t: CancelBed(bed_request_id=self.bed_request_id, reason=t))

    def action_expire_bed(self) -> None:
        from referral_desk.domain.commands import ExpireBed

        self._prompt("床位申请过期", "原因，如 入住时间已过未联系上患者", True,
                     lambda t: ExpireBed(bed_request_id=self.bed_request_id, reason=t))

    def after_change(self, command) -> None:
        if command.name == "reserve_bed":
            self._check_reserve()

    @desk_work(thread=True, exclusive=True, group="quota", description="未能查看专用床位")
    def _check_reserve(self) -> None:
        warning = self.service.referrals.reserve_used_up(self.bed_request_id)
        if warning:  # notify is thread-safe
            self.notify(warning, title="专用床位已用完", severity="warning", timeout=10)

    def action_referral(self) -> None:
        from referral_desk.screens.referral import ReferralScreen

        if self.data is None or not self.data.bed.referral_id:
            self.notify("该床位申请不属于转诊", severity="warning", timeout=3)
            return
        self.app.push_screen(ReferralScreen(self.service, self.data.bed.referral_id))

    def fetch(self):
        return self.service.requests.bed_detail(self.bed_request_id)

    def title_for(self, data) -> str:
        return f"床位申请 #{short_ref(data.bed.id)} · {data.bed.department} · {BedStatus(data.bed.status).label}"

    def body_for(self, data):
        from rich.console import Group

        b = data.bed
        local = self.service.local
        pairs = [
            ("状态", BedStatus(b.status).label),
            ("科室", f"{b.department} {data.department_phone or ''}".strip()),
            ("患者", b.patient_name),
            ("身份证号", mask_id_number(b.patient_id_number)),
            ("患者电话", mask_phone(b.patient_phone)),
            ("转出单位", b.from_unit),
            ("入住时间", f"{local(b.window_start):%Y-%m-%d %H:%M} ~ {local(b.window_end):%Y-%m-%d %H:%M}"),
            ("申请时间", f"{local(b.requested_at):%Y-%m-%d %H:%M}"),
            ("回复", self._reply(data)),
        ]
        if b.ward:
            pairs.append(("预留", f"{b.ward} {b.bed_no or ''}".strip()))
        if b.referral_id:
            pairs.append(("转诊", Text(f"#{short_ref(b.referral_id)}") + Text("  （按 o 打开）", style=MUTED)))
        return Group(_fields(pairs), Text(""), Text("协调记录", style="bold"), _timeline(data.timeline, local))


    def _reply(self, data) -> Text:
        return reply_clock(data.bed.status, data.reply_deadline, data.answered_at, self.service.now(),
                           self.service.local)


class DirectoryUnitScreen(DetailScreen):
    def __init__(self, service: Desk, unit_name: str) -> None:
        super().__init__(service)
        self.unit_name = unit_name

    def fetch(self):
        return self.service.directory.unit_contacts(self.unit_name)

    def title_for(self, data) -> str:
        return f"{self.unit_name} · 转诊咨询电话"

    def body_for(self, data):
        table = Table(expand=True, show_edge=False, header_style="bold")
        for label in ("联系人", "电话", "用途"):
            table.add_column(label)
        for r in data:
            table.add_row(r.contact or "—", r.phone or Text("待补充", style=MISSING), r.purpose)
        return table
