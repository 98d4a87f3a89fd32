"""`referral-desk serve --workers N` (issue 15): several server processes share nothing but the
database; a change still reaches the other desk, whichever process answers each call."""

from __future__ import annotations

import httpx

from referral_desk.domain import commands as c
from tests.fixtures import CONSULT_OVERDUE, NOW
from tests.live_server import ServeProcess
from tests.sync_desks import Remote, Workstation, seed_and_sync


def test_two_worker_processes_on_postgresql_carry_a_change_between_desks(postgres, tmp_path, clock, policy):
    database_url = postgres.new_database()
    server = ServeProcess(database_url, 2, NOW, tmp_path / "config")
    remote = None
    desks = []
    try:
        assert len(server.pids) == 2  # two processes, not one
        remote = Remote(server.url, database_url, clock)
        first, second = (Workstation(remote, name, tmp_path, clock, policy) for name in ("窗口8-1", "窗口8-2"))
        desks += [first, second]
        seed_and_sync(first, second)
        assert second.status(CONSULT_OVERDUE) == "submitted"
        first.service.execute(c.ApproveConsultation(consultation_id=CONSULT_OVERDUE))
        first.sync()
        for _ in range(4):  # pulls land on either process
            second.sync()
        assert second.status(CONSULT_OVERDUE) == "approved"
        answer = httpx.get(f"{remote.url}/api/v1/ready", timeout=10)
        assert answer.status_code == 200
    finally:
        for desk in desks:
            desk.close()
        if remote is not None:
            remote.engine.dispose()
        assert server.stop() == 0


async def test_worker_connections_have_nagle_off(monkeypatch):
    """With --workers, uvicorn's supervisor makes the listening socket with protocol number 0, and asyncio
    then leaves Nagle's algorithm on for the connections it accepts: each keep-alive answer waited ~40 ms
    for the client's delayed ACK (the load bench measured 44 ms pulls). The workers' protocol turns it off."""
    import asyncio
    import socket

    from uvicorn.protocols.http.h11_impl import H11Protocol

    from referral_desk.server.connections import GuardedH11Protocol

    async def nodelay_seen(protocol_class) -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        monkeypatch.setattr(H11Protocol, "connection_made", lambda self, transport: seen.set_result(
            transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # protocol 0, as the supervisor's
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        server = await asyncio.get_running_loop().create_server(lambda: protocol_class.__new__(protocol_class),
                                                                sock=listener)
        _reader, writer = await asyncio.open_connection(*listener.getsockname())
        try:
            return await asyncio.wait_for(seen, 10)
        finally:
            writer.close()
            server.close()

    assert await nodelay_seen(H11Protocol) == 0  # the premise: asyncio leaves it on
    assert await nodelay_seen(GuardedH11Protocol) != 0
