"""Builds a store holding a year of a busy center, straight through SQLite.

60,000 consultation requests, 20,000 bed requests, 15,000 roster entries,
500,000 audit entries, 10,000 directory entries, 12,000 referrals with their
follow-ups (and the calls, specialists and departments they refer to). Rows are written with executemany in the same
formats the ORM writes, so the desk reads them like its own.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from referral_desk.domain.search_keys import search_key
from referral_desk.store.database.engine import open_store
from referral_desk.store.database.ids import new_id
from referral_desk.store.demo import SURNAMES, id_number, mobile, person_name

COUNTS = {
    "consultation": 60_000,
    "bed_request": 20_000,
    "roster_entry": 15_000,
    "audit_entry": 500_000,
    "directory_entry": 10_000,
    "referral": 12_000,
}
DEPARTMENTS = 40
UNANSWERED = ("submitted", "withdrawn", "expired")
RESERVED_ONCE = ("admitted", "no_show", "reserved")
SPECIALTIES = 41  # 41 x 366 days >= 15,000 roster entries
OPEN_CONSULTATIONS = 60
OPEN_BEDS = 40

COUNTIES = ["东昌府区", "阳谷县", "莘县", "冠县", "高唐县", "茌平区", "东阿县", "临清市"]
TOWNS = ["城关", "辛集", "清平", "张秋", "阿城", "七级", "定水", "石佛", "郭店", "十八里铺", "朝城", "观城", "古城",
         "燕店", "大张家", "董杜庄", "甘屯", "梁堂"]


def _ts(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _insert(con: sqlite3.Connection, table: str, width: int) -> str:
    """INSERT for the table's columns in declared order, without change_seq (a
    workstation's rows that never synced have none)."""
    columns = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] != "change_seq"]
    assert len(columns) == width, (table, columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * width)})"


