"""Issue 24 items 5, 6, 7 and 9: what 003's letter and 004's duties ask the desk to hold, and the
figures 002 and 003 define. A patient without a mainland ID; an urgent patient's ambulance and the
notice to the receiving hospital; outpatient slots kept for referred patients and 优先 in the
department's queue; 诊疗人次 per unit and month and the 转诊率 made from them; upward referrals by
department and diagnosis; 匹配效率."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from referral_desk.domain import commands as c
from referral_desk.domain.errors import DomainError
from referral_desk.domain.identity import IdKind, normalise_patient_id, read_id_kind
from referral_desk.domain.referral import SlotState, read_transport
from referral_desk.domain.referral_form import read_referral
from referral_desk.domain.roster_sheet import Sheet
from referral_desk.domain.statistics import ReferralRecord, VisitCountRecord, compute, main_diagnosis, whole_months
from referral_desk.domain.visit_counts import read_visit_sheets
from referral_desk.screens.referral_form import ReferralFormScreen
from tests.fixtures import NOW, TODAY, TOMORROW, down_command, local, up_command, valid_id_number
from tests.pilot import quiet, settle, workers_idle

TZ = NOW.tzinfo


# -- 9: 身份证号或个人编号 (003) ------------------------------------------------------------------------
@pytest.mark.parametrize(("kind", "typed", "kept"), [
    ("passport", "e1234 5678", "E12345678"),
    ("passport", "ＰＡ１２３４５６７", "PA1234567"),
    ("permit", "h12345678", "H12345678"),
    ("permit", "8312345678", "8312345678"),
    ("personal", "ylb-2026-0042", "YLB-2026-0042"),
])
def test_another_documents_number_is_kept_by_its_shape(kind, typed, kept):
    assert normalise_patient_id(kind, typed) == kept


@pytest.mark.parametrize(("kind", "typed", "words"), [
    ("passport", "E12", "5–20"),
    ("passport", "E1234/5678", "5–20"),
    ("permit", "HK-1234", "通行证号"),
    ("personal", "x", "4–32"),
    ("personal", valid_id_number("37150219680505001"), "证件类型请选“身份证”"),  # would escape its check digit
    ("resident", "371502196805050010", "校验位"),
])
def test_a_number_that_fits_no_document_is_refused_in_words(kind, typed, words):
    with pytest.raises(DomainError, match=words) as refused:
        normalise_patient_id(kind, typed)
    assert refused.value.field == "id_number"


def test_the_forms_word_for_the_document_is_read_and_a_strange_one_named():
    assert [read_id_kind(w) for w in ("", "身份证", "护照", "港澳台", "个人编号", "passport")] == [
        IdKind.RESIDENT, IdKind.RESIDENT, IdKind.PASSPORT, IdKind.PERMIT, IdKind.PERSONAL, IdKind.PASSPORT]
    with pytest.raises(DomainError, match="证件类型应为") as refused:
        read_id_kind("驾照")
    assert refused.value.field == "patient_id_kind"


def _form(**typed) -> dict[str, str]:
    return {"patient_name": "John Smith", "from_unit": "莘县中心医院", "to_unit": "聊城市人民医院",
            "department": "神经内科", "reason": "需进一步诊治", "reviewed_by": "赵主任", "consent_by": "患者本人",
            "window": f"{TOMORROW} 08:00 ~ {TOMORROW} 17:00", **typed}


def _read(form, **kw):
    args = dict(direction="up", emergency=False, consultation_id=None, criteria=["beyond_means"], stable_rehab=False,
                request_bed=False, department_phone=None, tz=TZ, now=NOW)
    return read_referral(form, **{**args, **kw})


def test_a_patient_without_a_mainland_id_is_referred_with_a_passport_and_no_sex_is_inferred():
    result = _read(_form(patient_id_kind="护照", patient_id_number="e12345678", patient_sex="男"))
    assert not result.errors, result.errors
    r = result.referral
    assert (r.patient_id_kind, r.patient_id_number, r.patient_sex) == ("passport", "E12345678", "男")
    # A resident ID still states the sex, and a contradiction is still refused.
    result = _read(_form(patient_id_number=valid_id_number("37150219680505001"), patient_sex="女"))
    assert "与身份证号不符" in result.errors["patient_sex"]
    result = _read(_form(patient_id_kind="军官证", patient_id_number="123456"))
    assert "证件类型应为" in result.errors["patient_id_kind"] and "patient_id_number" not in result.errors


def test_the_slip_names_the_document_and_asks_for_it(filled):
    referral = up_command(consultation_id=None, emergency=True, admitted_at=NOW - timedelta(hours=2),
                          window_start=None, window_end=None, patient_id_kind="permit",
                          patient_id_number="H12345678")
    filled.execute(referral)
    slip = filled.referrals.guide_slip(referral.referral_id)
    lines = slip.text_lines()
    assert "通行证号：*********" in lines  # a short number is masked whole
    assert not any(line.startswith("身份证号") for line in lines)
    # A booked one asks the patient to bring the document the number is from.
    booked = down_command(stable_rehab=True, patient_id_kind="passport", patient_id_number="E12345678")
    filled.execute(booked)
    assert "和患者护照" in filled.referrals.guide_slip(booked.referral_id).bring


def test_the_handler_checks_the_number_against_its_document_too(filled):
    """A pushed command is judged again: a resident ID with a wrong check digit under 'resident' is refused
    by the same handler the server runs."""
    with pytest.raises(DomainError, match="校验位"):
        filled.execute(up_command(consultation_id=None, emergency=True, admitted_at=NOW - timedelta(hours=1),
                                  patient_id_number="371502196805050010"))
    with pytest.raises(ValidationError):
        up_command(patient_id_kind="driving_licence")


# -- 6: an urgent patient's transport and the notice (003 三(一)) -----------------------------------
def test_an_urgent_referral_needs_the_transport_and_who_was_told():
    result = _read(_form(), criteria=["critical"])
    assert "必填" in result.errors["transport"] and "必填" in result.errors["notified_to"]
    result = _read(_form(transport="救护车", notified_to="神经内科 值班医生"), criteria=["critical"])
    assert not result.errors
    r = result.referral
    assert (r.transport, r.notified_to, r.notified_at) == ("ambulance", "神经内科 值班医生", NOW)  # empty: now
    # A referral that is not urgent asks for neither.
    assert not _read(_form()).errors
    # A time in the future, or one that is not a time, is named.
    result = _read(_form(transport="自行", notified_to="王医生", notified_at=f"{TOMORROW} 08:00"),
                   criteria=["critical"])
    assert result.errors == {"notified_at": "通知时间不能晚于现在"}
    result = _read(_form(transport="马车", notified_to="王医生"), criteria=["critical"])
    assert "转运方式应为" in result.errors["transport"]


@pytest.mark.parametrize(("typed", "kind"), [("救护车", "ambulance"), ("120", "ambulance"),
                                             ("救护车，医护人员护送", "ambulance_escorted"), ("陪护", "escorted"),
                                             ("家属陪同", "escorted"), ("医护护送", "ambulance_escorted"),
                                             ("120救护车医护陪同", "ambulance_escorted"),
                                             ("自行前往", "self"), ("", None)])
def test_the_transport_is_read_from_the_words_an_operator_types(typed, kind):
    assert (read_transport(typed) or None) == (kind and read_transport(kind))


def test_the_notice_is_on_the_slip_and_in_the_timeline_at_the_time_it_was_given(filled):
    told = NOW - timedelta(hours=3)
    referral = up_command(consultation_id=None, emergency=True, admitted_at=NOW - timedelta(hours=2),
                          window_start=None, window_end=None, transport="ambulance_escorted",
                          notified_to="心内科 值班 刘医生", notified_at=told)
    filled.execute(referral)
    fields = dict(filled.referrals.guide_slip(referral.referral_id).fields)
    assert fields["转运方式"] == "救护车（医护人员护送）"
    assert fields["已通知转入方"] == f"心内科 值班 刘医生（{told.astimezone(filled.policy.tz):%m-%d %H:%M}）"
    timeline = filled.referrals.referral_detail(referral.referral_id).timeline
    notice = [t for t in timeline if "已通知" in t.summary]
    assert len(notice) == 1 and notice[0].at == told and timeline[0] is notice[0]  # before it was typed in
    with pytest.raises(DomainError, match="通知转入医院的时间不能晚于现在"):
        filled.execute(up_command(consultation_id=None, emergency=True, admitted_at=NOW - timedelta(hours=1),
                                  window_start=None, window_end=None, notified_to="x",
                                  notified_at=NOW + timedelta(hours=1)))


# -- 5: outpatient slots (号源) and 优先 (004; 003 三(三)) ----------------------------------------------
def _outpatient(**change) -> c.CreateReferral:
    return down_command(inpatient=False, reviewed_by="", **change)


def test_slots_are_used_by_the_outpatient_referrals_booked_that_day_and_exhausted_asks_for_a_supervisor(filled):
    unit, department = "阳谷中心医院", "内科"
    assert filled.referrals.slot_state(unit, department, TOMORROW) is None
    filled.referrals.set_slot_reserve(unit, department, slots=2)
    assert filled.referrals.slot_state(unit, department, TOMORROW) == SlotState(unit, department, TOMORROW, 2, 0)
    filled.execute(_outpatient(stable_rehab=True))
    filled.execute(_outpatient(stable_rehab=True))
    # An inpatient one, a cancelled one and another day use none.
    filled.execute(down_command(stable_rehab=True))
    cancelled = _outpatient(stable_rehab=True)
    filled.execute(cancelled)
    filled.referrals.cancel_referral(cancelled.referral_id, "患者改主意")
    later = TOMORROW + timedelta(days=1)
    filled.execute(_outpatient(stable_rehab=True, window_start=local(8, 0, later), window_end=local(17, 0, later)))
    state = filled.referrals.slot_state(unit, department, TOMORROW)
    assert (state.used, state.free, state.exhausted) == (2, 0, True)
    form = {"patient_name": "孙大妈", "from_unit": "聊城市人民医院", "to_unit": unit, "department": department,
            "consent_by": "患者本人", "receiver_confirmed_by": "阳谷医务科", "follow_up_plan": "口服药",
            "follow_up_days": "7", "diagnosis": "慢性浅表性胃炎", "window": f"{TOMORROW} 08:00 ~ {TOMORROW} 11:00"}
    result = _read(form, direction="down", criteria=[], stable_rehab=True, inpatient=False, slot_state=state)
    assert "已用完" in result.errors["slot_override_by"] and result.referral is None
    result = _read({**form, "slot_override_by": "医务科 李科长"}, direction="down", criteria=[], stable_rehab=True,
                   inpatient=False, slot_state=state)
    assert result.errors == {"slot_override_reason": "加号须写明理由"}
    result = _read({**form, "slot_override_by": "医务科 李科长", "slot_override_reason": "复诊不宜拖延"},
                   direction="down", criteria=[], stable_rehab=True, inpatient=False, slot_state=state)
    assert not result.errors
    filled.execute(result.referral)
    row = filled.referrals.referral_detail(result.referral.referral_id).referral
    assert (row.slot_override_by, row.slot_override_reason) == ("医务科 李科长", "复诊不宜拖延")
    assert filled.referrals.slot_state(unit, department, TOMORROW).used == 3  # shown as it is: over the reserve


def test_a_reserve_as_a_share_rounds_up_and_needs_the_daily_slots(filled):
    filled.referrals.set_slot_reserve("聊城市人民医院", "骨 科", daily_slots=45, percent=10)
    [row] = filled.referrals.slot_reserves()
    assert (row.department, row.reserved_slots, row.daily_slots, row.reserve_percent) == ("骨科", 5, 45, 10)
    with pytest.raises(DomainError, match="每日号源数") as refused:
        filled.referrals.set_slot_reserve("聊城市人民医院", "骨科", percent=10)
    assert refused.value.field == "daily_slots"
    with pytest.raises(ValidationError):
        filled.referrals.set_slot_reserve("聊城市人民医院", "骨科", slots=-1)
    with pytest.raises(DomainError, match="编号与单位、科室不符"):
        filled.execute(c.SetSlotReserve(slot_reserve_id="x", unit="聊城市人民医院", department="骨科",
                                        reserved_slots=1))


def test_the_departments_queue_puts_referred_patients_marked_priority_first(filled):
    booked = [("常规早", False, 8), ("优先晚", True, 10), ("优先早", True, 9), ("常规晚", False, 11)]
    for name, priority, hour in booked:
        filled.execute(_outpatient(stable_rehab=True, patient_name=name, priority=priority,
                                   window_start=local(hour, 0, TOMORROW), window_end=local(17, 0, TOMORROW)))
    queue = [r.patient_name for r in filled.referrals.department_queue("内 科", TOMORROW, unit="阳谷中心医院")]
    assert queue == ["优先早", "优先晚", "常规早", "常规晚"]
    assert filled.referrals.department_queue("内科", TOMORROW) == []  # the city hospital's 内科 is another queue


async def test_the_downward_form_shows_the_receiving_units_slots_not_the_city_departments(app, filled):
    """Issue 24 item 5: a downward form to 阳谷's 内科 showed the city hospital's 内科 beds."""
    filled.referrals.set_slot_reserve("阳谷中心医院", "内科", slots=1)
    filled.execute(_outpatient(stable_rehab=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("D")
        await workers_idle(app)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReferralFormScreen)
        form.query_one("#f-to_unit").value = "阳谷中心医院"
        form.query_one("#f-department").value = "内科"
        form.query_one("#f-window").value = f"{TOMORROW} 08:00 ~ {TOMORROW} 11:00"
        form.query_one("#f-outpatient").value = True
        await pilot.pause()
        await workers_idle(app)  # the slots are read in a worker
        await pilot.pause()
        assert "转入单位的床位由其自行安排" in str(form.query_one("#quota").render())
        slots = str(form.query_one("#slots").render())
        assert "内科 门诊号源" in slots and "预留 1 个，已用 1，余 0" in slots and "须督导批准加号" in slots
        assert form.query_one("#f-slot_override_by").parent.display
        form.query_one("#f-outpatient").value = False  # an inpatient referral uses no outpatient slot
        await pilot.pause()
        await workers_idle(app)
        await pilot.pause()
        assert not form.query_one("#f-slot_override_by").parent.display


# -- 7: 诊疗人次, 转诊率, by department and diagnosis, 匹配效率 ------------------------------------------
def test_whole_months_are_the_ones_lying_wholly_in_the_period():
    assert whole_months(date(2026, 1, 1), date(2026, 3, 31)) == ["2026-01", "2026-02", "2026-03"]
    assert whole_months(date(2026, 1, 2), date(2026, 3, 30)) == ["2026-02"]
    assert whole_months(date(2026, 12, 6), date(2026, 12, 6)) == []
    assert len(whole_months(date(2025, 12, 7), date(2026, 12, 6))) == 11


def _up(unit: str, day: date, status: str = "applied", **kw) -> ReferralRecord:
    data = dict(id=f"{unit}{day}{status}", direction="up", requested_day=day, transferred_day=None, unit=unit,
                department="神经内科", inpatient=True, status=status, emergency=False, bed_reserved_before_window=None,
                bed_hours_to_reserve=None)
    return ReferralRecord(**{**data, **kw})


def test_the_referral_rate_is_referrals_over_visits_for_units_that_entered_every_month():
    referrals = [_up("阳谷中心医院", date(2026, 10, 3)), _up("阳谷中心医院", date(2026, 11, 9), "transferred"),
                 _up("阳谷中心医院", date(2026, 11, 10), "cancelled"),
                 _up("阳谷中心医院", date(2026, 11, 11), "no_show"),
                 _up("莘县中心医院", date(2026, 11, 2)), _up("冠县人民医院", date(2026, 10, 5))]
    visits = [VisitCountRecord("阳谷中心医院", "2026-10", 300), VisitCountRecord("阳谷中心医院", "2026-11", 100),
              VisitCountRecord("莘县中心医院", "2026-11", 50)]  # 莘县 lacks October
    stats = compute(date(2026, 10, 1), date(2026, 11, 30), [], referrals, [], 0, date(2026, 12, 6), visits)
    assert stats.summary["health_referral_rate"] == 2 / 400
    assert [(r.unit, r.referrals, r.visits) for r in stats.rate_by_unit] == [("阳谷中心医院", 2, 400)]
    assert stats.rate_missing == ["冠县人民医院", "莘县中心医院"]
    assert stats.rate_note == "2026-10 至 2026-11，1 个单位；2 个有转诊的单位未录齐，未计入"
    # A period with no whole month, or no unit complete, is not available: never another ratio.
    for first, last in ((date(2026, 11, 2), date(2026, 11, 30)), (date(2026, 9, 1), date(2026, 11, 30))):
        stats = compute(first, last, [], referrals, [], 0, date(2026, 12, 6), visits)
        assert stats.summary["health_referral_rate"] is None
    assert "不含整月" in compute(date(2026, 11, 2), date(2026, 11, 30), [], referrals, [], 0, TODAY, visits).rate_note


def test_upward_referrals_are_counted_by_department_and_first_diagnosis_and_matched_in_their_window():
    day = date(2026, 11, 3)
    referrals = [_up("a", day, "transferred", id="1", department="心血管内科", disease="急性心肌梗死",
                     arrived_in_window=True, hours_to_transfer=20.0),
                 _up("a", day, "transferred", id="2", department="心血管内科", disease="急性心肌梗死",
                     arrived_in_window=False, hours_to_transfer=60.0),
                 _up("a", day, "cancelled", id="3", department="神经内科", disease="脑梗死"),
                 _up("a", day, "applied", id="4", department="神经内科", disease="脑梗死"),
                 _up("a", day, "transferred", id="5", emergency=True, department="心血管内科", disease="急性心肌梗死",
                     arrived_in_window=True, hours_to_transfer=-1.0)]
    stats = compute(day, day, [], referrals, [], 0, day)
    assert [(d.key, d.applied, d.transferred) for d in stats.up_by_department] == [
        ("心血管内科", 3, 3), ("神经内科", 2, 0)]
    assert [(d.key, d.applied, d.transferred) for d in stats.up_by_disease] == [
        ("急性心肌梗死", 3, 3), ("脑梗死", 2, 0)]
    # 匹配效率: of the closed, booked ones (the emergency is left out), arrived within the booked window.
    assert stats.summary["match_rate"] == 1 / 3 and stats.summary["match_hours"] == 40.0


@pytest.mark.parametrize(("written", "main"), [
    ("急性心肌梗死（前壁）伴心力衰竭", "急性心肌梗死"), ("脑梗死，高血压3级", "脑梗死"),
    ("胆囊结石合并胆管炎", "胆囊结石"),
    ("COPD急性加重?", "COPD急性加重"), ("", "未写诊断"), ("  ", "未写诊断"), ("(待查)", "未写诊断"),
    ("肺部阴影待排", "肺部阴影"), ("发热及时处理后", "发热及时处理后"),
])
def test_the_first_diagnosis_is_what_was_written_first(written, main):
    assert main_diagnosis(written) == main


def test_visit_counts_are_read_from_a_sheet_and_every_wrong_row_named():
    header = ["序号", "医联体单位", "月份", "诊疗人次"]
    sheet = Sheet("十一月", [["各单位诊疗人次"], header, [1, "阳谷中心医院", "2026-11", "12,000"],
                           [2, "莘县中心医院", date(2026, 11, 1), 800.0], [3, "", None, None],
                           [4, "阳谷中心医院", "2026年11月", 5], [5, "冠县人民医院", "2026-13", 5],
                           [6, "东阿县人民医院", "2026-11", "-3"], [7, "=HYPERLINK(1)", "2026-11", 1],
                           [8, "不存在的医院", "2026-11", 1]])
    rows, problems = read_visit_sheets([sheet], known=lambda u: u != "不存在的医院")
    assert rows[:2] == [("阳谷中心医院", "2026-11", 12000), ("莘县中心医院", "2026-11", 800)]
    assert problems == [
        "「十一月」第6行：阳谷中心医院 2026-11 已在「十一月」第3行出现过",
        "「十一月」第7行 月份：月份应写作 YYYY-MM（如 2026-12），收到「2026-13」",
        "「十一月」第8行 诊疗人次：应为 0–10,000,000 的整数，收到「-3」",
        "「十一月」第9行 单位：应为 1–80 个字、无控制字符、不以 = + - @ 开头，收到「=HYPERLINK(1)」",
        "「十一月」第10行 单位：通讯录中没有「不存在的医院」（请用附2的单位名称）",
    ]
    assert read_visit_sheets([Sheet("x", [["a", "b"]])])[1] == ["没有找到表头为 单位、月份、诊疗人次 的表格"]


def test_visit_counts_from_the_command_line_are_all_saved_or_none(db, tmp_path, capsys):
    from tests.commandline import run

    good = tmp_path / "visits.csv"
    good.write_text("单位,月份,诊疗人次\n阳谷中心医院,2026-10,300\n阳谷中心医院,2026-11,100\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("单位,月份,诊疗人次\n莘县中心医院,2026-10,50\n莘县中心医院,2026-11,五十\n", encoding="gbk")
    code, _out, err = run(["visits", "import", str(bad), "--db", db], capsys)
    assert code == 1 and "第3行 诊疗人次" in err
    code, out, _err = run(["visits", "list", "--db", db], capsys)
    assert "尚未录入" in out  # the good row of the bad file was not kept
    assert run(["visits", "import", str(good), "--db", db], capsys)[0] == 0
    code, out, _err = run(["visits", "set", "阳谷中心医院", "2026-11", "120", "--db", db], capsys)
    assert code == 0 and "（原为100）" in out
    code, out, _err = run(["visits", "list", "--db", db], capsys)
    assert out.splitlines() == ["2026-10\t阳谷中心医院\t300", "2026-11\t阳谷中心医院\t120"]
    with pytest.raises(SystemExit) as refused:
        run(["visits", "set", "阳谷中心医院", "2026-11", "1e9", "--db", db], capsys)
    assert refused.value.code == 2 and "整数" in capsys.readouterr().err


def test_slots_and_the_queue_from_the_command_line(db, capsys):
    from tests.commandline import run

    code, out, _err = run(["slots", "set", "聊城市人民医院", "骨科", "--share", "10%", "--db", db], capsys)
    assert code == 1
    code, out, _err = run(["slots", "set", "聊城市人民医院", "骨科", "--share", "10%", "--daily-slots", "45",
                           "--db", db], capsys)
    assert code == 0 and "每日5个（每日45个的10%）" in out
    code, out, _err = run(["slots", "list", "--db", db], capsys)
    assert "聊城市人民医院\t骨科\t每日预留 5（每日45个的10%）" in out
    code, out, _err = run(["department", "queue", "神经内科", "--db", db], capsys)
    assert code == 0 and "转诊患者" in out and "优先在前" in out


# -- sync: the new records travel like every other -----------------------------------------------
def test_visit_counts_slots_and_the_letters_fields_reach_the_other_desks(central, desks):
    from tests.sync_desks import seed_and_sync

    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    a.service.reports.record_visit_counts([("阳谷中心医院", "2026-11", 100)], source="test")
    a.service.referrals.set_slot_reserve("聊城市人民医院", "神经内科", slots=3)
    referral = up_command(consultation_id=None, emergency=True, admitted_at=NOW - timedelta(hours=2),
                          window_start=None, window_end=None, transport="ambulance", notified_to="神内 值班",
                          notified_at=NOW - timedelta(hours=3), patient_id_kind="passport",
                          patient_id_number="E12345678", priority=False)
    a.service.execute(referral)
    assert a.sync().pushed == {"applied": 3}
    b.sync()
    assert [(r.unit, r.month, r.visits)
            for r in b.service.reports.visit_count_records(date(2026, 11, 1), date(2026, 11, 30))] \
        == [("阳谷中心医院", "2026-11", 100)]
    assert [(r.unit, r.department, r.reserved_slots) for r in b.service.referrals.slot_reserves()] == [
        ("聊城市人民医院", "神经内科", 3)]
    row = b.service.referrals.referral_detail(referral.referral_id).referral
    assert (row.transport, row.notified_to, row.patient_id_kind, row.patient_id_number, row.priority) == (
        "ambulance", "神内 值班", "passport", "E12345678", False)
    # Two desks correcting the same unit's month meet as versions of one row, not as two rows.
    b.service.reports.record_visit_counts([("阳谷中心医院", "2026-11", 110)])
    b.sync()
    a.sync()
    assert [r.visits for r in a.service.reports.visit_count_records(date(2026, 11, 1), date(2026, 11, 30))] == [110]


async def test_a_form_typed_at_the_desk_keeps_the_document_kind(app, filled):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("U")
        await workers_idle(app)
        await pilot.pause()
        form = app.screen
        for key, value in {"patient_name": "John Smith", "patient_id_kind": "护照", "patient_id_number": "e1234567",
                           "from_unit": "阳谷中心医院", "department": "心血管内科", "reason": "急性心梗",
                           "reviewed_by": "值班主任", "admitted_at": f"{TODAY} 02:30", "consent_by": "患者本人",
                           "transport": "救护车", "notified_to": "心内科 值班"}.items():
            form.query_one(f"#f-{key}").value = value
        form.query_one("#c-critical").value = True
        await pilot.press("ctrl+s")
        await quiet(app, pilot)
        await workers_idle(app)
        row = filled.referrals.referral_detail(app.screen.referral_id).referral
        assert (row.patient_id_kind, row.patient_id_number) == ("passport", "E1234567")


def test_a_unit_typed_under_another_of_its_names_is_one_unit_in_the_rate(filled):
    """附2 lists 聊城市康复医院（聊城市人民医院分院）; a referral typed as 聊城市康复医院 is the same unit's."""
    full = filled.directory.directory_unit("聊城市康复医院")
    assert (full == "聊城市康复医院（聊城市人民医院分院）"
            and filled.directory.directory_unit("聊城市人民医院分院") == full)
    assert filled.directory.directory_unit("不存在的医院") is None
    referrals = [_up("聊城市康复医院", date(2026, 10, 3)), _up(full, date(2026, 10, 4))]
    visits = [VisitCountRecord(full, "2026-10", 200)]
    stats = compute(date(2026, 10, 1), date(2026, 10, 31), [], referrals, [], 0, TODAY, visits,
                    filled.reports._unit_of())
    assert [(r.unit, r.referrals, r.visits) for r in stats.rate_by_unit] == [(full, 2, 200)] and not stats.rate_missing
    # Slots kept under the directory's name are found, and used, under the other name too.
    filled.referrals.set_slot_reserve("聊城市人民医院分院", "康复科", slots=1)
    filled.execute(_outpatient(stable_rehab=True, to_unit="聊城市康复医院", department="康复科"))
    state = filled.referrals.slot_state("聊城市康复医院", "康复科", TOMORROW)
    assert (state.unit, state.used, state.exhausted) == (full, 1, True)


