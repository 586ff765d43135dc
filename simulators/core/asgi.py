"""The thin ASGI layer: turns an HTTP exchange into a kernel Request and carries out the Response.

Used by uvicorn (`golive up`, containers) and by schemathesis' in-process ASGI runner. It reads at most
the size limit plus one byte, so an oversized body is refused (413) without being buffered whole, and it
carries out injected faults the way a real network would show them: a delay, a request held open
until the client gives up, a connection dropped mid-response. A body that stalls longer than the body deadline is
answered 408 (journaled). An injected reset is one log line from the kernel, not uvicorn's "Exception in ASGI
application" traceback: a log filter knows the injected exception.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qsl

from .actions import Transport, plan
from .http import Request
from .kernel import Simulator
from .limits import ServerTimeouts

Scope = dict[str, Any]


class InjectedReset(ConnectionResetError):
    """The connection drop of a `reset` or `drop-response` fault: expected, so never logged as a crash."""


class _QuietInjectedFaults(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], InjectedReset))


_QUIET = _QuietInjectedFaults()


def quiet_injected_faults() -> None:
    """Keep uvicorn from logging an injected reset as an application crash (idempotent)."""
    logger = logging.getLogger("uvicorn.error")
    if _QUIET not in logger.filters:
        logger.addFilter(_QUIET)


class AsgiApp:
    """`threads`: handle requests on a pool of that many threads instead of on the event loop itself. A simulator's
    handler is synchronous, so by default a served simulator answers one request at a time; a system under test
    serves many at once in real life (and only then can a defect that concurrency reveals show: the load window)."""

    def __init__(self, simulator: Simulator, timeouts: ServerTimeouts | None = None, threads: int = 0) -> None:
        self.simulator = simulator
        self.timeouts = timeouts or ServerTimeouts()
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix=f"{simulator.name}-request") if threads else None
        quiet_injected_faults()

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        limit = self.simulator.limits.max_body_bytes
        declared = _content_length(scope)
        chunks: list[bytes] = []
        size = 0
        too_large = declared is not None and declared > limit
        timed_out = False
        more = not too_large
        while more:
            try:
                message = await asyncio.wait_for(receive(), self.timeouts.body_s)
            except TimeoutError:
                timed_out = True
                break
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                too_large = True
                break
            chunks.append(chunk)
            more = message.get("more_body", False)
        raw_headers = scope.get("headers", [])
        raw_query = scope.get("query_string", b"")
        request = Request(
            method=scope["method"],
            path=scope["path"],
            query=_query(raw_query),
            headers={k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw_headers},
            body=b"".join(chunks),
            body_too_large=too_large,
            client=f"{scope['client'][0]}:{scope['client'][1]}" if scope.get("client") else "",
            header_bytes=sum(len(k) + len(v) for k, v in raw_headers),
            header_count=len(raw_headers),
            url_bytes=len(scope.get("raw_path") or b"") + len(raw_query),
            timed_out=timed_out,
        )
        if self.pool is None:
            response = self.simulator.handle(request)
        else:
            response = await asyncio.get_running_loop().run_in_executor(self.pool, self.simulator.handle, request)
        if timed_out or too_large:
            response.headers["connection"] = "close"  # the rest of the body is not worth waiting for
        decided = plan(response.actions)  # served: the client's timeout is its own business
        if decided.wait_s > decided.hold_s:
            await asyncio.sleep(decided.wait_s - decided.hold_s)
        if decided.outcome is Transport.TIMED_OUT:
            await _hold(receive, decided.hold_s)
            return  # close without an answer, as a hung server that finally drops the request
        if decided.outcome is Transport.RESET:
            # Start a response and abandon it: the server closes the connection mid-response.
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1000")]})
            raise InjectedReset("injected fault: connection reset")
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers.items()]
        headers.append((b"content-length", str(len(response.body)).encode()))  # not chunked: one write, known size
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.simulator.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _hold(receive: Any, seconds: float) -> None:
    """Hold the request open for `seconds`, or until the client disconnects."""
    try:
        await asyncio.wait_for(_until_disconnect(receive), timeout=seconds)
    except TimeoutError:
        pass


async def _until_disconnect(receive: Any) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _query(raw: bytes) -> list[tuple[str, str]]:
    if not raw:
        return []
    return parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
