"""An httpx transport that loses, repeats, reorders and breaks requests, as a bad network does."""

from __future__ import annotations

import random

import httpx

FAULTS = ("ok", "drop_request", "drop_response", "duplicate", "error_500", "replay_old")


class FaultyTransport(httpx.BaseTransport):
    def __init__(self, rng: random.Random, fault_rate: float = 0.4) -> None:
        self.inner = httpx.HTTPTransport()
        self.rng = rng
        self.fault_rate = fault_rate
        self.healed = False
        self.old_pushes: list[httpx.Request] = []
        self.seen: dict[str, int] = {f: 0 for f in FAULTS}

    def _send(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        return response

    def _copy(self, request: httpx.Request) -> httpx.Request:
        return httpx.Request(request.method, request.url, headers=request.headers, content=request.content)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        fault = "ok" if self.healed or self.rng.random() > self.fault_rate else self.rng.choice(FAULTS[1:])
        self.seen[fault] += 1
        if request.url.path.endswith("/push"):
            self.old_pushes.append(self._copy(request))
        if fault == "drop_request":
            raise httpx.ConnectError("injected: request lost", request=request)
        if fault == "replay_old" and self.old_pushes:
            # An earlier push arrives late, before this one (reordered delivery).
            self._send(self._copy(self.rng.choice(self.old_pushes)))
        response = self._send(request)
        if fault == "drop_response":
            raise httpx.ReadError("injected: response lost after the server committed", request=request)
        if fault == "duplicate":
            response = self._send(self._copy(request))
        if fault == "error_500":
            return httpx.Response(500, json={"detail": "injected"}, request=request)
        return response

    def close(self) -> None:
        self.inner.close()
