"""The virtual-time scheduler (simulators/core/scheduler.py): order, exact settling, time that jumps, runaways."""

from __future__ import annotations

import pytest

from simulators.core.scheduler import Runaway, VirtualScheduler


def test_events_run_in_due_order_and_ties_in_the_order_they_were_made():
    s, ran = VirtualScheduler(), []
    s.call_later(2.0, lambda: ran.append("late"), "late")
    s.call_later(1.0, lambda: ran.append("first"), "first")
    s.call_later(1.0, lambda: ran.append("second"), "second")
    s.run_until_idle()
    assert ran == ["first", "second", "late"]
    assert s.now() == 2.0


def test_settling_is_exact_work_scheduled_by_work_runs_before_settle_returns():
    s, ran = VirtualScheduler(), []
    s.call_later(0.05, lambda: s.call_later(30.0, lambda: ran.append("retry"), "retry"), "attempt")
    s.settle()
    assert ran == ["retry"] and not s.has_work()


def test_a_wait_stops_as_soon_as_its_condition_holds():
    s, ran = VirtualScheduler(), []
    for n in range(5):
        s.call_later(n, lambda n=n: ran.append(n), f"e{n}")
    assert s.settle(lambda: len(ran) >= 2)
    assert ran == [0, 1]


def test_a_wait_for_what_never_happens_fails_at_once_instead_of_at_a_deadline():
    s = VirtualScheduler()
    s.call_later(1.0, lambda: None, "noise")
    assert s.settle(lambda: False) is False


def test_daemon_sweeps_do_not_keep_a_settle_going_but_get_one_look_per_settle():
    s, looks = VirtualScheduler(), []

    def sweep():
        looks.append(s.now())
        s.call_later(0.25, sweep, "sweep", daemon=True)

    s.call_later(0.25, sweep, "sweep", daemon=True)
    s.settle()
    assert len(looks) == 1  # the housekeeping round, at the current time
    s.settle()
    assert len(looks) == 2


def test_advancing_time_runs_what_falls_due_and_each_sweep_once():
    s, ran, looks = VirtualScheduler(), [], []

    def sweep():
        looks.append(s.now())
        s.call_later(0.25, sweep, "sweep", daemon=True)

    s.call_later(0.25, sweep, "sweep", daemon=True)
    s.call_later(600.0, lambda: ran.append("held message"), "release")
    s.call_later(601.0, lambda: ran.append("too late"), "later")
    s.advance(600.0)
    assert ran == ["held message"]
    assert len(looks) == 1  # not 2,400 sweeps of a world that changes only at the ends
    assert s.now() == 600.0


def test_cancelled_events_never_run():
    s, ran = VirtualScheduler(), []
    event = s.call_later(1.0, lambda: ran.append("x"), "x")
    event.cancel()
    s.settle()
    assert ran == [] and s.pending() == []


def test_elapsed_time_passes_for_the_caller_without_running_anything():
    s, ran = VirtualScheduler(), []
    s.call_later(0.1, lambda: ran.append("due"), "due")
    s.elapse(5.0)
    assert ran == [] and s.now() == 5.0
    s.settle()
    assert ran == ["due"] and s.now() == 5.0  # late, not back in time


def test_a_world_that_never_settles_is_stopped_naming_who_keeps_scheduling():
    s = VirtualScheduler(max_events=100)

    def ping():
        s.call_later(0.01, ping, "servicebus: push to a subscriber that never answers")

    s.call_soon(ping, "servicebus: push to a subscriber that never answers")
    with pytest.raises(Runaway, match="servicebus: push to a subscriber that never answers"):
        s.settle()


def test_an_action_that_raises_is_kept_and_the_world_goes_on():
    s, ran = VirtualScheduler(), []

    def broken():
        raise ValueError("boom")

    s.call_soon(broken, "broken job")
    s.call_later(1.0, lambda: ran.append("after"), "after")
    s.settle()
    assert ran == ["after"]
    assert s.errors and "broken job: ValueError: boom" in s.errors[0]


def test_ids_are_seeded_same_seed_same_ids_other_seed_other_ids():
    a, b, c = VirtualScheduler(seed=7), VirtualScheduler(seed=7), VirtualScheduler(seed=8)
    first = [a.new_id() for _ in range(3)]
    assert first == [b.new_id() for _ in range(3)]
    assert first != [c.new_id() for _ in range(3)]
    assert len(set(first)) == 3


def test_stamps_are_unique_and_ordered():
    s = VirtualScheduler()
    stamps = [s.stamp() for _ in range(3)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
