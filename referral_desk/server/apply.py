"""Judging one pushed command with authority, in its own transaction."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Engine, event, text, update
from sqlalchemy.exc import DisconnectionError, IntegrityError, InterfaceError, OperationalError
from sqlmodel import Session

from referral_desk.domain.errors import DomainError, IllegalTransition, MissingRecord
from referral_desk.domain.policy import Policy
from referral_desk.server.authority import refuse_claim
from referral_desk.server.db import CHANGE_SEQ
from referral_desk.server.tokens import Workstation
from referral_desk.store.database.rows import synced_model, to_json
from referral_desk.store.database.tables import AppliedMutation, SyncCounter
from referral_desk.store.writes.audit import command_audit, writes_own_audit
from referral_desk.store.writes.handlers import Context, handle
from referral_desk.sync.protocol import MutationResult, PushedCommand

log = logging.getLogger("referral_desk.server")
TRANSIENT = (OperationalError, InterfaceError, DisconnectionError)


def _row_json(row) -> dict:
    return to_json(row.__table__, {c.name: getattr(row, c.name) for c in row.__table__.columns})


def _next_seq(s: Session) -> int:
    # The first statement writes: on PostgreSQL it takes the counter's row lock,
    # on SQLite the write lock, so seqs are handed out in commit order.
    s.execute(update(SyncCounter).where(SyncCounter.name == CHANGE_SEQ).values(value=SyncCounter.value + 1))
    return s.execute(text("SELECT value FROM sync_counter WHERE name = :n"), {"n": CHANGE_SEQ}).scalar_one()


@contextmanager
def _stamping(s: Session, seq: int):
    """Every row a command writes carries its seq, not only the one it returns (a month's
    roster import writes a thousand), so that pulls bring them all."""

    def stamp(session, _context, _instances) -> None:
        for obj in (*session.new, *session.dirty):
            if hasattr(obj, "change_seq"):
                obj.change_seq = seq

    event.listen(s, "before_flush", stamp)
    try:
        yield
    finally:
        event.remove(s, "before_flush", stamp)


def apply_pushed(engine: Engine, pushed: PushedCommand, ws: Workstation, policy: Policy, now: datetime,
                 held: set[str]) -> MutationResult:
    cmd = pushed.command
    model = synced_model(cmd.entity)
    with Session(engine, expire_on_commit=False) as s:
        s.begin()
        try:
            seq = _next_seq(s)
            prior = s.get(AppliedMutation, pushed.mutation_id)
            if prior is not None:
                s.rollback()
                stored = MutationResult.model_validate_json(prior.result_json)
                return stored.model_copy(update={"status": "duplicate"}) if stored.status == "applied" else stored
            if cmd.entity_id in held:
                s.rollback()  # not recorded: judged again once the operator has seen the conflict
                return MutationResult(mutation_id=pushed.mutation_id, status="conflict", held_back=True,
                                      message="同一记录的前一项更改有冲突，本项暂缓", table=model.__tablename__)
            current = s.get(model, cmd.entity_id)
            ctx = Context(now=min(pushed.at, now), policy=policy, operator=pushed.operator or ws.name,
                          workstation=ws.name, received_at=now)
            refusal = refuse_claim(s, pushed, ws, now)
            if refusal is not None:
                result = MutationResult(mutation_id=pushed.mutation_id, status="rejected", message=refusal,
                                        table=model.__tablename__)
            else:
                result = _judge(s, pushed, current, ctx, seq)
            if result.missing:
                s.rollback()  # not recorded: judged again when the desk sends it again
                return result
            s.add(AppliedMutation(mutation_id=pushed.mutation_id, workstation=ws.name, command=cmd.name,
                                  entity_id=cmd.entity_id, status=result.status,
                                  result_json=result.model_dump_json(), at=now))
            s.commit()
            return result
        except TRANSIENT:
            s.rollback()
            raise  # the database is unwell, not the command: 503, and the desk sends it again
        except Exception as exc:  # noqa: BLE001  a command the database cannot store is answered, not a 500
            s.rollback()
            # The type only: a driver's message can quote the values, and they are patient data.
            log.warning("push %s (%s) not stored: %s", pushed.mutation_id, cmd.name, type(exc).__name__)
            return MutationResult(mutation_id=pushed.mutation_id, status="rejected", table=model.__tablename__,
                                  message=f"服务器无法保存此项（{type(exc).__name__}），请联系信息科 / "
                                          "the server could not store this command")
        except BaseException:
            s.rollback()
            raise


class _Behind(Exception):
    """The change was made on a version the server has not reached (raised to undo what it did)."""

    def __init__(self, result: MutationResult) -> None:
        super().__init__(result.mutation_id)
        self.result = result


def _behind(pushed: PushedCommand, held: int) -> MutationResult | None:
    """The desk made this change on a version the server has not reached: changes before it (another
    desk's, after a restore older than them) are still to come. Judged now, it would meet the wrong state,
    or an upsert would recreate the record and be overwritten when its creation comes back; so it is not
    judged, and the desk sends it again (unless it asks for a judgment: see PushedCommand.judge_now)."""
    if pushed.judge_now or pushed.base_version <= held:
        return None
    return MutationResult(mutation_id=pushed.mutation_id, status="rejected", table=pushed.command.entity,
                          missing=True,
                          message=f"服务器上该记录还缺少本项之前的更改（服务器为第 {held} 版，本项基于第 "
                                  f"{pushed.base_version} 版；可能刚从备份恢复），本项将在这些更改到达后再次发送 / "
                                  "the server lacks the changes this one was made after; the desk sends it again")


def _judge(s: Session, pushed: PushedCommand, current, ctx: Context, seq: int) -> MutationResult:
    cmd = pushed.command
    table = cmd.entity
    stale = current is not None and getattr(current, "version", 1) != pushed.base_version
    if stale and cmd.target is not None and getattr(current, "status", None) == cmd.target:
        # The same decision reached the server another way: nothing to do twice.
        return MutationResult(mutation_id=pushed.mutation_id, status="duplicate", table=table,
                              row=_row_json(current), message="相同的决定已生效")
    # The version the server's record had before this change, where the record is the command's own.
    held = getattr(current, "version", 1) if current is not None else None
    try:
        with s.begin_nested(), _stamping(s, seq):
            row, summary = handle(s, cmd, ctx)
            s.flush()
            behind = _behind(pushed, row.version - 1) if hasattr(row, "version") else None
            if behind is not None:
                raise _Behind(behind)  # the savepoint takes back what the handler did
    except _Behind as exc:
        return exc.result
    except MissingRecord as exc:
        return MutationResult(mutation_id=pushed.mutation_id, status="rejected", table=table, missing=True,
                              message=f"{exc.message}：服务器上还没有这条记录（可能刚从备份恢复），"
                                      "本项将在记录到达后再次发送 / "
                                      "a record it needs is not on the server yet; the desk sends it again")
    except IllegalTransition as exc:
        return (held is not None and _behind(pushed, held)) or MutationResult(
            mutation_id=pushed.mutation_id, status="conflict", table=table,
            row=_row_json(current) if current is not None else None, message=exc.message)
    except DomainError as exc:
        return (held is not None and _behind(pushed, held)) or MutationResult(
            mutation_id=pushed.mutation_id, status="rejected", table=table,
            row=_row_json(current) if current is not None else None, message=exc.message)
    except IntegrityError:
        # A record it refers to never reached the server (or a unique rule clashed).
        return MutationResult(mutation_id=pushed.mutation_id, status="rejected", table=table,
                              message="所引用的记录在服务器上不存在，或与已有记录冲突")
    row.change_seq = seq
    if not writes_own_audit(cmd):
        audit = command_audit(cmd, row, summary, ctx, pushed.mutation_id)
        # Its own seq: a pull page may end between two rows, never inside one seq.
        audit.change_seq = _next_seq(s)
        s.add(audit)
    s.flush()
    return MutationResult(mutation_id=pushed.mutation_id, status="applied", table=table, row=_row_json(row))
