"""The README's "Install the central server", run as written (issue 26): the wheelhouse built and installed
into a new virtual environment with no package index, the PostgreSQL role and database made on a throwaway
cluster, the configuration folder, a private CA and the server's certificate made with openssl, the tables and
tokens, the service's own command line (from the unit and the environment file), the readiness check with curl
against that CA, a backup with the newest kept, and a desk syncing with the token and CA it was given.

What a container cannot do is left out, named in SKIPPED (creating the system user, systemd, apt); the paths
of a real server move into a temporary folder (MOVED), and `sudo -u postgres psql` talks to the test's cluster."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.live_server import PG_BIN, PostgresCluster, free_port

ROOT = Path(__file__).parent.parent
# Lines a container cannot run; every line the test leaves out must start with one of these.
SKIPPED = ("apt-get ", "useradd ", "systemctl ", "journalctl ", "install -m 644 deploy/referral-desk-")


def steps() -> dict[int, str]:
    """Step number -> its shell blocks, dedented, from the README's install section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Install the central server\n", 1)[1].split("\n## ", 1)[0]
    found: dict[int, str] = {}
    number = 0
    block: list[str] | None = None
    for line in section.splitlines():
        if block is None and (item := re.match(r"^(\d+)\. \*\*", line)):
            number = int(item.group(1))
        elif block is None and line.strip() == "```sh":
            block = []
        elif block is not None and line.strip() == "```":
            found[number] = found.get(number, "") + textwrap.dedent("\n".join(block)) + "\n"
            block = None
        elif block is not None:
            block.append(line)
    return found


def test_the_steps_are_numbered_in_order_and_each_command_is_run_or_named_skipped():
    found = steps()
    assert sorted(found) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    for number, text in found.items():
        for line in text.splitlines():
            if line.startswith(SKIPPED):
                assert number in (2, 8, 9), (number, line)  # only where the system itself is set up


def _moved(text: str, tmp: Path, pg_port: int, serve_port: int) -> str:
    moved = {
        "sudo -u postgres psql": f"{PG_BIN}/psql -h 127.0.0.1 -p {pg_port} -U postgres",
        "/etc/referral-desk": f"{tmp}/etc",
        "/var/backups/referral-desk": f"{tmp}/backups",
        "/var/lib/referral-desk": f"{tmp}/lib",
        "/opt/referral-desk": f"{tmp}/opt",
        "/root/": f"{tmp}/root/",
        "runuser -u referral-desk -- ": "",
        " -o referral-desk -g referral-desk": "",
        " -o root -g referral-desk": "",
        "chown root:referral-desk": "true",
        "127.0.0.1:5432": f"127.0.0.1:{pg_port}",
        "10.0.0.5:8750": f"127.0.0.1:{serve_port}",
        "IP:10.0.0.5": "IP:127.0.0.1",
        "deploy/": f"{ROOT}/deploy/",
        "python3.11 -m venv": f"{sys.executable} -m venv",
    }
    # What a container cannot run goes first, before a path is moved (a moved `install ... deploy/` line would
    # no longer be recognised, and would write into this machine's /etc/systemd).
    text = "\n".join(line for line in text.splitlines() if not line.startswith(SKIPPED))
    for old, new in moved.items():
        text = text.replace(old, new)
    assert "/etc/systemd" not in text and "/etc/referral-desk" not in text
    return text + "\n"


@pytest.mark.skipif(not (PG_BIN / "initdb").exists() or not shutil.which("openssl") or not shutil.which("curl"),
                    reason="needs PostgreSQL 15, openssl and curl")
