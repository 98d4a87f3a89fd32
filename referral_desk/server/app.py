"""The central FastAPI app: push, pull and health need a workstation token; liveness, readiness and
Prometheus metrics do not (they reveal no record and no token)."""


from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.concurrency import run_in_threadpool

from referral_desk.clock import Clock, SystemClock
from referral_desk.domain.policy import Policy, shared_terms
from referral_desk.server.apply import apply_pushed
from referral_desk.server.authority import stamped
from referral_desk.server.connections import ConnectionLimits
from referral_desk.server.contacts import ContactBook
from referral_desk.server.db import read_restore_epoch, read_server_id, sqlite_path
from referral_desk.server.limits import CLIENT_LEFT, ClientLeft, ShedLoad, read_limited
from referral_desk.server.logs import DatabaseWatch, RequestLog, identify_workstation, log
from referral_desk.server.metrics import ServerMetrics
from referral_desk.server.pull import Diverged, check_cursor, page_json, read_page
from referral_desk.server.pushed import (
    AUTH_RESPONSES,
    PULL_RESPONSES,
    PUSH_RESPONSES,
    describe_push,
    read_pushed,
    refuse_pushed,
)
from referral_desk.server.throttle import FailureThrottle
from referral_desk.server.tokens import Workstation, authenticate
from referral_desk.store.database.errors import disk_full, driver_words
from referral_desk.store.database.schema import SCHEMA_VERSION
from referral_desk.sync.protocol import (
    DIVERGED,
    ID_PATTERN,
    MAX_BODY_BYTES,
    MAX_SEQ,
    PULL_LIMIT,
    SCHEMA_HEADER,
    SCHEMA_MISMATCH,
    UNDECLARED_SCHEMA,
    MutationResult,
    PullResponse,
    PushEnvelope,
    PushResponse,
)

# The schemas whose desks this server serves: its own and the one before (README: Upgrading).
SERVED_SCHEMAS = frozenset({SCHEMA_VERSION - 1, SCHEMA_VERSION})
# A desk ahead of the server asks again after this many seconds (it is waiting for an upgrade, not a fault).
SCHEMA_AHEAD_RETRY = 300


def client_address(request: Request) -> str:
    """The caller's address for the bad-token limit: what a trusted proxy forwarded is believed only when
    it is an address (a proxy passing on `garbage<script>` would otherwise give each try a new name)."""
    from ipaddress import ip_address

    host = request.client.host if request.client else ""
    try:
        return str(ip_address(host))
    except ValueError:
        return "invalid-forwarded-address"


