"""Keys typed faster than the desk answers are handled in order, each by the screen it was meant for."""

from __future__ import annotations

import asyncio
import unicodedata

from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from tests.fixtures import REFERRAL_DOWN, REFERRAL_EMERGENCY
from tests.pilot import open_refer_up_form, open_screen, quiet, settle, workers_idle


def burst(app, *keys: str) -> None:
    """Queue every key at once, as a terminal delivers a fast typist's burst: unlike `pilot.press`,
    nothing waits for the desk between two keys."""
    app.keys_settled.clear()  # the keys are on their way
    app.burst_read = app.keys_read + len(keys)  # typed() waits until the last of them has been read
    for key in keys:
        if len(key) == 1:  # a character: its key name, as the terminal's parser gives it
            key, char = _character_to_key(key) if not key.isalnum() else key, key
        else:
            try:
                char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
            except KeyError:
                char = None
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def typed(app) -> None:
    """Every key of the last burst read and handled, and the work they started done."""
    while True:
        await app.keys_settled.wait()
        if app.keys_read >= getattr(app, "burst_read", 0):
            break
        await asyncio.sleep(0)  # the rest of the burst is still in the app's queue: let it be read
    await workers_idle(app)


async def test_a_follow_up_typed_ahead_of_its_screen_is_recorded(app, filled):
    from referral_desk.screens.follow_ups import FollowUpScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await quiet(app, pilot)
        # `k` opens the result screen; the result and the note follow before it exists.
        burst(app, "k", "1", *"饮食正常，下周复诊", "enter")
        await typed(app)
        await pilot.pause()
        assert isinstance(app.screen, FollowUpScreen)
        assert [r.referral_id for r in filled.referrals.follow_ups_due()] == [REFERRAL_EMERGENCY]
        done = [f for f in filled.referrals.referral_detail(REFERRAL_DOWN).follow_ups if f.status == "done"]
        assert [(f.result, f.note) for f in done] == [("recovering", "饮食正常，下周复诊")]


async def test_a_booking_typed_ahead_of_its_form_lands_field_by_field(app, filled):
    from referral_desk.screens.booking import BookingScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        burst(app, "b", *"阳谷县人民医院", "tab", *"张医生", "tab", *"13346250099", "tab", *"李四")
        await typed(app)
        form = app.screen
        assert isinstance(form, BookingScreen)
        values = [form.query_one(f"#f-{key}").value
                  for key in ("requesting_unit", "requesting_doctor", "requesting_phone", "patient_name")]
        assert values == ["阳谷县人民医院", "张医生", "13346250099", "李四"]


async def test_a_screen_closed_and_opened_again_in_one_burst(app, filled):
    from referral_desk.screens.follow_ups import FollowUpScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await quiet(app, pilot)
        # Second thoughts: close the result screen (a picked result is asked about: y gives it up), open it
        # again, record "no answer".
        burst(app, "k", "2", "escape", "y", "k", "3", "enter")
        await typed(app)
        await pilot.pause()
        assert isinstance(app.screen, FollowUpScreen)
        tried = [f for f in filled.referrals.referral_detail(REFERRAL_DOWN).follow_ups if f.attempts]
        assert [(f.attempts, f.result, f.status) for f in tried] == [(1, "no_answer", "due")]


async def test_a_search_and_its_enter_in_one_burst_open_the_unit_searched_for(app, filled, monkeypatch):
    from referral_desk.screens.dashboard import DashboardScreen
    from referral_desk.screens.details import DirectoryUnitScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        # The searches started by typing have not come back when Enter arrives (a busy desk).
        monkeypatch.setattr(DashboardScreen, "_search", lambda self, query: None)
        burst(app, "4", "slash", *"ygzx", "enter", "enter")  # 阳谷中心医院, picked before its search has run
        await typed(app)
        await workers_idle(app)
        await pilot.pause()
        assert isinstance(app.screen, DirectoryUnitScreen)
        assert "阳谷中心医院" in app.screen.query_one("#detail").border_title


async def test_an_answer_typed_before_the_request_is_read_still_lands(app, filled):
    """`Enter a 王建国本人 Enter` in one burst: the footer's state-aware keys must not drop the `a`
    that arrives before the details are loaded (issue 13)."""
    from tests.fixtures import CONSULT_OVERDUE

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        burst(app, "enter", "a", *"王建国本人", "enter")
        await asyncio.wait_for(app.keys_settled.wait(), 30)
        for _ in range(3):
            await workers_idle(app)
            await pilot.pause()
        assert filled.requests.consultation_detail(CONSULT_OVERDUE).consultation.status == "approved"


