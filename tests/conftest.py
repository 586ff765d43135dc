"""Fixtures shared by several test modules of golive's own tests."""

from __future__ import annotations

import json

import pytest

from tests.catalogue import REPEATS, SEED, golive_selftest


@pytest.fixture(scope="session")
def whole_catalogue(tmp_path_factory) -> dict:
    """`golive selftest --repeat 10` over the whole catalogue and the whole suite (tests/catalogue.py says why one)."""
    out = tmp_path_factory.mktemp("selftest")
    completed = golive_selftest("--repeat", str(REPEATS), "--parallel", "2", "--seed", str(SEED), "--report-dir", str(out))
    report = json.loads((out / "selftest.json").read_text(encoding="utf-8"))
    report["_exit_code"], report["_output"] = completed.returncode, completed.stdout[-4000:] + completed.stderr[-4000:]
    return report
