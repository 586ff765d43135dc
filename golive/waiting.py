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

    def until(self, probe: Callable[[], T], what: str) -> T:
        return wait_until(probe, timeout_s=self.deadline_s, what=what)

    def settle(self, sut_state: Callable[[], dict | None], traffic: Callable[[], int]) -> None:
        """The SUT has no unfinished work (when it tells) and the scenario's traffic stands still for `quiet_s`."""
        if sut_state() is not None:  # a vendor SUT may not expose its state; the quiet window still holds
            wait_until(
                lambda: not (doc := sut_state() or {}).get("jobs") and not doc.get("queued"),
                timeout_s=self.deadline_s,
                what="the SUT finishing its work",
            )
        last: dict[str, Any] = {"count": -1, "since": time.monotonic()}

        def quiet() -> bool:
            count, now = traffic(), time.monotonic()
            if count != last["count"]:
                last.update(count=count, since=now)
                return False
            return now - last["since"] >= self.quiet_s

        wait_until(quiet, timeout_s=self.deadline_s, interval_s=0.02, what="the scenario's traffic standing still")


def waits_for(world: Any) -> SteppedWaits | PolledWaits:
    """Stepped when the world runs on a virtual scheduler in this process, polled otherwise."""
    return SteppedWaits(world) if getattr(world, "virtual", False) else PolledWaits()
