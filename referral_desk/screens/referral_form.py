"""Applying for a referral: upward from a consultation that found it needed (or, for an emergency,
after the admission), downward with the eligibility check as the diagnosis is typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Checkbox, Input, Label, Static

from referral_desk.domain.errors import DomainError
from referral_desk.domain.identity import mask_id_number, mask_phone
from referral_desk.domain.referral import UP_CRITERIA, WindowRule, default_window, format_window, parse_window
from referral_desk.domain.referral_form import FIELD_LABELS, read_referral
from referral_desk.domain.slip import CITY_HOSPITAL
from referral_desk.screens.form_base import FormAnswers, KeepsWork, Said, unknown_unit_warning
from referral_desk.screens.rows_first import HoldsKeys
from referral_desk.screens.work import desk_work
from referral_desk.store.database.ids import short_ref
from referral_desk.widgets.boxes import FormBox
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.desk_input import DeskInput
from referral_desk.widgets.palette import ERROR_BOLD, FLAG, GOOD_BOLD, MUTED
from referral_desk.widgets.tick_box import TickBox

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from referral_desk.desk.desk import Desk

PATIENT = [
    ("patient_name", "患者姓名", ""), ("patient_sex", "性别", "男 / 女"), ("patient_age", "年龄", "岁"),
    ("patient_id_kind", "证件类型", "身份证（或 护照、港澳台通行证、个人编号）"),
    ("patient_id_number", "证件号码", "身份证18位，显示时隐去中间"), ("patient_phone", "患者电话", ""),
    ("patient_address", "住址", "转诊单所需（003）"), ("diagnosis", "诊断", ""),
]
ROUTE = [("from_unit", "转出单位", ""), ("to_unit", "转入单位", ""), ("department", "转入科室", "如 心血管内科")]
UP_FIELDS = [("reason", "上转理由", "病情与转诊必要性"), ("reviewed_by", "审核人", "科主任或医疗组长（001）")]
DOWN_FIELDS = [("receiver_confirmed_by", "接收确认", "接收单位确认可接收的人，如 医务科 李主任"),
               ("reviewed_by", "审核人", "科主任或医疗组长（001 二(二)2，住院下转）"),
               ("follow_up_plan", "后续方案", "随患者带去的后续治疗方案"),
               ("follow_up_days", "随访天数", "转诊后第几天随访，如 7,30"),
               ("downward_basis", "下转依据", "清单建议不下转而仍下转时填写，如 经科主任评估病情稳定")]
URGENT_FIELDS = [("transport", "转运方式", "急危重症必填：救护车 / 救护车医护护送 / 陪护 / 自行（003 三(一)）"),
                 ("notified_to", "已通知", "急危重症必填：通知了转入医院的谁做好接诊，如 急诊科 王医生"),
                 ("notified_at", "通知时间", "如 2026-11-23 22:30，留空为现在")]
OVERRIDE_FIELDS = [("slot_override_by", "加号批准", "号源已用完时：批准加号的督导（科主任/医务科）"),
                   ("slot_override_reason", "加号理由", "号源已用完时：为何仍须在这一天就诊")]
CONSENT = ("consent_by", "知情同意", "同意转诊的人：患者本人 或 家属姓名（002 四.1）")
OPINION = ("opinion", "医院意见", "转出医院的处理意见，印在引导单上（003）")
RECORDS = [("summary", "病历摘要"), ("exams", "检查资料"), ("health", "健康档案")]  # ticked: sent along (003)


def describe_advice(advice) -> Text:
    """The list's advice as the operator reads it: the answer, why, what would exclude the group."""
    if advice.blank:
        return Text("填写诊断后，这里显示按病种清单的下转建议", style=MUTED)
    if advice.refused:
        return Text(f"不宜转诊：{advice.refused}", style=ERROR_BOLD)
    if advice.advice == "review":
        text = Text("建议：需医生判断（经医生评估后下转，请在下转依据中写明评估医生与结论）", style=FLAG)
        for doubt in advice.doubts:
            text.append(f"\n  待判断：{doubt}")
    else:
        head = "建议：符合下转" if advice.eligible else "建议：不在下转范围（如经评估仍下转，请填写下转依据）"
        text = Text(head, style=GOOD_BOLD if advice.eligible else ERROR_BOLD)
    for reason in advice.reasons:
        text.append(f"\n  {reason}")
    if advice.eligible and advice.excluded_by:
        text.append(f"\n  排除条件：{'；'.join(advice.excluded_by)}", style=MUTED)
    for warning in advice.warnings:
        text.append(f"\n注意：{warning}", style=FLAG)
    if advice.edition:
        text.append(f"\n  （病种清单第{advice.edition}版）", style=MUTED)  # `dim` read at 4.2:1 (issue 25)
    return text


