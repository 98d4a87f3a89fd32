from __future__ import annotations

import re
from datetime import UTC, date, timedelta

import pytest
from pydantic import ValidationError

from referral_desk.domain import commands
from referral_desk.domain.bed import BED_TRANSITIONS, BedStatus, check_bed_transition, format_until, needs_coordination
from referral_desk.domain.errors import DomainError, IllegalTransition
from referral_desk.domain.identity import (
    id_check_char,
    mask_id_number,
    mask_phone,
    normalise_id_number,
    normalise_phone,
)
from referral_desk.domain.roster import check_booking, check_duty_title
from referral_desk.domain.search_keys import pinyin_initials, query_terms, search_key
from referral_desk.domain.service_hours import ServiceHours, parse_periods
from tests.fixtures import SHANGHAI, local

B = BedStatus
BED_LEGAL = {
    (B.REQUESTED, B.RESERVED), (B.REQUESTED, B.NEEDS_COORDINATION), (B.NEEDS_COORDINATION, B.RESERVED),
    (B.RESERVED, B.ADMITTED), (B.RESERVED, B.NO_SHOW), (B.RESERVED, B.CANCELLED),
    # Every open state closes with a reason (issue 12): cancelled, or expired when its window passed unused.
    (B.REQUESTED, B.CANCELLED), (B.REQUESTED, B.EXPIRED), (B.NEEDS_COORDINATION, B.CANCELLED),
    (B.NEEDS_COORDINATION, B.EXPIRED), (B.RESERVED, B.EXPIRED),
}


@pytest.mark.parametrize(("current", "target"), [(a, b) for a in B for b in B])
def test_bed_transitions(current, target):
    if (current, target) in BED_LEGAL:
        assert check_bed_transition(current.value, target.value) is target
    else:
        with pytest.raises(IllegalTransition, match=f"「{current.label}」，不能改为「{target.label}」") as err:
            check_bed_transition(current.value, target.value)
        assert (err.value.current, err.value.target) == (current.value, target.value)
    assert {(a, b) for a, ts in BED_TRANSITIONS.items() for b in ts} == BED_LEGAL


def test_needs_coordination_when_window_is_near():
    now, horizon = local(10, 0), timedelta(hours=24)
    assert needs_coordination("requested", now + timedelta(hours=23), now, horizon)
    assert needs_coordination("requested", now + timedelta(hours=24), now, horizon)
    assert not needs_coordination("requested", now + timedelta(hours=25), now, horizon)
    assert needs_coordination("requested", now - timedelta(hours=1), now, horizon)
    assert needs_coordination("needs_coordination", now + timedelta(days=9), now, horizon)
    assert not needs_coordination("reserved", now + timedelta(hours=1), now, horizon)
    assert not needs_coordination("requested", now + timedelta(hours=3), now, timedelta(hours=2))


def test_time_until_window():
    now = local(10, 0)
    assert format_until(now + timedelta(hours=3, minutes=20), now) == "3小时20分"
    assert format_until(now + timedelta(minutes=7), now) == "7分钟"
    assert format_until(now - timedelta(hours=1, minutes=5), now) == "已开始 1小时05分"
    assert format_until(now + timedelta(days=2, hours=1), now) == "2天1小时"


def test_service_hours_default_and_parsing():
    hours = ServiceHours()
    assert hours.label() == "08:00-12:00、13:30-23:00"
    assert hours.contains(local(8, 0), SHANGHAI) and not hours.contains(local(12, 0), SHANGHAI)
    assert not hours.contains(local(13, 0), SHANGHAI) and hours.contains(local(22, 59), SHANGHAI)
    assert hours.slot_allowed(local(14, 0), local(14, 30), SHANGHAI)
    assert not hours.slot_allowed(local(11, 45), local(13, 45), SHANGHAI)
    assert not hours.slot_allowed(local(14, 30), local(14, 0), SHANGHAI)
    with pytest.raises(ValueError, match="重叠"):
        parse_periods("08:00-12:00,11:00-13:00")
    with pytest.raises(ValueError, match="HH:MM"):
        parse_periods("8点-12点")


