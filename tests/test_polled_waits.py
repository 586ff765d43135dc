"""Settling against a world on wall time (golive/waiting.py `PolledWaits`): a vendor's SUT in another process.

The probes here are counters, not clocks: each test says how many times the traffic was read, so a slow machine
cannot turn them red or green.
"""

from __future__ import annotations

import pytest

from golive.polling import DeadlineExceeded
from golive.waiting import PolledWaits

QUIET_S = 0.05  # a short window, so the tests stay fast; the rule is the same at the product's 0.15 s


class World:
    """Journal sizes that grow for the first `moving` reads, and a SUT busy for its first `busy` state reads."""

    def __init__(self, moving: int = 0, busy: int = 0, tells_state: bool = True) -> None:
        self.count, self.moving, self.busy, self.tells_state = 100, moving, busy, tells_state
        self.traffic_reads = self.state_reads = 0

    def traffic(self) -> int:
        self.traffic_reads += 1
        if self.moving > 0:
            self.moving -= 1
            self.count += 1
        return self.count

    def state(self) -> dict | None:
        self.state_reads += 1
        if not self.tells_state:
            return None
        if self.busy > 0:
            self.busy -= 1
            return {"jobs": [{"kind": "import"}], "queued": []}
        return {"jobs": [], "queued": []}


def test_traffic_that_moves_is_waited_out_until_it_stands_still():
    world, waits = World(moving=3), PolledWaits(quiet_s=QUIET_S)
    waits.settle(world.state, world.traffic)
    assert world.moving == 0
    assert world.traffic_reads >= 5  # three moves, then still for the whole window


def test_a_busy_sut_is_waited_for_before_the_window_starts():
    world, waits = World(busy=4), PolledWaits(quiet_s=QUIET_S)
    waits.settle(world.state, world.traffic)
    assert world.busy == 0
    assert world.traffic_reads >= 2  # the window is counted from the first idle read


def test_a_world_that_has_not_moved_since_the_last_settle_is_settled_at_once():
    world, waits = World(), PolledWaits(quiet_s=QUIET_S)
    waits.settle(world.state, world.traffic)
    first = world.traffic_reads
    waits.settle(world.state, world.traffic)
    assert world.traffic_reads - first == 1


def test_traffic_since_the_last_settle_waits_out_the_window_again():
    world, waits = World(), PolledWaits(quiet_s=QUIET_S)
    waits.settle(world.state, world.traffic)
    world.count += 2  # a When-step's requests
    first = world.traffic_reads
    waits.settle(world.state, world.traffic)
    assert world.traffic_reads - first >= 2


def test_without_the_suts_word_every_settle_waits_out_the_window():
    """A vendor SUT that does not expose its state may hold work no journal shows: no shortcut."""
    world, waits = World(tells_state=False), PolledWaits(quiet_s=QUIET_S)
    waits.settle(world.state, world.traffic)
    first = world.traffic_reads
    waits.settle(world.state, world.traffic)
    assert world.traffic_reads - first >= 2


def test_a_sut_that_never_finishes_fails_the_settle_saying_what_was_awaited():
    world, waits = World(busy=10**9), PolledWaits(deadline_s=0.2, quiet_s=QUIET_S)
    with pytest.raises(DeadlineExceeded, match="the SUT's work done and the traffic standing still"):
        waits.settle(world.state, world.traffic)
