"""The server's schema under Alembic (issue 15, upgrades): the revisions build what the tables declare;
a database of the previous release (frozen in tests/previous_release, made by that release's code)
is refused by `serve` until `server migrate` upgrades it, loses nothing, and the desks that synced
with it carry on; a failed upgrade changes nothing; a newer database is refused in words."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, inspect, text

from referral_desk.desk.desk import Desk
from referral_desk.domain import commands as c
from referral_desk.server.db import open_server_db, server_engine
from referral_desk.server.migrate import TARGET_METADATA, read_state
from referral_desk.store.database.engine import open_store
from referral_desk.store.database.errors import StoreOpenError
from referral_desk.store.database.marker import SCHEMA_VERSION
from referral_desk.store.writes.actor import Actor
from referral_desk.sync.client import SyncClient
from tests.commandline import run
from tests.fixtures import CONSULT_SOON
from tests.live_server import PG_BIN
from tests.previous_release.make_dumps import TOKENS
from tests.sync_desks import Central, Workstation

PREVIOUS = Path(__file__).with_name("previous_release")


def _load_sqlite(dump: str, path: Path) -> None:
    con = sqlite3.connect(path)
    con.executescript((PREVIOUS / dump).read_text(encoding="utf-8"))
    con.close()
    os.chmod(path, 0o600)


@pytest.fixture(params=["sqlite", "postgresql"])
def previous_server(request, tmp_path) -> str:
    """A server database exactly as the previous release left it, with a synced day in it."""
    if request.param == "sqlite":
        path = tmp_path / "server.sqlite3"
        _load_sqlite("server-sqlite.sql", path)
        return f"sqlite:///{path}"
    cluster = request.getfixturevalue("postgres")
    url = cluster.new_database()
    subprocess.run(cluster.as_user + [str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                                      "-p", str(cluster.port), "-U", "postgres", "-d", url.rsplit("/", 1)[1]],
                   input=(PREVIOUS / "server-postgresql.sql").read_text(encoding="utf-8"), text=True,
                   check=True, capture_output=True, timeout=120)
    return url


def _counts(url: str) -> dict[str, int]:
    engine = server_engine(url)
    try:
        with engine.connect() as conn:
            return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                    for t in inspect(conn).get_table_names() if t not in ("alembic_version", "workstation_contact")}
    finally:
        engine.dispose()


def test_the_revisions_build_what_the_tables_declare(server_url):
    """A new server database is built by the revisions alone; autogenerate finds nothing to add, so
    a change to the tables without its revision fails here."""
    engine = open_server_db(server_url)
    try:
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                    TARGET_METADATA) == []
            state = read_state(conn)
            assert state.up_to_date and state.current == state.head
    finally:
        engine.dispose()


def _head() -> str:
    """The newest revision (a new one must not make these tests say a fixed number)."""
    from referral_desk.server.migrate import _scripts

    return str(_scripts().get_current_head())


def _revisions_after(revision: str) -> int:
    from referral_desk.server.migrate import _scripts

    return sum(1 for _ in _scripts().iterate_revisions(_head(), revision))  # the lower one left out


def test_upgrade_from_the_previous_release(previous_server, tmp_path, clock, policy, capsys):
    before = _counts(previous_server)
    assert before["consultation"] > 0 and before["applied_mutation"] > 0
    code, _out, err = run(["serve", "--database-url", previous_server, "--port", "1"], capsys)
    assert code == 2 and "server migrate" in err and "未做任何改动" in err
    code, _out, err = run(["server", "token", "list", "--database-url", previous_server], capsys)
    assert code == 2 and "server migrate" in err
    code, out, _err = run(["server", "migrate", "--check", "--database-url", previous_server], capsys)
    assert code == 1 and "0.1.0 版结构 8" in out and "0002 记录每个工作站最近一次联系" in out
    assert "0003 转诊记录证件类型" in out
    assert _counts(previous_server) == before  # looked only

    backups = tmp_path / "backups"
    backups.mkdir()
    code, out, err = run(["server", "migrate", "--backup-dir", str(backups), "--database-url", previous_server],
                         capsys)
    assert code == 0, err
    assert "已备份" in out and f"已升级到修订 {_head()}" in out and len(list(backups.iterdir())) == 1
    after = _counts(previous_server)
    assert {t: after[t] for t in before} == before  # nothing lost
    assert after["slot_reserve"] == after["visit_count"] == 0  # revision 0003's new tables
    code, out, _err = run(["server", "migrate", "--database-url", previous_server], capsys)
    assert code == 0 and "已是最新" in out

    # The desk that synced with the old server carries on against the upgraded one, with its token.
    central = Central(previous_server, clock)
    old_path = tmp_path / "old-desk.sqlite3"
    kind = "sqlite" if previous_server.startswith("sqlite") else "postgresql"
    _load_sqlite(f"desk-of-{kind}-server.sql", old_path)
    old_store = open_store(old_path)
    old_desk = Desk(old_store, policy, clock, Actor("8号窗口操作员", "8号窗口"))
    old_client = SyncClient(old_store, policy, clock, central.url, TOKENS["8号窗口"])
    fresh = Workstation(central, "3号窗口", tmp_path, clock, policy)
    try:
        old_desk.execute(c.ApproveConsultation(consultation_id=CONSULT_SOON))
        report = old_client.sync_once()
        assert report.pushed == {"applied": 1} and report.restored is None  # no start-over: same server
        fresh.sync()
        assert fresh.status(CONSULT_SOON) == "approved"
        assert fresh.count_audit() == central.count("audit_entry")
        code, out, _err = run(["server", "token", "list", "--database-url", previous_server], capsys)
        assert code == 0
        lines = {line.split("\t")[0]: line for line in out.splitlines()}
        assert "最近联系" in lines["8号窗口"] and f"工作站结构 {SCHEMA_VERSION}" in lines["8号窗口"]
        assert "尚未联系" in lines["2号窗口"]  # its last sync was before the upgrade
    finally:
        old_client.close()
        old_store.close()
        fresh.close()
        central.close()


def test_a_database_made_before_alembic_at_an_older_store_schema_is_moved_up_by_the_store_steps(tmp_path):
    path = tmp_path / "server.sqlite3"
    _load_sqlite("server-sqlite.sql", path)
    con = sqlite3.connect(path)
    con.execute("UPDATE rd_meta SET value = '5' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    url = f"sqlite:///{path}"
    with pytest.raises(StoreOpenError, match="结构 5"):
        open_server_db(url)
    engine = open_server_db(url, migrate=True)
    try:
        with engine.connect() as conn:
            assert read_state(conn).up_to_date
            assert (conn.execute(text("SELECT value FROM rd_meta WHERE key = 'schema_version'")).scalar()
                    == str(SCHEMA_VERSION))
    finally:
        engine.dispose()


def test_a_failed_upgrade_changes_nothing(previous_server, monkeypatch):
    """The legacy stamp, the revisions and the bookkeeping after them are one transaction."""
    before = _counts(previous_server)

    def broken(*_args):
        raise RuntimeError("disk went away")

    monkeypatch.setattr("referral_desk.server.db.ensure_drg_groups", broken)
    with pytest.raises(StoreOpenError, match="disk went away"):
        open_server_db(previous_server, migrate=True)
    monkeypatch.undo()
    engine = server_engine(previous_server)
    try:
        with engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            assert "alembic_version" not in names and "workstation_contact" not in names
    finally:
        engine.dispose()
    assert _counts(previous_server) == before


def test_a_new_database_built_by_two_processes_at_once_is_built_once(postgres):
    """Workers and a migrate started together: the lock makes the second wait, then find it built."""
    url = postgres.new_database()
    barrier = threading.Barrier(2)
    engines, failures = [], []

    def open_it() -> None:
        barrier.wait()
        try:
            engines.append(open_server_db(url))
        except Exception as exc:  # noqa: BLE001  (the test reports it)
            failures.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert failures == [] and len(engines) == 2
        with engines[0].connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM rd_meta WHERE key = 'server_id'")).scalar() == 1
    finally:
        for engine in engines:
            engine.dispose()


def test_a_database_upgraded_by_a_newer_release_is_refused_in_words(server_url, capsys):
    open_server_db(server_url).dispose()
    engine = server_engine(server_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    for argv in (["serve", "--port", "1"], ["server", "migrate"], ["server", "migrate", "--check"]):
        code, _out, err = run([*argv, "--database-url", server_url], capsys)
        assert code == 2 and "修订 0099" in err and "更新版本的服务器" in err and "Traceback" not in err


def test_token_list_shows_each_workstations_last_contact_and_its_schema(central, desks, clock, capsys):
    import httpx

    from referral_desk.server.contacts import read_contacts

    ws = desks("8号窗口")
    ws.sync()
    seen = read_contacts(central.engine)["8号窗口"]
    assert seen.desk_schema == SCHEMA_VERSION and seen.last_seen_at == clock.now()
    # Polling within the minute writes nothing more; a minute later it does.
    clock.advance(timedelta(seconds=30))
    ws.sync()
    assert read_contacts(central.engine)["8号窗口"].last_seen_at == seen.last_seen_at
    clock.advance(timedelta(seconds=31))
    ws.sync()
    assert read_contacts(central.engine)["8号窗口"].last_seen_at == clock.now()
    # An old desk is recorded at once, so the administrator sees who must be upgraded (a few seconds after
    # this workstation's last write: a schema change is written at most once per 5 s); one schema behind is
    # served, two behind refused.
    url = str(central.engine.url.render_as_string(hide_password=False))
    for behind, status, words in ((1, 200, "（旧一版，可同步，请择时升级）"), (2, 409, "（须升级）")):
        clock.advance(timedelta(seconds=5))
        answer = httpx.get(central.url + "/api/v1/sync/pull", timeout=10, headers={
            "Authorization": f"Bearer {ws.token}", "X-Referral-Desk-Schema": str(SCHEMA_VERSION - behind)})
        assert answer.status_code == status
        code, out, err = run(["server", "token", "list", "--database-url", url], capsys)
        assert code == 0 and f"工作站结构 {SCHEMA_VERSION - behind}{words}" in out and "（拉取）" in out
    # The server's own release beside them (issue 26), apart from the table a script reads.
    from referral_desk import __version__

    assert f"服务器 referral-desk {__version__}（数据文件结构 {SCHEMA_VERSION}" in err and "referral-desk" not in out
    # A made-up token leaves no trace.
    httpx.get(central.url + "/api/v1/health", headers={"Authorization": "Bearer nobody"}, timeout=10)
    assert set(read_contacts(central.engine)) == {"8号窗口"}


def test_a_token_whose_calls_flap_between_two_schemas_writes_once_per_interval(central, desks, clock):
    """Issue 23: 300 connections of one token alternating the schema header made every call a write to
    the contact table; the server stopped answering /ready for about 3 minutes."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from referral_desk.server.contacts import read_contacts

    ws = desks("8号窗口")
    ws.sync()
    writes = []
    event.listen(central.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: writes.append(statement) if "workstation_contact" in statement
                 else None)
    clock.advance(timedelta(seconds=1))

    def call(n: int) -> int:
        return httpx.get(central.url + "/api/v1/health", timeout=30, headers={
            "Authorization": f"Bearer {ws.token}",
            "X-Referral-Desk-Schema": str(SCHEMA_VERSION - 1 + n % 2)}).status_code

    with ThreadPoolExecutor(max_workers=30) as pool:
        answers = list(pool.map(call, range(300)))
    assert set(answers) <= {200, 409, 503}
    assert len([w for w in writes if w.lstrip().upper().startswith("INSERT")]) <= 1
    clock.advance(timedelta(seconds=5))
    call(0)  # a desk really downgraded (or upgraded) is recorded at its next call after the interval
    assert read_contacts(central.engine)["8号窗口"].desk_schema == SCHEMA_VERSION - 1


