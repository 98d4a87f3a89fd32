"""Referrals at the desk: upward from a consultation (with its bed), the emergency path, downward
with the eligibility check, follow-ups, bed quotas; the forms and lists on screen."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from referral_desk.domain import commands as c
from referral_desk.domain.errors import DomainError
from referral_desk.screens.referral import ReferralScreen
from referral_desk.screens.referral_form import ReferralFormScreen
from tests.fixtures import (
    BED_OPEN_SOON,
    BED_RESERVED,
    CONSULT_APPROVED,
    CONSULT_REFER_UP,
    NOW,
    REFERRAL_DOWN,
    REFERRAL_EMERGENCY,
    TODAY,
    TOMORROW,
    down_command,
    local,
    up_command,
    valid_id_number,
)
from tests.marks import needs_font
from tests.pilot import open_refer_up_form, open_screen, quiet, settle, workers_idle


def test_an_upward_referral_with_its_bed_ends_in_a_follow_up_five_days_after_admission(filled, clock):
    referral = up_command()
    bed = c.CreateBedRequest(referral_id=referral.referral_id, consultation_id=CONSULT_REFER_UP, department="神经内科",
                             patient_name="高秀兰", window_start=referral.window_start, window_end=referral.window_end)
    filled.referrals.apply_for_referral(referral, bed)
    assert filled.referrals.referral_for_consultation(CONSULT_REFER_UP) == referral.referral_id
    assert bed.bed_request_id in [b.bed_request_id for b in filled.panes.beds_to_coordinate()]
    filled.execute(c.ReserveBed(bed_request_id=bed.bed_request_id, ward="神内一病区", bed_no="7"))
    clock.advance(timedelta(days=1))
    filled.execute(c.AdmitPatient(bed_request_id=bed.bed_request_id, admitted_at=clock.now()))
    detail = filled.referrals.referral_detail(referral.referral_id)
    assert detail.referral.status == "transferred"
    assert [f.due_date for f in detail.follow_ups] == [TOMORROW + timedelta(days=5)]
    assert "上转完成" in detail.timeline[-1].summary


def test_an_admission_outside_the_booked_window_needs_its_reason(filled, clock):
    """000 二.3 / 三.2: the patient comes within the booked window (预约时间内入住); outside it the desk asks
    why and keeps the answer (issue 24 item 4)."""
    referral = up_command()
    bed = c.CreateBedRequest(referral_id=referral.referral_id, consultation_id=CONSULT_REFER_UP, department="神经内科",
                             patient_name="高秀兰", window_start=referral.window_start, window_end=referral.window_end)
    filled.referrals.apply_for_referral(referral, bed)
    filled.execute(c.ReserveBed(bed_request_id=bed.bed_request_id, ward="神内一病区", bed_no="7"))
    late = referral.window_end + timedelta(days=1)
    with pytest.raises(DomainError, match="不在预约入住时间") as refused:
        filled.execute(c.AdmitPatient(bed_request_id=bed.bed_request_id, admitted_at=late))
    assert refused.value.field == "outside_reason"
    assert filled.referrals.referral_detail(referral.referral_id).referral.status == "applied"  # nothing written
    done = filled.execute(c.AdmitPatient(bed_request_id=bed.bed_request_id, admitted_at=late,
                                         outside_reason="路途延误，家属来电告知"))
    assert "预约入住时间" in done.summary and "原因：路途延误，家属来电告知" in done.summary
    assert filled.referrals.referral_detail(referral.referral_id).referral.status == "transferred"


def test_an_upward_window_outside_the_admission_hours_is_refused(filled):
    """000 二.3: a window booked at night (21:00 ~ 07:00) has nobody to admit the patient (issue 24 item 4)."""
    for start, end in ((local(21, 0, TOMORROW), local(7, 0, TOMORROW + timedelta(days=1))),
                       (local(8, 0, TOMORROW), local(19, 30, TOMORROW))):
        with pytest.raises(DomainError, match="科室收治时间 08:00-17:00") as refused:
            filled.execute(up_command(window_start=start, window_end=end))
        assert refused.value.field == "window"
    assert filled.referrals.referral_for_consultation(CONSULT_REFER_UP) is None


def test_an_upward_referral_needs_a_consultation_that_found_it_needed(filled):
    with pytest.raises(DomainError, match="未以「需上转」完成"):
        filled.execute(up_command(consultation_id=CONSULT_APPROVED))
    filled.execute(up_command())
    with pytest.raises(DomainError, match="已申请过上转"):
        filled.execute(up_command())


def test_the_emergency_path_is_transferred_at_once_and_marked(filled):
    detail = filled.referrals.referral_detail(REFERRAL_EMERGENCY)
    assert detail.referral.emergency and detail.referral.status == "transferred"
    assert "急诊先入院后补录" in detail.timeline[0].summary
    with pytest.raises(DomainError, match="入院时间"):
        filled.execute(up_command(consultation_id=None, emergency=True))


def test_a_downward_referral_is_checked_against_the_groups_and_the_receiver(filled):
    with pytest.raises(DomainError, match="诊断不在8个病种之内.*请填写下转依据") as no:
        filled.execute(down_command(diagnosis="冠心病"))
    assert no.value.field == "downward_basis"
    with pytest.raises(DomainError, match="同时诊断胃癌"):
        filled.execute(down_command(diagnosis="慢性胃炎，胃癌"))
    with pytest.raises(DomainError, match="001 附件 三") as refused:  # no basis overrides 不宜转诊
        filled.execute(down_command(diagnosis="肺结核", downward_basis="科主任同意"))
    assert refused.value.field == "diagnosis"
    confirmed = filled.execute(down_command(diagnosis="冠心病 PCI术后", downward_basis="经科主任评估病情稳定"))
    row = filled.referrals.referral_detail(confirmed.entity_id).referral
    assert (row.drg_code, row.downward_basis, row.disease_list_edition) == (None, "经科主任评估病情稳定", 1)
    assert "经确认下转，依据：经科主任评估病情稳定" in row.eligibility
    with pytest.raises(DomainError, match="知情同意") as consent:
        filled.execute(down_command(consent_by=" "))
    assert consent.value.field == "consent_by"
    with pytest.raises(DomainError, match="住院下转须经科主任或医疗组长审核"):
        filled.execute(down_command(reviewed_by=""))
    filled.execute(down_command(reviewed_by="", inpatient=False))  # an outpatient referral needs no review
    with pytest.raises(DomainError, match="确认人"):
        filled.execute(down_command(receiver_confirmed_by=" "))
    with pytest.raises(DomainError, match="随访天数"):
        filled.execute(down_command(follow_up_days=[]))
    applied = filled.execute(down_command(diagnosis="脑梗死恢复期", stable_rehab=True))
    row = filled.referrals.referral_detail(applied.entity_id).referral
    assert row.drg_code is None and "000 三(1)" in row.eligibility
    applied = filled.execute(down_command())
    assert filled.referrals.referral_detail(applied.entity_id).referral.drg_code == 5


def test_the_follow_up_list_puts_the_overdue_first_and_an_unanswered_call_keeps_it(filled):
    rows = filled.referrals.follow_ups_due()
    assert [(r.referral_id, r.due_date) for r in rows] == [
        (REFERRAL_DOWN, TODAY - timedelta(days=2)), (REFERRAL_EMERGENCY, TODAY)]
    first = rows[0].follow_up_id
    filled.execute(c.RecordFollowUp(follow_up_id=first, result="no_answer"))
    again = filled.referrals.follow_ups_due()[0]
    assert (again.follow_up_id, again.attempts, again.result) == (first, 1, "no_answer")
    filled.execute(c.RecordFollowUp(follow_up_id=first, result="recovering", note="饮食正常"))
    assert [r.referral_id for r in filled.referrals.follow_ups_due()] == [REFERRAL_EMERGENCY]
    with pytest.raises(DomainError, match="已完成"):
        filled.execute(c.RecordFollowUp(follow_up_id=first, result="other"))


def test_bed_quotas_count_the_reservations_held_today(filled):
    quotas = {q.department: (q.reserved_beds, q.held, q.free) for q in filled.panes.bed_quotas()}
    assert quotas == {"心血管内科": (3, 0, 3), "呼吸与危重症医学科": (2, 1, 1), "骨科": (1, 0, 1)}
    filled.execute(c.ReserveBed(bed_request_id=BED_OPEN_SOON, ward="心内二病区"))  # window opens tonight
    assert {q.department: q.free for q in filled.panes.bed_quotas()}["心血管内科"] == 2
    assert {q.department: q.free for q in filled.panes.bed_quotas(TODAY + timedelta(days=5))}["心血管内科"] == 3


def test_the_guide_slip_says_where_to_go_and_whom_to_call(filled):
    slip = filled.referrals.guide_slip(REFERRAL_EMERGENCY)
    text = "\n".join(slip.text_lines())
    assert "刘建军 男 58岁" in text and valid_id_number("37150219680505001") not in text
    assert "371502********0011"[:6] in text
    # 003 三(四): admitted first, so the slip does not send the patient to be admitted.
    assert "已于11月18日 22:40急诊收入聊城市人民医院心血管内科，无需再办理入院" in text and "8号" not in text
    assert "转诊原因：急性心梗，需急诊介入" in text
    # The center's lines by purpose; its approval/bed mobiles are for doctors, not patients.
    assert "聊城市人民医院 转会诊中心（转诊咨询）：0635-8273113" in text
    assert "聊城市人民医院 转会诊中心（投诉）：0635-8273067" in text and "13346252918" not in text
    # Issue 24: 附2 publishes each unit's number for the patients of the slip, a 医务科主任's mobile included.
    assert "冠县辛集镇中心卫生院 医务科郭主任（转诊咨询）：13863585627" in text
    # "如有疑问请致电" introduces the numbers, so it comes before them; the receiving unit's come first.
    lines = slip.text_lines()
    ask = next(n for n, line in enumerate(lines) if line.startswith("如有疑问请致电"))
    numbers = [line for line in lines[ask + 1:] if line.startswith("  ")]
    assert numbers[0].startswith("  聊城市人民医院") and len(numbers) == 3
    down = "\n".join(filled.referrals.guide_slip(REFERRAL_DOWN).text_lines())
    assert "直接到东昌府区人民医院消化内科办理住院" in down
    # Down: 东昌府's own 附2 number first (it was replaced by the center's line), then the center's.
    assert down.index("东昌府区人民医院 医务科赵主任（转诊咨询）：15506451999") < down.index("0635-8273113")
    assert "医院意见：奥美拉唑 20mg 每日一次，4周后复查胃镜" in down  # the plan, when no opinion was written
    assert "随转资料：无" in down and "住址：—" in down and "转诊原因：符合下转：第5组" in down
    letter = filled.execute(down_command(patient_address="阳谷县狮子楼街道 12号", opinion="建议继续康复治疗",
                                         records_sent=["健康档案", "病历摘要", "检查资料"]))
    text = "\n".join(filled.referrals.guide_slip(letter.entity_id).text_lines())
    assert "住址：阳谷县狮子楼街道 12号" in text and "医院意见：建议继续康复治疗" in text
    assert "随转资料：病历摘要、检查资料、健康档案" in text  # 003's list, in its order (issue 24: 健康档案)
    assert "后续治疗方案：口服药物，两周后复诊" in text
    assert "阳谷中心医院 医务科岳主任（转诊咨询）：18363535132" in text  # 附2's number for 阳谷 (issue 24)


async def test_refer_up_opens_the_form_prefilled_and_every_refusal_is_named(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_refer_up_form(app, pilot, filled)
        assert form.query_one("#f-patient_name").value == "高秀兰"
        assert form.query_one("#f-from_unit").value == "莘县中心医院"
        assert form.query_one("#f-department").value == "神经内科"
        assert form.query_one("#f-window").value == "2026-11-24 08:00 ~ 2026-11-25 17:00"
        # The ID number is not shown in full: the field offers the consultation's, masked.
        id_box = form.query_one("#f-patient_id_number")
        assert id_box.value == "" and "371522********" in id_box.placeholder
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = str(form.query_one("#form-problems").render())
        assert "上转标准：请至少勾选一项" in errors and "审核人：必填" in errors and "上转理由：必填" in errors
        assert "知情同意：必填" in errors
        form.query_one("#c-critical").value = True
        form.query_one("#f-reason").value = "大面积脑梗死"
        form.query_one("#f-reviewed_by").value = "赵主任"
        form.query_one("#f-reviewed_by").value = ""  # and back to what was refused: not marked
        form.query_one("#f-consent_by").value = "患者本人"
        await pilot.pause()
        marked = [line for line in str(form.query_one("#form-problems").render()).splitlines() if "已改" in line]
        assert len(marked) == 3 and any("上转标准" in line for line in marked), marked  # the tick box too
        assert not any("审核人" in line for line in marked)
        form.query_one("#f-reviewed_by").value = "赵主任"
        await pilot.press("ctrl+s")
        await pilot.pause()
        # 危急重症 (003 三(一)): the ambulance and who at the receiving hospital was told.
        errors = str(form.query_one("#form-problems").render())
        assert "转运方式：必填" in errors and "已通知（转入方）：必填" in errors
        form.query_one("#f-transport").value = "救护车，医护人员护送"
        form.query_one("#f-notified_to").value = "神经内科 值班医生"
        await pilot.press("ctrl+s")
        await quiet(app, pilot)  # a refusal fails the test instead of hanging it
        await workers_idle(app)
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        referral_id = filled.referrals.referral_for_consultation(CONSULT_REFER_UP)
        r = filled.referrals.referral_detail(referral_id).referral
        assert (r.transport, r.notified_to, r.notified_at, r.priority) == (
            "ambulance_escorted", "神经内科 值班医生", filled.now(), True)
        detail = filled.referrals.referral_detail(referral_id)
        assert len(detail.beds) == 1 and detail.beds[0].department == "神经内科"
        consultation = filled.requests.consultation_detail(CONSULT_REFER_UP).consultation
        assert detail.referral.patient_id_number == consultation.patient_id_number
        assert detail.beds[0].patient_id_number == consultation.patient_id_number


def test_a_consultation_is_completed_only_once_its_time_has_begun_or_with_a_reason(filled, clock):
    """000 二: the referral follows the consultation (须在上述会诊结束后进行); `会诊完成：需上转` was accepted
    hours before the agreed slot (issue 24)."""
    filled.execute(c.ScheduleConsultation(consultation_id=CONSULT_APPROVED, slot_start=NOW + timedelta(hours=4),
                                          slot_end=NOW + timedelta(hours=4, minutes=30)))
    with pytest.raises(DomainError, match="尚未开始") as refused:
        filled.execute(c.CompleteConsultation(consultation_id=CONSULT_APPROVED, outcome="refer_up"))
    assert refused.value.field == "early_reason"
    assert filled.requests.consultation_detail(CONSULT_APPROVED).consultation.status == "scheduled"
    done = filled.execute(c.CompleteConsultation(consultation_id=CONSULT_APPROVED, outcome="refer_up",
                                                 early_reason="专家临时提前到床旁会诊"))
    assert "在约定时间前记录，原因：专家临时提前到床旁会诊" in done.summary
    # Once the slot has begun no reason is asked (the fixture's own completion was at 09:05 for 08:30).
    assert filled.requests.consultation_detail(CONSULT_REFER_UP).consultation.status == "completed"


async def test_u_records_the_completion_only_with_the_referral_it_leads_to(app, filled):
    """`u` opens the referral form; the consultation is completed when the form is saved, in the same
    change, and Esc leaves it as it was (issue 24 item 3). Before its slot a reason is asked first."""
    from referral_desk.screens.answers import AnswerPrompt
    from referral_desk.screens.details import ConsultationScreen

    filled.execute(c.ScheduleConsultation(consultation_id=CONSULT_APPROVED, slot_start=NOW + timedelta(hours=4),
                                          slot_end=NOW + timedelta(hours=4, minutes=30)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await app.push_screen(ConsultationScreen(filled, CONSULT_APPROVED))
        await workers_idle(app)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, AnswerPrompt) and "尚未开始" in app.screen.answer.prompt
        await pilot.press(*"专家提前会诊", "enter")
        await workers_idle(app)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReferralFormScreen)
        await pilot.press("escape")
        await pilot.pause()
        # nothing recorded, and said so; the reason is kept for the next `u` (outside trial: typed again)
        assert filled.requests.consultation_detail(CONSULT_APPROVED).consultation.status == "scheduled"
        assert any("均未记录" in n.message and "原因保留" in n.message for n in app._notifications)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, AnswerPrompt)
        assert app.screen.query_one("#prompt-input").value == "专家提前会诊"
        await pilot.press("enter")
        await workers_idle(app)
        await pilot.pause()
        form = app.screen
        form.query_one("#c-beyond_means").value = True
        for key, value in {"reason": "大面积脑梗死", "reviewed_by": "赵主任", "consent_by": "患者本人",
                           "patient_sex": "女", "patient_age": "66"}.items():  # as the fixture's ID number says
            form.query_one(f"#f-{key}").value = value
        await pilot.press("ctrl+s")
        await quiet(app, pilot)
        await workers_idle(app)
    consultation = filled.requests.consultation_detail(CONSULT_APPROVED).consultation
    assert (consultation.status, consultation.outcome) == ("completed", "refer_up")
    assert filled.referrals.referral_for_consultation(CONSULT_APPROVED) is not None


async def test_the_downward_form_checks_eligibility_while_typing(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("D")
        await workers_idle(app)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReferralFormScreen) and form.direction == "down"
        form.query_one("#f-diagnosis").value = "慢性胃炎"
        await pilot.pause()
        assert "第5组" in str(form.query_one("#eligibility").render())
        form.query_one("#f-diagnosis").value = "支气管哮喘急性发作"  # issue 24: neither yes nor no
        await pilot.pause()
        said = str(form.query_one("#eligibility").render())
        assert "建议：需医生判断" in said and "待判断：" in said and "未注明程度" in said
        form.query_one("#f-diagnosis").value = "胆囊结石伴胆囊炎"
        await pilot.pause()
        assert "排除条件：限不伴有并发症或伴随症；限非手术（内科）治疗" in str(form.query_one("#eligibility").render())
        form.query_one("#f-diagnosis").value = "冠心病 PCI术后"
        await pilot.pause()
        said = str(form.query_one("#eligibility").render())
        assert "建议：不在下转范围" in said and "不在8个病种之内" in said and "病种清单第1版" in said
        for key, value in {"patient_name": "钱七", "to_unit": "阳谷中心医院", "department": "内科",
                           "receiver_confirmed_by": "阳谷医务科 张主任", "reviewed_by": "心内科 王主任",
                           "follow_up_plan": "阿司匹林 100mg qd", "consent_by": "患者本人"}.items():
            form.query_one(f"#f-{key}").value = value
        await pilot.press("ctrl+s")
        await workers_idle(app)
        await pilot.pause()
        assert "下转依据：" in str(form.query_one("#form-problems").render())  # the advice said no
        form.query_one("#f-downward_basis").value = "经科主任评估病情稳定，接收单位可继续康复"
        form.query_one("#f-opinion").value = "病情稳定转基层继续康复"
        form.query_one("#r-summary").value = True
        await pilot.press("ctrl+s")
        await quiet(app, pilot)
        await workers_idle(app)
        detail = filled.referrals.referral_detail(app.screen.referral_id).referral
        assert detail.downward_basis.startswith("经科主任评估") and detail.consent_by == "患者本人"
        assert (detail.opinion, detail.records_sent_json) == ("病情稳定转基层继续康复", '["病历摘要"]')


async def open_follow_ups(app, pilot):
    """The desk as it opens, then `f`: the follow-up list, read."""
    from referral_desk.screens.follow_ups import FollowUpScreen

    screen = await open_screen(app, pilot, "f")
    assert isinstance(screen, FollowUpScreen)
    await pilot.pause()
    return screen


async def test_the_follow_up_list_records_a_call_with_one_key(app, filled):
    from referral_desk.screens.follow_ups import FollowUpCallScreen

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_follow_ups(app, pilot)
        assert screen.query_one("#follow-up-table").row_count == 2
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpCallScreen)
        await pilot.press("1", *"已回家", "enter")
        await quiet(app, pilot)
        await workers_idle(app)
        await pilot.pause()
        assert [r.referral_id for r in filled.referrals.follow_ups_due()] == [REFERRAL_EMERGENCY]


async def test_the_follow_ups_shown_again_are_read_afresh(app, filled):
    """Issue 25: the desk keeps one follow-up list; shown again, it reads the list anew."""
    from referral_desk.domain.commands import RecordFollowUp

    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_follow_ups(app, pilot)
        await pilot.press("escape")
        done = next(r for r in filled.referrals.follow_ups_due() if r.referral_id != REFERRAL_EMERGENCY)
        filled.execute(RecordFollowUp(follow_up_id=done.follow_up_id, result="recovering", note="已回家"))
        await pilot.press("f")
        assert app.screen is screen  # kept, not built again
        await quiet(app, pilot)
        await pilot.pause()
        assert [r.referral_id for r in screen.rows] == [REFERRAL_EMERGENCY]
        assert screen.query_one("#follow-up-table").row_count == 1


async def open_first_bed(app, pilot) -> str:
    """The beds pane's first row, opened in its details; its id."""
    from referral_desk.screens.details import BedScreen

    await settle(app, pilot)
    await pilot.press("3")
    await pilot.press("enter")
    await workers_idle(app)
    await pilot.pause()
    assert isinstance(app.screen, BedScreen)
    return app.screen.bed_request_id


