"""What the server takes from the token, never from the body: the workstation a command names, who may
send a reminder's text, and whose change an undo may take back.

A token is a workstation's identity. Fields that name a workstation are stamped from it (a desk whose
configured name differs from its token's is still itself); acts that only the named workstation may do
are refused when another token asks. Operators are people signing in at a workstation: the server cannot
tell one person from another behind one token, so it records the name the desk declared beside the
token's workstation and refuses only a name that is not a name.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, select, text
from sqlmodel import Session

from referral_desk.domain.commands import AUDITED_ACTIONS
from referral_desk.domain.errors import DomainError
from referral_desk.domain.handover import check_operator_name
from referral_desk.domain.undo import UNDO_WITHIN
from referral_desk.server.tokens import Workstation
from referral_desk.store.database.tables import AuditEntry
from referral_desk.sync.protocol import PushedCommand

# The desk sends its changes within a background round or two; an undo judged by the server's clock
# is given that much more than the desk's own limit, never days.
UNDO_GRACE = timedelta(minutes=1)
UNDO_COMMANDS = frozenset({"undo_consultation_change", "undo_bed_change", "retract_escalation_call"})
# Audit events whose subject is the workstation itself (a sign-in, a handover, its export).
WORKSTATION_SUBJECT = "shift"
SHIFT_ACTIONS = frozenset({"sign_in", "hand_over"})  # always about the workstation, whatever the body names

# The record's last change, from the audit log the server wrote itself (workstation from the token,
# receipt time from the server's clock); events such as a reveal change no record and do not count.
_LAST_CHANGE = (select(AuditEntry.workstation, AuditEntry.operator, AuditEntry.received_at, AuditEntry.detail_json)
                .where(AuditEntry.entity == bindparam("entity"), AuditEntry.entity_id == bindparam("id"),
                       AuditEntry.action.not_in(tuple(AUDITED_ACTIONS)), AuditEntry.change_seq.is_not(None))
                .order_by(AuditEntry.change_seq.desc()).limit(1))


def stamped(pushed: PushedCommand, ws: Workstation) -> PushedCommand:
    """The command with every field that names a workstation taken from the token."""
    command = pushed.command
    if command.name == "queue_reminder" and command.origin != ws.name:
        command = command.model_copy(update={"origin": ws.name})
    elif command.name == "log_audit_event" and (command.subject_entity == WORKSTATION_SUBJECT
                                                  or command.action in SHIFT_ACTIONS):
        command = command.model_copy(update={"subject_entity": WORKSTATION_SUBJECT, "subject_id": ws.name[:64]})
    else:
        return pushed
    return pushed.model_copy(update={"command": command})


def refuse_claim(s: Session, pushed: PushedCommand, ws: Workstation, received: datetime) -> str | None:
    """Why this token may not do this act, judged against what the server holds; or None."""
    command = pushed.command
    if command.name == "record_reminder_attempt":
        origin = s.execute(text("SELECT origin FROM reminder WHERE id = :id"), {"id": command.reminder_id}).scalar()
        if origin is not None and origin != ws.name:
            return ("只有排队该提醒的工作站才能记录其发送结果 / only the workstation that queued a reminder "
                    "records its attempts")
    if command.name == "log_audit_event" and command.action == "sign_in":
        try:
            check_operator_name(pushed.operator)
        except DomainError as exc:
            return f"签到的接班人无效：{exc.message} / a sign-in names no valid operator"
    if command.name in UNDO_COMMANDS:
        return _refuse_undo(s, pushed, ws, received)
    return None


def _refuse_undo(s: Session, pushed: PushedCommand, ws: Workstation, received: datetime) -> str | None:
    """The desk's rule, by the server's clock: only the workstation and the operator that made the
    change, only the change that left the record at the version named, only within the limit."""
    command = pushed.command
    minutes = int(UNDO_WITHIN.total_seconds() // 60)
    last = s.execute(_LAST_CHANGE, {"entity": command.entity, "id": command.entity_id}).first()
    if last is None:
        return None  # nothing to undo here: the handler says the record is missing
    version = _version(last.detail_json)
    if version is not None and version != command.version:
        return None  # the record moved on: the handler refuses with the version in words
    if last.workstation != ws.name or last.operator != (pushed.operator or ws.name):
        return (f"只能撤销本工作站、本人的上一项更改；该记录的上一项更改来自「{last.workstation}」/ "
                "only the workstation and operator that made a change may undo it")
    made = last.received_at
    if made is not None and made.tzinfo is None:
        made = made.replace(tzinfo=UTC)
    if made is None or received - made > UNDO_WITHIN + UNDO_GRACE:
        return (f"撤销须在更改后 {minutes} 分钟内送达服务器（服务器时间），已超过；请在详情中更正 / "
                f"an undo must reach the server within {minutes} minutes of the change")
    return None


def _version(detail_json: str) -> int | None:
    try:
        value = json.loads(detail_json or "{}").get("version")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None
