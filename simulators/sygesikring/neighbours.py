"""The reference SUT's way out: HTTP calls to Luna, Finance, CPR, the Servicebus and E-flyt.

The model (model.py) knows none of this: it is handed a `Neighbours` object with plain methods and gets
plain answers (a dict, an `Outcome`, or the exception `Unavailable`: ports.py); the sweep that retries what is
queued here runs in worker.py. What lives here is what a careful integration does on the wire, each a lesson from
the go-live failures DOMAIN.md recounts:

- every call carries the scenario's correlation id (`x-correlation-id`), so a journal query finds the whole flow;
- idempotent calls (reads; a fee posting, which carries its Idempotency-Key; a lægevalg registration, which Luna
  applies once per citizen, doctor and date) are retried with exponential back-off on 5xx, timeouts, dropped
  connections and garbled answers — a 4xx is an answer, never retried at once;
- a change Luna or Finance cannot take *now* (away, or a fee into a month Finance has closed: config.FINANCE_HOLDS)
  is queued (`pending`) and sent again by `retry_pending()`, so a citizen never asks twice and no fee is lost;
- events and receipts go through the kernel's Outbox (asynchronous, at least once); the SUT subscribes to the bus
  topics it consumes, by webhook, as soon as the bus answers.
Every outbound attempt is journaled in the SUT's own journal (kind `delivery`, operation `<neighbour>:<call>`): a
report shows what the SUT sent, not only what it received.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from simulators.core import Network, Outbox

from . import config
from .certificates import Certificates
from .correlation import CORRELATION
from .defects import Defects
from .delivering import RECEIPT_OPERATION, Delivering  # noqa: F401  (RECEIPT_OPERATION: public here too)
from .ports import Outcome, Refused, Settlement, Unavailable


@dataclass
class Queued:
    """A change a neighbour could not take when asked; sent again by `retry_pending()`."""

    ticket: str
    kind: str  # laegevalg | fee | end-laegevalg
    neighbour: str
    operation: str
    method: str
    path: str
    body: dict[str, Any]
    context: Any
    correlation_id: str | None
    key: str | None = None  # the Idempotency-Key of a fee posting
    attempts: int = 0
    last_error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ticket": self.ticket,
            "kind": self.kind,
            "neighbour": self.neighbour,
            "path": self.path,
            "attempts": self.attempts,
            "lastError": self.last_error,
            "correlationId": self.correlation_id,
        }


class Neighbours(Delivering):
    """One httpx client per neighbour base URL (from the live settings), and the queue of what is waiting."""

    def __init__(
        self,
        network: Network,
        settings: dict[str, Any],
        defects: Defects,
        publisher: Any = None,
        outbox: Outbox | None = None,
        attempts: int = config.NEIGHBOUR_ATTEMPTS,
        backoff_s: float = config.NEIGHBOUR_BACKOFF_S,
        timeout_s: float = config.NEIGHBOUR_TIMEOUT_S,
    ) -> None:
        self.network = network
        self.settings = settings  # the simulator's live settings: a PATCH /__admin/settings takes effect at once
        self.defects = defects
        self.publisher = publisher
        self.outbox = outbox
        self.attempts = attempts
        self.backoff_s = backoff_s
        self.timeout_s = timeout_s
        self.record: Callable[..., None] | None = None  # Simulator.record_delivery, set by create()
        self.record_attempt: Callable[..., None] | None = None  # Simulator.record_attempt, set by create()
        self._clients: dict[str, httpx.Client] = {}
        self._lock = threading.RLock()
        self._queue: list[Queued] = []
        self._tickets = itertools.count(1)
        self._registered: set[str] = set()  # Luna's registrationIds this SUT has had as the answer to a request
        self._subscribed_for: tuple[str, str] | None = None
        self._checked_at = 0.0  # scheduler time the bus last confirmed our subscription
        self.receipts: list[dict[str, Any]] = []  # every receipt handed to the outbox, for the admin state
        self._undelivered: list[dict[str, Any]] = []  # events and receipts not yet taken by the bus / E-flyt
        self.certificates = Certificates(settings, defects)  # the system certificate shown to Serviceplatformen

    # -- correlation -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def correlated(self, correlation_id: str | None) -> Iterator[None]:
        """Calls made inside carry this correlation id; None keeps the one already in force."""
        if correlation_id is None:
            yield
            return
        token = CORRELATION.set(correlation_id)
        try:
            yield
        finally:
            CORRELATION.reset(token)

    # -- the wire ------------------------------------------------------------------------------------
    def _base(self, neighbour: str) -> str:
        base = self.settings.get(f"{neighbour}BaseUrl")
        if not base:
            raise Unavailable(f"{neighbour} is not configured (setting {neighbour}BaseUrl)")
        return base.rstrip("/")

    def _client(self, base: str) -> httpx.Client:
        key = f"{base} {self.certificates.in_use() or ''}"  # a renewed certificate: a client of its own
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = self.certificates.client(base, self.timeout_s) or self.network.client(
                    base, timeout=self.timeout_s
                )
                self._clients[key] = client
            return client

    def _call(
        self,
        neighbour: str,
        operation: str,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: dict[str, Any] | None = None,
        headers: Callable[[int], dict[str, str]] | None = None,
        attempts: int | None = None,
        before_retry: Callable[[], tuple[int, Any] | None] | None = None,
    ) -> tuple[int, Any]:
        """(status, parsed body) of the first answer that is not a server failure; Unavailable after the last try.

        A 2xx whose body does not parse counts as a lost answer (the neighbour may have acted): only calls that
        are safe to repeat come through here, so it is retried like a timeout. A call that is *not* safe to repeat
        blindly (a Luna registration) passes `before_retry`, which looks whether the last attempt was done after
        all; its answer, when it has one, is taken instead of sending again.
        """
        base = self._base(neighbour)
        client = self._client(base)
        tries, backoff_s = self.defects.retry_schedule(attempts or self.attempts, self.backoff_s)
        last = "no attempt"
        for attempt in range(1, tries + 1):
            if attempt > 1 and before_retry is not None:
                found = before_retry()
                if found is not None:
                    return found
            extra = headers(attempt) if headers else {}
            correlation_id = CORRELATION.get()
            sent = {**({"x-correlation-id": correlation_id} if correlation_id else {}), **extra}
            started = self.network.scheduler.now()
            status: int | None = None
            document: Any = None
            error: str | None = None
            failure: httpx.HTTPError | None = None
            try:
                response = client.request(method, base + path, json=body, params=params, headers=sent)
                status = response.status_code
                document = response.json() if response.content else None
            except httpx.HTTPError as exc:
                error, failure = f"{type(exc).__name__}: {exc}", exc
                if isinstance(exc, httpx.RemoteProtocolError) and self.defects.connection_reset_is_refusal(neighbour):
                    self._journal(
                        neighbour, operation, method, base + path, body, status, error, started, correlation_id
                    )
                    return 502, {"type": "urn:golive:problem:connection-reset", "detail": f"Luna: {error}"}
            except ValueError as exc:  # json.JSONDecodeError: the answer was cut short
                error = f"HTTP {status} with a body that is not JSON ({exc})"
            refused = self.certificates.refused(neighbour, failure, status, document)
            if refused is not None:  # the certificate was refused: loud, and not the citizen's refusal (queued)
                error = f"the system certificate was refused: {refused}"
                if not self.defects.queues_on_certificate_refusal():
                    self.certificates.alerts.pop()  # swallowed: no alert, not on the bus either
                    return 400, {"type": "urn:golive:problem:refused", "detail": error}
                self.certificates.alert_bus(neighbour, refused)  # once per episode, not per retry
            elif status is not None:
                self.certificates.accepted(neighbour)
            if error is None and status is not None and status >= 500:
                error = f"HTTP {status}"
            self._journal(neighbour, operation, method, base + path, body, status, error, started, correlation_id)
            if error is None and status is not None:
                return status, document
            last = error or "no answer"
            if attempt < tries:
                self.network.scheduler.elapse(backoff_s * 2 ** (attempt - 1))  # back-off between attempts
        raise Unavailable(f"{neighbour} did not answer {method} {path}: {last}")

    def _journal(
        self,
        neighbour: str,
        operation: str,
        method: str,
        url: str,
        body: Any,
        status: int | None,
        error: str | None,
        started: float,
        correlation_id: str | None,
    ) -> None:
        if self.record is not None:
            self.record(
                operation=f"{neighbour}:{operation}",
                method=method,
                url=url,
                body=body,
                status=status,
                error=error,
                duration_ms=(self.network.scheduler.now() - started) * 1000,
                correlation_id=correlation_id,
            )

    @staticmethod
    def _refused(status: int, document: Any) -> Refused:
        doc = document if isinstance(document, dict) else {}
        kind = str(doc.get("type", ""))
        return Refused(
            status=status,
            code=kind.rsplit(":", 1)[-1] or "refused",
            detail=str(doc.get("detail") or doc.get("title") or ""),
        )

    # -- CPR -------------------------------------------------------------------------------------------
    def person(self, cpr: str) -> dict[str, Any] | None:
        status, document = self._call("cpr", "getPerson", "GET", f"/persons/{cpr}")
        return document if status == 200 else None

    def household(self, municipality_code: int, street: str, postal_code: str) -> list[dict[str, Any]]:
        if not street or not postal_code:
            return []
        status, document = self._call(
            "cpr",
            "searchPersons",
            "GET",
            "/persons",
            params={"municipalityCode": municipality_code, "street": street, "postalCode": postal_code},
        )
        return list(document.get("persons", [])) if status == 200 and isinstance(document, dict) else []

    # -- Luna ------------------------------------------------------------------------------------------
    def practice(self, ydernummer: str) -> dict[str, Any] | None:
        status, document = self._call("luna", "getPractice", "GET", f"/practices/{ydernummer}")
        return document if status == 200 else None

    def practices_near(
        self, lat: float, lon: float, radius_km: float, open_for_intake: bool | None = None
    ) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"nearLat": lat, "nearLon": lon, "radiusKm": radius_km, "limit": 500}
        if open_for_intake is not None:
            params["openForIntake"] = "true" if open_for_intake else "false"
        status, document = self._call("luna", "searchPractices", "GET", "/practices", params=params)
        return list(document.get("practices", [])) if status == 200 and isinstance(document, dict) else []

    def citizen_laegevalg(self, cpr: str) -> dict[str, Any] | None:
        status, document = self._call("luna", "getCitizenLaegevalg", "GET", f"/citizens/{cpr}/laegevalg")
        return document if status == 200 else None

    def register_laegevalg(self, request: dict[str, Any], context: Any) -> Outcome:
        return self._change(
            Queued(
                self._ticket(),
                "laegevalg",
                "luna",
                "registerLaegevalg",
                "POST",
                "/laegevalg",
                request,
                context,
                CORRELATION.get(),
            )
        )

    def _already_registered(self, request: dict[str, Any]) -> tuple[int, Any] | None:
        """(201, Luna's registration) when Luna already holds this choice (same doctor, same effect date), else None.
        Raises Unavailable when Luna cannot say: then nothing is sent, and the choice stays queued."""
        status, document = self._call(
            "luna", "getCitizenLaegevalg", "GET", f"/citizens/{request['cpr']}/laegevalg", attempts=1
        )
        if status != 200 or not isinstance(document, dict):
            return None
        held = ([document["current"]] if document.get("current") else []) + list(document.get("future") or [])
        wanted = (request["ydernummer"], request["effectiveDate"])
        for registration in held:  # an earlier request's registration (the same doctor chosen again) is not this one's
            if registration.get("registrationId") not in self._registered:
                if (registration.get("ydernummer"), registration.get("effectiveDate")) == wanted:
                    return 201, registration
        return None

    def end_laegevalg(self, cpr: str, end_date: date, reason: str, context: Any) -> Outcome:
        return self._change(
            Queued(
                self._ticket(),
                "end-laegevalg",
                "luna",
                "endLaegevalg",
                "POST",
                f"/citizens/{cpr}/laegevalg/end",
                {"endDate": end_date.isoformat(), "reason": reason},
                context,
                CORRELATION.get(),
            )
        )

    # -- Finance ---------------------------------------------------------------------------------------
    def post_fee(self, voucher: dict[str, Any], key: str, context: Any) -> Outcome:
        item = Queued(
            self._ticket(),
            "fee",
            "finance",
            "postVoucher",
            "POST",
            "/vouchers",
            voucher,
            context,
            CORRELATION.get(),
            key=key,
        )
        if not self.defects.retries_fee():  # one attempt; a 5xx is taken as final and the fee dropped
            try:
                return self._attempt(item, attempts=1)
            except Unavailable as exc:
                return Outcome("refused", refused=Refused(503, "unavailable", str(exc)))
        return self._change(item)

    def _fee_key(self, item: Queued) -> str:
        """The request's own key, on every attempt — unless the defect mints a fresh one per attempt."""
        return self.defects.fee_key(item.key or item.ticket, self.network.scheduler.new_id)

    # -- changes: try now, queue if the neighbour is away ------------------------------------------------
    def _ticket(self) -> str:
        return f"q-{next(self._tickets)}"

    def _attempt(self, item: Queued, attempts: int | None = None) -> Outcome:
        keyed = item.kind == "fee" and self.defects.sends_idempotency_key()
        headers = (lambda attempt: {"Idempotency-Key": self._fee_key(item)}) if keyed else None
        # Luna registers every request it gets (it has no idempotency key): after a lost answer, look before resending
        careful = item.kind == "laegevalg" and self.defects.looks_before_resending()
        before_retry = (lambda: self._already_registered(item.body)) if careful else None
        with self.correlated(item.correlation_id):
            if careful and item.attempts > 0:  # queued after a failed attempt that may have been done after all
                found = self._already_registered(item.body)
                if found is not None:
                    item.attempts += 1
                    return self._done(item, found[1])
            item.attempts += 1
            status, document = self._call(
                item.neighbour,
                item.operation,
                item.method,
                item.path,
                body=item.body,
                headers=headers,
                attempts=attempts,
                before_retry=before_retry,
            )
        if 200 <= status < 300:
            return self._done(item, document if isinstance(document, dict) else {})
        if item.kind == "fee" and (refused := self._refused(status, document)).code in config.FINANCE_HOLDS:
            raise Unavailable(f"Finance holds the posting: {refused.code} ({refused.detail})")  # kept, sent again
        return Outcome("refused", refused=self._refused(status, document))

    def _done(self, item: Queued, document: dict[str, Any]) -> Outcome:
        if item.kind == "laegevalg" and isinstance(document.get("registrationId"), str):
            self._registered.add(document["registrationId"])
        return Outcome("done", document=document)

    def _change(self, item: Queued) -> Outcome:
        try:
            return self._attempt(item)
        except Unavailable as exc:
            item.last_error = str(exc)
            with self._lock:
                self._queue.append(item)
            return Outcome("pending", ticket=item.ticket)

    def retry_pending(self) -> list[Settlement]:
        """One attempt for each queued change, oldest first; a neighbour that is still away is not asked again
        in this sweep (its later changes wait behind the earlier ones, keeping their order). Events and receipts
        the outbox could not deliver go out again too."""
        self._resend_undelivered()
        with self._lock:
            queued = list(self._queue)
        settled: list[Settlement] = []
        away: set[str] = set()
        for item in queued:
            if item.neighbour in away:
                continue
            try:
                outcome = self._attempt(item, attempts=1)
            except Unavailable as exc:
                item.last_error = str(exc)
                away.add(item.neighbour)
                continue
            with self._lock:
                if item in self._queue:
                    self._queue.remove(item)
            settled.append(Settlement(item.ticket, item.kind, item.context, outcome))
        return settled

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            return [q.as_dict() for q in self._queue] + [
                {
                    "kind": e["delivery"].context.get("kind", "delivery"),
                    "path": e["delivery"].url,
                    "attempts": e["delivery"].attempts,
                    "inFlight": e["inFlight"],
                }
                for e in self._undelivered
            ]

    # -- Servicebus subscriptions ---------------------------------------------------------------------
    def ensure_subscriptions(self) -> bool:
        """Subscribe each consumed topic by webhook to {selfBaseUrl}/servicebus/deliveries, once per (bus, self) pair.

        An existing subscription with the same id (409) counts as done: the SUT restarted, the bus remembered.
        Failure is quiet and retried on the next request: the bus may simply not be up yet.
        """
        bus, own = self.settings.get("servicebusBaseUrl"), self.settings.get("selfBaseUrl")
        if not bus or not own:
            return False
        wanted = (bus, own)
        with self._lock:
            if self._subscribed_for == wanted:
                if self.network.scheduler.now() - self._checked_at < config.SUBSCRIPTION_RECHECK_S:
                    return True
                # A bus that restarted has forgotten us: look once in a while, as a real subscriber would.
                try:
                    status, _ = self._call(
                        "servicebus",
                        "getSubscription",
                        "GET",
                        f"/subscriptions/{config.NAME}.{config.SUBSCRIBED_TOPICS[0]}",
                        attempts=1,
                    )
                except Unavailable:
                    return True
                self._checked_at = self.network.scheduler.now()
                if status == 200:
                    return True
            callback = own.rstrip("/") + config.DELIVERIES_PATH
            try:
                for topic in config.SUBSCRIBED_TOPICS:
                    status, _ = self._call(
                        "servicebus",
                        "createSubscription",
                        "POST",
                        "/subscriptions",
                        attempts=1,
                        body={
                            "subscriptionId": f"{config.NAME}.{topic}",
                            "topic": topic,
                            "kind": "webhook",
                            "callbackUrl": callback,
                            "name": config.SUBSCRIPTION_NAME,
                        },
                    )
                    if status not in (201, 409):
                        return False
            except Unavailable:
                return False
            self._subscribed_for = wanted
            self._checked_at = self.network.scheduler.now()
            return True

    # -- lifecycle -----------------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self._subscribed_for = None
            self.receipts.clear()
            self._undelivered.clear()
        self.certificates.reset()
        if self.outbox is not None:
            self.outbox.clear()

    def close(self) -> None:
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()
        if self.outbox is not None:
            self.outbox.close()
