"""How the Servicebus gets a message to its subscribers: fan-out at publish time, the bus faults that strike one
delivery record (duplicate, delay, reorder, dead-letter), webhook pushes through the kernel's Outbox with retries,
and each record's status derived from its copies.

A base class of ServicebusModel (simulators/servicebus/model.py), which owns the state these methods work on: its
lock, subscriptions, scheduler and outbox. Held (reordered) records are released by scheduler events, so in an
in-process world a hold lasts virtual time, and moving the clock on releases it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulators.core.clock import VirtualClock
from simulators.core.network import Delivery, Outbox
from simulators.core.scheduler import Event, Scheduler

from .state import (
    ACKED,
    DEAD_LETTERED,
    DEFAULT_DELAY_MS,
    DELIVERED,
    PENDING,
    REORDER_HOLD_S,
    Copy,
    Message,
    Record,
    Subscription,
)


class Delivering:
    """Fan-out, faults, push and settling, over the state of a ServicebusModel."""

    scheduler: Scheduler
    clock: VirtualClock
    monotonic: Callable[[], float]
    outbox: Outbox
    decide: Callable[[str], list]
    record_delivery: Callable[..., None] | None
    _lock: Any
    _timers: set[Event]
    _seq: int
    _subscriptions: dict[str, Subscription]

    def _enqueue(self, copy: Copy) -> None:  # the pull side's (ServicebusModel)
        raise NotImplementedError

    # -- fan-out and faults ----------------------------------------------------------------------------
    def _fan_out(self, message: Message, sub: Subscription) -> None:
        """One delivery record for this subscription, shaped by whatever bus faults strike it."""
        record = Record(message=message, subscription=sub)
        message.records.append(record)
        sub.records.append(record)
        strikes = self.decide(message.topic)
        record.faults = [f"{s.rule.id}:{s.kind}" for s in strikes]
        kinds = {s.kind for s in strikes}
        held_before = list(sub.held)
        if "dead-letter" in kinds:
            rule = next(s.rule for s in strikes if s.kind == "dead-letter")
            record.last_error = f"injected fault {rule.id}: dead-letter"
            self._dead_letter(record, "injected-fault")
            self._release_all_held(sub)  # nothing is coming after which they could go
            return
        delays = [(s.latency_ms or DEFAULT_DELAY_MS) / 1000 for s in strikes if s.kind == "delay"]
        record.delay_s = max(delays, default=0.0)
        now = self.monotonic()
        record.copies = [self._new_copy(record, now + record.delay_s) for _ in range(2 if "duplicate" in kinds else 1)]
        if "reorder" in kinds:
            reorder = next(s for s in strikes if s.kind == "reorder")
            self._hold(record, now, (reorder.rule.latency_ms or 0) / 1000 or REORDER_HOLD_S)
            return
        sub.held.clear()
        if sub.kind == "webhook":
            for held in held_before:
                self._stop_timer(held)
            record.copies[0].release_after = held_before  # they go out once this one has been tried
            for copy in record.copies:
                self._push(copy, record.delay_s)
        else:
            for copy in record.copies:
                self._enqueue(copy)
            for held in held_before:  # leased after this one: later in the queue, available with it
                held.held = False
                for copy in held.copies:
                    if copy.state == "pending" and copy.available_at > now:
                        copy.seq = self._next_seq()
                        copy.available_at = record.copies[0].available_at
                sub.queue.sort(key=lambda c: c.seq)

    def _hold(self, record: Record, now: float, hold_s: float = REORDER_HOLD_S) -> None:
        """Reorder fault: keep the record back until the next message of its subscription, or hold_s (the rule's
        latencyMs, else REORDER_HOLD_S) — long enough that a scenario's next event surely overtakes it."""
        sub = record.subscription
        record.held = True
        sub.held.append(record)
        if sub.kind == "pull":
            for copy in record.copies:
                copy.available_at = max(copy.available_at, now + hold_s)
                self._enqueue(copy)
            return
        timer = self.scheduler.call_later(
            hold_s, lambda: self._hold_expired(record), f"servicebus: release held {record.message.topic}"
        )
        record.timer = timer
        self._timers.add(timer)

    def _hold_expired(self, record: Record) -> None:
        with self._lock:
            if record.timer is not None:
                self._timers.discard(record.timer)
                record.timer = None
            sub = record.subscription
            if record.cancelled or not record.held or record not in sub.held:
                return
            sub.held.remove(record)
            self._release(record)

    def _release_all_held(self, sub: Subscription) -> None:
        held, sub.held = list(sub.held), []
        for record in held:
            if sub.kind == "webhook":
                self._release(record)
            else:
                record.held = False

    def _release(self, record: Record) -> None:
        self._stop_timer(record)
        if record.cancelled or not record.held:
            return
        record.held = False
        for copy in record.copies:
            self._push(copy, record.delay_s)

    def _stop_timer(self, record: Record) -> None:
        if record.timer is not None:
            record.timer.cancel()
            self._timers.discard(record.timer)
            record.timer = None

    def _new_copy(self, record: Record, available_at: float) -> Copy:
        return Copy(record=record, seq=self._next_seq(), available_at=available_at)

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    # -- webhook push ----------------------------------------------------------------------------------
    def _push(self, copy: Copy, delay_s: float = 0.0) -> None:
        """Queue one push attempt of a copy (§2 shape); its outcome decides the next one."""
        record = copy.record
        sub = record.subscription
        message = record.message
        record.sent += 1
        body: dict[str, Any] = {**message.envelope(), "subscriptionId": sub.subscription_id, "attempt": record.sent}
        delivery = Delivery(
            method="POST",
            url=sub.callback_url or "",
            body=body,
            headers={"x-correlation-id": message.correlation_id} if message.correlation_id else {},
            max_attempts=1,  # each attempt is its own Delivery, so the next carries attempt+1 and can be cancelled
            on_attempt=self._on_push_attempt,
            context={"copy": copy},
        )
        try:
            self.outbox.submit(delivery, delay_s=delay_s)
        except RuntimeError:  # the outbox is closed: the simulator is shutting down
            record.last_error = "the bus was shut down before the push"

    def _on_push_attempt(self, delivery: Delivery, status: int | None, error: str | None, elapsed_ms: float) -> None:
        copy: Copy = delivery.context["copy"]
        with self._lock:
            record = copy.record
            release, copy.release_after = copy.release_after, []
            if record.cancelled:
                return
            if self.record_delivery is not None:
                self.record_delivery(
                    operation=f"deliver:{record.message.topic}",
                    method=delivery.method,
                    url=delivery.url,
                    body=delivery.body,
                    status=status,
                    error=error,
                    duration_ms=elapsed_ms,
                    correlation_id=record.message.correlation_id,
                )
            copy.attempts += 1
            record.attempts += 1
            record.last_attempt_at = self.clock.now()
            if status is not None and 200 <= status < 300:
                copy.state = "acked"
            else:
                record.last_error = error or f"HTTP {status}"
                if copy.attempts >= record.subscription.max_attempts:
                    copy.state = "dead"
                else:
                    backoff = min(self.outbox.backoff_s * 2 ** (copy.attempts - 1), self.outbox.max_backoff_s)
                    self._push(copy, backoff)
            self._settle(record)
            for held in release:
                self._release(held)

    # -- status ----------------------------------------------------------------------------------------
    def _settle(self, record: Record) -> None:
        """Derive the record's status from its copies: one ack is enough, every copy dead is a dead letter."""
        if record.status in (ACKED, DEAD_LETTERED):
            return
        states = [c.state for c in record.copies]
        if "acked" in states:
            record.status = ACKED
            record.acked_at = self.clock.now()
        elif states and all(s == "dead" for s in states):
            self._dead_letter(record, "max-attempts")
        elif "leased" in states:
            record.status = DELIVERED
        else:
            record.status = PENDING

    def _dead_letter(self, record: Record, reason: str) -> None:
        record.status = DEAD_LETTERED
        record.dead_letter_reason = reason
        record.dead_lettered_at = self.clock.now()
        record.subscription.dead_letters.append(record)

    def _cancel(self, record: Record) -> None:
        record.cancelled = True
        record.held = False
        self._stop_timer(record)

    def _cancel_everything(self) -> None:
        for sub in self._subscriptions.values():
            for record in sub.records:
                self._cancel(record)
        for timer in list(self._timers):
            timer.cancel()
        self._timers.clear()