async def test_esc_and_a_letter_typed_together_close_then_open(app, filled):
    """Issue 25: a terminal sends Esc and a letter typed within its escape delay as one write, which
    Textual reads as Alt+letter (`\x1bm`): `Esc m` on a request's details closed nothing, opened nothing."""
    from referral_desk.screens.roster import RosterScreen
    from tests.pilot import open_request

    async with app.run_test(size=(120, 40)) as pilot:
        await open_request(app, pilot)
        app.keys_settled.clear()
        event = events.Key("alt+m", "m")  # what Textual's parser makes of "\x1bm"
        event.set_sender(app)
        app._driver.send_message(event)
        await typed(app)
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        app.keys_settled.clear()
        event = events.Key("alt+shift+h", "H")  # Esc H: the roster closes, the handover opens
        event.set_sender(app)
        app._driver.send_message(event)
        await typed(app)
        await pilot.pause()
        assert type(app.screen).__name__ == "HandoverScreen"


async def test_a_name_typed_right_behind_b_on_the_kept_form_is_work_esc_asks_about(app, filled):
    """The booking form is kept between calls (issue 25): shown again, a name typed in the same burst as
    `b` lands in it and counts as the operator's work (Esc asks; `n` keeps it)."""
    from referral_desk.screens.booking import BookingScreen
    from referral_desk.screens.confirm import ConfirmScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        burst(app, "b", "escape")  # built once, closed untouched
        await typed(app)
        assert app.screen is app.dashboard
        burst(app, "b", *"阳谷", "escape")
        await typed(app)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        burst(app, "n")
        await typed(app)
        assert isinstance(app.screen, BookingScreen) and app.screen.query_one("#f-requesting_unit").value == "阳谷"


async def test_a_specialty_chosen_and_saved_in_one_burst_books_the_one_chosen(app, filled):
    """Outside trial (issue 25): `心 ⏎ Ctrl+S` in one burst on the booking form's 专业 saved the specialty
    chosen before (皮肤科 booked while 心血管内科 showed): the list posts its choice behind the key."""
    from tests.fixtures import fid
    from tests.test_booking import GOOD, fill, open_form

    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot)
        await fill(form, pilot, {**GOOD, "specialty_id": fid(2)})  # 呼吸与危重症医学科 first
        form.set_focus(form.query_one("#f-specialty_id"))
        await pilot.pause()
        burst(app, "心", "enter", "ctrl+s")
        await typed(app)
        await quiet(app, pilot)
        mine = [filled.requests.consultation_detail(p.row.consultation_id).consultation
                for p in filled.panes.pending_approvals()]
        assert [c.specialist_id for c in mine if c.patient_name == "李四"] == [fid(11)]  # 心血管内科's 王建国


async def test_the_next_booking_typed_behind_ctrl_s_waits_for_the_save(app, filled):
    """Outside trial (issue 25): `Ctrl+S b 莘县中心医院 Tab 连发医生二` at once saved the booking but opened no
    new form (once the name landed in pane 4's search): the keys went out while the save was running."""
    from referral_desk.screens.booking import BookingScreen
    from tests.test_booking import GOOD, fill, open_form

    async with app.run_test(size=(120, 40)) as pilot:
        await fill(await open_form(app, pilot), pilot, GOOD)
        burst(app, "ctrl+s", "b", *"莘县中心医院", "tab", *"连发医生二")
        await typed(app)
        await pilot.pause()
        assert isinstance(app.screen, BookingScreen)
        assert app.screen.query_one("#f-requesting_unit").value == "莘县中心医院"
        assert app.screen.query_one("#f-requesting_doctor").value == "连发医生二"
        assert [p for p in filled.panes.pending_approvals() if p.row.requesting_unit == "阳谷中心医院"]


async def test_the_next_operator_s_name_typed_behind_the_handover_signs_in(app, filled):
    """Outside trial: the name typed right after the handover's Ctrl+S was lost (the sign-in came up empty)."""
    from referral_desk.screens.shift import HandoverScreen, SignInScreen

    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(await open_screen(app, pilot, "H"), HandoverScreen)
        burst(app, "ctrl+s", *"李娜", "enter")
        await typed(app)
        await pilot.pause()
        assert filled.actor.operator == "李娜"
        assert not isinstance(app.screen, SignInScreen)


async def test_the_slip_asked_for_behind_the_referral_s_ctrl_s_opens(app, filled):
    """`Ctrl+S g` at once on the referral form: `g` went to the form while it was being submitted."""
    from referral_desk.screens.referral import GuideSlipScreen

    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_refer_up_form(app, pilot, filled)
        form.query_one("#c-critical").value = True
        for key, value in (("reason", "大面积脑梗死"), ("reviewed_by", "赵主任"), ("consent_by", "患者本人"),
                           ("transport", "救护车，医护人员护送"), ("notified_to", "神经内科 值班医生")):
            form.query_one(f"#f-{key}").value = value
        burst(app, "ctrl+s", "g")
        await typed(app)
        await pilot.pause()
        assert not form.is_attached  # applied and closed
        assert isinstance(app.screen, GuideSlipScreen)
