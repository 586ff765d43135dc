"""What the reference SUT must get to a neighbour in the end: events to the Servicebus, receipts to E-flyt.

A careful integration loses nothing to an outage: each event and receipt goes through the kernel's Outbox (at least
once, with back-off), and what the outbox could not deliver is kept and sent again by the sweeps (`retry_pending`),
under the same message id, until the neighbour took it (2xx) or refused it (4xx): one probe per neighbour a sweep,
the rest as soon as the neighbour takes it. A case's receipts leave one at a
time, in the order they were made. The defects that break this are the policy's "wire" methods.

A base class of Neighbours (neighbours.py), which owns the state these methods use: its lock, settings, outboxes,
publisher, policy and journal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulators.core import Delivery, Outbox

from . import config
from .correlation import CORRELATION
from .defects import Defects

RECEIPT_OPERATION = "eflyt:sendMoveReceipt"
MINLOG_OPERATION = "minlog:registerEntry"


class Delivering:
    """Events and receipts, sent until delivered (see the module docstring)."""

    settings: dict[str, Any]
    defects: Defects
    publisher: Any
    outbox: Outbox | None
    record: Callable[..., None] | None
    record_attempt: Callable[..., None] | None
    receipts: list[dict[str, Any]]
    _lock: Any
    _undelivered: list[dict[str, Any]]

    # -- Servicebus ----------------------------------------------------------------------------------
    def publish(self, topic: str, payload: dict[str, Any], key: str | None = None) -> str:
        """To the Servicebus at least once: recorded in the EventPublisher's list (admin state), sent through its
        outbox with retries and — when the bus stays away longer than the outbox's back-off — kept and sent again
        by `retry_pending` under the same message id (the bus drops a copy it already has): no event is lost to
        an outage. The envelope is the EventPublisher's (`prepare`); only the keeping is the SUT's own."""
        if self.publisher is None:
            return ""
        message_id, delivery = self.publisher.prepare(topic, payload, key, CORRELATION.get())
        if delivery is None:
            return message_id
        delivery.on_attempt = self._event_attempt
        delivery.context["kind"] = "event"
        once = not self.defects.keeps_undelivered_events()  # fire and forget: one attempt, nothing kept
        if once:
            delivery.max_attempts = 1
            self.publisher.outbox.submit(delivery)
        else:
            self._send_until_delivered(self.publisher.outbox, delivery, lane=None)
        return message_id

    def _event_attempt(self, delivery: Delivery, status: int | None, error: str | None, elapsed_ms: float) -> None:
        if status is not None and 400 <= status < 500:
            delivery.context["refused"] = True  # the bus refused the event itself (a contract breach): no retry helps
        self.publisher.journal_attempt(delivery, status, error, elapsed_ms)

    # -- what must reach a neighbour in the end -----------------------------------------------------------
    def _send_until_delivered(self, outbox: Outbox, delivery: Delivery, lane: str | None) -> None:
        """Hand the delivery to the outbox and keep it until the neighbour took it (2xx) or refused it (4xx).

        The outbox's own attempts last well under a second; a neighbour that is down for minutes outlasts them.
        What it could not deliver stays here and goes out again from the `retry_pending` sweeps. Deliveries in one
        `lane` (a move case's receipts) leave one at a time, in the order they were made.
        """
        entry: dict[str, Any] = {"delivery": delivery, "outbox": outbox, "lane": lane, "inFlight": False}
        delivery.on_done = lambda _d, ok: self._delivery_done(entry, ok)
        with self._lock:
            waiting = lane is not None and any(e["lane"] == lane for e in self._undelivered)
            self._undelivered.append(entry)
            entry["inFlight"] = not waiting
        if entry["inFlight"]:
            outbox.submit(delivery)

    def _delivery_done(self, entry: dict[str, Any], ok: bool) -> None:
        """Taken or refused: the neighbour answers again, so what waits for it goes out now (one per lane);
        attempts spent: kept for the next sweep."""
        delivery = entry["delivery"]
        with self._lock:
            entry["inFlight"] = False
            if not (ok or delivery.context.get("refused")):
                return  # attempts spent: kept for the next sweep
            if entry in self._undelivered:
                self._undelivered.remove(entry)
            followers = self._next_up(lambda e: e["outbox"] is entry["outbox"])
        for follower in followers:
            follower["outbox"].submit(follower["delivery"])

    def _next_up(self, eligible: Callable[[dict[str, Any]], bool], one_per_outbox: bool = False) -> list[dict]:
        """The waiting deliveries to send now, marked in flight (under the lock): the first of each lane whose lane
        has none in flight, and with one_per_outbox only one for each outbox that has none in flight."""
        busy = {e["lane"] for e in self._undelivered if e["inFlight"] and e["lane"] is not None}
        probing = {id(e["outbox"]) for e in self._undelivered if e["inFlight"]} if one_per_outbox else set()
        chosen = []
        for e in self._undelivered:
            if e["inFlight"] or e["lane"] in busy or id(e["outbox"]) in probing or not eligible(e):
                continue
            if e["lane"] is not None:
                busy.add(e["lane"])
            if one_per_outbox:
                probing.add(id(e["outbox"]))
            e["inFlight"], e["delivery"].attempts = True, 0
            chosen.append(e)
        return chosen

    def _resend_undelivered(self) -> None:
        """A sweep sends each neighbour one waiting delivery, the oldest (a probe, as a circuit breaker does): the
        rest follow as soon as the neighbour takes it (`_delivery_done`). A neighbour that is down for minutes is
        not sent every waiting message again on every sweep."""
        with self._lock:
            chosen = self._next_up(lambda e: True, one_per_outbox=True)
        for entry in chosen:
            try:
                entry["outbox"].submit(entry["delivery"])
            except RuntimeError:  # the outbox is closed: the SUT is shutting down
                entry["inFlight"] = False

    # -- E-flyt ----------------------------------------------------------------------------------------
    def send_receipt(self, case_id: str, receipt: dict[str, Any]) -> None:
        """POST {eflytBaseUrl}/moves/{caseId}/receipts, through the outbox (asynchronous, retried)."""
        correlation_id = CORRELATION.get()
        with self._lock:
            self.receipts.append({"caseId": case_id, **receipt})
        base = self.settings.get("eflytBaseUrl")
        if not base or self.outbox is None:
            return
        delivery = Delivery(
            method="POST",
            url=f"{base.rstrip('/')}/moves/{case_id}/receipts",
            body=receipt,
            headers={"x-correlation-id": correlation_id} if correlation_id else {},
            max_attempts=config.RECEIPT_MAX_ATTEMPTS,
            on_attempt=self._receipt_attempt,
            context={"kind": "receipt"},
        )
        if not self.defects.keeps_undelivered_receipts():  # sent once; a failure is only journaled
            delivery.max_attempts = 1
            self.outbox.submit(delivery)
            return
        self._send_until_delivered(self.outbox, delivery, lane=delivery.url)

    def _receipt_attempt(self, delivery: Delivery, status: int | None, error: str | None, elapsed_ms: float) -> None:
        if status is not None and 400 <= status < 500:
            delivery.max_attempts = delivery.attempts  # E-flyt refused it (unknown case, contradiction): no retry helps
            delivery.context["refused"] = True
        if self.record_attempt is not None:  # the kernel journals an outbox attempt (Simulator.record_attempt)
            self.record_attempt(RECEIPT_OPERATION, delivery, status, error, elapsed_ms)

    # -- MinLog ----------------------------------------------------------------------------------------
    def register_minlog(self, entry: dict[str, Any]) -> None:
        """POST {minlogBaseUrl}/entries, through the outbox and kept until MinLog took it: a look-up the citizen
        cannot see in their log is as wrong as one they see that nobody made. The entryId makes a resend harmless."""
        base = self.settings.get("minlogBaseUrl")
        if not base or self.outbox is None:
            return
        correlation_id = CORRELATION.get()
        delivery = Delivery(
            method="POST",
            url=f"{base.rstrip('/')}/entries",
            body=entry,
            headers={"x-correlation-id": correlation_id} if correlation_id else {},
            max_attempts=config.RECEIPT_MAX_ATTEMPTS,
            on_attempt=self._minlog_attempt,
            context={"kind": "minlog"},
        )
        self._send_until_delivered(self.outbox, delivery, lane=None)

    def _minlog_attempt(self, delivery: Delivery, status: int | None, error: str | None, elapsed_ms: float) -> None:
        if status is not None and 400 <= status < 500:
            delivery.max_attempts = delivery.attempts  # MinLog refused the entry (a contract breach): no retry helps
            delivery.context["refused"] = True
        if self.record_attempt is not None:
            self.record_attempt(MINLOG_OPERATION, delivery, status, error, elapsed_ms)
