"""Fixtures shared by several test modules of golive's own tests."""

from __future__ import annotations

import json

import pytest

from tests.catalogue import REPEATS, SEED, golive_selftest


@pytest.fixture(scope="session")
def whole_catalogue(tmp_path_factory) -> dict:
    """`golive selftest --repeat 10` over the whole catalogue and the whole suite (tests/catalogue.py says why one).

    Once per session. `make test` runs the tests marked `catalogue` in a session of their own without xdist workers
    (the selftest itself runs two suites at a time), so the run is made exactly once, with no lock between workers.
    """
    out = tmp_path_factory.mktemp("selftest-catalogue")
    # No explorer run per defect here (--explore-budget 0): no test reads it, and it cost two minutes of a core. The
    # explorer's catching is tested in tests/test_explorer.py and measured per defect in benchmarks/explore.py;
    # test_selftest.py checks that a selftest merges its verdict.
    completed = golive_selftest("--repeat", str(REPEATS), "--parallel", "2", "--seed", str(SEED), "--explore-budget", "0",
                                "--report-dir", str(out))
    report = json.loads((out / "selftest.json").read_text(encoding="utf-8"))
    report["_exit_code"] = completed.returncode
    report["_output"] = completed.stdout[-4000:] + completed.stderr[-4000:]
    return report
