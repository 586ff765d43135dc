"""`golive selftest` is the proof that the scenario suite catches every seeded defect of the reference SUT (issue 6).

Three layers: the report logic on hand-written JUnit files (fast: which failures count as catching a defect, which
neighbours a message names, when the verdict is a failure); the command refusing to pass when a defect is caught
by nothing (a real run over a subset of the scenarios that cannot see a fee); and the whole catalogue over the
whole suite, with the baseline repeated 10 times with the same seed — one run shared by the assertions, since it
is the slowest test golive has.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from golive import selftest
from golive.selftest import SuiteRun, Verdict, build_report, compare_repeats, parse_junit, render_markdown
from tests.catalogue import REPEATS, catalogue_test, golive_selftest

ROOT = Path(__file__).resolve().parents[1]

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="4">
  <testcase classname="features.test_scenarios" name="test_laegeskift" time="1.0">{laegeskift}</testcase>
  <testcase classname="features.test_scenarios" name="test_flytning" time="1.0">{flytning}</testcase>
  <testcase classname="features.test_scenarios" name="test_ophoer" time="1.0">{ophoer}</testcase>
  <testcase classname="features.test_scenarios" name="test_skipped" time="0.0"><skipped message="needs a vendor SUT"/></testcase>
</testsuite></testsuites>
"""
FINANCE_FAILURE = '<failure message="AssertionError: Finance booked [(\'6.52.76.9.1\', 225)] for borgeren">trace</failure>'
RECEIPT_FAILURE = '<failure message="AssertionError: E-flyt received a rejected receipt for borgeren\'s move">trace</failure>'
BARE_FAILURE = '<failure message="AssertionError: assert 1 == 2">trace</failure>'
SETUP_ERROR = '<error message="failed on setup with &quot;HarnessError: luna did not answer&quot;">trace</error>'


def write_junit(tmp_path: Path, name: str, **cases: str) -> Path:
    path = tmp_path / f"{name}.xml"
    path.write_text(JUNIT.format(**{k: cases.get(k, "") for k in ("laegeskift", "flytning", "ophoer")}), encoding="utf-8")
    return path


def suite(tmp_path: Path, label: str, exit_code: int = 1, **cases: str) -> SuiteRun:
    return SuiteRun(label, exit_code, 1.0, parse_junit(write_junit(tmp_path, label, **cases)))


def test_junit_verdicts_keep_the_failure_message(tmp_path):
    verdicts = parse_junit(write_junit(tmp_path, "run", laegeskift=FINANCE_FAILURE, ophoer=SETUP_ERROR))
    assert verdicts["features.test_scenarios::test_laegeskift"] == Verdict("failed", "AssertionError: Finance booked [('6.52.76.9.1', 225)] for borgeren")
    assert verdicts["features.test_scenarios::test_flytning"].outcome == "passed"
    assert verdicts["features.test_scenarios::test_ophoer"].outcome == "error"
    assert verdicts["features.test_scenarios::test_skipped"] == Verdict("skipped", "needs a vendor SUT")


def test_a_defect_is_caught_by_the_scenarios_that_fail_with_it_and_pass_without(tmp_path):
    baseline = suite(tmp_path, "baseline", exit_code=0)
    runs = {
        "fee-in-kroner": suite(tmp_path, "fee", laegeskift=FINANCE_FAILURE, flytning=RECEIPT_FAILURE),
        "silent-defect": suite(tmp_path, "silent", exit_code=0),
        "unnamed-defect": suite(tmp_path, "unnamed", ophoer=BARE_FAILURE),
    }
    report = build_report([baseline], runs, {"fee-in-kroner": "kroner, not øre"}, seed=7, workers=0, parallel=1, tags=None, wall_s=3.0)

    fee, silent, unnamed = report["defects"]
    assert [c["scenario"] for c in fee["caughtBy"]] == ["test_flytning", "test_laegeskift"]
    assert [c["neighbours"] for c in fee["caughtBy"]] == [["E-flyt"], ["Finance"]]
    assert fee["neighbours"] == ["E-flyt", "Finance"] and fee["caught"] and fee["namesNeighbour"]
    assert not silent["caught"] and silent["caughtBy"] == []
    assert unnamed["caught"] and not unnamed["namesNeighbour"]
    assert report["detection"] == {"caught": 2, "total": 3, "rate": 0.6667, "uncaught": ["silent-defect"],
                                   "withoutNeighbourNamed": ["unnamed-defect"]}
    assert report["ok"] is False  # a defect caught by nothing fails the selftest


