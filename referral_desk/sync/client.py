"""The workstation's side of the sync: push the outbox, pull what changed, rebase."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
import orjson
from pydantic import TypeAdapter
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from referral_desk.clock import Clock
from referral_desk.domain.commands import AnyCommand
from referral_desk.domain.errors import DomainError
from referral_desk.domain.policy import Policy
from referral_desk.store.engine import Store
from referral_desk.store.handlers import HANDLERS, Context
from referral_desk.store.rows import from_json, sqlite_bulk, sqlite_instant, synced_table
from referral_desk.store.schema import SCHEMA_VERSION, SYNCED_TABLES
from referral_desk.store.ids import audit_id_for
from referral_desk.store.roles import ROLE
from referral_desk.store.tables import AuditEntry, Meta, OutboxEntry, SyncConflict
from referral_desk.sync.protocol import (
    MAX_BATCH,
    PULL_LIMIT,
    MutationResult,
    PushedCommand,
    PushRequest,
    PushResponse,
)

COMMANDS = TypeAdapter(AnyCommand)
CURSOR = "sync_since"
_BULK = {name: sqlite_bulk(synced_table(name)) for name in SYNCED_TABLES}


@dataclass
class Page:
    rows: list[tuple[str, dict]]
    next_since: int
    has_more: bool


class SyncError(Exception):
    """The server could not be reached or refused the request; nothing local was lost."""


@dataclass
class SyncReport:
    pushed: dict[str, int] = field(default_factory=dict)
    pulled: int = 0
    waiting: int = 0
    conflicts: int = 0

    def line(self) -> str:
        pushed = "，".join(f"{k} {v}" for k, v in sorted(self.pushed.items())) or "无"
        return (f"推送：{pushed}；拉取 {self.pulled} 行；待推送 {self.waiting} 条；待确认冲突 {self.conflicts} 条 / "
                f"pushed {sum(self.pushed.values())}, pulled {self.pulled}, waiting {self.waiting}, "
                f"conflicts {self.conflicts}")


class SyncClient:
    def __init__(self, store: Store, policy: Policy, clock: Clock, base_url: str, token: str, *,
                 transport: httpx.BaseTransport | None = None, timeout: float = 15.0) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock
        self.pull_limit = PULL_LIMIT
        self.http = httpx.Client(base_url=base_url.rstrip("/"), transport=transport, timeout=timeout,
                                 headers={"Authorization": f"Bearer {token}"})

    def close(self) -> None:
        self.http.close()

    # -- one round ------------------------------------------------------------
    def sync_once(self) -> SyncReport:
        report = SyncReport()
        self.push_all(report)
        self.pull_all(report)
        report.waiting, report.conflicts = self.counts()
        return report

    def role(self) -> str:
        """The role the server gives this desk's token, remembered in the store: a supervisor's desk
        opens read-only even before it reaches the server again."""
        role = self._request("GET", "/api/v1/health").json().get("role", "operator")
        with Session(self.store.engine) as s, s.begin():
            s.merge(Meta(key=ROLE, value=role))
        return role

    def counts(self) -> tuple[int, int]:
        with self.store.engine.connect() as conn:
            waiting = conn.execute(select(OutboxEntry.seq).where(OutboxEntry.state == "pending")).all()
            conflicts = conn.execute(select(SyncConflict.id).where(SyncConflict.acknowledged_at.is_(None))).all()
        return len(waiting), len(conflicts)

    def _request(self, method: str, url: str, **kwargs) -> httpx.Response:
        try:
            response = self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise SyncError(f"无法连接服务器：{exc}") from None
        if response.status_code >= 400:
            try:
                body = response.json()
                detail = body.get("detail")
                if body.get("problems"):
                    detail = f"{detail}：{'；'.join(body['problems'][:3])}"
            except ValueError:
                detail = response.text[:200]
            raise SyncError(f"服务器拒绝（{response.status_code}）：{detail}")
        return response

    # -- push -------------------------------------------------------------------
    def push_all(self, report: SyncReport) -> None:
        while True:
            batch = self._pending_batch()
            if not batch:
                return
            request = PushRequest(schema_version=SCHEMA_VERSION, commands=[
                PushedCommand(mutation_id=o.mutation_id, base_version=o.base_version, operator=o.operator,
                              at=o.created_at, command=COMMANDS.validate_json(o.payload_json))
                for o in batch
            ])
            response = self._request("POST", "/api/v1/sync/push", content=request.model_dump_json(),
                                     headers={"Content-Type": "application/json"})
            results = PushResponse.model_validate_json(response.content).results
            self._record(batch, results, report)

    def _pending_batch(self) -> list[OutboxEntry]:
        with Session(self.store.engine) as s:
            return list(s.exec(select(OutboxEntry).where(OutboxEntry.state == "pending")
                               .order_by(OutboxEntry.seq).limit(MAX_BATCH)).scalars())

    def _record(self, batch: list[OutboxEntry], results: list[MutationResult], report: SyncReport) -> None:
        by_id = {r.mutation_id: r for r in results}
        now = self.clock.now()
        with Session(self.store.engine) as s, s.begin():
            for entry in batch:
                result = by_id.get(entry.mutation_id)
                if result is None:
                    continue  # not answered: stays pending and goes again
                report.pushed[result.status] = report.pushed.get(result.status, 0) + 1
                outbox = s.get(OutboxEntry, entry.seq)
                if result.status != "applied":
                    # The desk's own entry said it happened; the server's log is the record, and
                    # it has no entry of its own for this (a copy pulled earlier has a seq).
                    s.execute(delete(AuditEntry).where(AuditEntry.id == audit_id_for(entry.mutation_id),
                                                       AuditEntry.change_seq.is_(None)))
                if result.status in ("applied", "duplicate"):
                    outbox.state = "done"
                else:
                    outbox.state = "held" if result.held_back else result.status
                    if entry.base_version == 0 and result.row is None and not result.held_back:
                        self._withdraw_local_create(s, entry, now)
                    s.add(SyncConflict(mutation_id=entry.mutation_id, command=entry.command, entity=entry.entity,
                                       entity_id=entry.entity_id, status=result.status,
                                       message=result.message or "", created_at=now,
                                       server_row_json=json.dumps(result.row, ensure_ascii=False)
                                       if result.row else None))
                if result.row is not None and result.table:
                    s.flush()
                    self._write_row(s, result.table, result.row)

    def _withdraw_local_create(self, s: Session, entry: OutboxEntry, now) -> None:
        """A record the server refused to create exists only here: take it out of the panes
        (soft delete; the conflict notice keeps what it held and can register it again)."""
        table = synced_table(entry.entity)
        if "deleted_at" in table.c:
            s.execute(update(table).where(table.c.id == entry.entity_id, table.c.change_seq.is_(None))
                      .values(deleted_at=now))

    # -- pull -------------------------------------------------------------------
    def pull_all(self, report: SyncReport) -> None:
        # The next page is fetched while this one is written, so the server and this
        # desk work at the same time (a first sync is mostly that). The cursor moves
        # only with a written page, so stopping anywhere is safe.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="rd-pull-ahead") as ahead:
            future = ahead.submit(self._fetch, self._cursor())
            while True:
                page = future.result()
                if page.has_more:
                    future = ahead.submit(self._fetch, page.next_since)
                self._write_page(page)
                report.pulled += len(page.rows)
                if not page.has_more:
                    return

    def _fetch(self, since: int) -> Page:
        response = self._request("GET", "/api/v1/sync/pull", params={"since": since, "limit": self.pull_limit})
        try:
            body = orjson.loads(response.content)
            rows = [(item["table"], item["row"]) for item in body["rows"]]
            page = Page(rows, int(body["next_since"]), bool(body["has_more"]))
        except (ValueError, TypeError, KeyError) as exc:
            raise SyncError(f"服务器的回应无法识别 / unreadable pull response: {exc}") from None
        unknown = {table for table, _row in rows} - set(SYNCED_TABLES)
        if unknown:
            raise SyncError(f"服务器发来未知的表 {sorted(unknown)}，请升级本工作站 / unknown tables: upgrade this desk")
        return page

    def _cursor(self) -> int:
        with Session(self.store.engine) as s:
            row = s.get(Meta, CURSOR)
        return int(row.value) if row else 0

    def _write_page(self, page: Page) -> None:
        # Pages follow change_seq, not references: a call can arrive a page before the
        # request it belongs to was last changed. The server's rows are consistent, so
        # this workstation does not re-check foreign keys while it copies them.
        with self.store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()  # end the autobegun transaction, so the session's own commits
            try:
                with Session(bind=conn) as s, s.begin():
                    self._copy_rows(s, page)
                    s.merge(Meta(key=CURSOR, value=str(page.next_since)))
            finally:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()

    def _copy_rows(self, s: Session, page: Page) -> None:
        """A page in a few statements; only rows with changes still waiting here are rebased one by one."""
        waiting = set(s.exec(select(OutboxEntry.entity_id).where(OutboxEntry.state == "pending")).scalars())
        by_table: dict[str, list[dict]] = {}
        rebase = []
        for table_name, row in page.rows:
            # Audit entries are never changed after they are written: nothing to rebase.
            if row["id"] in waiting and table_name != "audit_entry":
                rebase.append((table_name, row))
            else:
                by_table.setdefault(table_name, []).append(row)
        raw = s.connection()
        for table_name in sorted(by_table, key=SYNCED_TABLES.index):
            sql, convert = _BULK[table_name]
            # Soft-deleted rows first: unique rules count live rows only (one duty per specialty
            # and day), and a replaced row and its successor can arrive in one page.
            rows = sorted(by_table[table_name], key=lambda r: r.get("deleted_at") is None)
            if table_name == "roster_entry":
                self._make_room_for_duties(raw, rows)
            raw.exec_driver_sql(sql, [convert(row) for row in rows])
        for table_name, row in rebase:
            self._write_row(s, table_name, row)

    def _make_room_for_duties(self, raw, rows: list[dict]) -> None:
        """One live duty per specialty and day: a duty only this desk holds for a slot the
        server has filled (an import or a duty still waiting to be pushed) steps aside; the
        waiting change brings it back once the server has judged it."""
        active = [(r["duty_date"], r["specialty_id"], r["id"]) for r in rows if r.get("deleted_at") is None]
        if active:
            raw.exec_driver_sql(
                "UPDATE roster_entry SET deleted_at = ? WHERE duty_date = ? AND specialty_id = ? AND id <> ? "
                "AND deleted_at IS NULL", [(sqlite_instant(self.clock.now()), *a) for a in active])

    def _write_row(self, s: Session, table_name: str, data: dict) -> None:
        """Take the server's row; re-apply this workstation's changes still waiting on it (rebase)."""
        table = synced_table(table_name)
        values = from_json(table, data)
        stmt = sqlite_insert(table).values(**values)
        stmt = stmt.on_conflict_do_update(index_elements=["id"],
                                          set_={k: v for k, v in values.items() if k != "id"})
        s.execute(stmt)
        s.expire_all()
        waiting = list(s.exec(select(OutboxEntry).where(OutboxEntry.entity_id == values["id"],
                                                        OutboxEntry.state == "pending")
                              .order_by(OutboxEntry.seq)).scalars())
        version = values.get("version", 1)
        for entry in waiting:
            command = COMMANDS.validate_json(entry.payload_json)
            ctx = Context(now=entry.created_at, policy=self.policy, operator=entry.operator, workstation="")
            try:
                with s.begin_nested():
                    HANDLERS[command.name](s, command, ctx)
                    s.flush()
            except DomainError:
                pass  # the server will judge it and say so
            s.execute(update(OutboxEntry).where(OutboxEntry.seq == entry.seq).values(base_version=version))
            version += 1

