"""Booking a consultation for a calling alliance-unit doctor (000 part 一, 附1: only the specialist on duty)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, Static

from referral_desk.domain.booking import FIELD_LABELS, read_booking, slot_timing
from referral_desk.screens.form_base import FormAnswers, KeepsWork, Said, unknown_unit_warning
from referral_desk.screens.rows_first import HoldsKeys
from referral_desk.screens.work import desk_work
from referral_desk.store.database.ids import short_ref
from referral_desk.widgets.boxes import FormBox
from referral_desk.widgets.desk_footer import DeskFooter
from referral_desk.widgets.desk_input import DeskInput
from referral_desk.widgets.palette import ERROR_BOLD, FLAG, MUTED
from referral_desk.widgets.type_ahead_select import TypeAheadSelect

if TYPE_CHECKING:  # for the editor: the screens reach the store only through this service
    from referral_desk.desk.desk import Desk

# The typed fields in the order a doctor on the phone gives them, each with its hint; the label is the
# command's title (FIELD_LABELS). The specialty is a list; the specialist, the time and the submission
# follow from the day, the slot and the roster (FORM_CHOOSES_ELSEWHERE).
PLACEHOLDERS = {
    "requesting_unit": "如 阳谷县中心医院",
    "requesting_doctor": "姓名",
    "requesting_phone": "手机或 0635-xxxxxxx",
    "patient_name": "",
    "patient_sex": "男 / 女",
    "patient_age": "岁",
    "patient_id_number": "18位，显示时隐去中间",
    "patient_phone": "",
    "diagnosis": "初步诊断",
    "day": "YYYY-MM-DD，默认今天",
    "slot": "如 14:00-14:30（服务时间内，可空）",
}
FIELDS = [(key, FIELD_LABELS[key], placeholder) for key, placeholder in PLACEHOLDERS.items()]
FORM_CHOOSES_ELSEWHERE = {
    "specialty_id": "专业列表", "specialist_id": "所选日期的值班医师", "appointment_at": "日期与时间段",
    "appointment_end": "日期与时间段", "submitted_at": "登记时刻",
}


class BookingScreen(HoldsKeys, KeepsWork, FormAnswers, ModalScreen):
    SUBMIT_GROUP, NOT_DONE = "book", "未登记"
    KEYS_WAIT_FOR = SUBMIT_GROUP
    FIELD_LABELS = FIELD_LABELS
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # a shorter form below 32 rows
    # A short terminal (80x24): the form scrolls in a smaller box so that its last fields and the refusals below
    # it stay on screen (Ctrl+S must never seem to do nothing); the refusals' box is PROBLEM_LINES_SHORT + 1 high.
    CSS = """
    BookingScreen.-short #form-fields { max-height: 11; }
    BookingScreen.-short #form-problems { max-height: 6; }
    """
    BINDINGS = [
        Binding("ctrl+s", "submit", "登记", priority=True),
        Binding("escape", "cancel", "取消"),
        Binding("f1", "app.show_keys", "按键", priority=True),  # `?` is text in a form
    ]

    def __init__(self, service: Desk) -> None:
        super().__init__()
        self.service = service
        self.duty: dict[str, object] = {}  # specialty_id -> DutyRow of the chosen day
        self.day: date = service.today()
        # (ID number, name) the operator was warned about and saved again: booked on the second Ctrl+S.
        self._same_id_confirmed: tuple[str | None, str] | None = None
        self._new_unit_confirmed: str | None = None  # a unit not in the directory, saved again on purpose
        self._late_slot_confirmed = None  # a slot past its approval deadline, saved again on purpose

    def compose(self) -> ComposeResult:
        with FormBox(id="booking-box") as box:
            box.border_title = "登记会诊申请（代医联体医师预约）"
            with VerticalScroll(id="form-fields", can_focus=False):  # not a Tab stop of its own
                for key, label, placeholder in FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(label, classes="form-label")
                        yield DeskInput(placeholder=placeholder, id=f"f-{key}", max_length=200, compact=True)
                    if key == "diagnosis":
                        with Horizontal(classes="form-row"):
                            yield Label("专业", classes="form-label")
                            yield TypeAheadSelect([], prompt="选择专业（输入首字即可）", id="f-specialty_id",
                                                  compact=True)
                        yield Static("", id="booking-specialist")
            yield Static("", id="form-problems")
        yield DeskFooter()

    def on_mount(self) -> None:
        self._load_duty(self.day)
        self._load_units()
        self.set_focus(self.query_one("#f-requesting_unit", Input))
        self.call_after_refresh(self.remember_pristine)  # what the form filled in is not the operator's

    def start_over(self) -> None:
        """The form again, empty, for the next call (issue 25: the desk keeps one booking form and shows it
        again; building its fifty widgets took 280 ms of every `b`). Everything the last call left goes:
        the fields, the chosen specialty, the messages, the saves asked again; the day and its duty and
        the directory's units are read afresh."""
        for key, _label, _placeholder in FIELDS:
            field = self.query_one(f"#f-{key}", Input)
            field.value = ""
            field.select_on_focus = True
        self.query_one("#f-specialty_id", Select).clear()
        self._say(Text(""))
        self._same_id_confirmed = None
        self._new_unit_confirmed = None
        self._late_slot_confirmed = None
        self.day = self.service.today()
        self._load_duty(self.day)
        self._load_units()
        # The terminal may have been resized while the form was away: its height class again.
        height = self.app.size.height
        current = max((b for b in self.VERTICAL_BREAKPOINTS if height >= b[0]), default=None)
        for _rows, name in self.VERTICAL_BREAKPOINTS:
            self.set_class(current is not None and name == current[1], name)
        self.query_one("#form-fields", VerticalScroll).scroll_home(animate=False)
        self.set_focus(self.query_one("#f-requesting_unit", Input))
        # Now, not after a refresh: keys typed right behind `b` are the operator's work, and Esc must ask.
        self.remember_pristine()

    class UnitsRead(Message):
        def __init__(self, units: list[str]) -> None:
            super().__init__()
            self.units = units

    class DutyRead(Message):
        def __init__(self, day: date, rows: list) -> None:
            super().__init__()
            self.day = day
            self.rows = rows

    class Booked(Message):
        def __init__(self, applied) -> None:
            super().__init__()
            self.applied = applied

    @desk_work(thread=True, exclusive=True, group="units", description="未能读取单位名单")
    def _load_units(self) -> None:
        self.post_message(self.UnitsRead(self.service.directory.unit_names()))

    @on(UnitsRead)
    def _suggest_units(self, message: UnitsRead) -> None:
        # The requesting unit comes from the directory (附2 and units added since): typing
        # the start of a name offers the rest (→ takes it); a unit not listed is still accepted.
        self.query_one("#f-requesting_unit", Input).suggester = SuggestFromList(message.units, case_sensitive=False)

    @desk_work(thread=True, exclusive=True, group="duty", description="未能读取值班")
    def _load_duty(self, day: date) -> None:
        self.post_message(self.DutyRead(day, self.service.panes.duty_today(day)))

    @on(DutyRead)
    def _show_duty(self, message: DutyRead) -> None:
        day, rows = message.day, message.rows
        self.day = day
        self.duty = {r.specialty_id: r for r in rows}
        select = self.query_one("#f-specialty_id", Select)
        chosen = select.value
        # Text, not str: a Select reads a str as markup, and a name is shown as it was imported.
        select.set_options([(Text(r.specialty_name + ("" if r.specialist_id else "（无人值班）")), r.specialty_id)
                            for r in rows])
        if chosen in self.duty:
            select.value = chosen
        self._show_specialist()

    @on(Select.Changed, "#f-specialty_id")
    def _show_specialist(self) -> None:
        row = self.duty.get(self.query_one("#f-specialty_id", Select).value)
        note = self.query_one("#booking-specialist", Static)
        if row is None:
            note.update(Text("选择专业后显示当天值班医师（只能预约值班医师）", style=MUTED))
        elif row.specialist_id is None:
            note.update(Text(f"{self.day:%m月%d日} {row.specialty_name}无人值班，无法预约", style=ERROR_BOLD))
        else:
            note.update(Text.assemble(("会诊医师 ", "bold"), f"{row.specialist_name}（{row.title}）{row.phone}",
                                      (f"  {self.day:%m月%d日}值班，不可更改", "dim")))
        if row is not None:
            # On 24 rows the line under the specialty is below the edge: whom the booking goes to
            # is read before Ctrl+S.
            self.call_after_refresh(note.scroll_visible, animate=False)

    @on(Input.Changed, "#f-day")
    def _day_changed(self, event: Input.Changed) -> None:
        text = event.value.strip().replace("/", "-")
        try:
            day = date.fromisoformat(text) if text else self.service.today()
        except ValueError:
            return  # read_booking names the problem on submit
        if day != self.day:
            self._load_duty(day)

    def _form(self) -> dict[str, str]:
        form = {key: self.query_one(f"#f-{key}", Input).value for key, _label, _ph in FIELDS}
        value = self.query_one("#f-specialty_id", Select).value
        form["specialty_id"] = value if isinstance(value, str) else ""
        return form

    def action_submit(self) -> None:
        form = self._form()
        row = self.duty.get(form["specialty_id"])
        result = read_booking(form, specialist_id=row.specialist_id if row else None,
                              tz=self.service.policy.tz, today=self.service.today())
        if result.command is None:
            self._say_problems(result.lines(), list(result.errors))
            self.focus_first_problem(result.errors)
            return
        at = result.command.appointment_at
        timing = slot_timing(at, self.service.now(), self.service.policy.reminder_lead)
        if timing is not None and timing[0] == "begun":
            self._say_problems([f"时间段：{timing[1]}"], ["slot"])
            self.focus_first_problem(["slot"])
            return
        if timing is not None and at != self._late_slot_confirmed:
            self._late_slot_confirmed = at  # outside trial: booked 10 minutes ahead, it was overdue unsaid
            self._say(Text(timing[1], style=FLAG))
            return
        self._say(Text("正在登记…", style=MUTED))
        # Keys typed behind Ctrl+S wait for the save (outside trial: `Ctrl+S b 莘县…` at once saved, opened no
        # new form, and once put the name in pane 4's search).
        self.hold_keys_for_save()
        self._book(result.command)

    @desk_work(thread=True, exclusive=True, group="book", description="未登记")
    def _book(self, command) -> None:
        unit = command.requesting_unit
        if unit != self._new_unit_confirmed and not self.service.directory.is_known_unit(unit):
            # A new unit is an explicit choice: a typing mistake must not become a unit.
            self._new_unit_confirmed = unit
            self.post_message(Said(unknown_unit_warning(unit)))
            return
        checked = (command.patient_id_number, command.patient_name)
        if command.patient_id_number and checked != self._same_id_confirmed:
            others = self.service.requests.other_names_for_id_number(*checked)
            if others:
                # Not refused: a name may have been misspelt before. The operator checks, then saves again.
                self._same_id_confirmed = checked
                self.post_message(Said(Text(
                    f"注意：该身份证号曾以「{'、'.join(others)}」登记，与「{command.patient_name}」不同。"
                    "请与来电医师核对；确认无误请再按 Ctrl+S 登记", style=FLAG)))
                return
        self.post_message(self.Booked(self.service.execute(command)))


    @on(Booked)
    def _booked(self, message: Booked) -> None:
        applied = message.applied
        # The summary starts with what was done (登记会诊申请：…), which the toast already says.
        what = applied.summary.removeprefix("登记会诊申请：")
        self.app.notify(f"已登记会诊申请 #{short_ref(applied.entity_id)}：{what}")
        self.dismiss(applied.entity_id)

    def action_cancel(self) -> None:
        self.leave(None)
