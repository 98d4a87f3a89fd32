"""The server's database: SQLite by default, PostgreSQL in real deployments."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import OperationalError

from referral_desk.server.migrate import (
    SchemaState,
    UnknownRevision,
    exclusive,
    is_known,
    nothing_yet,
    read_state,
    upgrade,
)
from referral_desk.store.database.engine import create_private
from referral_desk.store.database.errors import StoreOpenError, driver_words
from referral_desk.store.database.marker import SQLITE_APPLICATION_ID
from referral_desk.store.database.reference import ensure_drg_groups
from referral_desk.store.database.schema import APPLICATION, SCHEMA_VERSION
from referral_desk.store.database.tables import SyncCounter

CHANGE_SEQ = "change_seq"
# How long a request waits for a pooled connection before it is answered 503 with Retry-After (a storm of
# desks after a restart), instead of SQLAlchemy's 30 s and a 500.
POOL_TIMEOUT = 3
SERVER_ID = "server_id"  # made with the database: a desk that sees another id is talking to another one
# Made anew by every restore (`server restore`); a backup carries the installation's id, so a desk tells
# a restored server (same id, new epoch) from another one (another id).
RESTORE_EPOCH = "restore_epoch"


def read_server_id(engine: Engine) -> str:
    with engine.connect() as conn:
        return conn.execute(text("SELECT value FROM rd_meta WHERE key = :k"), {"k": SERVER_ID}).scalar_one()


def read_restore_epoch(engine: Engine) -> str:
    """"" until the database is first restored from a backup."""
    with engine.connect() as conn:
        return conn.execute(text("SELECT value FROM rd_meta WHERE key = :k"), {"k": RESTORE_EPOCH}).scalar() or ""


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def server_engine(url: str, application_name: str | None = None) -> Engine:
    """hide_parameters: an error's text never quotes the values of a statement, which are patient
    data (names, ID numbers, phones), in a log or on a screen. application_name (PostgreSQL) names
    the connections in pg_stat_activity: a restore looks there for a running server's."""
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None and path.parent.is_dir():
            create_private(path)  # tokens' hashes and patient data: the owner's only
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10},
                               hide_parameters=True, pool_timeout=POOL_TIMEOUT)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, hide_parameters=True,
                         pool_timeout=POOL_TIMEOUT,
                         connect_args={"application_name": application_name} if application_name else {})


def sqlite_path(url: str) -> Path | None:
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
    return Path(path).expanduser().absolute() if path and path != ":memory:" else None


def _engine_or_refusal(url: str, application_name: str | None = None) -> Engine:
    path = sqlite_path(url)
    if path is not None and not path.parent.is_dir():  # a typo is not a new database
        raise StoreOpenError(f"无法打开服务器数据库：文件夹 {path.parent} 不存在"
                             "（不会自动新建，请检查 --database-url）",
                             f"cannot open the server database: the folder {path.parent} does not exist")
    try:
        return server_engine(url, application_name)
    except Exception:  # the parser's message quotes the URL, password and all: not repeated
        raise invalid_url() from None


def invalid_url() -> StoreOpenError:
    return StoreOpenError("数据库地址无效：应为 sqlite:///路径 或 postgresql+psycopg://用户@主机:端口/数据库",
                          "invalid database URL: expected sqlite:///PATH or postgresql+psycopg://user@host:port/db")


class MigrationNeeded(StoreOpenError):
    def __init__(self, state: SchemaState) -> None:
        steps = "、".join(state.pending)
        super().__init__(
            f"服务器数据库的结构需要升级（现为{state.current_words()}，待执行：{steps}）：请先停止服务，再运行 "
            "referral-desk server migrate --backup-dir 备份目录（先备份，再升级）；未做任何改动。",
            f"the server database needs upgrading ({len(state.pending)} migration(s) pending): stop the server, "
            "then run `referral-desk server migrate --backup-dir DIR` (backs up first); nothing was changed.")
        self.state = state


class DatabaseUnreachable(StoreOpenError):
    """The database did not answer (not started yet, the network): may pass by itself, unlike a refusal."""


def desk_store_refused(what: str = "数据文件") -> StoreOpenError:
    return StoreOpenError(f"这是工作站的{what}，不是服务器数据库：请检查 --database-url 或文件；未做任何改动。",
                          "this is a desk's store, not a server database: check the URL or file; left untouched.")


