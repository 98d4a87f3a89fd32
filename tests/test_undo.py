"""Ctrl+Z (issue 13): the desk's own last change, within two minutes, undone by a compensating
command that is audited and synced; refused when too late or when the record changed since."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from referral_desk.domain import commands as c
from referral_desk.domain.errors import DomainError
from referral_desk.domain.escalation import CallResult
from referral_desk.store.database.engine import open_store
from referral_desk.store.database.tables import AuditEntry, BedRequest, Consultation, EscalationCall, OutboxEntry
from referral_desk.store.writes.executor import Actor, CommandExecutor
from tests.fixtures import BED_OPEN_SOON, CONSULT_OVERDUE, CONSULT_SOON
from tests.pilot import settle


def consultation(service, cid) -> Consultation:
    with Session(service.store.engine) as s:
        return s.get(Consultation, cid)


def actions(service, entity_id) -> list[str]:
    with Session(service.store.engine) as s:
        return [a.action for a in s.exec(select(AuditEntry).where(AuditEntry.entity_id == entity_id)
                                         .order_by(AuditEntry.at, AuditEntry.id))]


def test_an_approval_is_undone_by_a_compensating_command_that_stays_in_the_record(filled, clock):
    filled.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON, on_behalf="王建国本人"))
    assert consultation(filled, CONSULT_SOON).answered_at is not None
    clock.advance(timedelta(seconds=20))  # read, regretted, undone
    applied = filled.undo.undo_last()
    row = consultation(filled, CONSULT_SOON)
    assert (row.status, row.answered_at, row.version) == ("submitted", None, 3)
    assert applied.summary == "撤销上一步：已通过 → 待审核"
    assert actions(filled, CONSULT_SOON)[-2:] == ["approve_consultation", "undo_consultation_change"]
    with Session(filled.store.engine) as s:  # waiting to be pushed like any change
        assert (s.exec(select(OutboxEntry.command).order_by(OutboxEntry.seq.desc())).first()
                == "undo_consultation_change")
    assert CONSULT_SOON in [p.row.consultation_id for p in filled.panes.pending_approvals()]
    with pytest.raises(DomainError, match="没有可撤销的更改"):  # no redo, no second undo
        filled.undo.undo_last()


def test_a_batch_expiry_is_undone_whole(filled, clock):
    """Issue 25's outside trial: X y then Ctrl+Z said 没有可撤销的更改 (the batch was never remembered)."""
    overdue = {p.row.consultation_id for p in filled.requests.overdue_for_expiry(timedelta(0))}
    assert CONSULT_OVERDUE in overdue
    assert filled.requests.expire_overdue(only=overdue) == len(overdue)
    assert consultation(filled, CONSULT_OVERDUE).status == "expired"
    clock.advance(timedelta(seconds=5))
    last = filled.undo.last_change()
    assert last is not None and last.applied.summary == f"批量标记过期 {len(overdue)} 条"
    applied = filled.undo.undo_last()
    assert all(consultation(filled, cid).status == "submitted" for cid in overdue)
    assert applied.summary.startswith("撤销上一步：批量标记过期") and "已回到原状态" in applied.summary
    with pytest.raises(DomainError, match="没有可撤销"):
        filled.undo.undo_last()


def test_an_expiry_by_policy_is_not_the_operator_s_to_undo(filled):
    filled.requests.expire_overdue(by_policy=True)
    assert filled.undo.last_change() is None


def test_after_two_minutes_nothing_is_undone(filled, clock):
    filled.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    clock.advance(timedelta(minutes=2, seconds=1))
    with pytest.raises(DomainError, match="没有可撤销的更改"):
        filled.undo.undo_last()
    assert consultation(filled, CONSULT_SOON).status == "approved"


def test_a_record_changed_since_by_another_desk_is_not_undone_and_nothing_is_written(filled, db_path, clock):
    filled.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    other = open_store(db_path)
    CommandExecutor(other, filled.policy, clock, Actor("李四", "WS2")).execute(
        c.LogEscalationCall(consultation_id=CONSULT_OVERDUE, callee="王建国", result=CallResult.NO_ANSWER))
    with Session(other.engine) as s, s.begin():  # another desk touched the same request
        row = s.get(Consultation, CONSULT_SOON)
        row.version += 1
    other.close()
    before = actions(filled, CONSULT_SOON)
    with pytest.raises(DomainError, match="已被修改"):
        filled.undo.undo_last()
    assert consultation(filled, CONSULT_SOON).status == "approved"
    assert actions(filled, CONSULT_SOON) == before