async def answer_with(app, pilot, key: str, text: str) -> None:
    """A key that asks a question, and the answer typed and sent."""
    from referral_desk.screens.answers import AnswerPrompt

    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, AnswerPrompt)
    app.screen.query_one("#prompt-input").value = text
    await pilot.press("enter")
    await workers_idle(app)
    await pilot.pause()


async def test_a_bed_is_reserved_from_its_details(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        bed_id = await open_first_bed(app, pilot)
        await answer_with(app, pilot, "v", "心内二病区 12床")
        bed = filled.requests.bed_detail(bed_id).bed
        assert (bed.status, bed.ward, bed.bed_no) == ("reserved", "心内二病区", "12")


async def test_a_patient_admitted_before_the_window_is_recorded_with_the_reason_asked(app, filled):
    from referral_desk.screens.details import BedScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await app.push_screen(BedScreen(filled, BED_RESERVED))  # its window opens at 14:00; it is 10:00
        await workers_idle(app)
        await answer_with(app, pilot, "a", "患者提前到院，科室同意收治")
    detail = filled.requests.bed_detail(BED_RESERVED)
    assert detail.bed.status == "admitted"
    assert "原因：患者提前到院，科室同意收治" in detail.timeline[-1].summary


@needs_font
async def test_the_slip_on_screen_writes_its_pdf_on_a5_and_the_export_is_audited(app, filled, tmp_path):
    from referral_desk.screens.referral import GuideSlipScreen

    filled.core.folders = replace(filled.folders, slips=tmp_path / "slips")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await app.push_screen(ReferralScreen(filled, REFERRAL_DOWN))
        await workers_idle(app)
        await pilot.press("g")
        await workers_idle(app)
        await pilot.pause()
        slip = app.screen
        assert isinstance(slip, GuideSlipScreen) and "A4" in slip.query_one("#detail").border_title
        await pilot.press("o")
        await pilot.pause()
        assert "A5" in slip.query_one("#detail").border_title
        await pilot.press("p")
        await workers_idle(app)
        await pilot.pause()
        assert slip.written is not None and slip.written.name.endswith("-A5.pdf") and slip.written.stat().st_size > 1000
        # The slip folder holds slips only: the font face taken out of a .ttc is cached elsewhere (issue 13).
        assert [p.name for p in slip.written.parent.iterdir()] == [slip.written.name]
        timeline = filled.referrals.referral_detail(REFERRAL_DOWN).timeline
        assert timeline[-1].summary.startswith("生成引导单（A5）")


async def test_an_emergency_is_recorded_after_the_admission(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("U")
        await workers_idle(app)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReferralFormScreen) and form.emergency
        for key, value in {"patient_name": "赵六", "from_unit": "阳谷中心医院", "department": "心血管内科",
                           "reason": "急性心梗", "reviewed_by": "值班主任", "admitted_at": "2026-11-23 11:00",
                           "consent_by": "家属 赵红"}.items():
            form.query_one(f"#f-{key}").value = value
        form.query_one("#c-critical").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        errors = str(form.query_one("#form-problems").render())
        assert "入院时间：入院时间不能晚于现在" in errors
        assert "转运方式：必填" in errors and "已通知（转入方）：必填" in errors  # 003 三(一)
        form.query_one("#f-admitted_at").value = "2026-11-23 02:30"
        form.query_one("#f-transport").value = "120救护车"
        form.query_one("#f-notified_to").value = "心内科 值班 刘医生"
        form.query_one("#f-notified_at").value = "2026-11-23 02:10"
        await pilot.press("ctrl+s")
        await quiet(app, pilot)
        await workers_idle(app)
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        detail = filled.referrals.referral_detail(app.screen.referral_id)
        assert detail.referral.emergency and [f.due_date for f in detail.follow_ups] == [TODAY + timedelta(days=5)]
        assert (detail.referral.transport, detail.referral.notified_to) == ("ambulance", "心内科 值班 刘医生")
        assert detail.referral.notified_at == local(2, 10)


def test_a_referrals_bed_stays_in_the_pane_until_reserved_however_far_its_window(filled):
    far = TODAY + timedelta(days=5)
    referral = up_command(window_start=local(8, 0, far), window_end=local(17, 0, far))
    bed = c.CreateBedRequest(referral_id=referral.referral_id, department="神经内科", patient_name="高秀兰",
                             window_start=referral.window_start, window_end=referral.window_end)
    filled.referrals.apply_for_referral(referral, bed)
    assert bed.bed_request_id in [b.bed_request_id for b in filled.panes.beds_to_coordinate()]
    filled.execute(c.ReserveBed(bed_request_id=bed.bed_request_id, ward="神内一病区"))
    assert bed.bed_request_id not in [b.bed_request_id for b in filled.panes.beds_to_coordinate()]


# -- closing a bed request (issue 12, 1) ---------------------------------------------------------------
def _referral_with_bed(filled):
    referral = up_command()
    bed = c.CreateBedRequest(referral_id=referral.referral_id, consultation_id=CONSULT_REFER_UP, department="神经内科",
                             patient_name="高秀兰", window_start=referral.window_start, window_end=referral.window_end)
    filled.referrals.apply_for_referral(referral, bed)
    return referral.referral_id, bed.bed_request_id


@pytest.mark.parametrize("reserve", [False, True], ids=["requested", "reserved"])
def test_cancelling_a_referral_releases_its_bed_in_both_timelines(filled, reserve):
    referral_id, bed_id = _referral_with_bed(filled)
    if reserve:
        filled.execute(c.ReserveBed(bed_request_id=bed_id, ward="神内一病区"))
    with pytest.raises(DomainError, match="取消原因"):
        filled.referrals.cancel_referral(referral_id, "  ")
    applied, released = filled.referrals.cancel_referral(referral_id, "患者放弃转诊")
    assert released == 1 and "患者放弃转诊" in applied.summary
    bed = filled.requests.bed_detail(bed_id)
    assert (bed.bed.status, bed.bed.close_reason) == ("cancelled", "转诊已取消：患者放弃转诊")
    assert "取消床位：转诊已取消：患者放弃转诊" in [t.summary for t in bed.timeline]
    assert any(t.summary == "取消转诊：患者放弃转诊" for t in filled.referrals.referral_detail(referral_id).timeline)
    assert bed_id not in [b.bed_request_id for b in filled.panes.beds_to_coordinate()]


@pytest.mark.parametrize("flag", ["requested", "needs_coordination", "reserved"])
def test_a_bed_can_be_cancelled_or_expired_from_every_open_state_with_a_reason(filled, flag):
    for close in (lambda b: c.CancelBed(bed_request_id=b, reason="患者已转他院"),
                  lambda b: c.ExpireBed(bed_request_id=b, reason="入住时间已过未联系上患者")):
        bed_id = _bed_request(filled)
        if flag == "needs_coordination":
            filled.execute(c.FlagBedCoordination(bed_request_id=bed_id, note="满床"))
        elif flag == "reserved":
            filled.execute(c.ReserveBed(bed_request_id=bed_id, ward="神内一病区"))
        filled.execute(close(bed_id))
        assert bed_id not in [b.bed_request_id for b in filled.panes.beds_to_coordinate()]
    with pytest.raises(ValueError):  # pydantic's ValidationError: a reason is required
        c.ExpireBed(bed_request_id=bed_id, reason="")
    with pytest.raises(DomainError, match="不能改为"):
        filled.execute(c.CancelBed(bed_request_id=bed_id, reason="再取消一次"))


def _bed_request(filled) -> str:
    bed = c.CreateBedRequest(department="神经内科", patient_name="高秀兰", window_start=local(8, 0, TOMORROW),
                             window_end=local(17, 0, TOMORROW))
    filled.execute(bed)
    return bed.bed_request_id


async def test_a_referral_is_cancelled_from_its_screen_and_its_bed_goes_with_it(app, filled):
    from referral_desk.screens.answers import AnswerPrompt

    referral_id, bed_id = _referral_with_bed(filled)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.push_screen(ReferralScreen(filled, referral_id))
        await workers_idle(app)
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, AnswerPrompt)
        await pilot.press("enter")  # a reason is required
        await pilot.pause()
        assert isinstance(app.screen, AnswerPrompt)
        await pilot.press("escape")
        await pilot.pause()
        await answer_with(app, pilot, "x", "患者放弃转诊")
        assert any("床位申请已一并取消" in n.message for n in app._notifications)
        assert filled.requests.bed_detail(bed_id).bed.status == "cancelled"