def _check_ours(conn) -> SchemaState:
    if (conn.dialect.name == "sqlite"
            and conn.exec_driver_sql("PRAGMA application_id").scalar() == SQLITE_APPLICATION_ID):
        # Same tables, same rd_meta: only the file's mark tells a desk's store from a server's database.
        raise desk_store_refused()
    names = set(inspect(conn).get_table_names())
    if names and "rd_meta" not in names:
        raise StoreOpenError("服务器数据库属于其他程序，未做任何改动。",
                             "the server database belongs to another application; left untouched.")
    meta = dict(conn.execute(text("SELECT key, value FROM rd_meta")).all()) if names else {}
    if meta:
        refuse_unusable(meta, None)
    try:
        return read_state(conn)
    except UnknownRevision as exc:
        raise _newer("revision", str(exc)) from None


def refuse_unusable(meta: dict[str, str], revision: str | None) -> None:
    """A database, or a backup about to be restored, of another application or of a newer release
    (its store schema, or an Alembic revision this release does not have) is refused in words."""
    if meta.get("application") != APPLICATION:
        raise StoreOpenError("服务器数据库属于其他程序。", "the server database belongs to another application.")
    version = meta.get("schema_version", "0")
    if version.isdigit() and int(version) > SCHEMA_VERSION:
        raise _newer("schema", version)
    if revision is not None and not is_known(revision):
        raise _newer("revision", revision)


def _newer(kind: str, value: str) -> StoreOpenError:
    zh = {"schema": "结构", "revision": "修订"}[kind]
    return StoreOpenError(f"服务器数据库已由更新版本的服务器升级（{zh} {value}），本程序不能使用它："
                          "请安装同一版本或更新的服务器。",
                          f"the server database was upgraded by a newer server ({kind} {value}): "
                          "install that release or newer.")


def inspect_server_db(url: str) -> SchemaState:
    """Where the database stands, read only (`server migrate --check`): a SQLite file that does not
    exist yet is not created by looking."""
    path = sqlite_path(url)
    if path is not None and path.parent.is_dir() and not path.exists():
        return nothing_yet()
    engine = _reading_engine(path) if path is not None and path.parent.is_dir() else _engine_or_refusal(url)
    try:
        with engine.connect() as conn:
            return _check_ours(conn)
    except StoreOpenError:
        raise
    except Exception as exc:
        raise StoreOpenError(f"无法打开服务器数据库：{exc}", f"cannot open the server database: {exc}") from None
    finally:
        engine.dispose()


def _reading_engine(path: Path) -> Engine:
    """A SQLite file opened read-only and without the server's pragmas: `journal_mode=WAL` alone
    rewrites the header of a database the previous release left in rollback mode."""
    uri = f"{path.as_uri()}?mode=ro"
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, timeout=10), hide_parameters=True)


def open_server_db(url: str, *, migrate: bool = False, application_name: str | None = None) -> Engine:
    """Open the server's database: an empty one is built to the head; one at an older revision is
    upgraded only when asked (`server migrate`), else refused in words with nothing changed; one of
    another application or a newer release is refused."""
    engine = _engine_or_refusal(url, application_name)
    try:
        with exclusive(engine) as conn:
            state = _check_ours(conn)
            if not state.up_to_date:
                if not (state.empty or migrate):
                    raise MigrationNeeded(state)
                upgrade(conn, state)
            for key, value in (("application", APPLICATION), ("schema_version", str(SCHEMA_VERSION))):
                conn.execute(text("DELETE FROM rd_meta WHERE key = :k"), {"k": key})
                conn.execute(text("INSERT INTO rd_meta (key, value) VALUES (:k, :v)"), {"k": key, "v": value})
            if conn.execute(text("SELECT 1 FROM rd_meta WHERE key = :k"), {"k": SERVER_ID}).first() is None:
                conn.execute(text("INSERT INTO rd_meta (key, value) VALUES (:k, :v)"),
                             {"k": SERVER_ID, "v": str(uuid.uuid4())})
            ensure_drg_groups(conn, datetime.now(UTC))
            if conn.execute(text("SELECT 1 FROM sync_counter WHERE name = :n"), {"n": CHANGE_SEQ}).first() is None:
                conn.execute(SyncCounter.__table__.insert().values(name=CHANGE_SEQ, value=0))
    except StoreOpenError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        if engine.dialect.name != "postgresql":  # a SQLite file's trouble is this machine's, not passing
            raise StoreOpenError(f"无法打开服务器数据库：{exc.orig}",
                                 f"cannot open the server database: {exc.orig}") from None
        # A connection refused or timed out (the cluster not up yet at boot, the network), not a wrong database.
        first = driver_words(exc, 300)
        raise DatabaseUnreachable(f"无法连接服务器数据库（{first}）：数据库可能尚未启动，稍后重试",
                                  f"cannot reach the server database ({first}); try again later") from None
    except Exception as exc:
        engine.dispose()
        raise StoreOpenError(f"无法打开服务器数据库：{exc}", f"cannot open the server database: {exc}") from None
    return engine