def test_the_city_hospital_and_a_month_to_come_have_no_visit_counts(filled):
    """Outside trial: 聊城市人民医院's own visits were accepted and counted in 转诊率; 2027-05 was too."""
    with pytest.raises(DomainError, match="不是医联体单位") as refused:
        filled.reports.record_visit_counts([("聊城市人民医院", "2026-10", 100000)])
    assert refused.value.field == "unit"
    with pytest.raises(DomainError, match="尚未到来") as refused:
        filled.reports.record_visit_counts([("阳谷中心医院", "2026-12", 100)])  # the fixtures' today is in November
    assert refused.value.field == "month"
    assert filled.reports.visit_count_records(date(2026, 1, 1), date(2026, 12, 31)) == []  # neither was kept


def test_a_unit_corrected_under_its_short_name_corrects_the_one_row(filled):
    """Outside trial: a correction typed as 聊城市康复医院 made a second row beside the directory name's."""
    full = "聊城市康复医院（聊城市人民医院分院）"
    filled.reports.record_visit_counts([(full, "2026-10", 8719)])
    [applied] = filled.reports.record_visit_counts([("聊城市康复医院", "2026-10", 5000)])
    assert "（原为8719）" in applied.summary
    assert [(v.unit, v.visits) for v in filled.reports.visit_count_records(date(2026, 10, 1), date(2026, 10, 31))] == [
        (full, 5000)]


def test_an_outpatient_slip_invites_to_the_clinic_not_to_be_admitted(filled):
    referral = _outpatient(stable_rehab=True)
    filled.execute(referral)
    slip = filled.referrals.guide_slip(referral.referral_id)
    fields = dict(slip.fields)
    assert "预约就诊时间（门诊）" in fields and "预约入住时间" not in fields
    assert "门诊就诊" in slip.where and "住院" not in slip.where


def test_slots_for_a_city_department_not_on_the_list_and_a_queue_of_an_unknown_unit_are_refused(db, capsys):
    from tests.commandline import run

    code, _out, err = run(["slots", "set", "聊城市人民医院", "心血管内", "--slots", "2", "--db", db], capsys)
    assert code == 1 and "接收科室中没有「心血管内」" in err and "心血管内科" in err
    code, _out, err = run(["department", "queue", "神经内科", "--unit", "阳谷", "--db", db], capsys)
    assert code == 1 and "通讯录中没有单位「阳谷」" in err
    code, _out, err = run(["department", "queue", "不存在科", "--db", db], capsys)
    assert code == 1 and "接收科室中没有「不存在科」" in err
