"""A demo store generated relative to the current time: never the real one.

About 30 specialties with a month's roster, about 40 consultation requests in every
state with deadlines spread over the coming hours, about 15 bed requests and the
real 附2 directory. Everything goes through the command path, so the timelines
and the audit log look like a real day.
"""

from __future__ import annotations

import random
from calendar import monthrange
from datetime import date, datetime, time, timedelta
from typing import TypedDict

from sqlmodel import Session

from referral_desk.clock import Clock
from referral_desk.data import directory_seeds
from referral_desk.domain import commands as c
from referral_desk.domain.escalation import CallResult
from referral_desk.domain.identity import age_on, id_check_char, id_number_facts
from referral_desk.domain.policy import Policy
from referral_desk.store.database.engine import Store
from referral_desk.store.database.ids import seed_id
from referral_desk.store.database.tables import Meta
from referral_desk.store.writes.executor import Actor, CommandExecutor

SPECIALTIES = [
    "心血管内科", "呼吸与危重症医学科", "消化内科", "神经内科", "肾内科", "内分泌科", "血液内科",
    "风湿免疫科", "感染性疾病科", "肿瘤内科", "普通外科", "肝胆外科", "胃肠外科", "心脏大血管外科",
    "胸外科", "神经外科", "骨科", "泌尿外科", "妇科", "产科", "儿科", "新生儿科", "眼科",
    "耳鼻咽喉头颈外科", "口腔科", "皮肤科", "重症医学科", "急诊科", "康复医学科", "老年医学科",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰建国志红梅鹏飞宇辉健波宁斌晨颖琳"
ALLIANCE_UNITS = [
    "北京积水潭聊城医院", "东昌府区人民医院", "聊城市康复医院", "阳谷中心医院", "莘县中心医院",
    "冠县辛集镇中心卫生院", "高唐县清平镇卫生院",
]
DIAGNOSES = [
    "急性心肌梗死", "社区获得性肺炎", "慢性胃炎", "脑梗死", "慢性肾衰竭", "2型糖尿病", "急性胰腺炎",
    "类风湿性关节炎", "股骨颈骨折", "胆囊结石伴胆囊炎", "支气管哮喘", "癫痫", "上消化道出血", "肺占位",
]
# What a caller would ask each specialty about (issue 25: 支气管哮喘 was booked under 口腔科).
DIAGNOSES_OF = {
    "心血管内科": ["急性心肌梗死", "不稳定型心绞痛", "心力衰竭"],
    "呼吸与危重症医学科": ["社区获得性肺炎", "支气管哮喘", "慢阻肺急性加重"],
    "消化内科": ["慢性胃炎", "上消化道出血", "急性胰腺炎"], "神经内科": ["脑梗死", "癫痫", "帕金森病"],
    "肾内科": ["慢性肾衰竭", "肾病综合征"], "内分泌科": ["2型糖尿病", "甲状腺功能亢进"],
    "血液内科": ["缺铁性贫血", "血小板减少"],
    "风湿免疫科": ["类风湿性关节炎", "系统性红斑狼疮"], "感染性疾病科": ["发热待查", "带状疱疹"],
    "肿瘤内科": ["肺占位", "结肠癌术后"],
    "普通外科": ["急性阑尾炎", "腹股沟疝"], "肝胆外科": ["胆囊结石伴胆囊炎", "肝占位"],
    "胃肠外科": ["肠梗阻", "胃穿孔"],
    "心脏大血管外科": ["主动脉夹层", "风湿性心脏瓣膜病"], "胸外科": ["肺占位", "自发性气胸"],
    "神经外科": ["脑出血", "颅脑外伤"],
    "骨科": ["股骨颈骨折", "腰椎间盘突出症"], "泌尿外科": ["肾结石", "前列腺增生"], "妇科": ["子宫肌瘤", "卵巢囊肿"],
    "产科": ["妊娠期高血压", "先兆早产"], "儿科": ["小儿肺炎", "热性惊厥"], "新生儿科": ["新生儿黄疸", "早产儿"],
    "眼科": ["视网膜脱离", "急性闭角型青光眼"], "耳鼻咽喉头颈外科": ["突发性耳聋", "扁桃体周围脓肿"],
    "口腔科": ["颌面部间隙感染", "颌骨骨折"], "皮肤科": ["重症药疹", "带状疱疹"],
    "重症医学科": ["重症肺炎", "感染性休克"],
    "急诊科": ["急性中毒", "多发伤"], "康复医学科": ["脑梗死恢复期", "脊髓损伤"],
    "老年医学科": ["多器官功能衰退", "老年肺炎"],
}
DEPARTMENTS = ["心血管内科", "神经外科", "骨科", "呼吸与危重症医学科", "肝胆外科", "重症医学科", "消化内科"]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def mobile(rng: random.Random) -> str:
    return rng.choice(("133", "135", "138", "155", "186", "189")) + f"{rng.randrange(10**8):08d}"


def id_number(rng: random.Random) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 70))
    first17 = f"371502{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_check_char(first17)