def test_the_install_steps_run_as_written(tmp_path):
    found = steps()
    cluster = PostgresCluster()
    serve_port = free_port()
    home = tmp_path / "home"
    for folder in ("root", "home/.local/share"):
        (tmp_path / folder).mkdir(parents=True)
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local/share"), "PIP_NO_INPUT": "1"}
    env.pop("REFERRAL_DESK_CONFIG", None)

    def bash(number: int, before: str = "") -> str:
        script = _moved(found[number], tmp_path, cluster.port, serve_port)
        done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", before + script], cwd=tmp_path / "root",
                              env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, f"step {number}:\n{script}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
        return done.stdout + done.stderr

    server = None
    try:
        # 1-3: the wheelhouse, into a new virtual environment, with no package index.
        done = subprocess.run(["make", "-C", str(ROOT), "wheelhouse", f"WHEELHOUSE={tmp_path / 'root/wheelhouse'}"],
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "make wheelhouse" in found[1]
        bash(2)
        said = bash(3)
        from referral_desk import __version__

        assert f"referral-desk {__version__}（" in said
        bash(4)
        bash(5)
        server_env = tmp_path / "etc/server.env"
        assert oct(server_env.stat().st_mode & 0o777) == "0o640"
        # The environment file's own paths are a real server's: moved like the README's.
        text = _moved(server_env.read_text(encoding="utf-8"), tmp_path, cluster.port, serve_port)
        text = re.sub(r"^RD_HOST=.*$", "RD_HOST=127.0.0.1", text, flags=re.M)
        text = re.sub(r"^RD_PORT=.*$", f"RD_PORT={serve_port}", text, flags=re.M)
        server_env.write_text(text, encoding="utf-8")
        assert f"referral_desk:CHANGE-ME@127.0.0.1:{cluster.port}/referral_desk" in text  # the URL form of step 4
        bash(6)
        assert (tmp_path / "etc/tls/key.pem").stat().st_mode & 0o077 == 0o040  # the group reads, nobody else
        rd = _moved(next(line for line in found[7].splitlines() if line.startswith("rd()")), tmp_path, cluster.port,
                    serve_port)
        said = bash(7)
        assert "窗口8-1\toperator" in said and "督导-1\tsupervisor" in said
        token_file = tmp_path / "root/窗口8-1.token"
        assert len(token_file.read_text(encoding="utf-8").strip()) >= 32

        # 8: the unit's own command line, with the environment file's values (systemd's part is not here).
        unit = (ROOT / "deploy/referral-desk-server.service").read_text(encoding="utf-8")
        exec_start = next(line for line in unit.splitlines()
                          if line.startswith("ExecStart=")).removeprefix("ExecStart=")
        values = dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
        words = [values[w[2:-1]] if w.startswith("${") else w for w in shlex.split(exec_start)]
        words[0] = _moved(words[0], tmp_path, cluster.port, serve_port).strip()
        server = subprocess.Popen(words, env={**env, **values}, stderr=subprocess.PIPE, text=True)
        running = workers = 0
        start_lines = []
        while not (running and workers == int(values["RD_WORKERS"])):
            line = server.stderr.readline()
            assert line, f"serve stopped: {''.join(start_lines)[-3000:]}"
            start_lines.append(line)
            running += "Uvicorn running on https://" in line
            workers += "Application startup complete" in line
        assert any("event=start" in line and "postgresql:referral_desk" in line for line in start_lines)
        check = next(line for line in found[8].splitlines() if line.startswith("curl "))
        done = subprocess.run(["bash", "-c", _moved(check, tmp_path, cluster.port, serve_port)], capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0 and '"status":"ready"' in done.stdout, done.stderr

        # 9: a backup by hand (the timer's command line is checked in test_server_unit).
        bash(9, before=rd)
        backups = tmp_path / "backups"
        assert len(list(backups.glob("referral-desk-server-*.pgdump"))) == 1
        # 10: the desk, with its token file and the CA carried to it.
        shutil.copy(tmp_path / "root/referral-desk-ca/ca.pem", tmp_path / "root/ca.pem")
        said = bash(10, before=f"export PATH={tmp_path}/opt/bin:$PATH\n")
        assert "拉取" in said and "待推送 0 条" in said, said
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
        cluster.stop()