def test_careless_database_urls_are_refused_in_words_and_create_nothing(db, tmp_path, capsys):
    """A desk's store given as the server's database (same tables, same rd_meta), a URL that does not
    parse (its text, which may hold a password, is not repeated), a folder that does not exist."""
    desk_before = Path(db).read_bytes()
    cases = [(f"sqlite:///{db}", "这是工作站的数据文件"),
             ("postgresql+psycopg://admin:s3cret@[::1:5432/x", "数据库地址无效"),
             ("nosuchdriver://x", "数据库地址无效"),
             (f"sqlite:///{tmp_path}/typo/server.sqlite3", "无法打开服务器数据库")]
    for url, words in cases:
        for argv in (["server", "migrate"], ["server", "migrate", "--check"], ["server", "token", "list"]):
            code, _out, err = run([*argv, "--database-url", url], capsys)
            assert code == 2 and words in err and "s3cret" not in err and "Traceback" not in err, (url, err)
    assert Path(db).read_bytes() == desk_before
    assert not (tmp_path / "typo").exists()


def test_looking_at_a_database_that_does_not_exist_creates_nothing(tmp_path, capsys):
    """`migrate --check` only looks: a SQLite file not made yet stays unmade; `migrate` then builds it
    (an empty database has nothing to back up)."""
    path = tmp_path / "server.sqlite3"
    url = f"sqlite:///{path}"
    code, out, _err = run(["server", "migrate", "--check", "--database-url", url], capsys)
    assert code == 1 and "空数据库" in out and "0001" in out and not path.exists()
    backups = tmp_path / "backups"
    backups.mkdir()
    code, out, _err = run(["server", "migrate", "--backup-dir", str(backups), "--database-url", url], capsys)
    assert code == 0 and "无需备份" in out and list(backups.iterdir()) == [] and path.exists()


def test_looking_at_an_existing_database_changes_none_of_its_bytes(tmp_path, capsys):
    """The previous release left its file in rollback-journal mode: the server's own pragmas
    (journal_mode=WAL) would rewrite its header just by connecting."""
    path = tmp_path / "server.sqlite3"
    _load_sqlite("server-sqlite.sql", path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, out, _err = run(["server", "migrate", "--check", "--database-url", f"sqlite:///{path}"], capsys)
    assert code == 1 and f"待执行 {_revisions_after('0001')} 项升级" in out  # the previous release is at 0001
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_the_default_data_folder_is_made_private_or_refused_in_words(tmp_path, capsys, monkeypatch):
    from referral_desk.config import data_dir

    assert not data_dir().exists()
    code, _out, _err = run(["server", "migrate", "--check"], capsys)
    assert code == 1 and stat.S_IMODE(data_dir().stat().st_mode) == 0o700
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "a-file"))
    code, _out, err = run(["server", "migrate", "--check"], capsys)
    assert code == 2 and "无法创建数据目录" in err and "Traceback" not in err