class ReferralFormScreen(HoldsKeys, KeepsWork, FormAnswers, ModalScreen):
    SUBMIT_GROUP, NOT_DONE = "apply", "未提交"
    KEYS_WAIT_FOR = SUBMIT_GROUP
    FIELD_LABELS = FIELD_LABELS
    GROUPS = {"c-": "criteria"}  # the 上转标准 tick boxes answer to its refusal
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # a shorter form below 32 rows
    # A short terminal (80x24): the form scrolls in a smaller box so that its last fields and the refusals below
    # it stay on screen (Ctrl+S must never seem to do nothing); the refusals' box is PROBLEM_LINES_SHORT + 1 high.
    CSS = """
    ReferralFormScreen.-short #form-fields { max-height: 11; }
    ReferralFormScreen.-short #form-problems { max-height: 6; }
    """
    BINDINGS = [
        Binding("ctrl+s", "submit", "提交", priority=True),
        Binding("escape", "cancel", "取消"),
        Binding("f1", "app.show_keys", "按键", priority=True),  # `?` is text in a form
    ]

    def __init__(self, service: Desk, direction: str, *, consultation=None, emergency: bool = False,
                 completing=None) -> None:
        """`consultation`: the ConsultationDetail an upward referral comes from; `completing`: its
        CompleteConsultation, saved in the same change as the referral (`u`), never before it."""
        super().__init__()
        self.service = service
        self.direction = direction
        self.consultation = consultation
        self.completing = completing
        self.emergency = emergency
        self.window_touched = False  # the operator's own window is not replaced by a department's default
        self.departments: dict[str, object] = {}
        self.quotas: dict[str, object] = {}
        self._new_unit_confirmed: str | None = None  # an alliance unit not in the directory, submitted again

    @property
    def title_text(self) -> str:
        if self.direction == "down":
            return "申请下转（市医院 → 医联体单位）"
        if self.emergency:
            return "上转补录（急诊先入院，003 三(四)）"
        ref = short_ref(self.consultation.consultation.id) if self.consultation else ""
        return f"申请上转 · 会诊 #{ref}"

    def _row(self, key: str, label: str, placeholder: str) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(label, classes="form-label")
            yield DeskInput(placeholder=placeholder, id=f"f-{key}", max_length=300, compact=True)

    def compose(self) -> ComposeResult:
        with FormBox(id="referral-box") as box:
            box.border_title = Text(self.title_text)
            with VerticalScroll(id="form-fields", can_focus=False):  # not a Tab stop of its own
                for key, label, ph in PATIENT:
                    yield from self._row(key, label, ph)
                if self.direction == "down":
                    yield Static("", id="eligibility")
                    yield TickBox("病情稳定、需长期康复或门诊随访（000 三(1)）", id="f-stable_rehab", compact=True)
                for key, label, ph in ROUTE:
                    yield from self._row(key, label, ph)
                yield TickBox("门诊转诊（不住院，不申请床位）", id="f-outpatient", compact=True)
                if self.direction == "up":
                    yield Static("上转标准（000 二，至少一项）", classes="form-label-wide")
                    for code, text in UP_CRITERIA.items():
                        yield TickBox(text, id=f"c-{code}", compact=True)
                    for key, label, ph in UP_FIELDS:
                        yield from self._row(key, label, ph)
                    for key, label, ph in URGENT_FIELDS:
                        yield from self._row(key, label, ph)
                else:
                    for key, label, ph in DOWN_FIELDS:
                        yield from self._row(key, label, ph)
                yield from self._row(*CONSENT)
                yield from self._row(*OPINION)
                with Horizontal(classes="form-row"):
                    yield Label("随转资料", classes="form-label")
                    for key, label in RECORDS:
                        yield TickBox(label, id=f"r-{key}", compact=True)
                if self.emergency:
                    yield from self._row("admitted_at", "入院时间", "如 2026-11-23 22:40")
                else:
                    yield from self._row("window", "入住时间", "2026-11-24 08:00 ~ 2026-11-25 17:00")
                    yield Static("", id="quota")
                    yield Static("", id="slots")
                    for key, label, ph in OVERRIDE_FIELDS:
                        yield from self._row(key, label, ph)
                yield TickBox("优先就诊（预约转诊患者在科室队列中优先，003 三(三)；004）", value=True,
                               id="f-priority", compact=True)
                if self.direction == "up" and not self.emergency:
                    yield TickBox("同时申请床位（进入床位协调窗格，直到预留）", value=True, id="f-request_bed",
                                   compact=True)
            yield Static("", id="form-problems")
        yield DeskFooter()

    def on_mount(self) -> None:
        if not self.emergency:  # asked for only once the day's slots are gone
            for key, _label, _ph in OVERRIDE_FIELDS:
                self.query_one(f"#f-{key}", Input).parent.display = False
        self._prefill()
        self._load_lists()
        first = self._first_to_fill()
        self.set_focus(first)
        # Scrolled to once the form is laid out: focused before it, at 80x24 the first box to tick was below
        # the fold, and what was typed went to a field nobody could see (outside trial).
        self.call_after_refresh(first.scroll_visible, animate=False)
        self.call_after_refresh(self.remember_pristine)  # what the form filled in is not the operator's

    def _first_to_fill(self):
        """The first required field still empty (issue 25: typing into a prefilled name replaced it); the
        criteria count as one field, empty while none is ticked."""
        required = ["patient_name", "from_unit", "to_unit", "department"]
        required += (["criteria", "reason", "reviewed_by"] if self.direction == "up"
                     else ["receiver_confirmed_by", "follow_up_plan"])
        required += ["consent_by", "admitted_at" if self.emergency else "window"]
        for key in required:
            if key == "criteria":
                boxes = [self.query_one(f"#c-{code}", Checkbox) for code in UP_CRITERIA]
                if not any(b.value for b in boxes):
                    return boxes[0]
                continue
            box = self.query_one(f"#f-{key}", Input)
            if not box.value.strip():
                return box
        return self.query_one("#f-patient_name", Input)

    def _set(self, key: str, value) -> None:
        if value not in (None, ""):
            self.query_one(f"#f-{key}", Input).value = str(value)

    def _prefill(self) -> None:
        if self.consultation is not None:
            c = self.consultation.consultation
            for key in ("patient_name", "patient_sex", "patient_age", "diagnosis"):
                self._set(key, getattr(c, key))
            # The ID number and phone stay masked (as everywhere on screen): left empty, they are the
            # consultation's; typed, they replace them.
            for key, masked in (("patient_id_number", mask_id_number(c.patient_id_number)),
                                ("patient_phone", mask_phone(c.patient_phone))):
                if masked:
                    self.query_one(f"#f-{key}", Input).placeholder = f"沿用会诊申请：{masked}（可重新输入）"
            self._set("from_unit", c.requesting_unit)
            self._set("department", self.consultation.specialty_name)
        if self.direction == "up":
            self._set("to_unit", CITY_HOSPITAL)
        else:
            self._set("from_unit", CITY_HOSPITAL)
            self._set("follow_up_days", "7,30")

    class ListsRead(Message):
        def __init__(self, units: list[str], departments: list, quotas: dict) -> None:
            super().__init__()
            self.units = units
            self.departments = departments
            self.quotas = quotas

    class Applied(Message):
        def __init__(self, applied, with_bed: bool) -> None:
            super().__init__()
            self.applied = applied
            self.with_bed = with_bed

    @desk_work(thread=True, exclusive=True, group="lists", description="未能读取单位与科室")
    def _load_lists(self) -> None:
        units = self.service.directory.unit_names()
        departments = self.service.referrals.departments()
        quotas = {q.department: q for q in self.service.panes.bed_quotas()}
        self.service.referrals.check_downward("")  # parses the disease list once, here rather than on a keystroke
        self.post_message(self.ListsRead(units, departments, quotas))

    @on(ListsRead)
    def _lists_loaded(self, message: ListsRead) -> None:
        units, departments = message.units, message.departments
        self.departments = {d.name: d for d in departments}
        self.quotas = message.quotas
        unit_field = "to_unit" if self.direction == "down" else "from_unit"
        self.query_one(f"#f-{unit_field}", Input).suggester = SuggestFromList(units, case_sensitive=False)
        if self.direction == "up":
            self.query_one("#f-department", Input).suggester = SuggestFromList(list(self.departments))
        self._department_changed()
        if self.direction == "down":
            self._check_eligibility()

    @on(Input.Changed, "#f-department")
    def _department_changed(self, _event=None) -> None:
        if self.emergency:
            return
        name = self.query_one("#f-department", Input).value.strip()
        if not self.window_touched:
            d, p = self.departments.get(name), self.service.policy
            rule = WindowRule(d.window_offset_days if d else 1, d.window_days if d else 2, p.admission_opens,
                              p.admission_closes)
            start, end = default_window(self.service.today(), rule, p.tz)
            box = self.query_one("#f-window", Input)
            with box.prevent(Input.Changed):
                box.value = format_window(start, end, self.service.policy.tz)
        if self.direction == "down":
            # The city's reserve says nothing about the receiving unit's ward of the same name.
            text = Text("转入单位的床位由其自行安排（请与接收确认人核实）" if name else "", style=MUTED)
        else:
            quota = self.quotas.get(name)
            text = (Text(f"{name} 转诊专用床位 {quota.reserved_beds} 张，今日余 {quota.free} 张",
                         style="bold" if quota.free else ERROR_BOLD) if quota
                    else Text("该科室未设转诊专用床位" if name else "", style=MUTED))
        self.query_one("#quota", Static).update(text)
        self._show_slots()

    def _slot_question(self):
        """(unit, department, day) whose outpatient slots (004 号源) an outpatient referral would use; None
        for an inpatient one, or before the unit, department and window can be read."""
        if self.emergency or not self.query_one("#f-outpatient", Checkbox).value:
            return None
        unit = self.query_one("#f-to_unit", Input).value.strip()
        department = self.query_one("#f-department", Input).value.strip()
        if not unit or not department:
            return None
        try:
            start, _end = parse_window(self.query_one("#f-window", Input).value, self.service.policy.tz)
        except DomainError:
            return None
        return unit, department, start.date()

    def _slot_state(self):
        question = self._slot_question()
        return self.service.referrals.slot_state(*question) if question else None

    class SlotsRead(Message):
        def __init__(self, state) -> None:
            super().__init__()
            self.state = state

    @on(Input.Changed, "#f-to_unit")
    @on(Checkbox.Changed, "#f-outpatient")
    def _show_slots(self, _event=None) -> None:
        """Asked as the fields change; the store is read in a worker, never on a keystroke's thread."""
        if not self.emergency:
            self._read_slots(self._slot_question())

    @desk_work(thread=True, exclusive=True, group="slots", description="未能查看门诊号源")
    def _read_slots(self, question) -> None:
        self.post_message(self.SlotsRead(self.service.referrals.slot_state(*question) if question else None))

    @on(SlotsRead)
    def _slots_read(self, message: SlotsRead) -> None:
        state = message.state
        if state is None:
            outpatient = self.query_one("#f-outpatient", Checkbox).value
            text = Text("该科室未登记门诊号源预留" if outpatient and self.query_one("#f-department", Input).value
                        else "", style=MUTED)
        else:
            text = Text(state.words() + ("：已用完，须督导批准加号" if state.exhausted else ""),
                        style=ERROR_BOLD if state.exhausted else "bold")
        self.query_one("#slots", Static).update(text)
        for key, _label, _ph in OVERRIDE_FIELDS:
            self.query_one(f"#f-{key}", Input).parent.display = bool(state and state.exhausted)

    @on(Input.Changed, "#f-window")
    def _window_edited(self) -> None:
        self.window_touched = True
        self._show_slots()

    @on(Input.Changed, "#f-diagnosis")
    @on(Checkbox.Changed, "#f-stable_rehab")
    def _check_eligibility(self) -> None:
        if self.direction != "down":
            return
        advice = self.service.referrals.check_downward(self.query_one("#f-diagnosis", Input).value,
                                             self.query_one("#f-stable_rehab", Checkbox).value)
        self.query_one("#eligibility", Static).update(describe_advice(advice))

    def _form(self) -> dict[str, str]:
        return {i.id.removeprefix("f-"): i.value for i in self.query(Input) if i.id and i.id.startswith("f-")}

    def action_submit(self) -> None:
        criteria = [code for code in UP_CRITERIA if self.direction == "up"
                    and self.query_one(f"#c-{code}", Checkbox).value]
        stable = self.direction == "down" and self.query_one("#f-stable_rehab", Checkbox).value
        bed = self.direction == "up" and not self.emergency and self.query_one("#f-request_bed", Checkbox).value
        form = self._form()
        if self.consultation is not None:
            # The consultation's ID number is a resident ID: it is not carried over under another document.
            kind_typed = form.get("patient_id_kind", "").strip() not in ("", "身份证", "resident")
            for key in ("patient_id_number", "patient_phone") if not kind_typed else ("patient_phone",):
                if not form.get(key, "").strip():
                    form[key] = getattr(self.consultation.consultation, key) or ""
        inpatient = not self.query_one("#f-outpatient", Checkbox).value
        department = self.departments.get(form.get("department", "").strip())
        result = read_referral(
            form, direction=self.direction, emergency=self.emergency,
            consultation_id=self.consultation.consultation.id if self.consultation else None, criteria=criteria,
            stable_rehab=stable, request_bed=bed, department_phone=getattr(department, "phone", None),
            tz=self.service.policy.tz, now=self.service.now(), inpatient=inpatient,
            records_sent=[label for key, label in RECORDS if self.query_one(f"#r-{key}", Checkbox).value],
            priority=self.query_one("#f-priority", Checkbox).value, slot_state=self._slot_state())
        if result.referral is None:
            self._say_problems(result.lines(), list(result.errors))
            self.focus_first_problem(result.errors)
            return
        self._say(Text("正在提交…", style=MUTED))
        self.hold_keys_for_save()  # keys typed behind Ctrl+S (`g` for the slip) wait for the answer
        self._apply(result.referral, result.bed)  # an outpatient one asks for no bed

    @desk_work(thread=True, exclusive=True, group="apply", description="未提交")
    def _apply(self, referral, bed) -> None:
        unit = referral.from_unit if self.direction == "up" else referral.to_unit
        if unit != self._new_unit_confirmed and not self.service.directory.is_known_unit(unit):
            self._new_unit_confirmed = unit
            self.post_message(Said(unknown_unit_warning(unit)))
            return
        self.post_message(self.Applied(self.service.referrals.apply_for_referral(referral, bed, first=self.completing),
                                       bed is not None))


    @on(Applied)
    def _applied(self, message: Applied) -> None:
        applied, with_bed = message.applied, message.with_bed
        self.app.notify(f"已提交转诊 #{short_ref(applied.entity_id)}：{applied.summary}"
                        + ("；床位申请已进入床位协调" if with_bed else "") + "（按 g 看引导单）")
        self.dismiss(applied.entity_id)

    def action_cancel(self) -> None:
        self.leave(None)