def create_app(engine: Engine, *, policy: Policy | None = None, clock: Clock | None = None,
               certfile: str | None = None, access_log: bool = True, api_docs: bool = False) -> FastAPI:
    """`certfile`: the TLS certificate being served, whose expiry the metrics show. `access_log`: a line
    per request (server.logs). `api_docs`: the interactive page at /docs, which loads its script from a
    CDN and stays blank on a hospital LAN without the internet, so it is off unless asked for; the
    description itself is always at /openapi.json."""
    policy = policy or Policy()
    clock = clock or SystemClock()
    app = FastAPI(title="Referral Desk server / 转诊台服务器", version="1",
                  docs_url="/docs" if api_docs else None, redoc_url=None)
    server_id = read_server_id(engine)
    restore_epoch = read_restore_epoch(engine)  # a restore happens with the server stopped
    throttle = FailureThrottle(clock)
    contacts = ContactBook(engine, clock)
    metrics = app.state.metrics = ServerMetrics(database=engine.url.get_backend_name(), certfile=certfile)
    app.add_middleware(ShedLoad, limit=ConnectionLimits.from_environment().max_in_hand, counted=metrics.shed)
    # Outermost: every line of a request carries its id, and the shed requests are counted too.
    app.add_middleware(RequestLog, observe=metrics.observe, enabled=access_log)
    database = DatabaseWatch()

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors()[:20]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            problems.append(f"{where}: {err.get('msg')}")
        return JSONResponse(status_code=422, content={"detail": "请求内容无效 / invalid request", "problems": problems})

    database_file = sqlite_path(str(engine.url)) if engine.url.get_backend_name() == "sqlite" else None

    @app.exception_handler(ClientLeft)
    async def _left(_request: Request, _exc: Exception) -> Response:
        return Response(status_code=CLIENT_LEFT)  # nobody reads it; the metrics count it as what it was

    @app.exception_handler(PoolTimeout)
    async def _busy(_request: Request, _exc: Exception) -> JSONResponse:
        # Every connection is taken (a reconnect storm): a fast answer the desk backs off from, not a 500.
        metrics.database_errors.inc()
        log.warning("every database connection is in use: answered 503 (busy)", extra={"event": "pool_exhausted"})
        return JSONResponse(status_code=503, content={"detail": "服务器繁忙，请稍后再试 / the server is busy"},
                            headers={"Retry-After": "2"})

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def _unavailable(_request: Request, _exc: Exception) -> JSONResponse:
        # The database is unwell, not the request: the desk keeps its queue and tries again.
        metrics.database_errors.inc()
        database.lost(driver_words(_exc))
        if database_file is not None and disk_full(database_file):
            return JSONResponse(status_code=503, headers={"Retry-After": "30"}, content={
                "detail": "服务器磁盘已满，推送未保存（工作站的更改保留在本机）：请信息科清理服务器磁盘 / "
                          "the server's disk is full"})
        return JSONResponse(status_code=503, content={"detail": "数据库暂时不可用，请稍后再试 / database unavailable"},
                            headers={"Retry-After": "5"})

    def bearer(request: Request) -> str | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return token.strip() if scheme.lower() == "bearer" and token.strip() else None

    def refused(request: Request) -> HTTPException:
        address = client_address(request)
        wait = throttle.failed(address)
        if wait is None:  # past the burst the access line says 429: a flood is not logged twice over
            log.warning("token refused (unknown, revoked or expired)",
                        extra={"event": "token_refused", "client": address})
        if wait is not None:
            return HTTPException(status_code=429, detail=f"无效令牌过多，请 {wait} 秒后再试 / too many bad tokens",
                                 headers={"Retry-After": str(wait)})
        return HTTPException(status_code=401, detail="令牌无效、已吊销或已过期 / unknown, revoked or expired token",
                             headers={"WWW-Authenticate": "Bearer"})

    def declared_schema(request: Request, absent: int | None = UNDECLARED_SCHEMA) -> int | None:
        """The desk's schema; `absent` for a desk of the release before the header; None: not a number."""
        declared = request.headers.get(SCHEMA_HEADER)
        if declared is None:
            return absent
        declared = declared.strip()
        return int(declared) if declared.isdigit() and len(declared) <= 4 else None

    def same_schema(request: Request) -> None:
        """This schema and the one before are served (desks are upgraded after the server, at leisure); any
        other is told so in words before a row is exchanged, never a silent mismatch: a desk ahead of the
        server waits for it (its changes kept), a desk further behind must be upgraded."""
        declared = declared_schema(request)
        if declared in SERVED_SCHEMAS:
            return
        shown = str(declared) if declared is not None else "?"  # never echo what was typed
        ahead = declared is not None and declared > SCHEMA_VERSION
        log.warning("desk of schema %s refused (the server serves %s-%s): %s", shown, min(SERVED_SCHEMAS),
                    SCHEMA_VERSION, "it waits for the server's upgrade" if ahead else "upgrade the desk",
                    extra={"event": "schema_refused", "schema": shown})
        if ahead:
            raise HTTPException(status_code=409, detail=(
                f"服务器尚未升级到本工作站的数据结构版本（{shown}，服务器为 {SCHEMA_VERSION}）："
                "本工作站的更改保留在本机，"
                f"服务器升级后自动同步 / the server is not yet upgraded to this desk's schema {shown}: the desk waits, "
                "its changes kept"), headers={"X-Referral-Desk-Code": SCHEMA_MISMATCH,
                                              "Retry-After": str(SCHEMA_AHEAD_RETRY)})
        raise HTTPException(status_code=409, detail=(
            f"本工作站的数据结构版本（{shown}）与服务器（{SCHEMA_VERSION}）不符：请升级工作站后再同步，未交换任何数据"
            f" / the desk's schema {shown} is too old for the server's {SCHEMA_VERSION}: upgrade the desk; nothing "
            "was exchanged"), headers={"X-Referral-Desk-Code": SCHEMA_MISMATCH})

    def called(ws: Workstation, call: str, request: Request, conn: Connection | None = None) -> None:
        """A known workstation called: remembered with its desk's schema before the schema is judged
        (a desk that must be upgraded is the one to see in `token list`), then counted."""
        identify_workstation(ws.name)
        database.answered()  # the token was read from the database
        contacts.called(ws.name, call, declared_schema(request, absent=None), conn)  # None: said nothing
        same_schema(request)
        metrics.seen(ws.name)

    def workstation(request: Request) -> Workstation:
        token = bearer(request)
        with engine.connect() as conn:
            ws = authenticate(conn, token, clock.now()) if token else None
        if ws is None:
            raise refused(request)
        called(ws, "push" if request.method == "POST" else "health", request)
        return ws

    Auth = Annotated[Workstation, Depends(workstation)]

    @app.get("/api/v1/live")
    def live() -> dict:
        """The process answers (for a systemd watchdog or a load balancer); no token, nothing revealed."""
        return {"status": "ok"}

    @app.get("/api/v1/ready", responses={503: {"description": "数据库暂时不可用 / the database does not answer"}})
    def ready(response: Response) -> dict:
        """The database answers too: send desks here. 503 (with Retry-After) while it does not, or while
        a SQLite database's disk is full (it still answers reads then, but takes no push)."""
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        database.answered()
        if database_file is not None and disk_full(database_file):
            response.status_code, response.headers["Retry-After"] = 503, "30"
            return {"detail": "服务器磁盘已满，不能保存推送 / the server's disk is full"}
        return {"status": "ready"}

    @app.get("/metrics", include_in_schema=False)
    def prometheus() -> Response:
        return Response(content=metrics.render(), media_type=metrics.content_type)

    @app.get("/api/v1/health", responses=AUTH_RESPONSES)
    def health(ws: Auth) -> dict:
        return {"status": "ok", "schema_version": SCHEMA_VERSION, "workstation": ws.name, "role": ws.role,
                "server_id": server_id, "restore_epoch": restore_epoch, "policy": shared_terms(policy)}

    @app.post("/api/v1/sync/push", response_model=PushResponse, responses=PUSH_RESPONSES)
    async def push(request: Request, ws: Auth) -> PushResponse:
        body = await read_limited(request, MAX_BODY_BYTES)
        try:
            envelope = PushEnvelope.model_validate_json(body)
        except ValueError as exc:
            errors = exc.errors() if hasattr(exc, "errors") else [{"loc": (), "msg": str(exc)}]
            raise RequestValidationError(errors) from None
        if envelope.schema_version not in SERVED_SCHEMAS:
            raise HTTPException(status_code=409, detail=(
                f"结构版本 {envelope.schema_version} 与服务器 {SCHEMA_VERSION} 不符，请升级工作站或服务器 / "
                f"schema {envelope.schema_version} is not the server's {SCHEMA_VERSION}"))
        return await _run_push(envelope, ws)

    async def _run_push(envelope: PushEnvelope, ws: Workstation) -> PushResponse:
        def work() -> PushResponse:
            held: set[str] = set()
            results = []
            for number, item in enumerate(envelope.commands):
                pushed = read_pushed(item, number)
                if isinstance(pushed, MutationResult):
                    results.append(pushed)
                    continue
                received = clock.now()
                refusal = refuse_pushed(pushed, ws, received)
                if refusal is not None:
                    results.append(MutationResult(mutation_id=pushed.mutation_id, status="rejected",
                                                  message=refusal, table=pushed.command.entity))
                    continue
                result = apply_pushed(engine, stamped(pushed, ws), ws, policy, received, held)
                if result.status == "conflict":
                    held.add(pushed.command.entity_id)
                results.append(result)
            counts = {status: 0 for status in ("applied", "duplicate", "conflict", "rejected")}
            for result in results:
                metrics.push_results.labels(result.status).inc()
                counts[result.status] = counts.get(result.status, 0) + 1
            log.info("push stored: %s", ", ".join(f"{k} {v}" for k, v in counts.items()),
                     extra={"event": "push_stored", **counts})
            return PushResponse(results=results)

        return await run_in_threadpool(work)

    @app.get("/api/v1/sync/pull", response_model=PullResponse, responses=PULL_RESPONSES)
    def pull(request: Request, since: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
             limit: Annotated[int, Query(ge=1, le=PULL_LIMIT)] = PULL_LIMIT,
             anchor_id: Annotated[str | None, Query(max_length=64, pattern=ID_PATTERN)] = None,
             anchor_seq: Annotated[int | None, Query(ge=0, le=MAX_SEQ)] = None,
             mutation_id: Annotated[str | None, Query(max_length=64, pattern=ID_PATTERN)] = None) -> Response:
        token = bearer(request)
        # The token and the page on one connection: pulls are most of a loaded server's
        # requests, and each connection taken from the pool costs a round trip to check it.
        try:
            with engine.connect() as conn:
                ws = authenticate(conn, token, clock.now()) if token is not None else None
                if ws is None:
                    raise refused(request)
                called(ws, "pull", request, conn)  # on this connection: never a second one inside it
                check_cursor(conn, anchor_id, anchor_seq, mutation_id)
                page = read_page(conn, since, limit, declared_schema(request) or SCHEMA_VERSION)
                metrics.pull_rows.inc(len(page[0]))
        except Diverged as exc:
            log.warning("desk's cursor is not on this database (restored or another installation): told to start "
                        "over", extra={"event": "desk_diverged"})
            return JSONResponse(status_code=409, content={"detail": exc.reason, "code": DIVERGED,
                                                          "server_id": server_id, "restore_epoch": restore_epoch})
        # Written directly, not through the response model: a first sync moves hundreds
        # of thousands of rows and validating each one again would cost seconds.
        return Response(content=page_json(*page, server_id, restore_epoch), media_type="application/json")

    describe_push(app)
    return app

