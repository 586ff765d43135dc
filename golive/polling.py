"""Waiting for asynchronous work the honest way: poll a condition until a deadline, never sleep blindly."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class DeadlineExceeded(AssertionError):
    """The condition did not hold before the deadline; the message says what was awaited and what was seen."""


def wait_until(probe: Callable[[], T], timeout_s: float = 5.0, interval_s: float = 0.01, what: str = "condition") -> T:
    """Call `probe` until it returns something truthy, and return that; raise DeadlineExceeded after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    last: T = probe()
    while not last:
        if time.monotonic() >= deadline:
            raise DeadlineExceeded(f"{what} did not happen within {timeout_s:g}s (last seen: {last!r})")
        time.sleep(interval_s)  # the poll interval, bounded by the deadline above
        last = probe()
    return last