async def test_a_bed_is_expired_from_its_details_with_a_reason(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        bed_id = await open_first_bed(app, pilot)
        await answer_with(app, pilot, "X", "入住时间已过未联系上患者")
        bed = filled.requests.bed_detail(bed_id).bed
        assert (bed.status, bed.close_reason) == ("expired", "入住时间已过未联系上患者")


async def test_reserving_the_last_kept_bed_of_a_department_says_it_is_used_up(app, filled):
    bed = c.CreateBedRequest(department="呼吸与危重症医学科", patient_name="周梅", window_start=local(15, 0),
                             window_end=local(18, 0))
    filled.execute(bed)  # its 2 kept beds: one already held today
    assert filled.referrals.reserve_used_up(bed.bed_request_id) is None
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        from referral_desk.screens.details import BedScreen

        app.push_screen(BedScreen(filled, bed.bed_request_id))
        await workers_idle(app)
        await pilot.pause()
        await answer_with(app, pilot, "v", "呼吸一病区 3")
        await workers_idle(app)
        await pilot.pause()
        said = [n.message for n in app._notifications if "转诊专用床位" in n.message]
        assert said and "已用完（占用 2/2）" in said[0]
        await pilot.press("escape")
        await workers_idle(app)
        await pilot.pause()
        assert "呼吸与危重症医学科0/2已满" in str(app.dashboard.query_one("#beds").border_subtitle)


def test_the_slip_finds_a_unit_by_the_shorter_name_it_goes_by(filled):
    from referral_desk.domain.search_keys import unit_names_of

    assert unit_names_of("聊城市康复医院（聊城市人民医院分院）") == {
        "聊城市康复医院（聊城市人民医院分院）".replace("（", "(").replace("）", ")"), "聊城市康复医院",
        "聊城市人民医院分院"}
    down = down_command(to_unit="聊城市康复医院")
    filled.execute(down)
    phones = {(p.unit, p.phone) for p in filled.referrals.guide_slip(down.referral_id).phones}
    assert ("聊城市康复医院", None) not in phones  # not 待补充: its number is in 附2 under its full name
    assert any(unit == "聊城市康复医院" and phone for unit, phone in phones)


async def test_the_records_sent_fit_the_form_at_80x24(app, filled):
    """003's three records (病历摘要, 检查资料, 健康档案) are ticked on one row: none is cut at the form's edge."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await app.push_screen(ReferralFormScreen(filled, "down"))
        await workers_idle(app)
        form = app.screen
        box = form.query_one("#r-health")
        box.scroll_visible(animate=False)
        await pilot.pause()
        row = box.parent.region
        assert box.region.right <= row.right and box.region.width >= len("健康档案") * 2


@pytest.mark.parametrize("size, last", [((80, 24), "  · …另有 3 项，改好以上各项后再按 Ctrl+S 查看"),
                                        ((120, 40), "  · 审核人：必填")])
async def test_refusals_past_the_box_say_how_many_more(app, filled, size, last):
    """At 80x24 seven refusals were clipped to four with nothing saying so (issue 25); at 120x40 all seven fit."""
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("D")
        await workers_idle(app)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await workers_idle(app)
        await pilot.pause()
        errors = app.screen.query_one("#form-problems")
        said = str(errors.render()).splitlines()
        assert said[0] == "未提交，请修改：" and said[-1] == last
        assert errors.size.height == len(said)  # every line on screen, inside the box
        assert errors.region.bottom <= app.screen.query_one("#referral-box").content_region.bottom


async def test_a_referrals_footer_offers_only_the_changes_its_state_allows(app, filled):
    """Outside trial: a transferred referral offered t 已转诊 and x 取消转诊 (refused when pressed). Not offered
    now; pressed anyway, the refusal names both states, as a request's answers do."""
    applied = filled.execute(down_command()).entity_id
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await app.push_screen(ReferralScreen(filled, applied))
        await workers_idle(app)
        assert app.screen.check_action("transfer", ()) and app.screen.check_action("cancel_referral", ())
        app.pop_screen()
        await app.push_screen(ReferralScreen(filled, REFERRAL_DOWN))  # transferred nine days ago
        await workers_idle(app)
        screen = app.screen
        assert screen.check_action("transfer", ()) is False and screen.check_action("cancel_referral", ()) is False
        await pilot.press("t")
        await pilot.pause()
        said = [(n.title, n.message) for n in app._notifications if "已转诊" in n.message]
        assert said == [("未记录：已转诊", "转诊当前为「已转诊」，不能改为「已转诊」")]
        assert filled.referrals.referral_detail(REFERRAL_DOWN).referral.status == "transferred"


async def test_an_upward_referral_with_a_bed_offers_no_transfer_and_says_where_admission_is_recorded(app, filled):
    """Outside trial: an upward referral offered t 已转诊, which always answered that admission is recorded in the
    bed's details. Not offered while its bed is open; pressed anyway, it says so."""
    from datetime import timedelta

    from referral_desk.domain import commands as c
    from referral_desk.screens.referral import ADMIT_THROUGH_BED
    from tests.fixtures import TOMORROW, local

    referral = up_command()  # from the consultation completed as 需上转 (CONSULT_REFER_UP)
    filled.referrals.apply_for_referral(referral, c.CreateBedRequest(
        referral_id=referral.referral_id, department="神经内科", patient_name="高秀兰", from_unit="莘县中心医院",
        window_start=local(8, 0, TOMORROW), window_end=local(8, 0, TOMORROW) + timedelta(hours=9)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await app.push_screen(ReferralScreen(filled, referral.referral_id))
        await workers_idle(app)
        assert app.screen.check_action("transfer", ()) is False
        assert "已转诊" not in [k.description for k in app.screen.query_one("DeskFooter").keys]
        await pilot.press("t")
        await pilot.pause()
        assert any(n.message == ADMIT_THROUGH_BED for n in app._notifications)


async def test_once_the_referral_is_made_r_says_it_opens_it(app, filled):
    """Outside trial: `r 申请上转` was still offered once the consultation's referral was made (it opened the
    referral). The footer says 查看上转 then, and `r` opens the referral; the form is not offered again."""
    from referral_desk.screens.details import ConsultationScreen

    def offered() -> list[str]:
        return [a.binding.description for a in app.screen.active_bindings.values()
                if a.binding.show and a.enabled and a.binding.key == "r"]

    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_refer_up_form(app, pilot, filled)
        form.query_one("#c-undiagnosed").value = True
        for field, value in (("reason", "需进一步检查"), ("reviewed_by", "赵主任"), ("consent_by", "患者本人")):
            form.query_one(f"#f-{field}").value = value
        await pilot.press("ctrl+s")
        await quiet(app, pilot)
        await workers_idle(app)
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        await pilot.press("escape")
        await workers_idle(app)
        await pilot.pause()
        assert isinstance(app.screen, ConsultationScreen)
        assert offered() == ["查看上转"]
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        assert app.screen.referral_id == filled.referrals.referral_for_consultation(CONSULT_REFER_UP)


async def test_before_the_referral_is_made_r_offers_its_form(app, filled):
    from referral_desk.screens.details import ConsultationScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await app.push_screen(ConsultationScreen(filled, CONSULT_REFER_UP))
        await workers_idle(app)
        await pilot.pause()
        assert [a.binding.description for a in app.screen.active_bindings.values()
                if a.binding.show and a.enabled and a.binding.key == "r"] == ["申请上转"]


async def test_a_refusal_of_the_criteria_alone_puts_the_cursor_on_their_first_box(app, filled):
    """Outside trial: with only 上转标准 refused, the cursor stayed in 审核人: the refusal names a group of tick
    boxes, which has no field of that name. The cursor goes to the group's first box."""
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_refer_up_form(app, pilot, filled)
        for field, value in (("reason", "需进一步检查"), ("reviewed_by", "赵主任"), ("consent_by", "患者本人")):
            form.query_one(f"#f-{field}").value = value
        form.query_one("#f-reviewed_by").focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "上转标准：请至少勾选一项" in str(form.query_one("#form-problems").render())
        assert app.focused is form.query_one("#c-surgery_level3")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_first_field_to_fill_is_in_view_when_the_form_opens(app, filled, size):
    """Outside trial (H): at 80x24 the form opened with the focus on the first 上转标准 box, below the fold: a
    letter typed went nowhere and a space ticked a criterion nobody saw."""
    async with app.run_test(size=size) as pilot:
        form = await open_refer_up_form(app, pilot, filled)
        await pilot.pause()
        await pilot.pause()
        focused = app.focused
        assert focused is form.query_one("#c-surgery_level3")
        view = form.query_one("#form-fields").region
        assert view.contains_region(focused.region), (view, focused.region)
