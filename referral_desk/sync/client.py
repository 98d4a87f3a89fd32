"""The workstation's side of the sync: push the outbox, pull what changed, rebase."""

from __future__ import annotations

import json
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import orjson
from pydantic import TypeAdapter
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from referral_desk.clock import Clock
from referral_desk.domain.bounds import halves
from referral_desk.domain.commands import AnyCommand
from referral_desk.domain.errors import DomainError
from referral_desk.domain.policy import Policy, differences, shared_terms
from referral_desk.store.database import day_figures_cache
from referral_desk.store.database.engine import Store
from referral_desk.store.database.ids import audit_id_for
from referral_desk.store.database.marker import PULL_CURSOR
from referral_desk.store.database.rows import from_json, sqlite_bulk, sqlite_instant, synced_table
from referral_desk.store.database.schema import SCHEMA_VERSION, SYNCED_TABLES
from referral_desk.store.database.tables import AuditEntry, Meta, OutboxEntry, SyncConflict
from referral_desk.store.reads.roles import READ_ONLY_ROLES, ROLE, SERVER_NAME
from referral_desk.store.writes.handlers import Context, handle
from referral_desk.sync.failure import refusal_short, transport_failure
from referral_desk.sync.protocol import (
    BATCH_BYTES,
    DIVERGED,
    MAX_BATCH,
    MAX_BODY_BYTES,
    OTHER_SERVER,
    PULL_LIMIT,
    SCHEMA_HEADER,
    SCHEMA_MISMATCH,
    MutationResult,
    PushedCommand,
    PushRequest,
    PushResponse,
)

COMMANDS = TypeAdapter(AnyCommand)
CURSOR = PULL_CURSOR
ANCHOR = "sync_anchor"  # "seq id" of the newest audit entry pulled: it never moves on the server
LAST_MUTATION = "sync_last_mutation"  # the newest change the server has confirmed
SERVER_SEEN = "sync_server_id"
EPOCH_SEEN = "sync_restore_epoch"
RESTORED = "sync_server_restored_at"
RESEND_WITHIN = timedelta(days=30)  # sent changes are kept (never deleted); these are sent again
# A change whose record the server does not hold yet (restored from a backup older than it, the desk
# that made the record has not sent it again): kept and sent again each round, for the retention period.
PARKED = "parked"
WAITING = ("pending", PARKED)
_BULK = {name: sqlite_bulk(synced_table(name)) for name in SYNCED_TABLES}


@dataclass
class Page:
    rows: list[tuple[str, dict]]
    next_since: int
    has_more: bool
    server_id: str = ""
    restore_epoch: str = ""


class SyncError(Exception):
    """The server could not be reached or refused the request; nothing local was lost."""

    def __init__(self, message: str, status: int | None = None, code: str | None = None,
                 detail: str | None = None, installation: tuple[str, str] | None = None,
                 retry_after: float | None = None, short: str | None = None) -> None:
        super().__init__(message)
        # A few words for the desk's status line (sync.failure); the message says the rest.
        self.short = short or (refusal_short(status, code, detail) if status else "同步失败")
        self.status = status
        self.retry_after = retry_after  # seconds the server asked for (a 503 when it is busy or restoring)
        self.code = code
        self.detail = detail
        self.installation = installation  # (server id, restore epoch) when the server said them


AUDIT_COMMAND = "log_audit_event"
# How long a desk ahead of its server waits before asking again (the server's upgrade is a person's step).
SERVER_UPGRADE_WAIT = 300.0
# The longest wait a server's Retry-After can impose on a desk (a wrong header must not park it for a day).
MAX_RETRY_AFTER = 300.0


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (the server sends seconds; an HTTP date from a proxy is not worth parsing)."""
    try:
        seconds = float(value) if value else None
    except ValueError:
        return None
    if seconds is None or seconds != seconds or seconds < 0:  # NaN too
        return None
    return min(seconds, MAX_RETRY_AFTER)


def _first_problem(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if errors is None:
        return str(exc)[:200]
    err = errors()[0]
    return f"{'.'.join(str(p) for p in err.get('loc', ()))}: {err.get('msg')}"[:300]


def _put_meta(s: Session, values: dict[str, str]) -> None:
    """Several of the desk's sync marks in one statement (a page's write is on the sync's hot path)."""
    stmt = sqlite_insert(Meta).values([{"key": k, "value": v} for k, v in values.items()])
    s.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": stmt.excluded.value}))


