"""A pytest plugin for proving that in-process scenarios neither start a thread nor sleep.

Loaded with `-p tests.plugins.forbid_waiting` by tests/test_deterministic_world.py: while a test runs (setup, call
and teardown), `time.sleep` and `threading.Thread.start` raise, and every attempt is counted in
reports written to GOLIVE_FORBID_REPORT (one line per attempt), so the outer test can say where it happened.
"""

from __future__ import annotations

import os
import threading
import time
import traceback

import pytest

_real_sleep = time.sleep
_real_start = threading.Thread.start


def _report(what: str) -> None:
    path = os.environ.get("GOLIVE_FORBID_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{what}: {''.join(traceback.format_stack(limit=6)[:-2]).strip()!r}\n")


def _sleep(seconds: float) -> None:
    _report(f"time.sleep({seconds})")
    raise AssertionError(f"time.sleep({seconds}) called in an in-process scenario")


def _start(self: threading.Thread) -> None:
    _report(f"Thread.start({self.name})")
    raise AssertionError(f"thread {self.name!r} started in an in-process scenario")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    before = threading.active_count()
    time.sleep, threading.Thread.start = _sleep, _start
    try:
        yield
    finally:
        time.sleep, threading.Thread.start = _real_sleep, _real_start
    if threading.active_count() != before:
        _report(f"thread count {before} -> {threading.active_count()} in {item.nodeid}")