# GB 11643 examples: the check character is computed over the first 17 digits.
@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014", "37150219800101123X"])
def test_valid_id_numbers(number):
    assert normalise_id_number(number) == number


def test_id_number_normalised_from_full_width_and_lower_x():
    assert normalise_id_number("１１０１０５１９４９１２３１００２x") == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("110105194912310021", "校验位错误：应为 X"),
        ("11010519491331002X", "出生日期"),
        ("1101051949123100", "18位"),
        ("11010519491231002Y", "18位"),
    ],
)
def test_invalid_id_numbers_say_why(number, message):
    with pytest.raises(DomainError, match=message):
        normalise_id_number(number)


def test_check_char_and_masking():
    assert id_check_char("11010519491231002") == "X"
    assert mask_id_number("37150219800101123X") == "371502********123X"
    assert mask_id_number(None) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("133 4625 2918", "13346252918"),
        ("+86 133-4625-2918", "13346252918"),
        ("0635-8273113", "0635-8273113"),
        ("06358273113", "0635-8273113"),
        ("（0635）8273113", "0635-8273113"),
        ("010-12345678", "010-12345678"),
        ("１３３４６２５２９１８", "13346252918"),
    ],
)
def test_phone_normalised(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize("raw", ["8273113", "1334625291", "12345678901", "0635-82a3113", "待补充"])
def test_bad_phones_refused(raw):
    with pytest.raises(DomainError, match="电话号码"):
        normalise_phone(raw)


def test_phone_masking():
    assert mask_phone("13346252918") == "133****2918"
    assert mask_phone("0635-8273113") == "0635-***3113"


def test_pinyin_keys_cover_chinese_full_and_initials():
    key = search_key("阳谷中心医院", "医务科岳主任")
    for q in ("阳谷", "yanggu", "ygzx", "ywk", "岳主任"):
        assert query_terms(q)[0] in key
    assert pinyin_initials("莘县中心医院") == "sxzxyy"  # 莘县 reads shēn, not xīn


def test_query_terms_detect_numbers():
    assert query_terms("0635-827") == ("0635827", True)
    assert query_terms(" YGZX ") == ("ygzx", False)
    assert query_terms("８２７") == ("827", True)


def test_duty_titles():
    assert check_duty_title("副主任医师") == "副主任医师"
    # A bare rank is resolved from the person's full title elsewhere, never guessed (issue 24).
    assert check_duty_title("主任", resolved_by="主任中医师") == "主任中医师"
    for bare in ("主任", "副高", "正高", "副主任"):
        with pytest.raises(DomainError, match="未写明系列"):
            check_duty_title(bare)
    with pytest.raises(DomainError, match="未写明系列"):
        check_duty_title("副高", resolved_by="主任医师")  # another rank: not this person's title
    with pytest.raises(DomainError, match="未写明系列"):
        check_duty_title("主任", resolved_by="主任护师")
    with pytest.raises(DomainError, match="副主任医师及以上"):
        check_duty_title("主治医师")
    with pytest.raises(DomainError, match="无法识别"):
        check_duty_title("教授")  # a teaching title alone does not say who may hold duty


@pytest.mark.parametrize(("written", "canonical"), [
    ("主任中医师", "主任中医师"), ("副主任中医师", "副主任中医师"), ("主任中西医结合医师", "主任中西医结合医师"),
    ("副主任中西医结合医师", "副主任中西医结合医师"), ("主任医师、教授", "主任医师"),
    ("副主任医师/硕士生导师", "副主任医师"), ("副主任 医师", "副主任医师"),
])
def test_every_physician_title_at_or_above_the_associate_chief_holds_duty(written, canonical):
    assert check_duty_title(written) == canonical


@pytest.mark.parametrize("written", ["主任药师", "副主任护师", "主任技师", "副主任中药师", "主任护师、教授"])
def test_other_series_do_not_give_consultations_whatever_their_rank(written):
    """000 一: 市医院医师, 副高及以上: a 主任护师 is senior, but not a 医师 (issue 24)."""
    with pytest.raises(DomainError, match="不是医师职称"):
        check_duty_title(written)


@pytest.mark.parametrize("written", ["主治中医师", "中医师", "主管药师", "主管护师", "主管技师", "住院医师",
                                     "主治医师、副教授", "医士"])
def test_titles_below_the_associate_chief_do_not(written):
    with pytest.raises(DomainError, match="副主任医师及以上"):
        check_duty_title(written)


def test_booking_only_the_specialist_on_duty():
    day = date(2026, 11, 23)
    check_booking(specialist_id="a", on_duty_specialist_id="a", specialty_name="骨科", day=day)
    with pytest.raises(DomainError, match="只能预约当天值班的医师"):
        check_booking(specialist_id="b", on_duty_specialist_id="a", specialty_name="骨科", day=day)
    with pytest.raises(DomainError, match="无人值班"):
        check_booking(specialist_id="b", on_duty_specialist_id=None, specialty_name="骨科", day=day)


@pytest.mark.parametrize("query, score", [("tj", 1.0), ("TJYBB", 1.0), ("tongji", 0.9), ("baobiao", 0.6),
                                          ("bb", 0.6), ("tx", 0.0), ("统计", 0.0), ("", 0.0), ("t j", 1.0)])
def test_a_command_is_found_by_the_pinyin_of_its_title(query, score):
    from referral_desk.domain.search_keys import pinyin_score

    assert pinyin_score(query, "统计与报表 (s)") == score


def test_a_missing_roster_for_next_month_is_pointed_out_from_the_25th():
    from referral_desk.domain.roster import next_month, next_month_notice

    assert next_month(date(2026, 12, 31)) == date(2027, 1, 1) and next_month(date(2027, 1, 31)) == date(2027, 2, 1)
    assert next_month_notice(date(2026, 11, 24), False) is None
    assert next_month_notice(date(2026, 11, 25), False) == "12月排班未导入"
    assert next_month_notice(date(2026, 12, 31), False) == "1月排班未导入"
    assert next_month_notice(date(2026, 11, 30), True) is None


# -- issue 13: whom to ring, short unit names, the panes' filter ------------------------------------
def _bed(**overrides):
    from datetime import datetime

    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    row = dict(status="requested", window_start=now + timedelta(hours=8), reply_deadline=now + timedelta(minutes=30),
               answered_at=None, last_call_at=None, now=now, horizon=timedelta(hours=24))
    row.update(overrides)
    return row


def test_a_bed_needs_a_call_when_flagged_overdue_or_near_and_not_rung_lately():
    from referral_desk.domain.bed import needs_call

    b = _bed()
    now = b["now"]
    assert needs_call(**b)  # the window opens within the horizon, nothing reserved
    assert not needs_call(**_bed(window_start=now + timedelta(hours=30)))  # further off, reply not due
    assert needs_call(**_bed(window_start=now + timedelta(hours=30), reply_deadline=now))  # reply overdue
    assert not needs_call(**_bed(window_start=now + timedelta(hours=30), reply_deadline=now - timedelta(hours=1),
                                 answered_at=now - timedelta(hours=2)))  # answered in time
    assert needs_call(**_bed(status="needs_coordination", window_start=now + timedelta(days=5)))
    assert not needs_call(**_bed(last_call_at=now - timedelta(minutes=29)))  # just rung
    assert needs_call(**_bed(last_call_at=now - timedelta(minutes=30)))
    assert not needs_call(**_bed(status="reserved"))


@pytest.mark.parametrize(("name", "short"), [
    ("聊城市人民医院", "市人民医院"),
    ("聊城市康复医院（聊城市人民医院分院）", "市康复医院"),
    ("莘县中心医院", "莘县中心医院"),
    ("济南市第一人民医院", "济南市第一人民医院"),  # another city keeps its name
    ("聊城市医院", "聊城市医院"),  # too short to lose the city
])
def test_short_unit_names_keep_what_tells_units_apart(name, short):
    from referral_desk.domain.unit_names import short_unit_name

    assert short_unit_name(name) == short


@pytest.mark.parametrize(("query", "parts", "hit"), [
    ("ygzx", ("阳谷中心医院", "张医生"), True),
    ("yanggu", ("阳谷中心医院",), True),
    ("阳谷 张", ("阳谷中心医院", "张医生"), True),  # every word, each in any part
    ("阳谷 刘", ("阳谷中心医院", "张医生"), False),
    ("8273113", ("0635-8273113",), True),  # dashes ignored
    ("0635-827", ("0635-8273113",), True),
    ("ＹＧ", ("阳谷中心医院",), True),  # full-width folded
    ("zhangyisheng", ("阳谷中心医院", "张医生"), True),
    ("ygzxz", ("阳谷中心医院", "张医生"), False),  # never across two fields
    ("", ("阳谷中心医院",), True),
    ("   ", (), True),
])
def test_row_matches_reads_words_pinyin_and_numbers(query, parts, hit):
    from referral_desk.domain.search_keys import row_matches

    assert row_matches(query, parts) is hit


# A field holding a person's, a unit's, a department's or a ward's name, by how it is called.
_NAME_FIELD = re.compile(r"(_name|_unit|unit_name|department|_doctor|contact|callee|ward|_by|on_behalf)$")
_NOT_NAMES = {"name", "file_name"}  # the command's tag, and the roster file the import came from


def _name_fields() -> list[tuple[type, str]]:
    models = [commands.RosterSpecialtyItem, commands.RosterSpecialistItem]
    stack = list(commands.Command.__subclasses__())
    while stack:
        models.append(cls := stack.pop())
        stack += cls.__subclasses__()
    return [(m, f) for m in models for f in m.model_fields if _NAME_FIELD.search(f) and f not in _NOT_NAMES]


def _errors_for(model, field: str, value: str) -> list[str]:
    try:
        model.model_validate({field: value})
    except ValidationError as exc:
        return [e["msg"] for e in exc.errors() if e["loc"] == (field,)]
    return []


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(1)",
                                   "  =1", "\u3000=1+1", "\u00a0=1+1", "\u200b=1+1", "\ufeff@SUM(1)"])