class PatientFacts(TypedDict):
    patient_id_number: str
    patient_sex: str
    patient_age: int


def patient(rng: random.Random, today: date) -> PatientFacts:
    """A patient's ID number with the sex and age it states, as the forms would read them."""
    number = id_number(rng)
    sex, born = id_number_facts(number)
    return {"patient_id_number": number, "patient_sex": sex, "patient_age": age_on(born, today)}


def _in_service(at: datetime, policy: Policy) -> datetime:
    """Move an instant to the next moment inside the service hours."""
    local = at.astimezone(policy.tz)
    for _ in range(3):
        for p in policy.service_hours.periods:
            start = datetime.combine(local.date(), p.start, tzinfo=policy.tz)
            end = datetime.combine(local.date(), p.end, tzinfo=policy.tz)
            if local < end:
                return max(local, start)
        local = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=policy.tz)
    raise AssertionError("service hours are empty")


def _service_ago(at: datetime, minutes: int, policy: Policy) -> datetime:
    """The instant `minutes` of service time before `at`."""
    remaining = timedelta(minutes=minutes)
    cursor = at.astimezone(policy.tz)
    day = cursor.date()
    while True:
        for p in reversed(policy.service_hours.periods):
            start = datetime.combine(day, p.start, tzinfo=policy.tz)
            end = datetime.combine(day, p.end, tzinfo=policy.tz)
            if start >= cursor:
                continue
            top = min(cursor, end)
            if top - start >= remaining:
                return top - remaining
            remaining -= top - start
            cursor = start
        day -= timedelta(days=1)


def _admission_window(first: date, policy: Policy) -> dict[str, datetime]:
    """Two days from `first`, within the departments' admission hours (000 二.3)."""
    return {"window_start": datetime.combine(first, policy.admission_opens, tzinfo=policy.tz),
            "window_end": datetime.combine(first + timedelta(days=1), policy.admission_closes, tzinfo=policy.tz)}