def _referrals(con, rng, now, start, span, units, departments) -> None:
    """A year of referrals, mostly transferred and followed up; OPEN_FOLLOW_UPS still due."""
    referrals, follow_ups = [], []
    n = COUNTS["referral"]
    for i in range(n):
        requested = start + timedelta(seconds=span * i / n)
        up = rng.random() < 0.6
        rid = new_id()
        window = requested + timedelta(days=1)
        transferred = requested + timedelta(days=1, hours=2)
        status = "transferred" if transferred < now else "applied"
        unit = rng.choice(units)
        referrals.append((
            rid, 2, _ts(requested), None, "up" if up else "down", None, 0, int(rng.random() < 0.7), person_name(rng),
            rng.choice(("男", "女")),
            rng.randint(18, 90), id_number(rng), mobile(rng), "", "慢性胃炎" if not up else "急性心肌梗死",
            unit if up else "聊城市人民医院", "聊城市人民医院" if up else unit, rng.choice(departments),
            '["critical"]' if up else "[]", "病情需要" if up else "", "科主任", "患者本人", None if up else 5,
            "" if up else "符合下转：第5组「慢性胃炎」（慢性胃炎）（000 三(2)）", None if up else 1, "", "", "[]",
            "" if up else "医务科", None if up else _ts(requested),
            "" if up else "口服药物，定期复查", "[]" if up else "[7, 30]", _ts(window), _ts(window + timedelta(days=2)),
            _ts(requested), status, _ts(transferred if status == "transferred" else requested),
            _ts(transferred) if status == "transferred" else None, None,
            "resident", "ambulance" if up else "", "", None, 1, "", ""))
        if status != "transferred":
            continue
        for days in ((5,) if up else (7, 30)):
            due = transferred + timedelta(days=days)
            is_open = due <= now and len(follow_ups) % 300 == 0  # a few left undone, the rest done
            done = due <= now and not is_open
            follow_ups.append((new_id(), 2 if done else 1, _ts(due), None, rid, (due + timedelta(hours=8)).date()
                               .isoformat(), "done" if done else "due", 1 if done else 0,
                               "recovering" if done else None, "", _ts(due) if done else None,
                               _ts(due) if done else None, "bench" if done else ""))
    con.executemany(_insert(con, "referral", 46), referrals)
    # Each unit's 诊疗人次 for every month of the year, so that 转诊率 is counted as it will be.
    months = sorted({f"{start + timedelta(days=d):%Y-%m}" for d in range(0, int(span // 86400) + 1)})
    con.executemany(_insert(con, "visit_count", 8), [
        (new_id(), 1, _ts(now), None, unit, month, rng.randrange(3000, 12000), "bench")
        for unit in units for month in months])
    con.executemany(_insert(con, "follow_up", 13), follow_ups)


def build_year_store(path: Path, now: datetime, seed: int = 2026) -> dict[str, int]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_store(path).close()
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    stamp = _ts(now - timedelta(days=366))
    tz_offset = timedelta(hours=8)
    today = (now + tz_offset).date()

    specialties, specialists = [], []
    for k in range(SPECIALTIES):
        sid = new_id()
        name = f"专科{k + 1:02d}"
        specialties.append((sid, 1, stamp, None, name, k, search_key(name)))
        for _ in range(4):
            doc = person_name(rng)
            phone = mobile(rng)
            specialists.append((new_id(), 1, stamp, None, doc, rng.choice(("主任医师", "副主任医师")), phone, sid,
                                search_key(doc)))
    con.executemany("INSERT INTO specialty (id, version, updated_at, deleted_at, name, sort_order, search_key)"
                    " VALUES (?,?,?,?,?,?,?)", specialties)
    con.executemany("INSERT INTO specialist (id, version, updated_at, deleted_at, name, title, phone, specialty_id,"
                    " search_key) VALUES (?,?,?,?,?,?,?,?,?)", specialists)
    by_specialty = {}
    for row in specialists:
        by_specialty.setdefault(row[7], []).append(row[0])

    roster = []
    first_day = today - timedelta(days=300)
    for d in range(366):
        day = first_day + timedelta(days=d)
        for sp in specialties:
            if len(roster) >= COUNTS["roster_entry"] and day > today + timedelta(days=7):
                break
            roster.append((new_id(), 1, stamp, None, sp[0], day.isoformat(), rng.choice(by_specialty[sp[0]])))
    con.executemany("INSERT INTO roster_entry (id, version, updated_at, deleted_at, specialty_id, duty_date,"
                    " specialist_id) VALUES (?,?,?,?,?,?,?)", roster)
    on_duty = {(r[4], r[5]): r[6] for r in roster}

    units = [f"{c}{t}镇卫生院" for c in COUNTIES for t in TOWNS]
    consultations, calls = [], []
    final = ["approved", "declined", "withdrawn", "expired", "scheduled", "completed", "completed", "completed",
             "no_show", "cancelled"]
    start = now - timedelta(days=365)
    span = (now - start).total_seconds()
    for i in range(COUNTS["consultation"]):
        is_open = i >= COUNTS["consultation"] - OPEN_CONSULTATIONS
        submitted = now - timedelta(minutes=rng.randint(1, 120)) if is_open else \
            start + timedelta(seconds=span * i / COUNTS["consultation"])
        day = (submitted + tz_offset).date().isoformat()
        sp = specialties[rng.randrange(SPECIALTIES)][0]
        doc = on_duty.get((sp, day)) or by_specialty[sp][0]
        status = "submitted" if is_open else rng.choice(final)
        cid = new_id()
        consultations.append((
            cid, 2 if status != "submitted" else 1, _ts(submitted), None, rng.choice(units), person_name(rng),
            mobile(rng), person_name(rng), rng.choice(("男", "女")), rng.randint(18, 90), id_number(rng), mobile(rng),
            "社区获得性肺炎", sp, doc, None, None, _ts(submitted), status, _ts(submitted),
            _ts(submitted + timedelta(minutes=rng.randint(3, 150))) if status not in UNANSWERED else None,
            None, None, None, None, None, None,
        ))
        if rng.random() < 0.5:
            for k in range(rng.randint(1, 2)):
                calls.append((new_id(), 1, _ts(submitted), None, cid, None, _ts(submitted + timedelta(minutes=5 + k)),
                              "会诊医师", None, "no_answer", "", "bench", "bench", "specialist"))
    con.executemany(_insert(con, "consultation", 27), consultations)

    departments = [f"专科病区{k}" for k in range(DEPARTMENTS)]
    con.executemany(_insert(con, "department", 13), [
        (new_id(), 1, stamp, None, name, "0635-8273000", rng.randint(0, 4), None, None, 1, 2, k, search_key(name))
        for k, name in enumerate(departments)])
    beds = []
    for i in range(COUNTS["bed_request"]):
        is_open = i >= COUNTS["bed_request"] - OPEN_BEDS
        requested = now - timedelta(hours=rng.randint(1, 48)) if is_open else \
            start + timedelta(seconds=span * i / COUNTS["bed_request"])
        window = requested + timedelta(hours=rng.randint(4, 96))
        status = rng.choice(("requested", "needs_coordination")) if is_open else rng.choice(
            ("admitted", "admitted", "admitted", "no_show", "cancelled", "reserved"))
        bid = new_id()
        beds.append((bid, 1, _ts(requested), None, None, None, rng.choice(departments), "0635-8273000",
                     person_name(rng), id_number(rng), mobile(rng), rng.choice(units), _ts(window),
                     _ts(window + timedelta(hours=48)), _ts(requested), status, _ts(requested), None, None,
                     _ts(requested + timedelta(hours=rng.randint(1, 30))) if status in RESERVED_ONCE else None, None))
        if rng.random() < 0.4:
            calls.append((new_id(), 1, _ts(requested), None, None, bid, _ts(requested + timedelta(hours=1)),
                          "护士长", None, "reached", "协调中", "bench", "bench", "specialist"))
    con.executemany(_insert(con, "bed_request", 21), beds)
    _referrals(con, rng, now, start, span, units, departments)
    con.executemany(_insert(con, "escalation_call", 14), calls)

    directory = []
    for i in range(COUNTS["directory_entry"] - 13):
        unit = (f"{rng.choice(COUNTIES)}{rng.choice(TOWNS)}"
                f"{rng.choice(('镇卫生院', '社区卫生服务中心', '诊所', '医院'))}{i}")
        contact = f"{rng.choice(('医务科', '院办', '转诊办'))}{rng.choice(SURNAMES)}主任"
        phone = mobile(rng) if rng.random() < 0.7 else f"0635-{rng.randrange(10**7):07d}"
        digits = phone.replace("-", "")
        directory.append((new_id(), 1, stamp, None, unit, contact, phone, digits, "转诊咨询", 1000 + i,
                          search_key(unit, contact, "转诊咨询") + digits + "|"))
    con.executemany("INSERT INTO directory_entry (id, version, updated_at, deleted_at, unit_name, contact, phone,"
                    " phone_digits, purpose, sort_order, search_key) VALUES (?,?,?,?,?,?,?,?,?,?,?)", directory)

    actions = ["create_consultation", "approve_consultation", "log_escalation_call", "reserve_bed", "admit_patient"]
    batch = []
    cids = [c[0] for c in consultations]
    for i in range(COUNTS["audit_entry"]):
        at = start + timedelta(seconds=span * i / COUNTS["audit_entry"])
        batch.append((new_id(), _ts(at), "操作员", "WS1", rng.choice(actions), "consultation",
                      cids[min(i * len(cids) // COUNTS["audit_entry"], len(cids) - 1)], "基准数据", "{}"))
        if len(batch) == 50_000:
            con.executemany("INSERT INTO audit_entry (id, at, operator, workstation, action, entity, entity_id, "
                            "summary, detail_json) VALUES (?,?,?,?,?,?,?,?,?)", batch)
            batch.clear()
    con.executemany("INSERT INTO audit_entry (id, at, operator, workstation, action, entity, entity_id, "
                    "summary, detail_json) VALUES (?,?,?,?,?,?,?,?,?)", batch)
    con.commit()
    con.execute("ANALYZE")
    con.commit()
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in
              ("consultation", "bed_request", "roster_entry", "audit_entry", "directory_entry", "escalation_call",
               "referral", "follow_up")}
    con.close()
    return counts


def year_store(store: Path | None) -> Path:
    """The store a bench opens: the one given, or the year store (built once, in benchmarks/out)."""
    if store is not None:
        return store
    from benchmarks.run import OUT

    store = OUT / "year.sqlite3"
    if not store.exists():
        OUT.mkdir(exist_ok=True)
        build_year_store(store, datetime.now(UTC))
    return store


def working_copy(store: Path, prefix: str) -> Path:
    """A private copy a bench may change, with the WAL a closed store may still hold pages in."""
    import shutil
    import tempfile

    copy = Path(tempfile.mkdtemp(prefix=prefix)) / store.name
    for suffix in ("", "-wal"):
        if Path(f"{store}{suffix}").exists():
            shutil.copyfile(f"{store}{suffix}", f"{copy}{suffix}")
    return copy
