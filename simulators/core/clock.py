"""The virtual clock: one per world, shared by every simulator and the reference SUT (principle 5).

Scenarios set "today" (`Givet at dags dato er 2024-03-01`) and move it forward; effect dates, the
14-day rules, fees by year and 15th birthdays are all read from here, never from the wall clock.
When nobody has set it, it follows real UTC time.

Moving the clock on is also how time passes for the world's scheduler (simulators/core/scheduler.py): what falls
due in the span runs, so "der går 10 minutter" delivers the held message and lets the SUT's sweep find Luna back.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any


class VirtualClock:
    def __init__(self, start: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._fixed: datetime | None = None
        self._initial = start
        self.scheduler: Any = None  # the world's Scheduler, when the clock belongs to one
        if start is not None:
            self.set(start)

    def now(self) -> datetime:
        with self._lock:
            fixed = self._fixed
        return fixed if fixed is not None else datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()

    @property
    def frozen(self) -> bool:
        return self._fixed is not None

    def set(self, moment: datetime | date) -> None:
        if not isinstance(moment, datetime):
            moment = datetime(moment.year, moment.month, moment.day, 12, 0, tzinfo=UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        with self._lock:
            before, self._fixed = self._fixed, moment
        if before is not None and moment > before:
            self._elapsed(moment - before)

    def _elapsed(self, delta: timedelta) -> None:
        if self.scheduler is not None:
            self.scheduler.advance(delta.total_seconds())

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            base = self._fixed if self._fixed is not None else datetime.now(UTC)
            self._fixed = base + delta
            moved = self._fixed
        if delta > timedelta(0):
            self._elapsed(delta)
        return moved

    def release(self) -> None:
        """Follow real time again."""
        with self._lock:
            self._fixed = None

    def reset(self) -> None:
        if self._initial is not None:
            self.set(self._initial)
        else:
            self.release()
