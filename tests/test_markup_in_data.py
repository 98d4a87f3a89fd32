"""Text that looks like Textual's markup is shown as typed, and never ends the desk (outside trial: `[/` typed in
a pane's filter, or saved in a booking or a contact, ended the desk with a MarkupError, and the saved record
kept it from starting again on that store)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rich.text import Text

from referral_desk.domain import commands as c
from tests.fixtures import TODAY, fid, local, valid_id_number
from tests.pilot import quiet, settle

HOSTILE = "[/]阳谷[bold]"  # an unmatched closing tag, then an opening one


@pytest.fixture
def hostile(filled):
    """The morning, with markup-like text in every kind of field an operator or an import can fill."""
    at = local(9, 0)
    filled.executor.execute_many([
        (c.UpsertSpecialty(specialty_id=fid(9), specialty_name="[/]骨科[i]", sort_order=99), at),
        (c.UpsertSpecialist(specialist_id=fid(18), specialist_name="[/]孙", title="主任医师", phone="13346250008",
                            specialty_id=fid(9)), at),
        (c.SetDuty(roster_entry_id=fid(397), specialty_id=fid(9), duty_date=TODAY, specialist_id=fid(18)), at),
        (c.UpsertSpecialist(specialist_id=fid(19), specialist_name="[/red]林", title="主任医师",
                            phone="13346250009", specialty_id=fid(1)), at),
        (c.SetDuty(roster_entry_id=fid(398), specialty_id=fid(1), duty_date=TODAY + timedelta(days=3),
                   specialist_id=fid(19)), at),
        (c.CreateConsultation(
            consultation_id=fid(901), requesting_unit=HOSTILE, requesting_doctor="[/red]赵",
            requesting_phone="0635-5551234", patient_name="[b]李[/b]", patient_sex="男", patient_age=60,
            patient_id_number=valid_id_number("37150219600101099"), patient_phone="13900000000",
            diagnosis="肺炎[/]", specialty_id=fid(1), specialist_id=fid(11), submitted_at=at), at),
        (c.LogEscalationCall(escalation_call_id=fid(902), consultation_id=fid(901), callee="[/]王",
                             callee_phone="13346250001", result="no_answer", note="[/i]稍后再打"), local(9, 5)),
        (c.UpsertDirectoryEntry(directory_entry_id=fid(903), unit_name="[/]市医院", contact="[/]王主任",
                                phone="0635-8273999", purpose="[bold]"), at),
        (c.CreateBedRequest(bed_request_id=fid(904), department="心血管内科", patient_name="[/]周",
                            from_unit=HOSTILE, window_start=local(12, 0), window_end=local(18, 0)), at),
    ])
    return filled


async def _keys(app, pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await quiet(app, pilot)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_markup_like_text_is_shown_as_typed_on_every_screen_and_never_ends_the_desk(hostile, settings,
                                                                                         size):
    from referral_desk.app import ReferralDeskApp

    app = ReferralDeskApp(hostile, settings, "desk.sqlite3")
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(app, pilot)
        approvals = app.screen.query_one("#approvals-table")
        drawn = "".join(strip.text for strip in approvals.render_lines(approvals.region.reset_offset))
        assert "[/]阳谷" in drawn and "[/red]赵" in drawn or size == (80, 24)
        await _keys(app, pilot, "2", "slash", "left_square_bracket", "slash")
        subtitle = app.screen.query_one("#approvals").border_subtitle
        assert "筛选：[/" in Text.from_markup(subtitle).plain  # the filter as typed, in the pane's count
        await _keys(app, pilot, "escape", "escape")
        for pane in "123":  # a filter typed with markup in it, on each pane, then cleared
            await _keys(app, pilot, pane, "slash", "left_square_bracket", "slash", "escape", "escape")
        await _keys(app, pilot, "4", "slash", "left_square_bracket", "slash", "escape")
        for keys in (["2", "enter"], ["3", "enter"], ["1", "enter"], ["H"], ["v"], ["s"], ["f"], ["m"],
                     ["question_mark"], ["2", "e"], ["b", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab",
                                                     "tab", "enter"], ["b", "escape", "y"]):
            await _keys(app, pilot, *keys)
            await _keys(app, pilot, "escape")
        app.notify(f"已保存：{HOSTILE}")
        await quiet(app, pilot)
        assert app.is_running and app.worker_failures == []


async def test_a_text_that_is_not_markup_is_shown_as_typed_wherever_textual_reads_markup():
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    from referral_desk.textual_adapter import markup_never_fatal

    markup_never_fatal()

    class _One(App):
        def compose(self) -> ComposeResult:
            yield Static("[/]王主任", id="s")

    app = _One()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        static = app.query_one("#s", Static)
        assert static.render_line(0).text.startswith("[/]王主任")
