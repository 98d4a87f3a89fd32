"""Referral rules: windows, follow-ups, quotas, the upward criteria (downward eligibility has its
own table in test_downward.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

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


def test_windows():
    start, end = default_window(date(2026, 11, 23), WindowRule(1, 2), SHANGHAI)
    assert (start, end) == (datetime(2026, 11, 24, 8, 0, tzinfo=SHANGHAI),
                            datetime(2026, 11, 25, 17, 0, tzinfo=SHANGHAI))
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
         "window": "2026-11-24 08:00 ~ 17:00", "reviewed_by": "王主任", "consent_by": "患者本人"},
        direction="down", emergency=False, consultation_id=None, criteria=[], stable_rehab=True, request_bed=False,
        department_phone=None, tz=SHANGHAI, now=datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI))
    assert result.referral is None
    assert set(result.errors) == {"patient_sex", "patient_age", "patient_id_number", "patient_phone"}
    assert any(line.startswith("年龄：应为 0–130 的整数") for line in result.lines())


def test_what_was_typed_is_what_is_kept_and_only_numbers_are_folded():
    """Issue 24 item 10: a full-width ，became an ASCII , in the referral, the slip and the PDF. Text is kept
    as typed; full-width digits are still read as digits where a rule needs them."""
    from datetime import datetime

    from referral_desk.domain.referral_form import read_referral

    result = read_referral(
        {"patient_name": "王五", "patient_sex": "男", "patient_age": "６５岁", "from_unit": "聊城市人民医院",
         "to_unit": "阳谷中心医院", "department": "内科", "diagnosis": "慢性胃炎，Ｈｐ阳性（已根除）",
         "receiver_confirmed_by": "医务科", "follow_up_plan": "奥美拉唑，２０ｍｇ，每日一次",
         "follow_up_days": "７，３０",
         "window": "２０２６－１１－２４ ０８:００ ~ １７:００", "reviewed_by": "王主任", "consent_by": "患者本人",
         "opinion": "建议继续治疗；两周后复诊。"},
        direction="down", emergency=False, consultation_id=None, criteria=[], stable_rehab=True, request_bed=False,
        department_phone=None, tz=SHANGHAI, now=datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI))
    assert result.referral is not None, result.lines()
    r = result.referral
    assert r.diagnosis == "慢性胃炎，Ｈｐ阳性（已根除）" and r.follow_up_plan == "奥美拉唑，２０ｍｇ，每日一次"
    assert r.opinion == "建议继续治疗；两周后复诊。"
    assert r.patient_age == 65 and r.follow_up_days == [7, 30]
