"""A small, fixed day at the desk: known ids, known times, known answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from referral_desk.domain import commands as c
from referral_desk.domain.escalation import CallResult
from referral_desk.domain.identity import id_check_char

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday 2026-11-23, 10:00 in Liaocheng.
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI).astimezone(UTC)
TODAY = date(2026, 11, 23)


def fid(n: int) -> str:
    """A fixed UUIDv7-shaped id, so snapshots and refs never change."""
    return f"00000000-0000-7000-8000-{n:012d}"


def valid_id_number(first17: str = "37150219800101123") -> str:
    return first17 + id_check_char(first17)


def local(h: int, m: int = 0, day: date = TODAY) -> datetime:
    return datetime(day.year, day.month, day.day, h, m, tzinfo=SHANGHAI)


SPECIALTIES = [(fid(1), "心血管内科"), (fid(2), "呼吸与危重症医学科"), (fid(3), "神经内科"), (fid(4), "骨科")]
SPECIALISTS = [
    (fid(11), "王建国", "主任医师", "13346250001", fid(1)),
    (fid(12), "李萍", "副主任医师", "13346250002", fid(2)),
    (fid(13), "赵明", "主任医师", "13346250003", fid(3)),
    (fid(14), "孙立", "副主任医师", "13346250004", fid(1)),
]

CONSULT_OVERDUE = fid(101)
CONSULT_SOON = fid(102)
CONSULT_LATER = fid(103)
CONSULT_APPROVED = fid(104)
CONSULT_HALF = fid(105)
BED_OPEN_SOON = fid(201)
BED_FLAGGED = fid(202)
BED_FAR = fid(203)
BED_RESERVED = fid(204)
CONSULT_REFER_UP = fid(106)  # completed this morning: "refer up"
REFERRAL_EMERGENCY = fid(701)  # admitted first five days ago: its follow-up is due today
REFERRAL_DOWN = fid(702)  # sent down nine days ago, follow-ups at 7 and 30 days: one overdue
DEPARTMENTS = [  # (id, name, phone, beds kept for referred patients)
    (fid(41), "心血管内科", "0635-8273001", 3),
    (fid(42), "呼吸与危重症医学科", "0635-8273002", 2),
    (fid(43), "神经内科", "0635-8273003", 0),
    (fid(44), "骨科", "0635-8273004", 1),
]


def setup_commands() -> list:
    cmds: list = [c.UpsertSpecialty(specialty_id=i, specialty_name=n, sort_order=k)
                  for k, (i, n) in enumerate(SPECIALTIES)]
    cmds += [c.UpsertSpecialist(specialist_id=i, specialist_name=n, title=t, phone=p, specialty_id=s)
             for i, n, t, p, s in SPECIALISTS]
    # Today: cardiology, respiratory and neurology covered; orthopaedics has nobody.
    for n, (spec, doc) in enumerate([(fid(1), fid(11)), (fid(2), fid(12)), (fid(3), fid(13))]):
        for d in range(-1, 3):
            day = TODAY + timedelta(days=d)
            cmds.append(c.SetDuty(roster_entry_id=fid(300 + n * 10 + d + 1), specialty_id=spec, duty_date=day,
                                  specialist_id=doc))
    cmds.append(c.SetDuty(roster_entry_id=fid(399), specialty_id=fid(1), duty_date=TODAY + timedelta(days=7),
                          specialist_id=fid(11)))
    cmds += [c.UpsertDepartment(department_id=i, department_name=n, phone=p, reserved_beds=b, sort_order=k)
             for k, (i, n, p, b) in enumerate(DEPARTMENTS)]
    return cmds


def referral_commands() -> list[tuple]:
    """A consultation that ended in "refer up", an emergency admitted first, a patient sent down."""
    items: list[tuple] = [
        (c.CreateConsultation(
            consultation_id=CONSULT_REFER_UP, requesting_unit="莘县中心医院", requesting_doctor="马医生",
            requesting_phone="0635-5551234", patient_name="高秀兰", patient_sex="女", patient_age=67,
            patient_id_number=valid_id_number("37152219590301004"), patient_phone="13900000006",
            diagnosis="急性脑梗死", specialty_id=fid(3), specialist_id=fid(13), submitted_at=local(8, 0)),
         local(8, 0)),
        (c.ApproveConsultation(consultation_id=CONSULT_REFER_UP), local(8, 5)),
        (c.ScheduleConsultation(consultation_id=CONSULT_REFER_UP, slot_start=local(8, 30), slot_end=local(9, 0)),
         local(8, 6)),
        (c.CompleteConsultation(consultation_id=CONSULT_REFER_UP, outcome="refer_up"), local(9, 5)),
    ]
    five_ago = TODAY - timedelta(days=5)
    items.append((c.CreateReferral(
        referral_id=REFERRAL_EMERGENCY, direction="up", emergency=True, admitted_at=local(22, 40, five_ago),
        patient_name="刘建军", patient_sex="男", patient_age=58, patient_phone="13900000007",
        patient_id_number=valid_id_number("37150219680505001"), diagnosis="急性心肌梗死",
        from_unit="冠县辛集镇中心卫生院", to_unit="聊城市人民医院", department="心血管内科",
        criteria=["critical"], reason="急性心梗，需急诊介入", reviewed_by="周主任",
        consent_by="家属 刘芳"), local(23, 30, five_ago)))
    ten_ago, nine_ago = TODAY - timedelta(days=10), TODAY - timedelta(days=9)
    items.append((c.CreateReferral(
        referral_id=REFERRAL_DOWN, direction="down", patient_name="孙桂芝", patient_sex="女", patient_age=72,
        patient_phone="13900000008", patient_id_number=valid_id_number("37150219540707002"),
        diagnosis="慢性萎缩性胃炎", from_unit="聊城市人民医院", to_unit="东昌府区人民医院", department="消化内科",
        receiver_confirmed_by="东昌府区医务科 李主任", reviewed_by="王主任", consent_by="患者本人",
        follow_up_plan="奥美拉唑 20mg 每日一次，4周后复查胃镜",
        follow_up_days=[7, 30], window_start=local(8, 0, nine_ago), window_end=local(17, 0, nine_ago)),
        local(15, 0, ten_ago)))
    items.append((c.RecordTransfer(referral_id=REFERRAL_DOWN, transferred_at=local(10, 0, nine_ago)),
                  local(10, 0, nine_ago)))
    return items


def day_commands() -> list[tuple]:
    """(command, instant) pairs replaying the morning."""
    def consult(cid, spec, doc, unit, doctor, submitted, appointment=None, n=0):
        return (c.CreateConsultation(
            consultation_id=cid, requesting_unit=unit, requesting_doctor=doctor, requesting_phone="0635-5551234",
            patient_name=f"患者{n}", patient_sex="男", patient_age=60 + n,
            patient_id_number=valid_id_number(f"37150219600101{n:03d}"), patient_phone="13900000000",
            diagnosis="社区获得性肺炎", specialty_id=spec, specialist_id=doc, appointment_at=appointment,
            submitted_at=submitted,
        ), submitted)

    items = [
        consult(CONSULT_OVERDUE, fid(1), fid(11), "阳谷中心医院", "张医生", local(8, 30), n=1),
        consult(CONSULT_SOON, fid(2), fid(12), "莘县中心医院", "刘医生", local(9, 40), local(10, 40), n=2),
        consult(CONSULT_LATER, fid(3), fid(13), "东昌府区人民医院", "陈医生", local(10, 0), local(15, 0), n=3),
        consult(CONSULT_HALF, fid(1), fid(11), "北京积水潭聊城医院", "吴医生", local(9, 30), n=5),
        consult(CONSULT_APPROVED, fid(1), fid(11), "冠县辛集镇中心卫生院", "周医生", local(8, 0), n=4),
        (c.ApproveConsultation(consultation_id=CONSULT_APPROVED), local(8, 20)),
        (c.LogEscalationCall(escalation_call_id=fid(501), consultation_id=CONSULT_OVERDUE, callee="王建国",
                             callee_phone="13346250001", result=CallResult.NO_ANSWER), local(9, 35)),
        (c.LogEscalationCall(escalation_call_id=fid(502), consultation_id=CONSULT_OVERDUE, callee="王建国",
                             callee_phone="13346250001", result=CallResult.WILL_APPROVE, note="门诊结束后处理"),
         local(9, 50)),
    ]
    beds = [
        (BED_OPEN_SOON, "心血管内科", local(18, 0), "requested"),
        (BED_FLAGGED, "骨科", local(9, 0, TODAY + timedelta(days=3)), "flag"),
        (BED_FAR, "神经内科", local(9, 0, TODAY + timedelta(days=4)), "requested"),
        (BED_RESERVED, "呼吸与危重症医学科", local(14, 0), "reserve"),
    ]
    for n, (bid, dept, start, what) in enumerate(beds):
        items.append((c.CreateBedRequest(
            bed_request_id=bid, department=dept, department_phone=f"0635-827300{n}", patient_name=f"欧阳床{n}",
            patient_id_number=valid_id_number(f"37150219700201{n:03d}"), from_unit="阳谷中心医院",
            window_start=start, window_end=start + timedelta(hours=48),
        ), local(8, 10 + n)))
        if what == "flag":
            items.append((c.FlagBedCoordination(bed_request_id=bid, note="科室满床"), local(8, 40)))
            items.append((c.LogEscalationCall(escalation_call_id=fid(600 + n), bed_request_id=bid,
                                              callee="骨科护士长", result=CallResult.REACHED, note="明早出院一床"),
                          local(9, 10)))
        elif what == "reserve":
            items.append((c.ReserveBed(bed_request_id=bid, ward="呼吸二病区", bed_no="12"), local(8, 50)))
    return items + referral_commands()


# Referral applications as the tests write them (a field changed by keyword).
TOMORROW = TODAY + timedelta(days=1)


def up_command(**change) -> c.CreateReferral:
    data = dict(direction="up", consultation_id=CONSULT_REFER_UP, patient_name="高秀兰", from_unit="莘县中心医院",
                to_unit="聊城市人民医院", department="神经内科", criteria=["critical", "beyond_means"],
                reason="大面积脑梗死，需取栓", reviewed_by="赵主任", consent_by="患者本人",
                window_start=local(8, 0, TOMORROW), window_end=local(17, 0, TOMORROW))
    return c.CreateReferral(**{**data, **change})


def down_command(**change) -> c.CreateReferral:
    data = dict(direction="down", patient_name="孙大妈", diagnosis="慢性浅表性胃炎", from_unit="聊城市人民医院",
                to_unit="阳谷中心医院", department="内科", receiver_confirmed_by="阳谷医务科 张主任",
                reviewed_by="消化内科 王主任", consent_by="患者本人", follow_up_plan="口服药物，两周后复诊",
                follow_up_days=[7], window_start=local(8, 0, TOMORROW),
                window_end=local(17, 0, TOMORROW))
    return c.CreateReferral(**{**data, **change})