def test_a_scenario_failing_in_the_baseline_is_no_evidence_and_fails_the_selftest(tmp_path):
    baseline = suite(tmp_path, "baseline", laegeskift=FINANCE_FAILURE)
    runs = {"fee-in-kroner": suite(tmp_path, "fee", laegeskift=FINANCE_FAILURE)}
    report = build_report([baseline], runs, {}, seed=7, workers=0, parallel=1, tags=None, wall_s=1.0)
    assert report["baseline"]["passed"] is False
    assert report["defects"][0]["caughtBy"] == [] and report["ok"] is False


def test_a_broken_suite_run_catches_nothing(tmp_path):
    baseline = suite(tmp_path, "baseline", exit_code=0)
    broken = SuiteRun("fee-in-kroner", 4, 1.0, {}, "ERROR: usage")
    report = build_report([baseline], {"fee-in-kroner": broken}, {}, seed=7, workers=0, parallel=1, tags=None, wall_s=1.0)
    assert report["defects"][0]["broken"] and not report["defects"][0]["caught"] and report["ok"] is False


def test_repeated_runs_must_give_identical_verdicts(tmp_path):
    same = [suite(tmp_path, f"baseline{i}", exit_code=0) for i in range(3)]
    assert compare_repeats(same)["identical"] is True
    flaky = same[:2] + [suite(tmp_path, "flaky", flytning=RECEIPT_FAILURE)]
    result = compare_repeats(flaky)
    assert result["identical"] is False
    assert result["differences"] == [{"run": 3, "scenario": "features.test_scenarios::test_flytning", "first": "passed", "this": "failed"}]


def test_the_markdown_summary_has_the_rate_and_a_row_per_defect(tmp_path):
    baseline = suite(tmp_path, "baseline", exit_code=0)
    runs = {"fee-in-kroner": suite(tmp_path, "fee", laegeskift=FINANCE_FAILURE), "silent": suite(tmp_path, "silent", exit_code=0)}
    text = render_markdown(build_report([baseline], runs, {}, seed=7, workers=0, parallel=1, tags=None, wall_s=1.0))
    assert "**Detection rate: 1/2 = 50%.** Caught by nothing: silent." in text
    assert "| `fee-in-kroner` | 1 | Finance | test_laegeskift: AssertionError: Finance booked" in text
    assert "| `silent` | 0 | — | — |" in text


@pytest.mark.slow
def test_a_defect_no_selected_scenario_can_see_fails_the_selftest(tmp_path):
    """The death/emigration scenarios (@cpr) post no fee, so a fee in kroner goes unseen: caught by nothing, exit 1."""
    completed = golive_selftest("--defects", "fee-in-kroner", "--tags", "cpr", "--report-dir", str(tmp_path))
    report = json.loads((tmp_path / "selftest.json").read_text(encoding="utf-8"))
    assert completed.returncode == 1, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert report["baseline"]["passed"] and report["baseline"]["scenarios"] == 3
    assert report["detection"]["uncaught"] == ["fee-in-kroner"]
    assert "caught by NOTHING" in completed.stdout and "seed 0" in completed.stderr


@catalogue_test
def test_every_defect_of_the_catalogue_is_caught(whole_catalogue):
    from simulators.sygesikring.defects import DEFECTS

    assert [d["defect"] for d in whole_catalogue["defects"]] == list(DEFECTS)
    assert whole_catalogue["baseline"]["passed"], whole_catalogue["_output"]
    assert whole_catalogue["detection"]["uncaught"] == [], whole_catalogue["_output"]
    assert whole_catalogue["detection"]["rate"] == 1.0
    assert whole_catalogue["_exit_code"] == 0, whole_catalogue["_output"]


@catalogue_test
def test_every_defect_is_caught_by_a_scenario_naming_the_failing_neighbour(whole_catalogue):
    unnamed = {d["defect"]: [c["message"] for c in d["caughtBy"]] for d in whole_catalogue["defects"] if not d["namesNeighbour"]}
    assert unnamed == {}


@catalogue_test
def test_ten_runs_with_the_same_seed_give_identical_verdicts(whole_catalogue):
    repeat = whole_catalogue["repeat"]
    assert (repeat["runs"], repeat["identical"], repeat["differences"]) == (REPEATS, True, [])
    assert repeat["scenarios"] == whole_catalogue["baseline"]["scenarios"] > 0


def test_the_cli_offers_the_options_the_issue_asks_for():
    import argparse

    parser = argparse.ArgumentParser()
    selftest.add_arguments(parser)
    args = parser.parse_args(["--defects", "a", "b", "--seed", "3", "--workers", "2", "--repeat", "10", "--report-dir", "x"])
    assert (args.defects, args.seed, args.workers, args.repeat, args.report_dir) == (["a", "b"], 3, 2, 10, Path("x"))
    assert parser.parse_args(["--defects"]).defects == []  # none: only the baseline (with --repeat)
