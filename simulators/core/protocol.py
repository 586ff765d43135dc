"""The served simulators' HTTP protocol: uvicorn's httptools protocol with the guards it lacks.

uvicorn closes idle keep-alive connections (`timeout_keep_alive`) but has no deadline for a request head: a client
that sends one header byte every few seconds (slowloris) holds a connection for ever, and httptools buffers a head
of any size. This subclass adds, per connection:

- a deadline for the whole request head (`ServerTimeouts.header_s`): past it, 408 and the connection closed;
- a cap on the bytes of a request head (`ServerTimeouts.max_head_bytes`): past it, 431 and closed. Heads under the
  cap reach the kernel, whose own, smaller limits answer 431 problem+json with a journal entry;
- a cap on open connections (`ServerTimeouts.max_connections`): past it a request is answered 503 problem+json with
  Retry-After and `connection: close` (uvicorn's own `limit_concurrency` answers text/plain without Retry-After).

These answers come before a request is parsed whole, so they are not journaled (there is no request to journal);
the body read deadline is the ASGI app's (simulators/core/asgi.py), and is journaled.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .limits import ServerTimeouts


def guarded_protocol(guard: ServerTimeouts) -> type[HttpToolsProtocol]:
    """A protocol class for uvicorn's `Config(http=...)`, carrying these timeouts and caps."""
    return type("GuardedHttpToolsProtocol", (_Guarded,), {"guard": guard})


class _Guarded(HttpToolsProtocol):
    guard: ServerTimeouts

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_bytes = 0
        self._start_head_clock()

    def _start_head_clock(self) -> None:
        if self._head_timer is None:
            self._head_bytes = 0
            self._head_timer = self.loop.call_later(self.guard.header_s, self._head_too_slow)

    def _stop_head_clock(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_clock()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._head_timer is not None:
            self._head_bytes += len(data)
            if self._head_bytes > self.guard.max_head_bytes:
                self._refuse(431, "Request header fields too large", "the request head is over the server's cap")
                return
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._start_head_clock()  # the next request on a kept-alive connection has its own deadline

    def on_headers_complete(self) -> None:
        self._stop_head_clock()
        if len(self.connections) > self.guard.max_connections:
            own, self.app = self.app, self._busy
            try:
                super().on_headers_complete()
            finally:
                self.app = own
            return
        super().on_headers_complete()

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self._refuse(408, "Request timeout", f"the request head did not arrive within {self.guard.header_s} s")

    def _refuse(self, status: int, title: str, detail: str) -> None:
        self._stop_head_clock()
        body = _problem(status, title, detail)
        reason = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}[status]
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-type: application/problem+json\r\ncontent-length: %d\r\n"
            b"connection: close\r\n\r\n%s" % (status, reason, len(body), body)
        )
        self.transport.close()

    async def _busy(self, scope: Any, receive: Any, send: Any) -> None:
        body = _problem(503, "Too many connections", f"this simulator keeps at most {self.guard.max_connections}")
        headers = [
            (b"content-type", b"application/problem+json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(self.guard.retry_after_s).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _problem(status: int, title: str, detail: str) -> bytes:
    kind = {408: "request-timeout", 431: "header-too-large", 503: "too-many-connections"}[status]
    return orjson.dumps({"type": f"urn:golive:problem:{kind}", "title": title, "status": status, "detail": detail})
