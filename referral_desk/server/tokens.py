"""Workstation tokens: shown once, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, bindparam, func, select
from sqlmodel import Session

from referral_desk.domain.bounds import control_char_at
from referral_desk.store.database.tables import AppliedMutation, WorkstationToken

ROLES = ("operator", "supervisor")


class TokenError(Exception):
    pass


@dataclass(frozen=True)
class Workstation:
    name: str
    role: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(engine: Engine, name: str, role: str, now: datetime, expires_at: datetime | None = None) -> str:
    if role not in ROLES:
        raise TokenError(f"角色须为 {'/'.join(ROLES)}，收到「{role}」")
    if not name.strip() or len(name) > 60 or control_char_at(name) is not None:
        raise TokenError("工作站名称须为 1-60 个字符，不含控制字符")
    if expires_at is not None and expires_at <= now:
        raise TokenError(f"过期时间 {expires_at:%Y-%m-%d %H:%M} 已过")
    token = secrets.token_urlsafe(32)
    while token.startswith("-"):  # typed after --token it would be taken for an option
        token = secrets.token_urlsafe(32)
    with Session(engine) as s, s.begin():
        existing = s.get(WorkstationToken, name)
        expired = existing is not None and existing.expires_at is not None and existing.expires_at <= now
        if existing is not None and existing.revoked_at is None and not expired:
            raise TokenError(f"工作站「{name}」已有令牌；如需更换，请先吊销")
        if existing is not None:
            # The same workstation with a new token (issue 23): its name is its identity in the audit log,
            # its reminders and the metrics, so a revoked token must not cost it its name.
            existing.token_hash, existing.role, existing.created_at = _hash(token), role, now
            existing.expires_at, existing.revoked_at = expires_at, None
        else:
            s.add(WorkstationToken(name=name, token_hash=_hash(token), role=role, created_at=now,
                                   expires_at=expires_at))
    return token


def list_tokens(engine: Engine) -> list[WorkstationToken]:
    with Session(engine) as s:
        return list(s.exec(select(WorkstationToken).order_by(WorkstationToken.name)).scalars())


@dataclass(frozen=True)
class Pushed:
    """What a workstation has pushed, as the server judged it (from the applied-mutation log)."""

    last_at: datetime
    by_status: dict[str, int]

    def words(self) -> str:
        counts = " ".join(f"{status} {n}" for status, n in sorted(self.by_status.items()))
        return f"最近推送 {self.last_at:%Y-%m-%d %H:%M} UTC，已推送 {sum(self.by_status.values())} 条（{counts}）"


def pushed_by_workstation(engine: Engine) -> dict[str, Pushed]:
    """The last push and the commands pushed, per workstation name (pulls leave no trace in the
    database: the metrics' last-seen gauge has those)."""
    found: dict[str, tuple[datetime, dict[str, int]]] = {}
    with engine.connect() as conn:
        for name, status, n, last in conn.execute(
                select(AppliedMutation.workstation, AppliedMutation.status, func.count(), func.max(AppliedMutation.at))
                .group_by(AppliedMutation.workstation, AppliedMutation.status)):
            at, counts = found.get(name, (last, {}))
            counts[status] = n
            found[name] = (max(at, last), counts)
    return {name: Pushed(at, counts) for name, (at, counts) in found.items()}


def revoke_token(engine: Engine, name: str, now: datetime) -> None:
    with Session(engine) as s, s.begin():
        row = s.get(WorkstationToken, name)
        if row is None:
            raise TokenError(f"没有名为「{name}」的工作站")
        row.revoked_at = now


_LOOKUP = (select(WorkstationToken.name, WorkstationToken.role, WorkstationToken.expires_at)
           .where(WorkstationToken.token_hash == bindparam("hash"), WorkstationToken.revoked_at.is_(None)))


def authenticate(conn: Connection, token: str, now: datetime) -> Workstation | None:
    """Every request asks the table (no cache), so a revocation or an expiry holds from the next
    request on."""
    row = conn.execute(_LOOKUP, {"hash": _hash(token)}).first()
    if row is None or (row.expires_at is not None and row.expires_at <= now):
        return None
    return Workstation(row.name, row.role)
