"""Fixtures shared by several test modules of golive's own tests."""

from __future__ import annotations

import fcntl
import json

import pytest

from tests.catalogue import REPEATS, SEED, golive_selftest


@pytest.fixture(scope="session")
def whole_catalogue(tmp_path_factory, worker_id) -> dict:
    """`golive selftest --repeat 10` over the whole catalogue and the whole suite (tests/catalogue.py says why one).

    Once per test run, not once per xdist worker: the first worker to ask runs it under an exclusive lock in the
    run's shared temporary folder; a worker that asks later waits on the lock and reads the same report.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if worker_id != "master" else base
    out = shared / "selftest-catalogue"
    with open(shared / "selftest-catalogue.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = out / "result.json"
        if not result.exists():
            out.mkdir(exist_ok=True)
            completed = golive_selftest("--repeat", str(REPEATS), "--parallel", "2", "--seed", str(SEED),
                                        "--report-dir", str(out))
            report = json.loads((out / "selftest.json").read_text(encoding="utf-8"))
            report["_exit_code"] = completed.returncode
            report["_output"] = completed.stdout[-4000:] + completed.stderr[-4000:]
            result.write_text(json.dumps(report), encoding="utf-8")
        return json.loads(result.read_text(encoding="utf-8"))
