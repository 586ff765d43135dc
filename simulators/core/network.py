"""How simulators reach each other and the SUT: in-process when they live in the same world, HTTP otherwise.

A `Network` maps base URLs to in-process simulators. Its httpx transport hands a request straight to
`Simulator.handle` (no sockets) when the URL belongs to one of them, and to a real HTTP transport
otherwise (a vendor SUT on loopback). The same client therefore serves tests, `golive up` and a
vendor run; only the table changes.

The `Outbox` is the one mechanism for anything a simulator *sends* on its own: Servicebus pushes to
subscribers, E-flyt pushes cases to the SUT, events published to the bus. It retries with exponential
backoff in worker threads, never blocks the request that caused the send, and reports every attempt so
the sender can journal it.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import urlsplit

import httpx
import orjson

from .http import Request

if TYPE_CHECKING:
    from .kernel import Simulator


def _origin(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


class InProcessTransport(httpx.BaseTransport):
    """An httpx transport that calls simulators directly; faults become the exceptions a socket would raise."""

    def __init__(self, network: "Network", fallback: httpx.BaseTransport | None = None) -> None:
        self.network = network
        self.fallback = fallback

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        simulator = self.network.lookup(str(request.url))
        if simulator is None:
            if self.fallback is None:
                raise httpx.ConnectError(f"no simulator at {request.url} and no real network in this world", request=request)
            return self.fallback.handle_request(request)
        req = Request.from_wire(
            request.method,
            request.url.path,
            request.url.query.decode("latin-1"),
            ((k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw),
            request.read(),
            simulator.max_body_bytes,
            "in-process",
        )
        response = simulator.handle(req)
        for action in response.actions:
            if action.kind == "delay":
                time.sleep(action.seconds)  # simulated latency of the neighbour, not a wait for our own work
            elif action.kind == "hang":
                timeout = (request.extensions.get("timeout") or {}).get("read")
                time.sleep(min(action.seconds, timeout) if timeout else action.seconds)
                raise httpx.ReadTimeout("the simulator held the request and answered nothing (injected hang)", request=request)
            elif action.kind == "reset":
                raise httpx.RemoteProtocolError("connection reset by peer (injected fault)", request=request)
        return httpx.Response(response.status, headers=response.headers, content=response.body, request=request)


class Network:
    """The table of in-process simulators by base URL, and the clients that use it."""

    def __init__(self, allow_real_http: bool = True) -> None:
        self._by_origin: dict[str, "Simulator"] = {}
        self._base_urls: dict[str, str] = {}
        self.allow_real_http = allow_real_http

    def register(self, base_url: str, simulator: "Simulator") -> None:
        self._by_origin[_origin(base_url)] = simulator
        self._base_urls[simulator.name] = base_url.rstrip("/")

    def lookup(self, url: str) -> "Simulator | None":
        return self._by_origin.get(_origin(url)) if self._by_origin else None

    def base_url(self, name: str) -> str:
        return self._base_urls[name]

    def transport(self) -> httpx.BaseTransport:
        return InProcessTransport(self, httpx.HTTPTransport() if self.allow_real_http else None)

    def client(self, base_url: str = "", timeout: float = 10.0, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=base_url, transport=self.transport(), timeout=timeout, **kwargs)


@dataclass(order=True)
class _Queued:
    due: float
    order: int
    delivery: "Delivery" = field(compare=False)


@dataclass
class Delivery:
    """One outbound HTTP call that must eventually succeed (2xx) or be given up on."""

    method: str
    url: str
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    max_attempts: int = 5
    on_attempt: Callable[["Delivery", int | None, str | None, float], None] | None = None
    on_done: Callable[["Delivery", bool], None] | None = None
    context: dict[str, Any] = field(default_factory=dict)  # the sender's own bookkeeping
    attempts: int = 0


class Outbox:
    """At-least-once delivery with exponential backoff, in a few worker threads."""

    def __init__(
        self,
        client_factory: Callable[[], httpx.Client],
        workers: int = 4,
        backoff_s: float = 0.05,
        max_backoff_s: float = 2.0,
    ) -> None:
        self._client_factory = client_factory
        self._workers = workers
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self._heap: list[_Queued] = []
        self._order = itertools.count()
        self._cond = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._in_flight = 0
        self._closed = False

    def submit(self, delivery: Delivery, delay_s: float = 0.0) -> None:
        with self._cond:
            if self._closed:
                raise RuntimeError("outbox is closed")
            if not self._threads:
                self._start()
            heapq.heappush(self._heap, _Queued(time.monotonic() + delay_s, next(self._order), delivery))
            self._cond.notify()

    def pending(self) -> int:
        with self._cond:
            return len(self._heap) + self._in_flight

    def wait_idle(self, timeout_s: float = 10.0) -> bool:
        """Poll, with a deadline, until nothing is queued or in flight."""
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while self._heap or self._in_flight:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.05))
        return True

    def clear(self) -> None:
        with self._cond:
            self._heap.clear()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._heap.clear()
            self._cond.notify_all()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []

    def _start(self) -> None:
        for n in range(self._workers):
            thread = threading.Thread(target=self._run, name=f"outbox-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _run(self) -> None:
        client = self._client_factory()
        try:
            while True:
                with self._cond:
                    while not self._closed and (not self._heap or self._heap[0].due > time.monotonic()):
                        wait = (self._heap[0].due - time.monotonic()) if self._heap else None
                        self._cond.wait(wait)
                    if self._closed:
                        return
                    item = heapq.heappop(self._heap)
                    self._in_flight += 1
                try:
                    self._attempt(client, item.delivery)
                finally:
                    with self._cond:
                        self._in_flight -= 1
                        self._cond.notify_all()
        finally:
            client.close()

    def _attempt(self, client: httpx.Client, delivery: Delivery) -> None:
        delivery.attempts += 1
        started = time.perf_counter()
        status: int | None = None
        error: str | None = None
        try:
            response = client.request(
                delivery.method,
                delivery.url,
                content=orjson.dumps(delivery.body),
                headers={"content-type": "application/json", **delivery.headers},
            )
            status = response.status_code
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        elapsed_ms = (time.perf_counter() - started) * 1000
        if delivery.on_attempt:
            delivery.on_attempt(delivery, status, error, elapsed_ms)
        ok = status is not None and 200 <= status < 300
        if ok or delivery.attempts >= delivery.max_attempts:
            if delivery.on_done:
                delivery.on_done(delivery, ok)
            return
        backoff = min(self.backoff_s * 2 ** (delivery.attempts - 1), self.max_backoff_s)
        with self._cond:
            if not self._closed:
                heapq.heappush(self._heap, _Queued(time.monotonic() + backoff, next(self._order), delivery))
                self._cond.notify()
