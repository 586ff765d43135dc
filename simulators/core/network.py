"""How simulators reach each other and the SUT: in-process when they live in the same world, HTTP otherwise.

A `Network` maps base URLs to in-process simulators. Its httpx transport hands a request straight to
`Simulator.handle` (no sockets) when the URL belongs to one of them, and to a real HTTP transport
otherwise (a vendor SUT on loopback). The same client therefore serves tests, `golive up` and a
vendor run; only the table changes. The real transport is made on the first request that needs it and shared
by every client of the network: an in-process client builds no TLS context, a served one builds one per run.

The `Outbox` is the one mechanism for anything a simulator *sends* on its own: Servicebus pushes to
subscribers, E-flyt pushes cases to the SUT, events published to the bus. Each attempt is an event on the
world's scheduler (simulators/core/scheduler.py), retried with exponential back-off; it never blocks the
request that caused the send, and reports every attempt so the sender can journal it.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

import httpx
import orjson

from .actions import Transport, carry_out
from .http import Request
from .scheduler import Event, RealTimeScheduler, Scheduler

if TYPE_CHECKING:
    from .kernel import Simulator


def _origin(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


class InProcessTransport(httpx.BaseTransport):
    """An httpx transport that calls simulators directly; faults become the exceptions a socket would raise."""

    def __init__(self, network: Network) -> None:
        self.network = network

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        simulator = self.network.lookup(str(request.url))
        if simulator is None:
            fallback = self.network.real_transport()
            if fallback is None:
                raise httpx.ConnectError(
                    f"no simulator at {request.url} and no real network in this world", request=request
                )
            return fallback.handle_request(request)
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
        timeout = (request.extensions.get("timeout") or {}).get("read")
        outcome = carry_out(response.actions, timeout, self.network.scheduler.elapse)
        if outcome is Transport.TIMED_OUT:
            raise httpx.ReadTimeout(
                "the simulator held the request and answered nothing (injected hang)", request=request
            )
        if outcome is Transport.RESET:
            raise httpx.RemoteProtocolError("connection reset by peer (injected fault)", request=request)
        return httpx.Response(response.status, headers=response.headers, content=response.body, request=request)


_PLAIN_ARGUMENTS = frozenset(
    {
        "json",
        "content",
        "data",
        "files",
        "params",
        "headers",
        "cookies",
        "auth",
        "follow_redirects",
        "timeout",
        "extensions",
    }
)
_PLAIN_PATH = re.compile(r"[A-Za-z0-9\-._~/%:@!$&'()*+,;=]*")  # a path httpx would send as it is (nothing to quote)


class LocalClient(httpx.Client):
    """An httpx client that hands a request for an in-process simulator straight to `Simulator.handle`.

    Why: in an in-process world every exchange (the SUT's calls to its neighbours, the harness's reads) went through
    httpx's request building, URL parsing, cookie jar and response models, three quarters of an exchange's cost
    (benchmarks/README.md, issue 13). Here a plain request (a relative URL under the base URL or an absolute one at an
    in-process simulator's origin, a JSON or byte body, query params) skips all of that and comes back as an
    httpx.Response all the same, whose `request` is built only when asked for. Anything else (a URL elsewhere, a form,
    files, cookies, auth, a URL that needs quoting) takes httpx's own way through the same transport. Faults act as
    through `InProcessTransport`; the hooks `_refuse`, `_failed` and `_answered` let a subclass treat them as its
    transport would (golive's guarded clients).
    """

    def __init__(self, network: Network, base_url: str, **kwargs: Any) -> None:
        kwargs.setdefault("transport", InProcessTransport(network))
        super().__init__(base_url=base_url, **kwargs)
        self._network = network
        parts = urlsplit(base_url)
        self._origin = _origin(base_url) if parts.scheme else ""
        self._host = parts.netloc
        self._prefix = parts.path.rstrip("/")

    # -- hooks for a subclass that guards its transport -------------------------------------------------
    def _refuse(self, method: str, url: str) -> None:
        """Raise before the request goes out to `url` (origin and path), e.g. to a simulator already known to be
        down; nothing by default."""

    def _failed(self, exc: httpx.TransportError) -> Exception:
        """What to raise for a transport failure (an injected hang or reset)."""
        return exc

    def _answered(self, response: httpx.Response) -> httpx.Response:
        return response

    def _where(self, url: Any) -> tuple[Simulator | None, str, str, str, str]:
        """(simulator, origin, host, path, query) of a plain URL: relative under the base URL, or absolute at an
        in-process simulator's origin (the SUT's neighbour calls and the outboxes name their whole URL)."""
        if not isinstance(url, str):
            return None, "", "", "", ""
        if url.startswith("/"):
            path, _, query = url.partition("?")
            simulator = self._network._by_origin.get(self._origin) if self._origin else None
            return simulator, self._origin, self._host, self._prefix + path, query
        if not url.startswith(("http://", "https://")) or "#" in url:
            return None, "", "", "", ""
        parts = urlsplit(url)
        if "@" in parts.netloc:
            return None, "", "", "", ""
        origin = _origin(url)
        return self._network._by_origin.get(origin), origin, parts.netloc, parts.path or "/", parts.query

    def request(self, method: str, url: Any, **kwargs: Any) -> httpx.Response:
        simulator, origin, host, full, query = self._where(url)
        default = httpx._client.USE_CLIENT_DEFAULT
        plain = (
            simulator is not None
            and not (set(kwargs) - _PLAIN_ARGUMENTS)
            and all(kwargs.get(name) is None for name in ("cookies", "extensions", "data", "files"))
            and kwargs.get("auth", default) is default
            and self.auth is None
            and kwargs.get("follow_redirects", default) in (default, False)
            and isinstance(kwargs.get("content"), (bytes, type(None)))
            and isinstance(kwargs.get("headers"), (dict, type(None)))
            and isinstance(kwargs.get("params"), (dict, list, type(None)))
        )
        if not plain or not _PLAIN_PATH.fullmatch(full) or not query.isascii():
            return super().request(method, url, **kwargs)
        assert simulator is not None
        method = method.upper()
        self._refuse(method, f"{origin}{full}")
        params = kwargs.get("params")
        if params:
            query = "&".join(q for q in (query, urlencode(params, doseq=True)) if q)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in self._headers.raw}
        headers["host"] = host
        body: bytes = kwargs.get("content") or b""
        if kwargs.get("json") is not None:
            body = _json_bytes(kwargs["json"])
            headers["content-type"] = "application/json"
        if body or method in ("POST", "PUT", "PATCH"):
            headers["content-length"] = str(len(body))
        for k, v in (kwargs.get("headers") or {}).items():
            headers[k.lower()] = v
        wire = Request.from_wire(method, full, query, headers.items(), body, simulator.max_body_bytes, "in-process")
        answer = simulator.handle(wire)
        timeout = kwargs.get("timeout", default)
        read = self.timeout.read if timeout is default else httpx.Timeout(timeout).read
        outcome = carry_out(answer.actions, read, self._network.scheduler.elapse)
        target = f"{origin}{full}" + (f"?{query}" if query else "")
        if outcome is Transport.TIMED_OUT:
            raise self._failed(
                httpx.ReadTimeout(
                    "the simulator held the request and answered nothing (injected hang)",
                    request=httpx.Request(method, target),
                )
            )
        if outcome is Transport.RESET:
            raise self._failed(
                httpx.RemoteProtocolError(
                    "connection reset by peer (injected fault)", request=httpx.Request(method, target)
                )
            )
        return self._answered(_LocalResponse(answer.status, answer.headers, answer.body, method, target))


class _LocalResponse(httpx.Response):
    """An httpx.Response whose request is built when first asked for (most callers never ask)."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes, method: str, url: str) -> None:
        # As a read body (stream given, content kept): httpx's encoding and reading of `content=` cost more than the
        # simulator's answer did.
        super().__init__(status, headers={**headers, "content-length": str(len(body))}, stream=httpx.ByteStream(body))
        self._content = body
        self.is_stream_consumed = self.is_closed = True
        self._local_request = (method, url)

    @property
    def request(self) -> httpx.Request:
        if self._request is None:
            self._request = httpx.Request(*self._local_request)
        return self._request

    @request.setter
    def request(self, value: httpx.Request) -> None:
        self._request = value

    def raise_for_status(self) -> httpx.Response:
        _ = self.request  # httpx reads the request it names in the error directly
        return super().raise_for_status()


def _json_bytes(document: Any) -> bytes:
    try:
        return orjson.dumps(document)
    except TypeError:  # what orjson will not write (a non-string key, a big int): as httpx would
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


_shared_real: httpx.HTTPTransport | None = None
_shared_real_lock = threading.Lock()


def shared_real_transport() -> httpx.HTTPTransport:
    """The process's one real HTTP transport (thread-safe connection pool), for every network that needs one."""
    global _shared_real
    with _shared_real_lock:
        if _shared_real is None:
            _shared_real = httpx.HTTPTransport()
        return _shared_real


class Network:
    """The table of in-process simulators by base URL, the clients that use it, and the world's scheduler.

    Without a scheduler of its own a network runs on wall time (RealTimeScheduler): a simulator built alone in a
    unit test behaves as a served one. A World hands in-process networks a VirtualScheduler."""

    def __init__(self, allow_real_http: bool = True, scheduler: Scheduler | None = None) -> None:
        self._by_origin: dict[str, Simulator] = {}
        self._base_urls: dict[str, str] = {}
        self.allow_real_http = allow_real_http
        self.scheduler = scheduler or RealTimeScheduler()

    def register(self, base_url: str, simulator: Simulator) -> None:
        self._by_origin[_origin(base_url)] = simulator
        self._base_urls[simulator.name] = base_url.rstrip("/")

    def lookup(self, url: str) -> Simulator | None:
        return self._by_origin.get(_origin(url)) if self._by_origin else None

    def base_url(self, name: str) -> str:
        return self._base_urls[name]

    def real_transport(self) -> httpx.HTTPTransport | None:
        """The real HTTP transport for URLs no simulator of this network serves: one per process, made when first
        needed, so a run over loopback builds one TLS context and one connection pool, not one per client."""
        return shared_real_transport() if self.allow_real_http else None

    def transport(self) -> httpx.BaseTransport:
        return InProcessTransport(self)

    def client(self, base_url: str = "", timeout: float = 10.0, **kwargs: Any) -> httpx.Client:
        return LocalClient(self, base_url, timeout=timeout, trust_env=False, **kwargs)

    def close(self) -> None:
        self.scheduler.close()


@dataclass
class Delivery:
    """One outbound HTTP call that must eventually succeed (2xx) or be given up on."""

    method: str
    url: str
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    max_attempts: int = 5
    on_attempt: Callable[[Delivery, int | None, str | None, float], None] | None = None
    on_done: Callable[[Delivery, bool], None] | None = None
    context: dict[str, Any] = field(default_factory=dict)  # the sender's own bookkeeping
    attempts: int = 0


class Outbox:
    """At-least-once delivery with exponential back-off: every attempt an event on the world's scheduler."""

    def __init__(
        self,
        client_factory: Callable[[], httpx.Client],
        scheduler: Scheduler,
        backoff_s: float = 0.05,
        max_backoff_s: float = 2.0,
        name: str = "outbox",
    ) -> None:
        self._client_factory = client_factory
        self.scheduler = scheduler
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self.name = name
        self._client: httpx.Client | None = None
        self._lock = threading.Condition()  # notified whenever an event of this outbox has run or was dropped
        self._queued: dict[int, Event] = {}  # id(event) -> event, until it has run or was cleared
        self._in_flight = 0
        self._closed = False

    def submit(self, delivery: Delivery, delay_s: float = 0.0) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("outbox is closed")
            holder: list[Event] = []
            event = self.scheduler.call_later(
                delay_s, lambda: self._fire(holder[0], delivery), f"{self.name}: {delivery.method} {delivery.url}"
            )
            holder.append(event)
            self._queued[id(event)] = event

    def pending(self) -> int:
        with self._lock:
            return len(self._queued) + self._in_flight

    def wait_idle(self, timeout_s: float = 10.0) -> bool:
        """Until nothing of this outbox is queued or in flight: stepped on a virtual scheduler, polled on wall time."""
        if self.scheduler.virtual:
            return bool(self.scheduler.settle(lambda: self.pending() == 0))  # type: ignore[attr-defined]
        deadline = time.monotonic() + timeout_s
        with self._lock:
            while self._queued or self._in_flight:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._lock.wait(remaining)
        return True

    def clear(self) -> None:
        with self._lock:
            for event in self._queued.values():
                event.cancel()
            self._queued.clear()
            self._lock.notify_all()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for event in self._queued.values():
                event.cancel()
            self._queued.clear()
            client, self._client = self._client, None
        if client is not None:
            client.close()

    def _fire(self, event: Event, delivery: Delivery) -> None:
        with self._lock:
            if self._queued.pop(id(event), None) is None or self._closed:
                self._lock.notify_all()
                return
            self._in_flight += 1
            if self._client is None:
                self._client = self._client_factory()
            client = self._client
        try:
            self._attempt(client, delivery)
        finally:
            with self._lock:
                self._in_flight -= 1
                self._lock.notify_all()

    def _attempt(self, client: httpx.Client, delivery: Delivery) -> None:
        delivery.attempts += 1
        started = self.scheduler.now()
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
        elapsed_ms = (self.scheduler.now() - started) * 1000
        if delivery.on_attempt:
            delivery.on_attempt(delivery, status, error, elapsed_ms)
        ok = status is not None and 200 <= status < 300
        if ok or delivery.attempts >= delivery.max_attempts:
            if delivery.on_done:
                delivery.on_done(delivery, ok)
            return
        backoff = min(self.backoff_s * 2 ** (delivery.attempts - 1), self.max_backoff_s)
        try:
            self.submit(delivery, backoff)
        except RuntimeError:  # closed meanwhile: the simulator is shutting down
            pass
