"""@datavariation:<dims> tags: a scenario runs once per pairwise row of its dimensions (golive/plugin.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fixtures.variation import coverage, pairwise_for
from golive.plugin import variation_id

ROOT = Path(__file__).resolve().parents[1]
FEATURES = ROOT / "features"
TAG = re.compile(r"@datavariation:(\S+)")


def tagged_scenarios() -> dict[str, list[str]]:
    """scenario title -> its dimensions, read from the feature files."""
    found = {}
    for feature in sorted(FEATURES.rglob("*.feature")):
        dims = None
        for line in feature.read_text(encoding="utf-8").splitlines():
            match = TAG.search(line)
            if match:
                dims = match.group(1).split(",")
            elif line.strip().startswith("Scenarie:") and dims:
                found[line.split(":", 1)[1].strip()] = dims
                dims = None
    return found


def pytest_run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, env={**os.environ, **(env or {})})


def collected(seed: int) -> dict[str, list[str]]:
    """test function name -> ids of its datavariation rows, from --collect-only."""
    out = pytest_run("features", "--collect-only", "-q", "--golive-seed", str(seed), "-k", "datavariationen").stdout
    ids: dict[str, list[str]] = {}
    for line in out.splitlines():
        match = re.match(r"^features/test_scenarios\.py::(\w+)\[(.+)\]$", line.strip())
        if match:
            ids.setdefault(match.group(1), []).append(match.group(2))
    return ids


def test_at_least_three_scenarios_are_tagged():
    assert len(tagged_scenarios()) >= 3


@pytest.mark.parametrize("seed", [0, 7])
def test_tagged_scenarios_run_exactly_their_pairwise_rows(seed):
    ids = collected(seed)
    assert len(ids) == len(tagged_scenarios()) >= 3
    by_dims = {tuple(d) for d in tagged_scenarios().values()}
    expected = {dims: [variation_id(r) for r in pairwise_for(dims, seed)[1]] for dims in by_dims}
    for name, rows in ids.items():
        assert any(sorted(rows) == sorted(e) for e in expected.values()), (name, rows)
        assert len(rows) == len(set(rows)), "one test per row, each named uniquely"


def test_rows_are_named_readably():
    for rows in collected(0).values():
        for row in rows:
            assert row.isascii(), row  # readable in pytest and in reports, never escaped
            labels = row.split("+")
            assert labels[0] in ("mod11", "no-mod11"), row  # the first dimension always names the row
            assert all(re.fullmatch(r"[\w-]+", label) for label in labels), row


def test_same_seed_same_ids():
    assert collected(3) == collected(3)
    # another seed gives a (possibly) different, but again complete, set
    for dims in {tuple(d) for d in tagged_scenarios().values()}:
        for seed in (0, 1, 2):
            model, rows = pairwise_for(dims, seed)
            assert [r.name for r in rows] == [r.name for r in pairwise_for(dims, seed)[1]]
            assert coverage(rows, model).complete


def test_coverage_file_says_100_percent(tmp_path):
    results = tmp_path / "allure-results"
    run = pytest_run("features", "-q", "-n", "2", "-k", "sundhedskort_koster_gebyr_for_enhver", "--alluredir", str(results))
    assert run.returncode == 0, run.stdout[-3000:]
    report = json.loads((tmp_path / "datavariation.json").read_text(encoding="utf-8"))
    assert report["seed"] == 0
    (scenario,) = report["scenarios"].values()
    assert scenario["dimensions"] == ["cpr_kind", "name_kind", "protection", "group", "municipality"]
    assert sorted(r["row"] for r in scenario["rows"]) == sorted(r.name for r in pairwise_for(scenario["dimensions"], 0)[1])
    assert scenario["coverage"]["ratio"] == 1.0 and scenario["coverage"]["complete"]
    assert scenario["coverage"]["covered"] == scenario["coverage"]["allowed"] > 0


def test_failure_prints_seed_and_replay_command():
    run = pytest_run("features", "-q", "-k", "skift_koster_gebyr_for_enhver and no-mod11", "--golive-seed", "5",
                     env={"GOLIVE_SUT_DEFECTS": "fee-in-kroner"})
    assert run.returncode == 1, run.stdout[-3000:]
    assert "golive seed" in run.stdout
    assert "seed: 5" in run.stdout
    assert re.search(r'pytest features -k "test_\S+no-mod11\S*" --golive-seed 5', run.stdout), run.stdout[-3000:]
    assert "golive run --seed 5" in run.stdout
    assert "data-variation row: no-mod11" in run.stdout
