"""Why a sync failed, in words (issue 26): a wrong CA, an expired certificate, a wrong host name, a server
that does not speak https, a server that is down, a revoked token and a desk of another schema each say
which, in a few words for the status line and a sentence for `referral-desk sync`. Real servers on
loopback with certificates made here (trustme)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import trustme

from referral_desk.config import CONFIG_ENV
from referral_desk.server.app import create_app
from referral_desk.server.db import open_server_db
from referral_desk.server.tokens import create_token, revoke_token
from referral_desk.store.database.engine import open_store
from referral_desk.sync.client import SyncClient, SyncError
from referral_desk.sync.failure import refusal_short
from referral_desk.sync.protocol import SCHEMA_MISMATCH
from tests.commandline import run
from tests.live_server import LiveServer, free_port


def _https(tmp_path, clock, ca: trustme.CA, *names: str, **validity):
    cert = ca.issue_cert(*names, **validity)
    chain, key = (tmp_path / f"chain-{len(names)}-{len(validity)}.pem",
                  tmp_path / f"key-{len(names)}-{len(validity)}.pem")
    for n, pem in enumerate(cert.cert_chain_pems):
        pem.write_to_path(chain, append=n > 0)
    cert.private_key_pem.write_to_path(key)
    engine = open_server_db(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    live = LiveServer(create_app(engine, clock=clock), ssl_certfile=str(chain), ssl_keyfile=str(key))
    return engine, live


def _failure(tmp_path, policy, clock, url: str, token: str, ca_file: str = "") -> SyncError:
    store = open_store(tmp_path / "desk.sqlite3")
    client = SyncClient(store, policy, clock, url, token, ca_file=ca_file)
    try:
        with pytest.raises(SyncError) as failed:
            client.sync_once()
        return failed.value
    finally:
        client.close()
        store.close()


YEAR_AGO = datetime.now(UTC) - timedelta(days=365)


@pytest.mark.parametrize(("case", "short", "advice"), [
    ("expired", "服务器证书已过期", "换发证书"),
    ("not_yet_valid", "服务器证书尚未生效", "时间"),
    ("wrong_host", "证书与服务器地址不符", "127.0.0.1"),
    ("other_ca", "证书非所配CA签发", "server_ca"),
])
def test_a_certificate_refused_says_which_reason(tmp_path, policy, clock, case, short, advice):
    ca, trusted = trustme.CA(), tmp_path / "ca.pem"
    names = ("other.example",) if case == "wrong_host" else ("127.0.0.1",)
    validity = {"expired": {"not_before": YEAR_AGO, "not_after": YEAR_AGO + timedelta(days=90)},
                "not_yet_valid": {"not_before": datetime.now(UTC) + timedelta(days=30),
                                  "not_after": datetime.now(UTC) + timedelta(days=400)}}.get(case, {})
    (trustme.CA() if case == "other_ca" else ca).cert_pem.write_to_path(trusted)
    engine, live = _https(tmp_path, clock, ca, *names, **validity)
    try:
        token = create_token(engine, "窗口8-1", "operator", clock.now())
        failure = _failure(tmp_path, policy, clock, live.url, token, str(trusted))
    finally:
        live.stop()
        engine.dispose()
    assert failure.short == short
    assert str(failure).startswith(f"服务器证书未通过校验：{short}") and advice in str(failure)
    assert "未发送任何内容" in str(failure)


def test_a_server_without_https_and_a_server_that_is_down_say_so(tmp_path, policy, clock):
    engine = open_server_db(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    live = LiveServer(create_app(engine, clock=clock))
    try:
        token = create_token(engine, "窗口8-1", "operator", clock.now())
        plain = _failure(tmp_path, policy, clock, live.url.replace("http://", "https://"), token)
        assert plain.short == "服务器未启用https" and "--ssl-certfile" in str(plain)
    finally:
        live.stop()
        engine.dispose()
    down = _failure(tmp_path, policy, clock, f"http://127.0.0.1:{free_port()}", token)
    assert down.short == "服务器未运行" and "本机更改保留在队列中" in str(down)
    unknown = _failure(tmp_path, policy, clock, "http://no-such-host.invalid:8750", token)
    assert unknown.short == "找不到服务器" and "no-such-host.invalid" in str(unknown)


def test_a_revoked_token_and_another_schema_say_so(tmp_path, policy, clock):
    engine = open_server_db(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    live = LiveServer(create_app(engine, clock=clock))
    try:
        token = create_token(engine, "窗口8-1", "operator", clock.now())
        revoke_token(engine, "窗口8-1", clock.now())
        revoked = _failure(tmp_path, policy, clock, live.url, token)
        assert revoked.short == "令牌无效或已吊销" and revoked.status == 401
    finally:
        live.stop()
        engine.dispose()
    # The server's answers to a desk of another schema (app.same_schema) and to a busy or full server.
    older = "本工作站的数据结构版本（8）与服务器（9）不符：请升级工作站后再同步"
    assert refusal_short(409, SCHEMA_MISMATCH, older) == "需升级工作站"
    # A server of the previous release says "请升级服务器" to a desk ahead of it: the desk waits for it.
    assert refusal_short(409, SCHEMA_MISMATCH, older.replace("升级工作站", "升级服务器")) == "等待服务器升级"
    assert refusal_short(503, None, "服务器磁盘已满，推送未保存") == "服务器磁盘已满"
    ahead = "服务器尚未升级到本工作站的数据结构版本（10，服务器为 9）：本工作站的更改保留在本机"
    assert refusal_short(409, SCHEMA_MISMATCH, ahead) == "等待服务器升级"
    assert refusal_short(422, None, "请求内容无效") == "服务器拒绝（422）"


def test_the_sync_command_prints_the_reason(tmp_path, clock, capsys, db, monkeypatch):
    """`referral-desk sync` against a server whose certificate has expired: the sentence, exit non-zero."""
    ca, trusted = trustme.CA(), tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(trusted)
    engine, live = _https(tmp_path, clock, ca, "127.0.0.1", not_before=YEAR_AGO,
                          not_after=YEAR_AGO + timedelta(days=90))
    try:
        token = create_token(engine, "窗口8-1", "operator", clock.now())
        (tmp_path / "config.toml").write_text(f'[desk]\nserver_ca = "{trusted}"\n', encoding="utf-8")
        monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "config.toml"))
        code, _out, err = run(["--db", db, "sync", "--server", live.url, "--token", token], capsys)
    finally:
        live.stop()
        engine.dispose()
    assert code != 0 and "服务器证书已过期" in err and "certificate has expired" in err


def test_a_desk_whose_policy_is_not_the_servers_is_told(tmp_path, clock, policy):
    """The server judges deadlines by its own time zone, service hours and reply limit: a desk set otherwise
    shows one deadline while the server holds another. Said after each round, and on the status line."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from referral_desk.domain.policy import Policy
    from referral_desk.sync.runner import SyncRunner

    engine = open_server_db(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    live = LiveServer(create_app(engine, clock=clock))
    store = open_store(tmp_path / "desk.sqlite3")
    try:
        token = create_token(engine, "窗口8-1", "operator", clock.now())
        same = SyncClient(store, policy, clock, live.url, token)
        assert same.sync_once().policy_differs == ""
        same.close()
        other = Policy(tz=ZoneInfo("Europe/Berlin"), reply_limit=timedelta(minutes=30))
        runner = SyncRunner(SyncClient(store, other, clock, live.url, token), clock)
        report = runner.run_once()
        assert "时区 本机 Europe/Berlin / 服务器 Asia/Shanghai" in report.policy_differs
        assert "审核时限（分钟） 本机 30 / 服务器 60" in report.policy_differs
        assert "本机的规则与服务器不一致" in report.line()
        assert runner.state.policy_differs
        runner.close()
    finally:
        store.close()
        live.stop()
        engine.dispose()
