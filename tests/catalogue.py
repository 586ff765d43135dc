"""One `golive selftest --repeat 10` over the whole defect catalogue and the whole suite, shared by every test that
asks what the suite catches (test_selftest, test_scenario_defects, test_resilience_scenarios).

Why shared: the run is the suite once per defect plus ten baselines — the slowest thing golive's tests do. Running
each (scenario, defect) pair again in its own subprocess would repeat what the catalogue run already proved: a
scenario that passed in the baseline and failed with the defect switched on. The session fixture in
tests/conftest.py runs it once per session; `make test` runs the tests marked `catalogue` in a session of their own,
without xdist workers, so it is run exactly once: 51 suite runs (ten baselines, one per defect), two at a time, each
in virtual time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 10  # issue 6: "repeating the whole suite 10 times with the same seed gives identical verdicts"
SEED = 0


def catalogue_test(function):
    """The mark of a test that reads the whole-catalogue run (`make test` runs these in a session of their own)."""
    return pytest.mark.catalogue(pytest.mark.slow(function))


def golive_selftest(*args: str, timeout: float = 7200) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "golive.cli", "selftest", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def scenario_caught(report: dict, selector: str, defect: str) -> tuple[str, dict | None]:
    """The one baseline-passing scenario whose test id contains `selector`, and how the defect's run failed it
    (None: it did not). A selector that names no scenario, or several, is a mistake in the test's pairs."""
    matches = [t for t in report["baseline"]["passedIds"] if selector in t.rsplit("::", 1)[-1]]
    assert len(matches) == 1, f"{selector!r} selects {matches} among the scenarios that passed without defects"
    entry = next(d for d in report["defects"] if d["defect"] == defect)
    return matches[0], next((c for c in entry["caughtBy"] if c["id"] == matches[0]), None)