def build_demo(store: Store, policy: Policy, clock: Clock, seed: int = 8) -> None:
    rng = random.Random(seed)
    now = clock.now()
    today = now.astimezone(policy.tz).date()
    ex = CommandExecutor(store, policy, clock, Actor(operator="演示", workstation="demo"))
    setup_at = now - timedelta(days=3)
    items: list[tuple[c.Command, datetime]] = []

    specialties: list[c.UpsertSpecialty] = []
    staff: dict[str, list[c.UpsertSpecialist]] = {}
    for order, name in enumerate(SPECIALTIES):
        sp = c.UpsertSpecialty(specialty_name=name, sort_order=order)
        specialties.append(sp)
        items.append((sp, setup_at))
        staff[sp.specialty_id] = []
        for _ in range(rng.randint(2, 4)):
            doc = c.UpsertSpecialist(
                specialist_name=person_name(rng), title=rng.choice(("主任医师", "副主任医师")),
                phone=mobile(rng), specialty_id=sp.specialty_id,
            )
            staff[sp.specialty_id].append(doc)
            items.append((doc, setup_at))

    # The month of today plus a week into the next; two specialties leave today open.
    # From the 1st (or two days back, for requests sent last night) to a week into next month.
    first = min(today.replace(day=1), today - timedelta(days=2))
    last = today.replace(day=monthrange(today.year, today.month)[1]) + timedelta(days=7)
    gaps = {specialties[7].specialty_id, specialties[22].specialty_id}
    def duty_doc(order: int, day: date) -> c.UpsertSpecialist:
        docs = staff[specialties[order].specialty_id]
        return docs[(day.toordinal() + order) % len(docs)]

    day = first
    while day <= last:
        for order, sp in enumerate(specialties):
            if day == today and sp.specialty_id in gaps:
                continue
            doc = duty_doc(order, day)
            items.append((c.SetDuty(specialty_id=sp.specialty_id, duty_date=day, specialist_id=doc.specialist_id),
                          setup_at))
        day += timedelta(days=1)
    ex.execute_many(items)

    doc_of = {}  # specialist_id -> its upsert command, for phones and names
    for docs in staff.values():
        doc_of.update({d.specialist_id: d for d in docs})

    items = []
    used_slots: set[tuple[str, datetime]] = set()

    def consult(submitted: datetime, appointment: datetime | None) -> c.CreateConsultation:
        day = (appointment or submitted).astimezone(policy.tz).date()
        order = rng.choice([k for k, sp in enumerate(specialties) if day != today or sp.specialty_id not in gaps])
        sp = specialties[order]
        return c.CreateConsultation(
            requesting_unit=rng.choice(ALLIANCE_UNITS), requesting_doctor=person_name(rng),
            requesting_phone=mobile(rng), patient_name=person_name(rng), **patient(rng, today),
            patient_phone=mobile(rng),
            diagnosis=rng.choice(DIAGNOSES_OF.get(sp.specialty_name, DIAGNOSES)), specialty_id=sp.specialty_id,
            specialist_id=duty_doc(order, day).specialist_id, appointment_at=appointment, submitted_at=submitted,
        )

    end_of_today = datetime.combine(today, policy.service_hours.periods[-1].end, tzinfo=policy.tz)

    def appointment_today(rng_minutes: int) -> datetime | None:
        at = _in_service(now + timedelta(minutes=rng_minutes), policy)
        at = at.replace(minute=(at.minute // 15) * 15, second=0, microsecond=0)
        return at if at < end_of_today else None

    # 16 waiting for approval: submitted 5..100 minutes ago, appointments over the coming hours.
    pending = []
    submitted_ago: dict[int, int] = {}  # request -> service minutes before now it was submitted
    for i in range(16):
        # Counted back in service time, so a demo opened at night still has some overdue.
        ago = 5 + i * 6 + rng.randint(0, 4)
        submitted = _service_ago(now, ago, policy)
        submitted_ago[i] = ago
        cmd = consult(submitted, appointment_today(rng.randint(20, 300)) if i % 3 else None)
        if cmd.appointment_at is not None:
            # The half-hours it touches: a second appointment there, or a slot scheduled later, would clash.
            half = cmd.appointment_at.replace(minute=(cmd.appointment_at.minute // 30) * 30)
            touched = {(cmd.specialist_id, half), (cmd.specialist_id, half + timedelta(minutes=30))}
            if touched & used_slots:
                cmd = consult(submitted, None)  # its own day's specialist, no time yet
            else:
                used_slots.update(touched)
        pending.append(cmd)
        items.append((cmd, submitted))
    for n, cmd in list(enumerate(pending))[::3]:
        for k in range(rng.randint(1, 3)):
            doc = doc_of[cmd.specialist_id]
            items.append((c.LogEscalationCall(
                consultation_id=cmd.consultation_id, callee=doc.specialist_name, callee_phone=doc.phone,
                result=rng.choice((CallResult.NO_ANSWER, CallResult.WILL_APPROVE, CallResult.REACHED)),
                note=rng.choice(("", "门诊中，稍后处理", "手术中")),
            ), _service_ago(now, max(submitted_ago[n] - (3 + k * 4), 1), policy)))  # in service time, before now

    # 24 further requests through every other state, earlier today.
    finals = ["approved", "declined", "withdrawn", "expired", "scheduled", "completed_up", "completed_plan",
              "no_show", "cancelled"]
    for i in range(24):
        kind = finals[i % len(finals)]
        submitted = _service_ago(now, 180 + i * 7, policy)  # inside service hours, whenever the demo is built
        cmd = consult(submitted, None)
        items.append((cmd, submitted))
        cid = cmd.consultation_id
        t = submitted + timedelta(minutes=20)
        if kind == "declined":
            items.append((c.DeclineConsultation(consultation_id=cid, reason="建议先完善影像检查"), t))
            continue
        if kind == "withdrawn":
            items.append((c.WithdrawConsultation(consultation_id=cid, reason="患者病情好转"), t))
            continue
        if kind == "expired":
            items.append((c.ExpireConsultation(consultation_id=cid), t + timedelta(hours=2)))
            continue
        items.append((c.ApproveConsultation(consultation_id=cid), t))
        if kind == "approved":
            continue
        doc_id = cmd.specialist_id
        # On the day the specialist is on duty (the day it was booked for), after the approval if
        # the day still allows it: half-hour slots through the service hours, the first ones free.
        duty_day = submitted.astimezone(policy.tz).date()
        slots = [datetime.combine(duty_day, time(h, m), tzinfo=policy.tz) for h in range(24) for m in (0, 30)]
        slots = [x for x in slots if (doc_id, x) not in used_slots
                 and policy.service_hours.slot_allowed(x, x + timedelta(minutes=30), policy.tz)]
        if kind in ("completed_up", "completed_plan", "no_show"):
            # Recorded after the consultation (000 二), so its slot has ended by now; a demo made before
            # the day's service hours has none such, and the request stays scheduled.
            over = [x for x in slots if x + timedelta(minutes=30) <= now]
            if over:
                slots = [x for x in over if x >= t + timedelta(minutes=10)] or over[-6:]
            else:
                kind = "scheduled"
        free_after = [x for x in slots if x >= t + timedelta(minutes=10)]
        start = rng.choice(free_after[:6] or slots[-6:])
        used_slots.add((doc_id, start))
        items.append((c.ScheduleConsultation(consultation_id=cid, slot_start=start,
                                             slot_end=start + timedelta(minutes=30)), t + timedelta(minutes=10)))
        done = max(t + timedelta(minutes=40), start + timedelta(minutes=30))
        if kind == "completed_up":
            items.append((c.CompleteConsultation(consultation_id=cid, outcome="refer_up"), done))
        elif kind == "completed_plan":
            items.append((c.CompleteConsultation(consultation_id=cid, outcome="treatment_plan",
                                                 outcome_text="口服药物调整，两周后复诊"), done))
        elif kind == "no_show":
            items.append((c.MarkConsultationNoShow(consultation_id=cid), done))
        elif kind == "cancelled":
            items.append((c.CancelConsultation(consultation_id=cid, reason="患者家属要求取消"), done))

    # Receiving departments, some keeping beds for referred patients (004 二(四)1).
    for k, name in enumerate(DEPARTMENTS):
        items.append((c.UpsertDepartment(department_name=name, phone=f"0635-82730{k:02d}", reserved_beds=k % 4,
                                         sort_order=k), now - timedelta(days=30)))
    # Referrals done earlier, whose follow-ups are due now (overdue, today, later).
    for days, department, diagnosis in ((6, "心血管内科", "急性心肌梗死"), (5, "神经外科", "脑出血"),
                                        (3, "重症医学科", "重症肺炎")):
        admitted = _in_service(now - timedelta(days=days), policy)
        items.append((c.CreateReferral(
            direction="up", emergency=True, admitted_at=admitted, patient_name=person_name(rng),
            **patient(rng, today), patient_phone=mobile(rng), diagnosis=diagnosis, from_unit=rng.choice(ALLIANCE_UNITS),
            to_unit="聊城市人民医院", department=department, criteria=["critical"], reason="急诊先入院抢救",
            reviewed_by="值班主任", consent_by="家属", transport="ambulance_escorted",
            notified_to=f"{department} 值班医生", notified_at=admitted - timedelta(minutes=40)),
            admitted + timedelta(hours=2)))
    for days, diagnosis in ((9, "慢性萎缩性胃炎"), (7, "支气管哮喘")):
        applied = _in_service(now - timedelta(days=days + 1), policy)  # inside service hours, whatever the hour
        down = c.CreateReferral(
            direction="down", patient_name=person_name(rng), **patient(rng, today), patient_phone=mobile(rng),
            diagnosis=diagnosis, from_unit="聊城市人民医院", to_unit=rng.choice(ALLIANCE_UNITS), department="内科",
            receiver_confirmed_by="医务科 主任", follow_up_plan="按出院医嘱用药，一个月后复查",
            reviewed_by="科主任", consent_by="患者本人",
            follow_up_days=[7, 30],
            **_admission_window(applied.astimezone(policy.tz).date() + timedelta(days=1), policy))
        items.append((down, applied))
        sent = _in_service(now - timedelta(days=days), policy)
        items.append((c.RecordTransfer(referral_id=down.referral_id, transferred_at=sent), sent))

    # Outpatient slots kept for referred patients (004), and each unit's 诊疗人次 of the last three
    # whole months, so that 转诊率 has its denominator.
    for k, name in enumerate(DEPARTMENTS[:4]):
        items.append((c.SetSlotReserve(slot_reserve_id=seed_id("slot_reserve", "聊城市人民医院", name),
                                       unit="聊城市人民医院", department=name, reserved_slots=2 + k % 3),
                      now - timedelta(days=30)))
    month = today.replace(day=1)
    for _ in range(3):
        month = (month - timedelta(days=1)).replace(day=1)
        # Each alliance unit once, under the directory's name for it (the rate is counted by that name).
        for unit in dict.fromkeys(d.unit_name for d in directory_seeds() if d.unit_name != "聊城市人民医院"):
            items.append((c.RecordVisitCount(visit_count_id=seed_id("visit_count", unit, f"{month:%Y-%m}"), unit=unit,
                                             month=f"{month:%Y-%m}", visits=rng.randrange(3000, 12000),
                                             source="演示数据"), now - timedelta(days=3)))

    # 15 bed requests: windows from a few hours ago to three days ahead.
    for i in range(15):
        # From today to three days ahead, each inside the departments' admission hours.
        window = _admission_window(today + timedelta(days=i // 4), policy)
        start = window["window_start"]
        bed = c.CreateBedRequest(
            department=rng.choice(DEPARTMENTS), department_phone=f"0635-827{rng.randrange(10000):04d}",
            patient_name=person_name(rng), patient_id_number=id_number(rng), patient_phone=mobile(rng),
            from_unit=rng.choice(ALLIANCE_UNITS), **window,
        )
        # Asked and rung inside service hours, in service time before now, whenever the demo is built.
        asked_minutes = 360 + i * 3
        asked = _service_ago(now, asked_minutes, policy)

        def later(minutes: int, _ago: int = asked_minutes) -> datetime:
            return _service_ago(now, _ago - minutes, policy)

        items.append((bed, asked))
        bid = bed.bed_request_id
        if i % 5 == 1:
            items.append((c.FlagBedCoordination(bed_request_id=bid, note="科室暂无空床"), later(60)))
            items.append((c.LogEscalationCall(bed_request_id=bid, callee=f"{bed.department}护士长",
                                              callee_phone=bed.department_phone, result=CallResult.REACHED,
                                              note="预计明早出院一床"), later(120)))
        elif i % 5 == 3:
            items.append((c.ReserveBed(bed_request_id=bid, ward=f"{bed.department}病区",
                                       bed_no=str(rng.randint(1, 40))),
                          later(60)))
        elif i % 5 == 4 and start < now:
            items.append((c.ReserveBed(bed_request_id=bid, ward=f"{bed.department}病区"), asked))
            items.append((c.AdmitPatient(bed_request_id=bid), _service_ago(now, 30, policy)))
        elif i % 2 == 0:
            items.append((c.LogEscalationCall(bed_request_id=bid, callee=f"{bed.department}主任",
                                              callee_phone=bed.department_phone, result=CallResult.NO_ANSWER),
                          later(30)))
    ex.execute_many(items)


def mark_demo(store: Store, at: datetime) -> None:
    with Session(store.engine) as s, s.begin():
        s.merge(Meta(key="demo_built_at", value=at.isoformat()))


def demo_built_at(store: Store) -> datetime | None:
    with Session(store.engine) as s:
        row = s.get(Meta, "demo_built_at")
    return datetime.fromisoformat(row.value) if row else None
