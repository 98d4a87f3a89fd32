"""Recording what happened to a request from its details: answers, slot, outcome, and refusals."""

from __future__ import annotations

from referral_desk.screens.answers import AnswerPrompt
from referral_desk.screens.details import ConsultationScreen
from tests.fixtures import CONSULT_OVERDUE
from tests.pilot import open_request, workers_idle


async def done(app, pilot) -> None:
    for _ in range(2):
        await workers_idle(app)
        await pilot.pause()


async def answer(app, pilot, key: str, text: str | None = None) -> None:
    """Press an answer's key; type its text into the prompt if it asks for one."""
    await pilot.press(key)
    await pilot.pause()
    if text is not None:
        assert isinstance(app.screen, AnswerPrompt)
        app.screen.query_one("#prompt-input").value = text
        await pilot.press("enter")
    await done(app, pilot)


def footer_keys(app) -> list[str]:
    """The descriptions the footer shows now."""
    return [a.binding.description for a in app.screen.active_bindings.values() if a.binding.show and a.enabled]


def status(filled) -> str:
    return filled.requests.consultation_detail(CONSULT_OVERDUE).consultation.status


async def test_approve_then_agree_a_slot_then_complete_with_a_plan(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_request(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # approving on the specialist's behalf: who phoned is asked first
        await pilot.pause()
        assert isinstance(app.screen, AnswerPrompt) and status(filled) == "submitted"
        app.screen.query_one("#prompt-input").value = "王建国本人"
        await pilot.press("enter")
        await done(app, pilot)
        assert status(filled) == "approved" and "已通过" in screen.query_one("#detail").border_title
        assert "审核通过（代录，来电：王建国本人）" in [
            t.summary for t in filled.requests.consultation_detail(CONSULT_OVERDUE).timeline]
        await answer(app, pilot, "s", "12:30-13:00")  # the lunch break: refused
        assert status(filled) == "approved"
        assert any("会诊时间段须在同一服务时段内" in n.message for n in app._notifications)
        await answer(app, pilot, "s", "14:00-14:30")
        assert status(filled) == "scheduled"
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("enter")  # a plan is required: the prompt stays
        await pilot.pause()
        assert isinstance(app.screen, AnswerPrompt)
        app.screen.query_one("#prompt-input").value = "阿莫西林口服，三日后复诊"
        await pilot.press("enter")
        await pilot.pause()
        # 14:00 has not come yet (it is 10:00): completed before its time only with a reason (issue 24).
        assert isinstance(app.screen, AnswerPrompt) and "尚未开始" in app.screen.answer.prompt
        assert status(filled) == "scheduled"
        app.screen.query_one("#prompt-input").value = "专家提前到场会诊"
        await pilot.press("enter")
        await done(app, pilot)
        detail = filled.requests.consultation_detail(CONSULT_OVERDUE)
        assert (detail.consultation.status, detail.consultation.outcome_text) == (
            "completed", "阿莫西林口服，三日后复诊")
        assert "原因：专家提前到场会诊" in detail.timeline[-1].summary
        assert [t.summary[:4] for t in detail.timeline][-3:] == ["审核通过", "约定会诊", "会诊完成"]


async def test_a_move_from_a_final_state_is_refused_with_both_states(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        await open_request(app, pilot)
        await answer(app, pilot, "t")  # expired only by hand
        assert status(filled) == "expired"
        # Not offered in the footer any more, but pressed all the same: refused at once, both states named.
        assert "审核通过" not in footer_keys(app)
        await answer(app, pilot, "a")
        assert not isinstance(app.screen, AnswerPrompt)
        assert status(filled) == "expired"
        assert any("会诊申请当前为「已过期」，不能改为「已通过」" in n.message for n in app._notifications)
        await pilot.press("d")  # no prompt for a reason that could not be recorded
        await pilot.pause()
        assert isinstance(app.screen, ConsultationScreen) and status(filled) == "expired"


async def test_the_footer_offers_only_what_the_state_allows(app, filled):
    """Issue 13: the request-detail footer was cut after `n`; now a waiting request offers its four answers."""
    async with app.run_test(size=(120, 40)) as pilot:
        await open_request(app, pilot)
        assert footer_keys(app) == ["关闭", "显示身份证号", "审核通过", "审核拒绝", "撤回申请", "标记过期"]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, AnswerPrompt)
        await pilot.press("escape")  # a prompt left with Esc records nothing
        await pilot.pause()
        assert isinstance(app.screen, ConsultationScreen) and status(filled) == "submitted"
        await answer(app, pilot, "a", "王建国本人")
        assert footer_keys(app) == ["关闭", "显示身份证号", "约定时间"]


async def test_the_details_say_the_agreed_time_and_the_asked_one_only_where_they_differ(app, filled):
    """Outside trial: 预约时间 and 会诊时间 side by side read as two appointments. Before a slot is agreed the
    details say the one asked for (预约时间, 未定 when none); once agreed, 会诊时间 in its place, and the slot asked
    for only where it differs, as 原预约时间."""
    from datetime import timedelta

    from referral_desk.domain import commands as c
    from tests.fixtures import day_commands, local
    from tests.pilot import body_text

    def said() -> dict[str, str]:
        return {line.split()[0]: " ".join(line.split()[1:]) for line in body_text(app).splitlines()
                if line.split() and line.split()[0] in ("预约时间", "会诊时间", "原预约时间")}

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_request(app, pilot)
        assert said() == {"预约时间": "未定"}
        filled.execute(c.ApproveConsultation(consultation_id=CONSULT_OVERDUE))
        filled.execute(c.ScheduleConsultation(consultation_id=CONSULT_OVERDUE, slot_start=local(14, 0),
                                              slot_end=local(14, 30)))
        screen.reload()
        await done(app, pilot)
        assert said() == {"会诊时间": "2026-11-23 14:00-14:30"}
    # A request booked with a slot of its own, agreed at it, or at another.
    [given] = [cmd for cmd, _at in day_commands()
               if isinstance(cmd, c.CreateConsultation) and cmd.consultation_id == CONSULT_OVERDUE]
    for n, (asked_at, agreed_at, booked_said, expected) in enumerate([
            ((15, 0), (15, 0), "2026-11-23 15:00-15:30", {"会诊时间": "2026-11-23 15:00-15:30"}),
            ((16, 0), (16, 30), "2026-11-23 16:00-16:30",
             {"会诊时间": "2026-11-23 16:30-17:00", "原预约时间": "2026-11-23 16:00-16:30"})]):
        other = f"00000000-0000-7000-8000-00000000a5a{n}"
        filled.execute(given.model_copy(update={"consultation_id": other, "appointment_at": local(*asked_at),
                                                "appointment_end": local(*asked_at) + timedelta(minutes=30)}))
        filled.execute(c.ApproveConsultation(consultation_id=other))
        booked = filled.requests.consultation_detail(other).consultation
        assert dict(ConsultationScreen._times(booked, filled.local)) == {"预约时间": booked_said}
        slot = local(*agreed_at)
        filled.execute(c.ScheduleConsultation(consultation_id=other, slot_start=slot,
                                              slot_end=slot + timedelta(minutes=30)))
        agreed = filled.requests.consultation_detail(other).consultation
        assert dict(ConsultationScreen._times(agreed, filled.local)) == expected
    # Completed before the agreed time (with its reason): when it was recorded is said beside the slot.
    filled.execute(c.CompleteConsultation(consultation_id=other, outcome="refer_up", early_reason="病情变化已提前会诊"))
    finished = filled.requests.consultation_detail(other).consultation
    recorded = dict(ConsultationScreen._times(finished, filled.local))["完成记录"]
    assert recorded == "2026-11-23 10:00（约定时间前，原因见经过）"