def test_every_name_field_of_every_command_refuses_what_a_spreadsheet_would_run(value):
    fields = _name_fields()
    assert len(fields) >= 20 and (commands.CreateReferral, "consent_by") in fields
    for model, field in fields:
        assert any("不能以 = + - @ 开头" in m for m in _errors_for(model, field, value)), (model.__name__, field)
        assert _errors_for(model, field, "李-萍 A+") == [], (model.__name__, field)  # inside a name, fine


@pytest.mark.parametrize("value", ["=cmd|' /C calc'!A0", "\u3000=1+1", "@SUM(1)"])
def test_the_operator_a_push_names_and_a_sign_in_refuse_a_formula_too(value):
    from referral_desk.domain.errors import DomainError
    from referral_desk.domain.handover import check_operator_name
    from referral_desk.sync.protocol import PushedCommand

    with pytest.raises(ValidationError, match="不能以 = \\+ - @ 开头"):
        PushedCommand.model_validate({"mutation_id": "m1", "base_version": 0, "operator": value,
                                      "at": "2026-11-23T02:00:00+00:00",
                                      "command": {"name": "approve_consultation", "consultation_id": "x"}})
    with pytest.raises(DomainError, match="开头"):
        check_operator_name(value)


@pytest.mark.parametrize(("words", "zh", "en"), [
    ("服务器已恢复 / the server was restored", "服务器已恢复", "the server was restored"),
    ("（服务器可能已从备份恢复）/ this desk's cursor is ahead", "（服务器可能已从备份恢复）",
     "this desk's cursor is ahead"),
    ("只有中文", "只有中文", ""),
])
def test_a_bilingual_text_is_cut_at_its_slash_with_or_without_a_space_before_it(words, zh, en):
    from referral_desk.domain.bounds import halves

    assert halves(words) == (zh, en)
