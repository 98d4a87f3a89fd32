"""What the booking form and the referral form share: their look, the line under the form where a
check or a refusal is said, and the refusal of their submitting worker said there (App.worker_ended)."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from referral_desk.screens.refusals import field_words
from referral_desk.widgets.boxes import FormBox
from referral_desk.widgets.palette import FLAG, MUTED, REFUSED


def unknown_unit_warning(unit: str) -> Text:
    """Said before a unit the directory does not know is saved: the second Ctrl+S means it."""
    return Text(f"注意：「{unit}」不在通讯录中。如是输入有误，请从提示中选择单位；确是新单位请再按 Ctrl+S"
                "（保存后可在通讯录按 n 补录其电话）", style=FLAG)



PROBLEM_LINES = 7  # refusals listed under a form's fields (a line each), a short terminal fewer
PROBLEM_LINES_SHORT = 5


class KeepsWork:
    """Mixed into a form screen: Esc on a form with input the operator typed asks before throwing it
    away (issue 25). What the form filled in itself (a prefill, a department's default window) is not
    the operator's work: only a field the operator has been in and left changed counts."""

    DISCARD_QUESTION = ("放弃已填写的内容？",
                        "表单中有尚未保存的输入。\n按 y 放弃并关闭；按 n 或 Esc 回到表单继续填写。")
    _pristine: dict[str, object] | None = None
    _visited: set[str] | None = None

    def _field_values(self) -> dict[str, object]:
        from textual.widgets import Checkbox, Input, Select

        # A choice in a list is work too (outside trial: 专业 picked, then Esc, closed without asking).
        return {w.id: w.value for w in self.query("Input, Checkbox, Select")  # type: ignore[attr-defined]
                if w.id and isinstance(w, (Input, Checkbox, Select))}

    def remember_pristine(self) -> None:
        """Called once the form has filled itself in (after the first refresh of its mount)."""
        self._pristine = self._field_values()
        focused = self.focused  # type: ignore[attr-defined]  # focused before this: the first field
        self._visited = {focused.id} if focused is not None and focused.id else set()

    def on_descendant_focus(self, event) -> None:  # by name, like on_said
        if self._visited is not None and getattr(event.widget, "id", None):
            self._visited.add(event.widget.id)

    def has_unsaved_input(self) -> bool:
        if self._pristine is None or not self._visited:
            return False
        now = self._field_values()
        return any(now.get(key) != self._pristine.get(key, "" if isinstance(now.get(key), str) else False)
                   for key in self._visited if key in now)

    def leave(self, result) -> None:
        """Esc: close at once when nothing typed would be lost, else ask first."""
        from referral_desk.screens.confirm import ConfirmScreen

        if not self.has_unsaved_input():
            self.dismiss(result)  # type: ignore[attr-defined]
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(result)  # type: ignore[attr-defined]

        self.app.push_screen(ConfirmScreen(*self.DISCARD_QUESTION), answered)  # type: ignore[attr-defined]


class Said(Message):
    """A line for a form's message area (a check that asks to save again), from its worker."""

    def __init__(self, text: Text) -> None:
        super().__init__()
        self.text = text


class FormAnswers:
    """Mixed into a form screen: `SUBMIT_GROUP` is its submitting worker's group, `NOT_DONE` the word for a
    refusal (未登记 / 未提交), `FIELD_LABELS` names the fields an error may point at."""

    SUBMIT_GROUP = ""
    NOT_DONE = ""
    FIELD_LABELS: dict[str, str] = {}

    def refused(self, error: BaseException, worker) -> bool:
        """A refused submission is said under the form, the field named."""
        if worker.group != self.SUBMIT_GROUP:
            return False
        self._say_problems([field_words(error, self.FIELD_LABELS)], [getattr(error, "field", None)])
        return True

    def focus_first_problem(self, fields) -> None:
        """After a refusal the cursor goes to the first field named, so what is typed next corrects it."""
        from textual.widgets import Input

        for key in fields:
            found = self.query(f"#f-{key}")  # type: ignore[attr-defined]
            # A group of tick boxes (上转标准) is named by its field: the cursor goes to its first box. The
            # cursor stayed where it was when they alone were refused (outside trial).
            prefixes = [prefix for prefix, field in self.GROUPS.items() if field == key]
            if not found and prefixes:
                found = [w for w in self.query("*") if (w.id or "").startswith(prefixes[0])]  # type: ignore[attr-defined]
            if found:
                widget = found[0]
                if isinstance(widget, Input):
                    # Focus selects a field's text, and the next key would replace it whole (outside trial).
                    widget.select_on_focus = False
                    widget.cursor_position = len(widget.value)
                widget.focus()
                return

    def on_said(self, message: Said) -> None:  # by name: `@on` is collected only on Textual's own classes
        self._say(message.text)

    # The refusals said under the form, each with the field it names (None: the form as a whole), and the
    # fields changed since: a refusal of a field since changed is marked so, not left to read as current
    # (outside trial: the old refusals stayed, unchanged, until the next Ctrl+S). A field changed back to what it
    # was when refused is not marked; a group of tick boxes answers to the field its prefix names.
    _problems: tuple[tuple[str | None, str], ...] = ()
    _changed: frozenset[str] = frozenset()
    _refused_values: dict[str, object] = {}
    GROUPS: dict[str, str] = {}  # a widget id's prefix -> the field a refusal names ("c-": "criteria")

    def _say_problems(self, lines: list[str], fields: list[str | None] | None = None) -> None:
        keys = list(fields or [])
        self._problems = tuple(zip(keys + [None] * (len(lines) - len(keys)), lines, strict=False))
        self._changed = frozenset()
        self._refused_values = self._widget_values()
        self._put(self._problems_text())

    def _widget_values(self) -> dict[str, object]:
        values = getattr(self, "_field_values", None)
        return values() if values is not None else {}

    def _problems_text(self) -> Text:
        # Lines under the heading the box holds (#form-problems' max-height): past them, one line says how
        # many more, so a clipped list never reads as the whole (issue 25, 80x24).
        from referral_desk.widgets.cjk_text import cjk_lines

        room = (PROBLEM_LINES_SHORT if self.has_class("-short") else PROBLEM_LINES)  # type: ignore[attr-defined]
        problems = list(self._problems)
        text = Text(f"{self.NOT_DONE}，请修改：", style=REFUSED)
        # A refusal longer than the line is folded under its own first word, not under the `·` (the box's width,
        # once laid out; Chinese folded as it is set).
        width = self.query_one("#form-problems", Static).size.width - 4  # type: ignore[attr-defined]

        def item(line: str, style: str = "") -> None:
            text.append("\n  · " + "\n    ".join(cjk_lines(line, width) if width >= 12 else [line]), style=style)

        for index, (key, line) in enumerate(problems):
            if index == room - 1 and len(problems) > room:
                item(f"…另有 {len(problems) - room + 1} 项，改好以上各项后再按 Ctrl+S 查看")
                break
            if key is not None and key in self._changed:
                item(f"{line}（已改，Ctrl+S 再查）", MUTED)
            else:
                item(line)
        return text

    def on_resize(self) -> None:  # by name, as on_said: the refusals folded again at the new width
        if self._problems:
            self._put(self._problems_text())

    def on_input_changed(self, event) -> None:  # by name, as on_said
        self._field_changed()

    def on_select_changed(self, event) -> None:
        self._field_changed()

    def on_checkbox_changed(self, event) -> None:
        self._field_changed()

    def _field_of(self, widget_id: str) -> str | None:
        if widget_id.startswith("f-"):
            return widget_id[2:]
        return next((field for prefix, field in self.GROUPS.items() if widget_id.startswith(prefix)), None)

    def _field_changed(self) -> None:
        if not self._problems:
            return
        now = self._widget_values()
        changed = frozenset(field for widget_id, value in now.items()
                            if value != self._refused_values.get(widget_id, value)
                            and (field := self._field_of(widget_id)) is not None)
        named = {key for key, _line in self._problems}
        if changed & named != self._changed:
            self._changed = changed & named
            self._put(self._problems_text())

    def _say(self, text: Text) -> None:
        self._problems, self._changed = (), frozenset()
        self._put(text)

    def _put(self, text: Text) -> None:
        self.query_one("#form-problems", Static).update(text)
        # The form's own height back first (a kept form shown again must not stay shrunk by an old refusal).
        self.query_one("#form-fields").styles.max_height = None  # type: ignore[attr-defined]
        if text:
            self.call_after_refresh(self._keep_problems_in_view)  # type: ignore[attr-defined]

    def _keep_problems_in_view(self) -> None:
        """The box stops at its max-height and cut what is said under the form (120x40 showed three of seven
        refusals): the form, which scrolls, gives up the lines instead."""
        errors = self.query_one("#form-problems", Static)  # type: ignore[attr-defined]
        box = self.query_one(FormBox)  # type: ignore[attr-defined]
        hidden = errors.region.bottom - box.content_region.bottom
        if hidden > 0:
            form = self.query_one("#form-fields")  # type: ignore[attr-defined]
            form.styles.max_height = max(4, form.outer_size.height - hidden)
