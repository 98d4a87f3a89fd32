"""Issue 25: `Esc` threw away a half-filled booking without a word. A form with input the operator typed
asks first; a form the operator has not typed in (or only the desk's own prefill) closes at once."""

from __future__ import annotations

from referral_desk.screens.booking import BookingScreen
from referral_desk.screens.confirm import ConfirmScreen
from referral_desk.screens.directory_entry import DirectoryEntryScreen
from referral_desk.screens.referral_form import ReferralFormScreen
from tests.pilot import open_flagged_bed, open_refer_up_form, quiet, settle, workers_idle


async def _open(app, pilot, key: str, kind):
    await settle(app, pilot)
    await pilot.press(key)
    await workers_idle(app)
    await pilot.pause()
    assert isinstance(app.screen, kind)
    return app.screen


async def test_esc_on_a_booking_with_typed_input_asks_and_n_keeps_every_field(app):
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _open(app, pilot, "b", BookingScreen)
        await pilot.press(*"阳谷", "tab", *"王医生")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "放弃已填写的内容" in app.screen.title_text
        await pilot.press("enter")  # a habit, not an answer
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#f-requesting_unit").value.startswith("阳谷")
        assert form.query_one("#f-requesting_doctor").value == "王医生"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not isinstance(app.screen, (BookingScreen, ConfirmScreen))


async def test_esc_on_a_form_nobody_typed_in_closes_at_once(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, "b", BookingScreen)
        await pilot.press("tab", "tab")  # moving through the fields is not work
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (BookingScreen, ConfirmScreen))


async def test_a_field_typed_and_then_cleared_again_is_nothing_to_lose(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, "b", BookingScreen)
        await pilot.press("x", "backspace", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, (BookingScreen, ConfirmScreen))


async def test_the_referral_forms_own_prefill_and_default_window_are_not_the_operators_work(app):
    """The downward form fills in the city hospital and the follow-up days, and a department typed sets
    the default window: Esc before anything is typed closes it; a tick by the operator asks."""
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _open(app, pilot, "D", ReferralFormScreen)
        assert form.query_one("#f-from_unit").value and form.query_one("#f-follow_up_days").value
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, (ReferralFormScreen, ConfirmScreen))
        form = await _open(app, pilot, "D", ReferralFormScreen)
        form.query_one("#f-outpatient").focus()
        await pilot.press("space")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)


async def test_a_directory_entry_typed_asks_too(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("4", "slash", *"gaotang", "enter")
        await workers_idle(app)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DirectoryEntryScreen)
        await pilot.press(*"0635")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)


async def test_f1_shows_a_forms_keys_where_question_mark_is_text(app):
    from referral_desk.screens.keys import KeysScreen

    async with app.run_test(size=(120, 40)) as pilot:
        form = await _open(app, pilot, "b", BookingScreen)
        await pilot.press("?")
        await pilot.pause()
        assert app.screen is form and form.query_one("#f-requesting_unit").value == "?"  # typed, as it should be
        await pilot.press("f1")
        await pilot.pause()
        keys = app.screen
        assert isinstance(keys, KeysScreen) and keys.source is form
        assert {"登记", "取消", "按键"} <= {what for _k, what in keys.rows}  # the form's keys, not the dashboard's
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen is form and form.query_one("#f-requesting_unit").value == "?"
        # And on the dashboard, where no text field has the focus, both.
        await pilot.press("escape", "y")
        await pilot.pause()
        for key in ("question_mark", "f1"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, KeysScreen)
            await pilot.press("escape")
            await pilot.pause()


