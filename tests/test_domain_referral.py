"""Referral rules: downward eligibility for each DRG group and its near misses, windows, follow-ups,
quotas, the upward criteria."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from referral_desk.data import drg_group_seeds
from referral_desk.domain.downward import Group, check_downward
from referral_desk.domain.errors import DomainError
from referral_desk.domain.referral import (
    WindowRule,
    check_up_referral,
    default_window,
    follow_up_dates,
    free_quota,
    parse_follow_up_days,
    parse_window,
)
from tests.fixtures import SHANGHAI

GROUPS = [Group(g.code, g.name, g.diagnoses) for g in drg_group_seeds()]


@pytest.mark.parametrize("diagnosis, code", [
    ("溃疡性结肠炎（轻度）", 1),
    ("胆囊结石伴胆囊炎", 2),
    ("咳嗽变异性哮喘", 3),
    ("急性化脓性扁桃体炎 不伴并发症", 4),
    ("慢性萎缩性胃炎", 5),
    ("癫痫样发作", 6),
    ("胃肠功能紊乱", 7),
    ("幼年型类风湿性关节炎", 8),
])
def test_each_group_is_matched_by_a_diagnosis_it_names(diagnosis, code):
    verdict = check_downward(diagnosis, GROUPS)
    assert verdict.eligible and verdict.group.code == code
    assert f"第{code}组" in verdict.summary()


@pytest.mark.parametrize("diagnosis, why", [
    ("溃疡性结肠炎（重度）", "第1组限非重度"),
    ("胆总管结石伴胆管炎，伴有并发症", "第2组限不伴有并发症"),
    ("胆囊结石伴胆囊炎 术后", "第2组限非手术"),
    ("类风湿性关节炎 严重并发症", "第8组"),
    ("胃癌", "诊断不在8个病种之内"),
    ("哮喘", "诊断不在8个病种之内"),  # the group names 支气管哮喘, not asthma of any kind
    ("", "请填写诊断"),
])
def test_near_misses_say_why_not(diagnosis, why):
    verdict = check_downward(diagnosis, GROUPS)
    assert not verdict.eligible and why in verdict.reason


def test_a_stable_patient_is_eligible_without_a_group_and_warnings_stay():
    verdict = check_downward("脑梗死恢复期", GROUPS, stable_rehab=True)
    assert verdict.eligible and verdict.group is None and "000 三(1)" in verdict.summary()
    assert check_downward("肺结核", GROUPS, stable_rehab=True).warnings == (
        "依据法律法规可能需转入专业防治机构诊治（001 附件 三(二)）",)
    assert "急危重症" in check_downward("慢性胃炎 合并休克", GROUPS).warnings[0]


def test_full_width_text_and_spaces_match():
    assert check_downward("慢性 浅表性 胃炎", GROUPS).group.code == 5


def test_windows():
    start, end = default_window(date(2026, 11, 23), WindowRule(1, 2), SHANGHAI)
    assert (start, end) == (datetime(2026, 11, 24, 8, 0, tzinfo=SHANGHAI), datetime(2026, 11, 25, 17, 0, tzinfo=SHANGHAI))
    assert parse_window("２０２６-11-24 08:00 ～ 17:00", SHANGHAI)[1] == datetime(2026, 11, 24, 17, 0, tzinfo=SHANGHAI)
    for bad, words in [("明天上午", "应写作"), ("2026-11-24 18:00 ~ 08:00", "结束须晚于开始"),
                       ("2026-02-30 08:00 ~ 17:00", "不存在")]:
        with pytest.raises(DomainError, match=words):
            parse_window(bad, SHANGHAI)


def test_follow_up_plans():
    assert parse_follow_up_days("30，7、7天") == (7, 30)
    assert follow_up_dates(date(2026, 11, 23), (5,)) == [date(2026, 11, 28)]
    for bad in ("", "0", "七天", "400"):
        with pytest.raises(DomainError):
            parse_follow_up_days(bad)


def test_quota_never_goes_below_zero():
    assert (free_quota(3, 1), free_quota(2, 5)) == (2, 0)


def test_upward_referral_needs_the_consultation_the_criteria_and_the_review():
    ok = dict(consultation_status="completed", outcome="refer_up", emergency=False, criteria=["critical"],
              reason="病情危重", reviewed_by="周主任")
    check_up_referral(**ok)
    for change, words in [({"outcome": "treatment_plan"}, "未以「需上转」完成"),
                          ({"consultation_status": None, "outcome": None}, "急诊补录"),
                          ({"criteria": []}, "至少勾选"), ({"criteria": ["magic"]}, "未知的上转标准"),
                          ({"reason": " "}, "上转理由"), ({"reviewed_by": ""}, "科主任或医疗组长")]:
        with pytest.raises(DomainError, match=words):
            check_up_referral(**{**ok, **change})
    check_up_referral(**{**ok, "consultation_status": None, "outcome": None, "emergency": True})


def test_the_referral_form_names_every_bad_patient_field_as_the_booking_form_does():
    from datetime import datetime

    from referral_desk.domain.referral_form import read_referral

    result = read_referral(
        {"patient_name": "王五", "patient_sex": "M", "patient_age": "200", "patient_id_number": "371502196001010010",
         "patient_phone": "12", "from_unit": "聊城市人民医院", "to_unit": "阳谷中心医院", "department": "内科",
         "receiver_confirmed_by": "医务科", "follow_up_plan": "复诊", "follow_up_days": "7",
         "window": "2026-11-24 08:00 ~ 17:00"},
        direction="down", emergency=False, consultation_id=None, criteria=[], stable_rehab=True, request_bed=False,
        department_phone=None, tz=SHANGHAI, now=datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI))
    assert result.referral is None
    assert set(result.errors) == {"patient_sex", "patient_age", "patient_id_number", "patient_phone"}
    assert any(line.startswith("年龄：应为 0–130 的整数") for line in result.lines())
