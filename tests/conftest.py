from __future__ import annotations

from pathlib import Path

import pytest

from referral_desk.clock import FixedClock
from referral_desk.config import Settings
from referral_desk.desk.core import DeskFolders
from referral_desk.desk.desk import Desk
from referral_desk.domain.policy import Policy
from referral_desk.store.database.engine import open_store
from referral_desk.store.writes.executor import Actor
from tests import sync_desks
from tests.fixtures import NOW, day_commands, setup_commands


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Never read or write the real user's data and config while testing."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("REFERRAL_DESK_DB", raising=False)
    monkeypatch.delenv("REFERRAL_DESK_CONFIG", raising=False)


@pytest.fixture(autouse=True)
def _worker_failures_fail_the_test(request, monkeypatch):
    """The desk survives a failed worker (it says so and stays open); a test must not: an
    unexpected failure would otherwise pass unseen. Tests that provoke one say so with the marker."""
    from referral_desk.app import ReferralDeskApp

    seen: list[BaseException] = []
    original = ReferralDeskApp.worker_failed

    def recording(self, error):
        seen.append(error)
        original(self, error)

    monkeypatch.setattr(ReferralDeskApp, "worker_failed", recording)
    yield
    if request.node.get_closest_marker("worker_failure") is None:
        assert not seen, f"a desk worker failed: {seen!r}"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def policy() -> Policy:
    return Policy()


@pytest.fixture
def settings() -> Settings:
    return Settings(operator="张敏", workstation="窗口8-1", refresh_seconds=1.0)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "desk.sqlite3"


@pytest.fixture
def store(db_path):
    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture
def service(store, policy, clock, settings, tmp_path) -> Desk:
    return Desk(store, policy, clock, Actor(settings.operator, settings.workstation),
                DeskFolders(reports=tmp_path / "reports", slips=tmp_path / "slips"))


@pytest.fixture
def filled(service) -> Desk:
    """The fixed morning of tests/fixtures.py, written through the command path."""
    service.executor.execute_many(setup_commands(), at=NOW.replace(hour=0))
    service.executor.execute_many(day_commands())
    return service


@pytest.fixture
def db(filled, db_path) -> str:
    """The filled store's path, closed, for a command line to open."""
    filled.store.close()
    return str(db_path)


@pytest.fixture(scope="session")
def postgres():
    from tests.live_server import PG_BIN, PostgresCluster

    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 binaries are not installed")
    cluster = PostgresCluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def server_url(request, tmp_path):
    """The server's database: a SQLite file, or a fresh database in the test session's own cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.sqlite3'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def app(filled, settings):
    """The desk on the fixed day's data, for pilot and snapshot tests."""
    from referral_desk.app import ReferralDeskApp

    return ReferralDeskApp(filled, settings, "desk.sqlite3")


@pytest.fixture
def central(server_url, clock):
    server = sync_desks.Central(server_url, clock)
    yield server
    server.close()


@pytest.fixture
def desks(central, tmp_path, clock, policy):
    made = []

    def make(name: str) -> sync_desks.Workstation:
        ws = sync_desks.Workstation(central, name, tmp_path, clock, policy)
        made.append(ws)
        return ws

    yield make
    for ws in made:
        ws.close()
