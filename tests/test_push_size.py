"""No command a desk can make is too big to push, and a push that fails never stops the pull (issue 22
item 5: a 200-specialty month used to be one 1.26 MB command, answered 413 for ever, and the pull behind
it never ran)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from referral_desk.domain import commands as c
from referral_desk.store.database.ids import new_id
from referral_desk.store.database.schema import SCHEMA_VERSION
from referral_desk.sync.client import SyncError
from referral_desk.sync.protocol import BATCH_BYTES, MAX_BODY_BYTES, PushedCommand, PushRequest
from tests.fixtures import CONSULT_LATER, CONSULT_SOON
from tests.sync_desks import seed_and_sync

DECEMBER = date(2026, 12, 1)


def month_import(specialties: int, *, specialists_per_specialty: int = 1, long_names: bool = False
                 ) -> c.ImportRosterMonth:
    """A month of `specialties` new specialties, one duty a day each, as the grid import makes it."""
    new, people, duties = [], [], []
    for n in range(specialties):
        specialty_id = new_id()
        name = (f"专业{n:03d}" + "科" * 53) if long_names else f"专业{n:03d}"
        new.append(c.RosterSpecialtyItem(specialty_id=specialty_id, specialty_name=name))
        ids = []
        for k in range(specialists_per_specialty):
            ids.append(new_id())
            people.append(c.RosterSpecialistItem(
                specialist_id=ids[-1], specialty_id=specialty_id, title="副主任医师", phone="13900000000",
                specialist_name=(f"医师{n:03d}{k:02d}" + "名" * 33) if long_names else f"医师{n:03d}{k:02d}"))
        duties += [c.RosterDutyItem(duty_date=DECEMBER + timedelta(days=d), specialty_id=specialty_id,
                                    specialist_id=ids[d % len(ids)]) for d in range(31)]
    return c.ImportRosterMonth(month=DECEMBER, file_name="排" * 200 if long_names else "十二月.xlsx", layout="grid",
                               replaced_specialty_ids=[s.specialty_id for s in new], new_specialties=new,
                               specialists=people, duties=duties)


def test_the_largest_command_a_desk_can_make_fits_one_push():
    """Every list at its bound (200 specialties, 2,000 specialists, 6,200 duties), every name at its
    longest, in Chinese: what the desk would send, with its envelope."""
    biggest = month_import(200, specialists_per_specialty=10, long_names=True)
    pushed = PushedCommand(mutation_id=new_id(), base_version=0, operator="名" * 60,
                           at=datetime(2026, 12, 1, tzinfo=UTC), command=biggest)
    size = len(PushRequest(schema_version=SCHEMA_VERSION, commands=[pushed]).model_dump_json().encode())
    assert size > 2**20  # the 1 MiB of before would have refused it
    assert size <= BATCH_BYTES < MAX_BODY_BYTES, size


def test_a_200_specialty_month_reaches_the_other_desk_and_the_queue_behind_it_moves(central, desks):
    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    a.service.execute(month_import(200))
    a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    assert a.sync().pushed == {"applied": 2}
    b.sync()
    with b.store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM roster_entry WHERE duty_date >= :d AND deleted_at IS NULL"),
                            {"d": DECEMBER}).scalar() == 200 * 31
    assert b.status(CONSULT_SOON) == "approved"


def test_a_command_too_big_for_an_older_server_or_a_proxy_is_kept_and_the_rest_goes_on(central, desks, monkeypatch):
    """A server or a proxy with a smaller limit than the desk's (nginx takes 1 MiB by default): the batch is
    halved until the small changes go, the one too large is kept and said with what to fix, the pull still
    runs, and it goes once the limit is right."""
    import referral_desk.server.app as server_app

    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)
    monkeypatch.setattr(server_app, "MAX_BODY_BYTES", 64 * 1024)
    a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    a.service.execute(month_import(40))
    b.service.execute(c.DeclineConsultation(consultation_id=CONSULT_LATER, reason="专家外出"))
    b.sync()
    report = a.sync()
    assert report.pushed == {"applied": 1} and report.too_large == 1 and a.conflicts() == []
    assert "请求体过大" in report.line() and "4 MiB" in report.line()
    assert a.status(CONSULT_LATER) == "declined" and a.client.counts() == (1, 0)
    assert a.sync().too_large == 1  # sent again each round, still kept
    monkeypatch.undo()
    report = a.sync()
    assert report.pushed == {"applied": 1} and report.parked == 0 and a.client.counts() == (0, 0)


def test_a_push_the_server_cannot_take_still_lets_the_pull_run(central, desks, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import referral_desk.server.app as server_app

    a, b = desks("窗口1"), desks("窗口2")
    seed_and_sync(a, b)

    def unwell(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    b.service.execute(c.DeclineConsultation(consultation_id=CONSULT_LATER, reason="专家外出"))
    b.sync()
    monkeypatch.setattr(server_app, "apply_pushed", unwell)
    a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    with pytest.raises(SyncError, match="已拉取"):
        a.sync()
    assert a.status(CONSULT_LATER) == "declined"  # pulled although the push failed
    assert a.client.counts()[0] == 1  # and its own change waits, not lost


def test_a_batch_is_cut_into_bodies_in_order_and_none_is_empty():
    from referral_desk.sync.client import _by_size

    def pushed(command: c.Command, n: int) -> PushedCommand:
        return PushedCommand(mutation_id=f"m{n}", base_version=0, at=datetime(2026, 12, 1, tzinfo=UTC),
                             command=command)

    small = [pushed(c.ApproveConsultation(consultation_id=f"c{n}"), n) for n in range(3)]
    big = [pushed(month_import(200, specialists_per_specialty=10, long_names=True), 10 + n) for n in range(3)]
    batch = [small[0], *big, *small[1:]]
    parts = _by_size(batch)
    assert [p for part in parts for p in part] == batch and len(parts) == 2 and all(parts)
    assert all(sum(len(p.model_dump_json()) + 1 for p in part) <= BATCH_BYTES for part in parts)
    assert _by_size([]) == []


def test_a_proxy_that_refuses_small_pushes_never_costs_a_change(central, desks, monkeypatch):
    """A 413 for a body of a few hundred bytes: the change stays waiting, the operator reads what to fix,
    and it goes once the limit is right."""
    import referral_desk.server.app as server_app

    a = desks("窗口1")
    seed_and_sync(a)
    monkeypatch.setattr(server_app, "MAX_BODY_BYTES", 100)
    a.service.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    report = a.sync()
    assert report.too_large == 1 and "client_max_body_size" in report.line()
    assert a.client.counts() == (1, 0) and a.conflicts() == []
    monkeypatch.undo()
    assert a.sync().pushed == {"applied": 1}