def test_a_bed_goes_back_to_the_state_it_came_from(filled):
    filled.execute(c.ReserveBed(bed_request_id=BED_OPEN_SOON, ward="心内二病区", bed_no="12"))
    filled.undo.undo_last()
    with Session(filled.store.engine) as s:
        bed = s.get(BedRequest, BED_OPEN_SOON)
    assert (bed.status, bed.ward, bed.bed_no, bed.reserved_at) == ("requested", None, None, None)
    filled.execute(c.FlagBedCoordination(bed_request_id=BED_OPEN_SOON, note="满床"))
    filled.execute(c.ReserveBed(bed_request_id=BED_OPEN_SOON, ward="心内二病区"))
    filled.undo.undo_last()
    with Session(filled.store.engine) as s:
        assert s.get(BedRequest, BED_OPEN_SOON).status == "needs_coordination"


def test_a_logged_call_is_retracted_and_no_longer_counts(filled):
    before = next(p.row.escalations for p in filled.panes.pending_approvals() if p.row.consultation_id == CONSULT_SOON)
    applied = filled.execute(c.LogEscalationCall(consultation_id=CONSULT_SOON, callee="李萍",
                                                 result=CallResult.NO_ANSWER))
    filled.undo.undo_last()
    with Session(filled.store.engine) as s:
        assert s.get(EscalationCall, applied.entity_id).deleted_at is not None
    assert next(p.row.escalations for p in filled.panes.pending_approvals()
                if p.row.consultation_id == CONSULT_SOON) == before


def test_a_booking_made_by_mistake_is_withdrawn_and_other_changes_say_they_cannot_be_undone(filled):
    cmd = next(cmd for cmd, _at in __import__("tests.fixtures", fromlist=["day_commands"]).day_commands()
               if isinstance(cmd, c.CreateConsultation))
    booking = cmd.model_copy(update={"consultation_id": "b" * 32})
    filled.execute(booking)
    filled.undo.undo_last()
    row = consultation(filled, "b" * 32)
    assert (row.status, row.close_reason) == ("withdrawn", "撤销误登记（Ctrl+Z）")
    filled.execute(c.UpsertDirectoryEntry(unit_name="阳谷中心医院", contact="急诊科", phone="0635-6211111",
                                          purpose="转诊咨询"))
    with pytest.raises(DomainError, match="不能撤销"):
        filled.undo.undo_last()


def test_the_next_operator_cannot_undo_the_last_ones_change(filled):
    filled.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
    filled.shift.sign_in("李娜")
    with pytest.raises(DomainError, match="没有可撤销的更改"):
        filled.undo.undo_last()


@pytest.mark.parametrize("bad", [
    dict(from_status="submitted", version=2),  # not a state a change moves to
    dict(from_status="approved", version=1),  # a version no change leaves
    dict(from_status="approved", version=2**40),
])
def test_a_forged_undo_is_refused_with_the_field_named(bad):
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        c.UndoConsultationChange(consultation_id=CONSULT_SOON, **bad)


def test_an_undo_pushed_for_a_bed_cannot_jump_to_a_state_it_never_came_from(filled):
    filled.execute(c.CancelBed(bed_request_id=BED_OPEN_SOON, reason="患者转院"))
    with Session(filled.store.engine) as s:
        version = s.get(BedRequest, BED_OPEN_SOON).version
    with pytest.raises(DomainError, match="已被修改"):
        filled.executor.execute(c.UndoBedChange(bed_request_id=BED_OPEN_SOON, from_status="cancelled",
                                                to_status="requested", version=version + 5))
    with pytest.raises(DomainError, match="没有预留记录，不能从「已取消」撤销回「已预留」"):  # never reserved
        filled.executor.execute(c.UndoBedChange(bed_request_id=BED_OPEN_SOON, from_status="cancelled",
                                                to_status="reserved", version=version))
    with pytest.raises(DomainError, match="不是要撤销的"):
        filled.executor.execute(c.UndoBedChange(bed_request_id=BED_OPEN_SOON, from_status="reserved",
                                                to_status="requested", version=version))
    with Session(filled.store.engine) as s:
        assert s.get(BedRequest, BED_OPEN_SOON).status == "cancelled"


async def test_ctrl_z_in_the_request_details_asks_then_undoes(app, filled):
    from referral_desk.screens.confirm import ConfirmScreen
    from referral_desk.screens.details import ConsultationScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        filled.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
        app.push_screen(ConsultationScreen(filled, CONSULT_SOON))
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "审核通过" in app.screen.body_text
        await pilot.press("enter")  # Enter never says yes
        assert isinstance(app.screen, ConfirmScreen)
        details = app.screen_stack[-2]
        await pilot.press("y")
        await asyncio.wait_for(app.workers.wait_for_complete(), 30)
        await pilot.pause()
        await asyncio.wait_for(app.workers.wait_for_complete(), 30)  # the details read again
        await pilot.pause()
        assert consultation(filled, CONSULT_SOON).status == "submitted"
        assert app.screen is details and details.data.consultation.status == "submitted"  # shown as it is now
        assert any(n.message == "已撤销上一步：已通过 → 待审核" for n in app._notifications)
        await pilot.press("ctrl+z")  # nothing left: a warning, no question
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert app.worker_failures == []
