"""Is this machine's server answering? One look at `/api/v1/live` on loopback, over https or plain
http, for the container's HEALTHCHECK and the systemd watchdog. The certificate is not checked here:
the probe talks to its own process on loopback and only asks whether it answers; the desks check it.

    python -m referral_desk.server.probe [--port 8750] [--host 127.0.0.1]

Exit 0 when it answers, 1 (with one sentence on standard error) when it does not."""

from __future__ import annotations

import argparse
import http.client
import ssl
import sys

LIVE_PATH = "/api/v1/live"


def _unverified() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _get(connection: http.client.HTTPConnection) -> int:
    try:
        connection.request("GET", LIVE_PATH, headers={"Connection": "close"})
        response = connection.getresponse()
        response.read(256)
        return response.status
    finally:
        connection.close()


def answers(port: int, host: str = "127.0.0.1", timeout: float = 4.0, *, tls: bool | None = None) -> str | None:
    """None when the server answers 200; else why not, in words. `tls` None: https first, then plain
    http (a HEALTHCHECK does not know how the container was started)."""
    schemes = [True, False] if tls is None else [tls]
    why = ""
    for secure in schemes:
        connection = (http.client.HTTPSConnection(host, port, timeout=timeout, context=_unverified()) if secure
                      else http.client.HTTPConnection(host, port, timeout=timeout))
        try:
            status = _get(connection)
        except ssl.SSLError as exc:
            why = f"TLS: {exc.reason or exc}"  # a plain http server answers a handshake with garbage
            continue
        except (OSError, http.client.HTTPException) as exc:
            return f"{host}:{port} 无应答（{type(exc).__name__}: {exc}）/ no answer"
        if status == 200:
            return None
        return f"{host}:{port}{LIVE_PATH} 答 {status} / answered {status}"
    return f"{host}:{port} 无应答（{why}）/ no answer"


def loopback_for(host: str) -> str:
    """Where a server listening on `host` is reached from this machine."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "::1"
    return host


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m referral_desk.server.probe",
                                     description="本机服务器是否应答 / does this machine's server answer")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8750)
    parser.add_argument("--timeout", type=float, default=4.0)
    args = parser.parse_args(argv)
    why = answers(args.port, loopback_for(args.host), args.timeout)
    if why is None:
        return 0
    print(why, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
