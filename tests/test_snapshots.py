"""The look of the desk, with a fixed clock and fixed data (update with --snapshot-update)."""

from __future__ import annotations

import asyncio

from tests.pilot import quiet, workers_idle


def steady(app) -> None:
    """No blinking cursor: a snapshot taken half a second later (a loaded machine) must look the same."""
    from textual.widgets import Input

    for screen in app.screen_stack:
        for box in screen.query(Input):
            box.cursor_blink = False


def _after_load(*keys: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        await asyncio.wait_for(app.dashboard.loaded.wait(), timeout=10)
        await workers_idle(app)
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            for _ in range(2):  # a keystroke's message may start a worker after the first wait
                await pilot.pause()
                await workers_idle(app)
            await pilot.pause()
        steady(app)
        await pilot.pause()

    return run_before


def test_dashboard_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after_load())


def test_dashboard_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load())


def test_dashboard_light_120x40(snap_compare, filled, settings):
    """The light look (config `look = "light"`): its cells' colours from widgets/palette.py's LIGHT."""
    from referral_desk.app import ReferralDeskApp

    app = ReferralDeskApp(filled, settings.with_changes(look="light"), "desk.sqlite3")
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load())


def test_directory_search_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("4", "slash", *"ygzx", "enter"))


def test_request_details_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("2", "enter"))


def test_specialist_month_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("1", "enter"))


def test_bed_log_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("3", "down", "enter"))


def test_keys_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after_load("question_mark"))


def _roster_then(*keys: str):
    async def run_before(pilot) -> None:
        await _after_load("m")(pilot)
        await quiet(pilot.app, pilot)
        await workers_idle(pilot.app)
        await quiet(pilot.app, pilot)
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return run_before


def test_roster_grid_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_roster_then())


def test_roster_grid_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_roster_then())


def test_roster_import_report_120x40(snap_compare, app, tmp_path):
    path = tmp_path / "12月排班.csv"
    path.write_text("日期,专业,值班医师,职称,联系电话\n2026-12-01,骨科,钱进,主治医师,133\n"
                    "2026-12-01,心血管内科,孙立,,\n", encoding="utf-8")

    async def run_before(pilot) -> None:
        await _roster_then("i")(pilot)
        modal = pilot.app.screen
        modal.query_one("#import-path").value = "/data/12月排班.csv"
        modal._prepare(path, None)
        await quiet(pilot.app, pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_escalation_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("2", "e", "2"))


def test_booking_form_with_refusals_120x40(snap_compare, app):
    async def run_before(pilot) -> None:
        await _after_load("b")(pilot)
        screen = pilot.app.screen
        await quiet(pilot.app, pilot)
        await workers_idle(pilot.app)  # the directory's units too: they complete the unit
        for key, value in {"requesting_unit": "阳谷中心医院", "patient_name": "李四", "patient_sex": "M",
                           "patient_id_number": "371502196001010016"}.items():
            screen.query_one(f"#f-{key}").value = value
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        steady(pilot.app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_answer_prompt_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("2", "enter", "s"))


def _push_then(make_screen, *keys: str):
    async def run_before(pilot) -> None:
        await _after_load()(pilot)
        await pilot.app.push_screen(make_screen(pilot.app))
        for _ in range(2):
            await workers_idle(pilot.app)
            await pilot.pause()
        if keys:
            await pilot.press(*keys)
            for _ in range(3):
                await workers_idle(pilot.app)
                await pilot.pause()
        steady(pilot.app)
        await pilot.pause()

    return run_before


def test_follow_ups_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("f"))


def test_bed_call_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("3", "e", "4"))


def test_upward_referral_form_120x40(snap_compare, app):
    from referral_desk.screens.details import ConsultationScreen
    from tests.fixtures import CONSULT_REFER_UP

    assert snap_compare(app, terminal_size=(120, 40), run_before=_push_then(
        lambda a: ConsultationScreen(a.service, CONSULT_REFER_UP), "r"))


def test_downward_referral_form_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after_load("D"))


def test_referral_details_120x40(snap_compare, app):
    from referral_desk.screens.referral import ReferralScreen
    from tests.fixtures import REFERRAL_DOWN

    assert snap_compare(app, terminal_size=(120, 40), run_before=_push_then(
        lambda a: ReferralScreen(a.service, REFERRAL_DOWN)))


def test_guide_slip_120x40(snap_compare, app):
    from referral_desk.screens.referral import ReferralScreen
    from tests.fixtures import REFERRAL_EMERGENCY

    assert snap_compare(app, terminal_size=(120, 40), run_before=_push_then(
        lambda a: ReferralScreen(a.service, REFERRAL_EMERGENCY), "g"))


def _screen_loaded(*keys: str):
    async def run_before(pilot) -> None:
        await _after_load(*keys)(pilot)
        await quiet(pilot.app, pilot)
        await workers_idle(pilot.app)
        await pilot.pause()

    return run_before


def test_day_review_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_screen_loaded("v"))


def test_statistics_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_screen_loaded("s"))


def test_statistics_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_screen_loaded("s"))


def test_directory_entry_form_80x24(snap_compare, app):
    """附2's missing number, opened with `e` on the directory pane."""
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after_load("4", "slash", *"gaotang", "enter", "e"))


def test_new_directory_entry_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("4", "n"))


def test_zoomed_beds_pane_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after_load("3", "z"))


def test_filtered_approvals_pane_120x40(snap_compare, app):
    """`/` opens the pane's own filter line; the bottom line counts what it keeps."""
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("2", "slash", *"ygzx"))


def test_beds_to_ring_and_a_filtered_duty_pane_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after_load("k", "1", "slash", *"xxg", "enter"))


def test_handover_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("H"))


def test_handover_80x24(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after_load("H"))


def test_sign_in_80x24(snap_compare, filled, settings):
    from referral_desk.app import ReferralDeskApp

    app = ReferralDeskApp(filled, settings, "desk.sqlite3", ask_sign_in=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after_load(*"12", "enter"))


def test_sign_in_120x40(snap_compare, filled, settings):
    from referral_desk.app import ReferralDeskApp

    app = ReferralDeskApp(filled, settings, "desk.sqlite3", ask_sign_in=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load())


def test_keys_120x40(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_after_load("question_mark"))


def test_request_details_80x24(snap_compare, app):
    """The footer offers what a waiting request allows, and fits."""
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after_load("2", "enter"))


def test_booking_form_with_a_specialty_typed_80x24(snap_compare, app):
    """骨 then Enter picks 骨科; on 24 rows the on-duty line under it is scrolled into view."""
    async def run_before(pilot) -> None:
        await _after_load("b")(pilot)
        pilot.app.screen.query_one("#f-specialty_id").focus()
        await pilot.pause()
        await pilot.press("神", "enter")
        for _ in range(3):
            await pilot.pause()
        steady(pilot.app)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_undo_question_80x24(snap_compare, app, filled):
    from referral_desk.domain import commands as c
    from tests.fixtures import CONSULT_SOON

    filled.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON, on_behalf="李萍本人"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_after_load("ctrl+z"))


def test_another_server_question_80x24(snap_compare, app):
    from referral_desk.screens.confirm import other_server_question

    assert snap_compare(app, terminal_size=(80, 24), run_before=_push_then(lambda _app: other_server_question()))
