"""https between desk and server (issue 15): the server's certificate checked against server_ca, plain
http warned about off this machine, the server's TLS files checked before it starts. The CAs are made
here (trustme), never the system's."""

from __future__ import annotations

import pytest
import trustme

from referral_desk.server.app import create_app
from referral_desk.server.cli import TLSFilesRefused, tls_files
from referral_desk.server.db import open_server_db
from referral_desk.server.tokens import create_token
from referral_desk.store.database.engine import open_store
from referral_desk.sync.client import SyncClient, SyncError, plain_http_warning
from tests.commandline import run
from tests.live_server import LiveServer


@pytest.fixture
def pki(tmp_path):
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    files = {name: tmp_path / f"{name}.pem" for name in ("ca", "chain", "key", "other_ca", "other_key")}
    ca.cert_pem.write_to_path(files["ca"])
    cert.cert_chain_pems[0].write_to_path(files["chain"])
    for extra in cert.cert_chain_pems[1:]:
        extra.write_to_path(files["chain"], append=True)
    cert.private_key_pem.write_to_path(files["key"])
    other = trustme.CA()
    other.cert_pem.write_to_path(files["other_ca"])
    other.issue_cert("127.0.0.1").private_key_pem.write_to_path(files["other_key"])
    return {k: str(v) for k, v in files.items()}


@pytest.fixture
def https_server(tmp_path, pki, clock):
    engine = open_server_db(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    live = LiveServer(create_app(engine, clock=clock), ssl_certfile=pki["chain"], ssl_keyfile=pki["key"])
    token = create_token(engine, "窗口8-1", "operator", clock.now())
    yield live.url, token
    live.stop()
    engine.dispose()


def _client(tmp_path, policy, clock, url, token, ca_file):
    store = open_store(tmp_path / "desk.sqlite3")
    return store, SyncClient(store, policy, clock, url, token, ca_file=ca_file)


def test_a_desk_trusting_the_servers_ca_syncs_over_https(https_server, pki, tmp_path, policy, clock):
    url, token = https_server
    assert url.startswith("https://")
    store, client = _client(tmp_path, policy, clock, url, token, pki["ca"])
    try:
        report = client.sync_once()
        assert report.role == "operator"  # the server answered this token over https
    finally:
        client.close()
        store.close()


@pytest.mark.parametrize("trust", ["system", "other_ca"])
def test_a_certificate_that_does_not_verify_sends_nothing_and_says_why(https_server, pki, tmp_path, policy, clock,
                                                                       trust):
    url, token = https_server
    store, client = _client(tmp_path, policy, clock, url, token, "" if trust == "system" else pki["other_ca"])
    try:
        with pytest.raises(SyncError, match="服务器证书未通过校验"):
            client.sync_once()
    finally:
        client.close()
        store.close()


@pytest.mark.parametrize("content", [None, "这不是证书\n"])
def test_a_server_ca_file_that_cannot_be_read_is_refused_in_words(tmp_path, policy, clock, content):
    ca = tmp_path / "ca.pem"
    if content is not None:
        ca.write_text(content, encoding="utf-8")
    with pytest.raises(SyncError, match="无法读取 server_ca 证书文件"):
        _client(tmp_path, policy, clock, "https://127.0.0.1:1", "t0ken", str(ca))


@pytest.mark.parametrize("url, warned", [
    ("http://10.0.0.5:8750", True),
    ("http://referral.hospital.local", True),
    ("http://127.0.0.1:8750", False),
    ("http://localhost:8750", False),
    ("http://[::1]:8750", False),
    ("https://10.0.0.5:8750", False),
    ("http://ops:s3cret@10.0.0.5:8750", True),
])
def test_plain_http_off_this_machine_is_warned_about(url, warned):
    said = plain_http_warning(url)
    assert (said is not None) == warned
    if warned:
        assert "未加密" in said and "https://" in said
        assert "10.0.0.5" in said or "referral.hospital.local" in said
        assert "s3cret" not in said  # the warning stays on screen: never a password the URL carried


def test_the_servers_tls_files_are_checked_before_it_starts(pki, tmp_path, capsys):
    assert tls_files(None, None) is None
    assert tls_files(pki["chain"], pki["key"]) == {"ssl_certfile": pki["chain"], "ssl_keyfile": pki["key"]}
    for certfile, keyfile, words in ((pki["chain"], None, "须同时给出"),
                                     (pki["chain"], pki["other_key"], "不匹配"),
                                     (str(tmp_path / "none.pem"), pki["key"], "无法读取证书或私钥")):
        with pytest.raises(TLSFilesRefused, match=words):
            tls_files(certfile, keyfile)
    code, _out, err = run(["serve", "--database-url", f"sqlite:///{tmp_path / 's.sqlite3'}",
                           "--ssl-certfile", pki["chain"], "--ssl-keyfile", pki["other_key"]], capsys)
    assert code == 2 and "证书与私钥不匹配" in err
