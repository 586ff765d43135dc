"""Faults on the neighbours: the admin API's fault rules built in one place, and one scenario's faults kept by `Faults`.

The rules (contracts/admin.openapi.yaml `FaultRuleInput`, enforced by simulators/core/faults.py) are built by the
functions below and nowhere else: a fault step, a fault profile (golive/fault_profiles.py) and `golive up --faults`
all describe a misbehaviour in words and get the rule from here. A field left out is left out of the rule (the kernel's
default applies), never sent as null.

Windows are in the world's *virtual* time, so "Luna is down for 10 minutes" ends when the scenario lets 10 minutes
pass, not after 10 real minutes. Whether a probabilistic rule strikes the n-th call is the kernel's decision from
(seed, rule, n), so a scenario misbehaves the same way in every run with the same seed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import httpx

from golive.blame import SCENARIO, observing
from golive.drivers import ok
from golive.drivers.admin import Admin
from simulators import registry

CLOSED_MONTH = "month:"  # Faults.installed: an accounting month this scenario closed in Finance (not an admin rule)
SERVICEBUS = registry.BUS  # named by the registry (simulators/registry.py)
BUS_DELIVERY = "deliver"  # the Servicebus's own operation for pushing a message to a subscriber
ANY_OPERATION = "*"
UNAVAILABLE = 503
SLOW_MS = (
    50,
    150,
)  # [design] "slow": noticeably slower, far below the SUT's timeout (the world's time: free in-process)
LATE_MS = 300  # [design] a late bus delivery, in milliseconds of the world's time (the bus holds it back this long)
LOST_ANSWER_HOLD_MS = 50  # [design] a lost answer: the connection is held this long, then closed unanswered
REORDER_HOLD_MS = 7 * 24 * 3600 * 1000  # [design] a held delivery waits for the next message to overtake it: up to a
# week of the world's time, so the days a scenario lets pass do not release it first


# -- the rules ---------------------------------------------------------------------------------------------------------
def _rule(kind: str, **fields: Any) -> dict[str, Any]:
    return {"kind": kind, **{k: v for k, v in fields.items() if v is not None}}


def unavailable(*, operation: str | None = None, times: int | None = None, probability: float | None = None) -> dict:
    """503 Service Unavailable instead of an answer."""
    return _rule("status", status=UNAVAILABLE, operation=operation, times=times, probability=probability)


def slow(min_ms: int, max_ms: int | None = None, *, operation: str | None = None) -> dict:
    """Every call (of one operation, or any) takes longer: `min_ms`, or uniformly (seeded) between `min_ms` and
    `max_ms`."""
    return _rule("latency", latencyMs=min_ms, latencyMaxMs=max_ms, operation=operation)


def reset(*, operation: str | None = None, times: int | None = None, probability: float | None = None) -> dict:
    """The connection is dropped before the call does anything."""
    return _rule("reset", operation=operation, times=times, probability=probability)


def lost_answer(
    *,
    operation: str | None = None,
    times: int | None = None,
    hold_ms: int | None = None,
    probability: float | None = None,
) -> dict:
    """The call is done, but the connection is closed before the answer (after `hold_ms`, if given)."""
    return _rule("drop-response", operation=operation, times=times, hangMs=hold_ms, probability=probability)


def bus_duplicate(*, topic: str | None = None, probability: float | None = None) -> dict:
    """A delivery reaches its subscriber twice."""
    return _rule("duplicate", operation=BUS_DELIVERY, topic=topic, probability=probability)


def bus_delay(ms: int, *, topic: str | None = None, probability: float | None = None) -> dict:
    """A delivery is held back `ms` milliseconds (of the world's time)."""
    return _rule("delay", operation=BUS_DELIVERY, topic=topic, latencyMs=ms, probability=probability)


def bus_reorder(
    *, topic: str | None = None, times: int | None = None, hold_ms: int | None = None, probability: float | None = None
) -> dict:
    """A delivery is held back until the next message has overtaken it (at most `hold_ms`)."""
    return _rule(
        "reorder", operation=BUS_DELIVERY, topic=topic, times=times, latencyMs=hold_ms, probability=probability
    )


def bus_dead_letter(*, topic: str | None = None, times: int | None = None) -> dict:
    """A message goes straight to the subscribers' dead-letter queues, undelivered."""
    return _rule("dead-letter", operation=BUS_DELIVERY, topic=topic, times=times)


def within(rule: dict[str, Any], start: datetime, minutes: int) -> dict[str, Any]:
    """The rule, active only for `minutes` of virtual time from `start`."""
    return {**rule, "activeFrom": start.isoformat(), "activeUntil": (start + timedelta(minutes=minutes)).isoformat()}


# -- one scenario's faults ---------------------------------------------------------------------------------------
class Faults:
    """The faults one scenario puts on its neighbours, in business words (features/steps/fejl.py calls these).

    Every fault is a rule installed on the neighbour's admin API, and its id is remembered: fault rules live on the
    simulator, not in the scenario, and on simulators shared by a whole run (a vendor's SUT) a rule left behind would
    strike the next scenario's calls, so `clear()` removes them all when the scenario ends.
    """

    def __init__(self, admins: dict[str, Admin], now: Callable[[], datetime], waits: Any) -> None:
        self._admins, self._now, self._waits = admins, now, waits
        self.installed: dict[str, list[str]] = {}  # neighbour -> ids of the rules this scenario installed

    def add(self, neighbour: str, rule: dict[str, Any]) -> dict:
        """Install one rule on a neighbour; the stored rule (with its id) is returned and remembered."""
        stored = self._admins[neighbour].add_fault(rule)
        self.installed.setdefault(neighbour, []).append(stored["id"])
        return stored

    # -- an HTTP neighbour --
    def down(self, neighbour: str, minutes: int | None = None, operation: str = ANY_OPERATION) -> dict:
        """503 on every call (or one operation) from now, for `minutes` of virtual time or until `up`."""
        rule = unavailable(operation=operation)
        return self.add(neighbour, within(rule, self._now(), minutes) if minutes is not None else rule)

    def up(self, neighbour: str) -> None:
        """Every rule this scenario put on the neighbour is removed at once (a closed month is reopened)."""
        for rule_id in self.installed.pop(neighbour, []):
            if rule_id.startswith(CLOSED_MONTH):
                self._reopen(neighbour, rule_id.removeprefix(CLOSED_MONTH))
            else:
                self._admins[neighbour].remove_fault(rule_id)

    # -- Finance's accounting months --
    def close_month(self, month: str | None = None, neighbour: str = "finance") -> str:
        """The municipality's finance team closes an accounting month (YYYY-MM; None: the current one) for posting:
        Finance refuses every voucher dated in it (409 period-closed) until it is reopened. To the SUT that is a
        neighbour refusing its work for a while, so it is kept like a fault rule (`up` reopens it)."""
        month = month or self._now().strftime("%Y-%m")
        ok(self._admins[neighbour].client.post(f"/periods/{month}/close"), 200)
        self.installed.setdefault(neighbour, []).append(CLOSED_MONTH + month)
        return month

    def reopen_month(self, month: str, neighbour: str = "finance") -> None:
        """The month is open for posting again (closed by this scenario or not)."""
        self._reopen(neighbour, month)
        left = [r for r in self.installed.get(neighbour, []) if r != CLOSED_MONTH + month]
        if left:
            self.installed[neighbour] = left
        else:
            self.installed.pop(neighbour, None)

    def _reopen(self, neighbour: str, month: str) -> None:
        ok(self._admins[neighbour].client.post(f"/periods/{month}/reopen"), 200)

    def slow(self, neighbour: str) -> dict:
        """Every call takes a little longer (seeded, between SLOW_MS's bounds); nothing breaks."""
        return self.add(neighbour, slow(*SLOW_MS))

    def fail_next(self, neighbour: str, times: int, operation: str | None = None) -> dict:
        """The next `times` calls (of one operation, or any: the harness's own reads included) are answered 503."""
        return self.add(neighbour, unavailable(operation=operation, times=times))

    def drop_connection(self, neighbour: str, operation: str | None = None) -> dict:
        """The next call (of one operation, or any) loses its connection before anything is done."""
        return self.add(neighbour, reset(operation=operation, times=1))

    def answer_too_late(self, neighbour: str, operation: str) -> dict:
        """The next call of the operation is done, but its answer comes after the caller gave up."""
        return self.add(neighbour, lost_answer(operation=operation, times=1, hold_ms=LOST_ANSWER_HOLD_MS))

    def time_out_after(self, neighbour: str, operation: str) -> dict:
        """The next call of the operation is done, then the connection is cut before the answer."""
        return self.add(neighbour, lost_answer(operation=operation, times=1))

    # -- the Servicebus --
    def bus_twice(self, topic: str) -> dict:
        """Every message on the topic reaches each subscriber twice."""
        return self.add(SERVICEBUS, bus_duplicate(topic=topic))

    def bus_late(self, topic: str) -> dict:
        """Every message on the topic is held back LATE_MS before it is pushed."""
        return self.add(SERVICEBUS, bus_delay(LATE_MS, topic=topic))

    def bus_reorder_next(self, topic: str) -> dict:
        """The next message on the topic is held back until the one after it has been delivered."""
        return self.add(SERVICEBUS, bus_reorder(topic=topic, times=1, hold_ms=REORDER_HOLD_MS))

    def holding(self) -> bool:
        """The bus holds a delivery back until a later message overtakes it (a reordering fault this scenario put):
        a step that publishes cannot wait for its own message to be pushed."""
        if SERVICEBUS not in self.installed:
            return False
        return any(rule.get("kind") == "reorder" for rule in self._admins[SERVICEBUS].faults())

    def bus_dead_letter_next(self, topic: str) -> dict:
        """The next message on the topic goes to the dead-letter queues, undelivered."""
        return self.add(SERVICEBUS, bus_dead_letter(topic=topic, times=1))

    # -- profiles, proof, cleanup --
    def now(self) -> Any:
        """The virtual now, from which fault windows (and a profile's) are counted."""
        return self._now()

    def await_struck(self, neighbour: str) -> None:
        """A synchronisation point, and proof the fault was not vacuous: a rule this scenario put on the neighbour
        has hit a call. Steps that let time pass come after it, so a flow cannot slip past the outage by luck."""
        ours = set(self.installed.get(neighbour, []))
        with observing(SCENARIO):  # the feature file asks for proof of a fault it never put
            assert ours, f"no fault was put on {neighbour} in this scenario"

        def struck() -> bool:
            return any(r["id"] in ours and r["struck"] > 0 for r in self._admins[neighbour].faults())

        with observing(neighbour):  # the SUT never called the neighbour: that integration did not happen
            self._waits.until(
                struck, what=f"the fault on {neighbour} hitting a call (did the SUT call {neighbour} at all?)"
            )

    def clear(self) -> None:
        """Every rule this scenario installed is removed (best effort: the scenario is ending anyway)."""
        for neighbour in list(self.installed):
            try:
                self.up(neighbour)
            except (httpx.HTTPError, AssertionError):
                pass