class DemoStoreError(SyncError):
    """The demo store never talks to a server, whatever the flags or the config say."""


@dataclass
class SyncReport:
    pushed: dict[str, int] = field(default_factory=dict)
    pulled: int = 0
    waiting: int = 0
    conflicts: int = 0
    role: str | None = None
    # Why this desk started over (the server was restored from a backup), or None.
    restored: str | None = None
    # Changes this desk made before the server said its token is read-only: kept, not sent.
    held_readonly: int = 0
    # Changes whose record the server does not hold yet (a restore): kept and sent again next round.
    parked: int = 0
    # Of those, changes refused for their size (413, a proxy's limit most often).
    too_large: int = 0
    # Where the server's policy (time zone, service hours, reply limit) says otherwise than this desk's.
    policy_differs: str = ""

    def line(self) -> str:
        pushed = "，".join(f"{k} {v}" for k, v in sorted(self.pushed.items())) or "无"
        line = (f"推送：{pushed}；拉取 {self.pulled} 行；待推送 {self.waiting} 条；待确认冲突 {self.conflicts} 条 / "
                f"pushed {sum(self.pushed.values())}, pulled {self.pulled}, waiting {self.waiting}, "
                f"conflicts {self.conflicts}")
        if self.restored:
            why, why_en = halves(self.restored)
            line = RESTORED_LINE.format(why=why, why_en=why_en or "the server was restored") + "\n" + line
        if self.held_readonly:
            line += "\n" + READONLY_HELD.format(n=self.held_readonly)
        if self.policy_differs:
            line += "\n" + POLICY_DIFFERS.format(what=self.policy_differs)
        return "\n".join([line, *self.parked_words()])

    def parked_words(self) -> list[str]:
        """What the changes kept for the next round wait for, and who can help."""
        words = []
        if self.parked > self.too_large:
            words.append(PARKED_LINE.format(n=self.parked - self.too_large))
        if self.too_large:
            words.append(TOO_LARGE_LINE.format(n=self.too_large, limit=MAX_BODY_BYTES // 2**20))
        return words


def _by_size(pushed: list[PushedCommand]) -> list[list[PushedCommand]]:
    """The batch in bodies within the server's limit, in order (a month's roster fills one alone)."""
    parts: list[list[PushedCommand]] = []
    size = 0
    for item in pushed:
        item_size = len(item.model_dump_json()) + 1
        if not parts or (parts[-1] and size + item_size > BATCH_BYTES):
            parts.append([])
            size = 0
        parts[-1].append(item)
        size += item_size
    return parts


OTHER_SERVER_WORDS = (
    "这台服务器不是本工作站一直同步的那一台（标识 {new}…，原为 {seen}…）：未发送、未拉取任何内容。"
    "若确已改用这台服务器，请在转诊台上确认，或运行 referral-desk sync --adopt-server / this is another "
    "server than the one this desk syncs with; nothing was sent or taken: adopt it with `sync --adopt-server`")
PARKED_LINE = ("{n}项更改所涉及的记录或其之前的更改服务器上暂时没有（服务器可能刚从备份恢复）："
               "已保留，每轮同步再次发送；"
               "请让其他工作站都同步一次（创建或先修改该记录的工作站会重新发送它）/ {n} change(s) wait for their "
               "record or the changes before them to reach the server: kept and sent again; have the other desks sync")
TOO_LARGE_WORDS = ("服务器或其前面的代理拒绝了这项 {size} 字节的更改（413，请求体过大）："
                   "已保留在本机，每轮同步再次发送；"
                   "请信息科把代理的请求体上限调到至少 {limit} MiB（nginx: client_max_body_size {limit}m）/ "
                   "the server or a proxy refuses this {size}-byte change (413): kept and sent again; raise the "
                   "proxy's body limit to at least {limit} MiB")
TOO_LARGE_LINE = ("{n}项更改因请求体过大（413）未能推送，已保留并将再次发送："
                  "请信息科把服务器前代理的请求体上限调到至少 "
                  "{limit} MiB（nginx: client_max_body_size {limit}m）/ "
                  "{n} change(s) too large for a proxy: kept; raise "
                  "its body limit")
RESTORED_LINE = ("注意：{why}。本工作站已重新推送近 30 天的更改并从头拉取；请核对最近的记录 / "
                 "{why_en}: recent changes were sent again and everything pulled anew")


POLICY_DIFFERS = ("注意：本机的规则与服务器不一致（{what}）：审核截止时间将与服务器不同，"
                  "请信息科把两边的 config.toml 改为一致 / "
                  "this desk's policy differs from the server's")
READONLY_HELD = ("{n} 条本地更改未推送：本工作站的令牌为督导（只读）。更改已保留；请换用操作员令牌同步，"
                 "或请信息科处理 / {n} local changes kept, not sent: this token is read-only")


def server_verification(ca_file: str) -> ssl.SSLContext | bool:
    """What the server's https certificate is checked against: the CA file in config.toml
    (`server_ca`), or the system's CAs. A CA file that cannot be read is refused in words."""
    if not ca_file:
        return True
    try:
        return ssl.create_default_context(cafile=str(Path(ca_file).expanduser()))
    except (OSError, ssl.SSLError) as exc:
        why = getattr(exc, "strerror", None) or "不是 PEM 格式的证书"
        raise SyncError(f"无法读取 server_ca 证书文件 {ca_file}（{why}）/ cannot read the server_ca file",
                        short="server_ca 无法读取") from None


def plain_http_warning(url: str) -> str | None:
    """Patient data must not cross the hospital network unencrypted: plain http is for this machine only."""
    parts = urlsplit(url)
    if parts.scheme != "http":
        return None
    host = (parts.hostname or "").lower()
    try:
        loopback = host == "localhost" or ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback:
        return None
    where = f"{host}:{parts.port}" if parts.port else host  # never the user:password a URL may carry
    return (f"服务器地址 http://{where} 未加密（http）：患者数据将以明文经过网络，请改用 https:// 并设置 "
            "server_ca / the server is reached over plain http: use https")


class SyncClient:
    def __init__(self, store: Store, policy: Policy, clock: Clock, base_url: str, token: str, *,
                 transport: httpx.BaseTransport | None = None, timeout: float = 15.0, ca_file: str = "") -> None:
        if not (token.isascii() and token.isprintable() and " " not in token):
            raise SyncError("令牌含有无效字符：请检查配置文件、REFERRAL_DESK_TOKEN 或令牌文件 / "
                            "the token has invalid characters",
                            short="令牌含无效字符")
        verify = server_verification(ca_file)
        self.store = store
        self.policy = policy
        self.clock = clock
        self.pull_limit = PULL_LIMIT
        self.known_role: str | None = None  # asked once per client, and again after a 403
        self.policy_differs = ""  # the server's terms against this desk's, read with the role
        self._judge_now: set[str] = set()  # mutations the server is asked to judge although behind
        self._too_large: set[str] = set()  # refused for their size (413): kept, sent again each round
        # Set by the operator (`sync --adopt-server`, the desk's question): the next round takes the
        # other server as this desk's own, sends its recent changes there and pulls everything.
        self.adopt_server = False
        self.http = httpx.Client(base_url=base_url.rstrip("/"), transport=transport, timeout=timeout, verify=verify,
                                 headers={"Authorization": f"Bearer {token}", SCHEMA_HEADER: str(SCHEMA_VERSION)})

    def close(self) -> None:
        self.http.close()

    # -- one round ------------------------------------------------------------
    def sync_once(self) -> SyncReport:
        # A page pulled into tables whose statistics triggers lost their table is copied again once the
        # table is made again: a queue must not stick on a table dropped by hand.
        return day_figures_cache.healed_once(self.store.engine, self._sync_once)

    def _sync_once(self) -> SyncReport:
        from referral_desk.store.demo import demo_built_at

        if demo_built_at(self.store) is not None:
            raise DemoStoreError("演示数据从不与服务器同步 / the demo store never syncs")
        report = SyncReport()
        # The role first: a read-only token's desk must not push its waiting changes into a 403
        # forever; it keeps them, pulls, and says so.
        if self.known_role is None:
            self.known_role = self.role()
        report.role = self.known_role
        report.policy_differs = self.policy_differs
        readonly = self.known_role in READ_ONLY_ROLES
        try:
            if self._pending_batch(only=AUDIT_COMMAND if readonly else None, limit=1):
                self._fetch(self._cursor(), check=True, limit=1)  # before pushing into a restored server
            try:
                self.push_all(report, readonly=readonly)
            except SyncError as exc:
                if exc.code == DIVERGED:
                    raise
                # A push that fails never stops the pull: the desk still sees the others' changes,
                # then says why its own did not go.
                self.pull_all(report, check=True)
                raise SyncError(f"{exc}（已拉取 {report.pulled} 行，本工作站的更改仍在队列中）", exc.status, exc.code,
                                exc.detail, short=exc.short) from None
            self.pull_all(report, check=True)
        except SyncError as exc:
            if exc.code != DIVERGED:
                raise
            report.restored = exc.detail
            self._start_over()
            self.adopt_server = False
            self.push_all(report, readonly=readonly)
            self.pull_all(report)
        report.waiting, report.conflicts = self.counts()
        report.parked, report.too_large = self.parked()
        return report

    def _start_over(self) -> None:
        """The server does not hold what this desk has seen (restored from a backup): send again
        every change of the retention period (the server answers those it has as duplicates) and
        pull everything from the start, in one local transaction."""
        since = self.clock.now() - RESEND_WITHIN
        with Session(self.store.engine) as s, s.begin():
            s.execute(update(OutboxEntry).where(OutboxEntry.state == "done", OutboxEntry.created_at >= since)
                      .values(state="pending"))
            s.execute(delete(Meta).where(Meta.key.in_((CURSOR, ANCHOR, LAST_MUTATION, SERVER_SEEN, EPOCH_SEEN))))
            s.merge(Meta(key=RESTORED, value=self.clock.now().isoformat()))

    def role(self) -> str:
        """The role the server gives this desk's token, remembered in the store: a supervisor's desk
        opens read-only even before it reaches the server again."""
        health = self._request("GET", "/api/v1/health").json()
        role = health.get("role", "operator")
        self.policy_differs = differences(shared_terms(self.policy), health.get("policy"))
        with Session(self.store.engine) as s, s.begin():
            s.merge(Meta(key=ROLE, value=role))
            if isinstance(health.get("workstation"), str) and health["workstation"]:
                s.merge(Meta(key=SERVER_NAME, value=health["workstation"]))
        return role

    def counts(self) -> tuple[int, int]:
        with self.store.engine.connect() as conn:
            waiting = conn.execute(select(OutboxEntry.seq).where(OutboxEntry.state.in_(WAITING))).all()
            conflicts = conn.execute(select(SyncConflict.id).where(SyncConflict.acknowledged_at.is_(None))).all()
        return len(waiting), len(conflicts)

    def parked(self) -> tuple[int, int]:
        """Changes kept and sent again each round: all of them, and those refused for their size."""
        with self.store.engine.connect() as conn:
            ids = conn.execute(select(OutboxEntry.mutation_id).where(OutboxEntry.state == PARKED)).scalars().all()
        return len(ids), len(set(ids) & self._too_large)

    def _request(self, method: str, url: str, **kwargs) -> httpx.Response:
        try:
            response = self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            failure = transport_failure(exc, self.http.base_url.host)
            raise SyncError(failure.sentence, short=failure.short) from None
        if response.status_code >= 400:
            code, installation = None, None
            try:
                body = response.json()
                detail = body.get("detail")
                code = body.get("code") or response.headers.get("x-referral-desk-code")
                if isinstance(body.get("server_id"), str):
                    installation = (body["server_id"], str(body.get("restore_epoch") or ""))
                if body.get("problems"):
                    detail = f"{detail}：{'；'.join(body['problems'][:3])}"
            except (ValueError, AttributeError):
                detail = response.text[:200]
            wait = _retry_after(response.headers.get("retry-after"))
            if wait is None and code == SCHEMA_MISMATCH and "升级服务器" in str(detail):
                wait = SERVER_UPGRADE_WAIT  # a server of the previous release does not say when to ask again
            raise SyncError(f"服务器拒绝（{response.status_code}）：{detail}", response.status_code, code, detail,
                            installation, wait)
        return response

    # -- push -------------------------------------------------------------------
    def push_all(self, report: SyncReport, *, readonly: bool = False) -> None:
        if readonly:
            report.held_readonly = self._count_pending(exclude=AUDIT_COMMAND)
        with Session(self.store.engine) as s, s.begin():  # parked changes go again, in their order
            s.execute(update(OutboxEntry).where(OutboxEntry.state == PARKED).values(state="pending"))
        while True:
            batch = self._pending_batch(only=AUDIT_COMMAND if readonly else None)
            if not batch:
                return
            pushed, refused = [], []
            for o in batch:
                try:
                    pushed.append(PushedCommand(mutation_id=o.mutation_id, base_version=o.base_version,
                                                operator=o.operator, at=o.created_at,
                                                command=COMMANDS.validate_json(o.payload_json),
                                                judge_now=o.mutation_id in self._judge_now))
                except ValueError as exc:
                    # Written before today's rules (a control character, a value out of bounds): the
                    # server would refuse it too. It is answered here, visibly, so the queue moves on.
                    refused.append(MutationResult(mutation_id=o.mutation_id, status="rejected",
                                                  message=f"本地记录不符合现行规则，未推送：{_first_problem(exc)}"))
            results = refused
            for part in _by_size(pushed):
                results = results + self._send(part)
            self._record(batch, results, report)

    def _send(self, pushed: list[PushedCommand]) -> list[MutationResult]:
        """One push; a body the server or a proxy finds too large is sent again in halves, and a single
        change still too large is answered here as kept (`missing`, parked by _record), so the queue
        behind it moves on."""
        body = PushRequest(schema_version=SCHEMA_VERSION, commands=pushed).model_dump_json()
        try:
            response = self._request("POST", "/api/v1/sync/push", content=body,
                                     headers={"Content-Type": "application/json"})
        except SyncError as exc:
            if exc.status == 403:
                self.known_role = None  # the token's role changed: asked again next round
            if exc.status != 413:
                raise
            if len(pushed) > 1:
                half = len(pushed) // 2
                return self._send(pushed[:half]) + self._send(pushed[half:])
            # One change too large for the server or, far more often, a proxy in front of it (nginx takes
            # 1 MiB by default): kept and sent again each round, the rest of the queue going on meanwhile.
            size = len(body.encode())
            self._too_large.add(pushed[0].mutation_id)
            return [MutationResult(mutation_id=pushed[0].mutation_id, status="rejected", missing=True,
                                   message=TOO_LARGE_WORDS.format(size=size, limit=MAX_BODY_BYTES // 2**20))]
        return PushResponse.model_validate_json(response.content).results

    def _pending_batch(self, only: str | None = None, limit: int = MAX_BATCH) -> list[OutboxEntry]:
        query = select(OutboxEntry).where(OutboxEntry.state == "pending")
        if only is not None:
            query = query.where(OutboxEntry.command == only)
        with Session(self.store.engine) as s:
            return list(s.exec(query.order_by(OutboxEntry.seq).limit(limit)).scalars())

    def _count_pending(self, exclude: str) -> int:
        with self.store.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(OutboxEntry).where(
                OutboxEntry.state == "pending", OutboxEntry.command != exclude)).scalar_one()

    def _record(self, batch: list[OutboxEntry], results: list[MutationResult], report: SyncReport) -> None:
        by_id = {r.mutation_id: r for r in results}
        now = self.clock.now()
        confirmed = None
        with Session(self.store.engine) as s, s.begin():
            for entry in batch:
                result = by_id.get(entry.mutation_id)
                if result is None:
                    continue  # not answered: stays pending and goes again
                outbox = s.get(OutboxEntry, entry.seq)
                if result.missing:
                    too_large = entry.mutation_id in self._too_large
                    if entry.created_at >= now - RESEND_WITHIN and (too_large or self._may_wait(s, entry)):
                        outbox.state = PARKED
                        continue
                    if not too_large and entry.mutation_id not in self._judge_now:
                        self._judge_now.add(entry.mutation_id)  # sent again this round, to be judged
                        continue
                report.pushed[result.status] = report.pushed.get(result.status, 0) + 1
                if result.status != "applied":
                    # The desk's own entry said it happened; the server's log is the record, and
                    # it has no entry of its own for this (a copy pulled earlier has a seq).
                    s.execute(delete(AuditEntry).where(AuditEntry.id == audit_id_for(entry.mutation_id),
                                                       AuditEntry.change_seq.is_(None)))
                if result.status in ("applied", "duplicate"):
                    outbox.state = "done"
                    confirmed = entry.mutation_id
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
            if confirmed is not None:
                _put_meta(s, {LAST_MUTATION: confirmed})

    def _may_wait(self, s: Session, entry: OutboxEntry) -> bool:
        """Worth waiting for what the server lacks: no earlier change of this desk's on the record was
        refused (then what the change was made after will never come, and the server is asked to judge it)."""
        refused_before = s.execute(select(OutboxEntry.seq).where(
            OutboxEntry.entity_id == entry.entity_id, OutboxEntry.seq < entry.seq,
            OutboxEntry.state.in_(("rejected", "conflict", "held")))).first()
        return refused_before is None

    def _withdraw_local_create(self, s: Session, entry: OutboxEntry, now) -> None:
        """A record the server refused to create exists only here: take it out of the panes
        (soft delete; the conflict notice keeps what it held and can register it again)."""
        table = synced_table(entry.entity)
        if "deleted_at" in table.c:
            s.execute(update(table).where(table.c.id == entry.entity_id, table.c.change_seq.is_(None))
                      .values(deleted_at=now))

    # -- pull -------------------------------------------------------------------
    def pull_all(self, report: SyncReport, *, check: bool = False) -> None:
        # The next page is fetched while this one is written, so the server and this
        # desk work at the same time (a first sync is mostly that). The cursor moves
        # only with a written page, so stopping anywhere is safe.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="rd-pull-ahead") as ahead:
            future = ahead.submit(self._fetch, self._cursor(), check=check)
            while True:
                page = future.result()
                if page.has_more:
                    future = ahead.submit(self._fetch, page.next_since)
                self._write_page(page)
                report.pulled += len(page.rows)
                if not page.has_more:
                    return

    def _fetch(self, since: int, *, check: bool = False, limit: int | None = None) -> Page:
        params: dict[str, str | int] = {"since": since, "limit": limit or self.pull_limit}
        seen = self._meta(SERVER_SEEN, EPOCH_SEEN, ANCHOR, LAST_MUTATION) if check else {}
        if seen.get(ANCHOR):
            params["anchor_seq"], params["anchor_id"] = seen[ANCHOR].split(" ", 1)
        if seen.get(LAST_MUTATION):
            params["mutation_id"] = seen[LAST_MUTATION]
        try:
            response = self._request("GET", "/api/v1/sync/pull", params=params)
        except SyncError as exc:
            if check and exc.installation is not None:
                self._same_installation(seen, *exc.installation)  # a cursor another server never gave
            raise
        try:
            body = orjson.loads(response.content)
            rows = [(item["table"], item["row"]) for item in body["rows"]]
            page = Page(rows, int(body["next_since"]), bool(body["has_more"]), str(body.get("server_id") or ""),
                        str(body.get("restore_epoch") or ""))
        except (ValueError, TypeError, KeyError) as exc:
            raise SyncError(f"服务器的回应无法识别 / unreadable pull response: {exc}",
                            short="服务器回应无法识别") from None
        if check:
            self._same_installation(seen, page.server_id, page.restore_epoch)
        unknown = {table for table, _row in rows} - set(SYNCED_TABLES)
        if unknown:
            raise SyncError(f"服务器发来未知的表 {sorted(unknown)}，请升级本工作站 / unknown tables: upgrade this desk",
                            short="需升级工作站")
        return page

    def _same_installation(self, seen: dict[str, str], server_id: str, restore_epoch: str) -> None:
        """Another installation is refused until the operator adopts it (nothing sent, nothing taken);
        the same one restored from a backup (a new epoch) is caught up with, as after any restore."""
        if seen.get(SERVER_SEEN) and server_id and server_id != seen[SERVER_SEEN]:
            if not self.adopt_server:
                raise SyncError(OTHER_SERVER_WORDS.format(seen=seen[SERVER_SEEN][:8], new=server_id[:8]),
                                None, OTHER_SERVER)
            why = "已改用另一台服务器（操作员确认） / the operator adopted another server"
            raise SyncError(why, 409, DIVERGED, why)
        if EPOCH_SEEN in seen and server_id and restore_epoch != seen[EPOCH_SEEN]:
            when = restore_epoch.split(" ", 1)[0] or "?"
            why = f"服务器已于 {when} 从备份恢复 / the server was restored from a backup"
            raise SyncError(why, 409, DIVERGED, why)

    def _cursor(self) -> int:
        value = self._meta(CURSOR).get(CURSOR)
        return int(value) if value else 0

    def _meta(self, *keys: str) -> dict[str, str]:
        with self.store.engine.connect() as conn:
            return dict(conn.execute(select(Meta.key, Meta.value).where(Meta.key.in_(keys))).all())

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
                    marks = {CURSOR: str(page.next_since)}
                    anchors = [(row["change_seq"], row["id"]) for table, row in page.rows
                               if table == "audit_entry" and row.get("change_seq") is not None]
                    if anchors:
                        seq, audit_id = max(anchors)
                        marks[ANCHOR] = f"{seq} {audit_id}"
                    if page.server_id:
                        marks[SERVER_SEEN] = page.server_id
                        marks[EPOCH_SEEN] = page.restore_epoch
                    _put_meta(s, marks)
            finally:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()

    def _copy_rows(self, s: Session, page: Page) -> None:
        """A page in a few statements; only rows with changes still waiting here are rebased one by one."""
        waiting = set(s.exec(select(OutboxEntry.entity_id).where(OutboxEntry.state.in_(WAITING))).scalars())
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
            if table_name == "disease_list":
                self._make_room_for_editions(raw, rows)
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

    def _make_room_for_editions(self, raw, rows: list[dict]) -> None:
        """One live edition per number: an edition published here while another desk published the
        same number steps aside for the server's; the server rejects it when it is pushed."""
        live = [(r["edition"], r["id"]) for r in rows if r.get("deleted_at") is None]
        if live:
            raw.exec_driver_sql("UPDATE disease_list SET deleted_at = ? WHERE edition = ? AND id <> ? "
                                "AND deleted_at IS NULL", [(sqlite_instant(self.clock.now()), *e) for e in live])

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
                                                        OutboxEntry.state.in_(WAITING))
                              .order_by(OutboxEntry.seq)).scalars())
        version = values.get("version", 1)
        for entry in waiting:
            try:
                command = COMMANDS.validate_json(entry.payload_json)
            except ValueError:
                continue  # written before today's rules: the push answers it, visibly; the pull goes on
            ctx = Context(now=entry.created_at, policy=self.policy, operator=entry.operator, workstation="")
            try:
                with s.begin_nested():
                    handle(s, command, ctx)
                    s.flush()
            except DomainError:
                pass  # the server will judge it and say so
            s.execute(update(OutboxEntry).where(OutboxEntry.seq == entry.seq).values(base_version=version))
            version += 1

