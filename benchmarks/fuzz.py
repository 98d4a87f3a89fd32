"""`make fuzz`: Schemathesis against the real server's own /openapi.json, with a valid token.

Starts `referral-desk serve` on loopback with a throwaway SQLite database, lets Schemathesis
generate requests from the published schema for a bounded time (every check: no 5xx, responses
that match the schema, bad data refused, good data accepted), then reads the server's log for a
traceback. Prints the figures the README quotes; exits non-zero on any failure.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from referral_desk.server.db import open_server_db
from referral_desk.server.tokens import create_token
from tests.live_server import free_port


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("RD_FUZZ_SECONDS", "120")),
                        help="time budget for Schemathesis (default 120, or RD_FUZZ_SECONDS)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rd-fuzz-"))
    url = f"sqlite:///{work / 'server.sqlite3'}"
    engine = open_server_db(url)
    token = create_token(engine, "fuzz", "operator", datetime.now(UTC))
    engine.dispose()
    port = free_port()
    log = (work / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "referral_desk", "serve", "--port", str(port),
                               "--database-url", url], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/openapi.json", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                print("the server did not start; see", work / "server.log")
                return 2
            time.sleep(0.2)
        started = time.monotonic()
        run = subprocess.run(
            [str(Path(sys.executable).with_name("schemathesis")), "run", f"{base}/openapi.json",
             "-H", f"Authorization: Bearer {token}", "--checks", "all", "--max-time", str(args.seconds),
             "--workers", "1", "--suppress-health-check", "all", "--no-color"],
            capture_output=True, text=True, timeout=args.seconds * 3 + 300)
        took = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(30)
        log.close()
    out = run.stdout + run.stderr
    (work / "schemathesis.txt").write_text(out, encoding="utf-8")
    server_log = (work / "server.log").read_text(encoding="utf-8", errors="replace")
    requests = len(re.findall(r'" \d{3} ', server_log))
    errors = len(re.findall(r'" 5\d\d ', server_log))
    tracebacks = server_log.count("Traceback")
    summary = [line for line in out.splitlines() if re.search(r"passed|failed|error|cases|Test cases", line, re.I)]
    print("\n".join(summary[-12:]))
    print(f"\nSchemathesis {took:.0f} s against /openapi.json: {requests} requests, {errors} answered 5xx, "
          f"{tracebacks} tracebacks in the server log; exit {run.returncode}")
    print(f"full output: {work / 'schemathesis.txt'}; server log: {work / 'server.log'}")
    return run.returncode or (1 if errors or tracebacks else 0)


if __name__ == "__main__":
    sys.exit(main())
