"""How a scenario waits for asynchronous work: exactly in a virtual world, with deadlines against a real one.

A Then-step waits for something the SUT does on its own (a move case handled after its 202, a bus delivery, a
receipt to E-flyt). Two strategies give the Scenario one face (`until`, `settle`), chosen once from the world:

- `SteppedWaits` (in-process, virtual time): the world's scheduler is run until the condition holds or nothing is
  left to do; then the wait fails at once, saying what was awaited, what was seen last and what is still queued.
  "Settled" means the event queue holds no work: exact, with no quiet window, so an absence is a fact.
- `PolledWaits` (loopback, a vendor's SUT): nothing can be stepped on the other side of a socket, so conditions are
  polled until a deadline, and an absence is believed once the SUT reports no unfinished work and the scenario's
  traffic has stood still for a short quiet window.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from golive.polling import DeadlineExceeded, wait_until

T = TypeVar("T")

DEADLINE_S = 5.0  # [design] how long a Then-step waits for asynchronous work against a real (wall-time) world
QUIET_S = 0.15  # [design] against a real world, traffic must stand still this long before an absence is believed
POLL_S = 0.03  # [design] how often a settle asks every system for its journal size (7 small reads a round)


class NeverHappened(DeadlineExceeded):
    """The world settled and the awaited thing did not happen (a virtual world: no deadline was needed to know)."""


class SteppedWaits:
    """Waits in a virtual world: step the world's scheduler, never the wall clock."""

    exact = True

    def __init__(self, world: Any) -> None:
        self.world = world

    def until(self, probe: Callable[[], T], what: str) -> T:
        seen: list[Any] = [None]

        def holds() -> bool:
            seen[0] = probe()
            return bool(seen[0])

        if self.world.settle(holds):
            return seen[0]
        queued = self.world.scheduler.pending()
        left = f"; still queued: {', '.join(sorted(set(queued)))}" if queued else "; nothing is left queued"
        crashed = self.world.scheduler.errors
        if crashed:  # a job that raised is the likelier story: say so first
            left += f"; {len(crashed)} background job(s) failed, the last: {crashed[-1]}"
        raise NeverHappened(f"{what} did not happen: the world settled without it (last seen: {seen[0]!r}){left}")

    def settle(self, sut_state: Callable[[], dict | None], traffic: Callable[[], int]) -> None:
        self.world.settle()


class PolledWaits:
    """Waits against a world on wall time: poll with a deadline."""

    exact = False

    def __init__(self, deadline_s: float = DEADLINE_S, quiet_s: float = QUIET_S) -> None:
        self.deadline_s = deadline_s
        self.quiet_s = quiet_s
        self._quiet_at: int | None = None  # the traffic count the last settle found standing still

    def until(self, probe: Callable[[], T], what: str) -> T:
        return wait_until(probe, timeout_s=self.deadline_s, what=what)

    def settle(self, sut_state: Callable[[], dict | None], traffic: Callable[[], int]) -> None:
        """The SUT has no unfinished work (when it tells) and the traffic stands still for `quiet_s`.

        A world that has not moved since the last settle found it quiet is still settled: the SUT says it is idle
        and no system has journaled anything since (the same count). That needs the SUT's word — a vendor SUT that
        does not expose its state may have taken a request it journals nowhere — so without it every settle waits
        out the window."""
        last: dict[str, Any] = {"count": -1, "since": time.monotonic(), "first": True}

        def quiet() -> bool:
            doc = sut_state()
            if doc is not None and (doc.get("jobs") or doc.get("queued")):
                last.update(count=-1, first=False)  # still working: the window starts once it is idle
                return False
            count, now = traffic(), time.monotonic()
            unmoved = last["first"] and doc is not None and count == self._quiet_at
            last["first"] = False
            if unmoved:
                last["count"] = count
                return True
            if count != last["count"]:
                last.update(count=count, since=now)
                return False
            return now - last["since"] >= self.quiet_s

        wait_until(
            quiet,
            timeout_s=self.deadline_s,
            interval_s=POLL_S,
            what="the SUT's work done and the traffic standing still",
        )
        self._quiet_at = last["count"] if last["count"] != -1 else None


def waits_for(world: Any) -> SteppedWaits | PolledWaits:
    """Stepped when the world runs on a virtual scheduler in this process, polled otherwise."""
    return SteppedWaits(world) if getattr(world, "virtual", False) else PolledWaits()