async def test_the_referral_form_opens_on_the_first_required_field_still_empty(app, filled):
    """Issue 25: the upward form opened on the prefilled patient name, and typing replaced it."""
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_refer_up_form(app, pilot, filled)
        assert form.query_one("#f-patient_name").value == "高秀兰"
        assert form.focused is form.query_one("#c-surgery_level3")  # no criterion ticked yet
        await pilot.press("space", "tab")
        assert form.query_one("#c-surgery_level3").value and form.query_one("#f-patient_name").value == "高秀兰"
        await pilot.press("escape", "y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        form = await _open(app, pilot, "D", ReferralFormScreen)
        assert form.focused is form.query_one("#f-patient_name")


async def test_after_a_refusal_the_cursor_is_on_the_first_field_named(app):
    """Outside trial: after a refused save the next text typed went to whatever field had the focus."""
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _open(app, pilot, "D", ReferralFormScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form.focused is form.query_one("#f-patient_name")
        await pilot.press(*"王五", "ctrl+s")
        await pilot.pause()
        assert form.query_one("#f-patient_name").value == "王五"
        assert form.focused is form.query_one("#f-to_unit")  # from_unit is prefilled; the next one named


async def test_a_handover_note_typed_is_not_lost_to_esc(app):
    from referral_desk.screens.shift import HandoverScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("H")
        screen = app.screen
        assert isinstance(screen, HandoverScreen)
        await quiet(app, pilot)
        await pilot.pause()
        await pilot.press("n", *"床位记得跟进")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and screen.query_one("#handover-note").value == "床位记得跟进"


async def test_after_a_refusal_the_next_key_adds_to_the_field_not_replaces_it(app):
    """Outside trial: the refused field's text was selected, and one key replaced a whole diagnosis."""
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _open(app, pilot, "D", ReferralFormScreen)
        form.query_one("#f-diagnosis").value = "慢性胃炎伴"
        form.set_focus(form.query_one("#f-patient_name"))
        await pilot.pause()
        form.focus_first_problem(["diagnosis"])  # as after a refusal naming the diagnosis
        await pilot.pause()
        await pilot.press(*"糜烂")
        assert form.query_one("#f-diagnosis").value == "慢性胃炎伴糜烂"


async def test_a_specialty_picked_alone_is_work_too(app):
    """Outside trial (issue 25): 专业 picked from its list and nothing else typed, Esc closed the form
    without asking."""
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _open(app, pilot, "b", BookingScreen)
        form.set_focus(form.query_one("#f-specialty_id"))
        await pilot.press("心", "enter")
        await pilot.pause()
        assert form.query_one("#f-specialty_id").value is not None and not form.query_one("#f-specialty_id").is_blank()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)


async def test_shift_tab_from_the_first_field_lands_on_a_field(app):
    """Outside trial (issue 25): Shift+Tab from 申请单位 went to an invisible stop (the form's scrolling
    box), where typed keys went nowhere."""
    from textual.widgets import Input

    async with app.run_test(size=(120, 40)) as pilot:
        await _open(app, pilot, "b", BookingScreen)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, Input) and app.focused.id == "f-slot"


def test_the_form_box_leaves_room_for_the_refusals_the_form_lists():
    """The refusals under a form are cut to PROBLEM_LINES (PROBLEM_LINES_SHORT on a short terminal) by the
    code and their box is that high (+1 for the line saying how many more) in the plain CSS."""
    from referral_desk.screens.form_base import PROBLEM_LINES, PROBLEM_LINES_SHORT
    from referral_desk.widgets.boxes import FormBox

    css = " ".join(FormBox.DEFAULT_CSS.split())
    assert f"FormBox #form-problems {{ height: auto; max-height: {PROBLEM_LINES + 1}; }}" in css
    from referral_desk.screens.booking import BookingScreen
    from referral_desk.screens.referral_form import ReferralFormScreen

    for screen in (BookingScreen, ReferralFormScreen):
        short = " ".join(screen.CSS.split())
        assert f"{screen.__name__}.-short #form-problems {{ max-height: {PROBLEM_LINES_SHORT + 1}; }}" in short


async def test_a_one_line_answer_typed_asks_too_and_an_empty_one_closes(app):
    """Outside trial: a bed's ward and number typed into 预留床位, then Esc: gone without a word."""
    from referral_desk.screens.answers import AnswerPrompt
    from referral_desk.screens.details import BedScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await open_flagged_bed(app, pilot)
        await pilot.press("v")
        await quiet(app, pilot)
        assert isinstance(app.screen, AnswerPrompt)
        await pilot.press("escape")  # nothing typed: closes at once
        await quiet(app, pilot)
        assert isinstance(app.screen, BedScreen)
        await pilot.press("v")
        await quiet(app, pilot)
        await pilot.press(*"12")
        await pilot.press("escape")
        await quiet(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await quiet(app, pilot)
        assert isinstance(app.screen, AnswerPrompt) and app.screen.query_one("#prompt-input").value == "12"
        await pilot.press("escape")
        await quiet(app, pilot)
        await pilot.press("y")
        await quiet(app, pilot)
        assert isinstance(app.screen, BedScreen)
