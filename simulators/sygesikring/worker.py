"""The reference SUT's background work, on the world's one scheduler (ARCHITECTURE.md principle 8).

No threads and no sleeps of its own: a move case handed over after its 202 is an event on the scheduler, and so is
the periodic sweep that retries queued work — virtual time in a test world, wall time when served.
"""

from __future__ import annotations

from collections.abc import Callable

from simulators.core.scheduler import Event, Scheduler

from . import config


class Worker:
    """The SUT's background work, as events on the world's scheduler: a move case is handled after its 202 (work),
    and a sweep every `interval_s` (a daemon event) retries what is queued and confirms the bus subscriptions, so a
    neighbour's return is noticed without a new request. In a virtual world the sweep runs when time is moved on
    and once per settle (scheduler.housekeeping); served, every quarter second of wall time."""

    def __init__(self, scheduler: Scheduler, interval_s: float = config.PENDING_RETRY_INTERVAL_S) -> None:
        self.scheduler = scheduler
        self.interval_s = interval_s
        self.tick: Callable[[], None] | None = None  # set by create(): the model's retry of queued work
        self._sweep: Event | None = None
        self._closed = False
        self.errors: list[str] = []

    def submit(self, task: Callable[[], None]) -> None:
        if self._closed:
            raise RuntimeError("the worker is closed")
        self.scheduler.call_soon(lambda: self._guarded(task), "sygesikring: move case")

    def start(self) -> None:
        """Start the periodic sweeps (a pending choice made by a request is retried by them)."""
        if self._sweep is None and not self._closed:
            self._schedule_sweep()

    def _schedule_sweep(self) -> None:
        self._sweep = self.scheduler.call_later(
            self.interval_s, self._run_sweep, "sygesikring: sweep of queued work", daemon=True
        )

    def _run_sweep(self) -> None:
        if self._closed:
            return
        try:
            if self.tick is not None:
                self._guarded(self.tick)
        finally:
            if not self._closed:
                self._schedule_sweep()

    def _guarded(self, task: Callable[[], None]) -> None:
        try:
            task()
        except Exception as exc:  # a bug in a job must not stop the SUT; it is kept for /__admin/state
            self.errors.append(f"{type(exc).__name__}: {exc}")
            del self.errors[:-100]

    def close(self) -> None:
        self._closed = True
        if self._sweep is not None:
            self._sweep.cancel()
