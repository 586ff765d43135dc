"""`golive run`: scenarios in a subprocess, "no scenarios" is not a failure, and the verdict per integration."""

import subprocess
import sys

import pytest

from golive import runner, verdicts
from golive.config import ROOT

SAMPLE = ROOT / "tests" / "data" / "bdd_sample"


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    report_dir = tmp_path_factory.mktemp("reports")
    return runner.run_scenarios(SAMPLE / "sample_scenarios.py", report_dir, seed=3, echo=False)


def test_failing_scenarios_make_the_run_fail(sample_run):
    assert (sample_run.verdict, sample_run.junit.exists()) == ("failed", True)


def test_outcomes_carry_the_evidence_each_scenario_recorded(sample_run):
    """Which systems a scenario exchanged with, and whom a failure blames, travel in the JUnit file (golive/verdicts.py)."""
    outcomes = {o.name: o for o in verdicts.read_junit(sample_run.junit)}
    assert {o.status for o in outcomes.values()} >= {"passed", "failed"}
    finance = next(o for o in outcomes.values() if "No voucher" in o.name or "no_voucher" in o.name.lower())
    assert finance.blamed == ("finance",)
    moved = next(o for o in outcomes.values() if o.status == "passed" and "flytning" in o.id.lower())
    assert {"eflyt", "sygesikring"} <= moved.touched


def test_directory_without_scenarios_is_reported_as_no_scenarios_and_fails(tmp_path):
    """A run that ran nothing is no pass: a CI job pointed at the wrong folder must fail (issue 12's false green)."""
    run = runner.run_scenarios(SAMPLE / "undefined", tmp_path, seed=0, echo=False)  # only a .feature, no test module
    assert (run.exit_code, run.verdict, run.failed) == (runner.NO_TESTS_COLLECTED, "no scenarios", True)


def test_missing_features_directory_is_no_scenarios(tmp_path):
    assert runner.run_scenarios(tmp_path / "nope", tmp_path, seed=0, echo=False).verdict == "no scenarios"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "golive.cli", "run", "--no-contracts", "--no-html", "--no-explore", *args],
                          capture_output=True, text=True, cwd=ROOT)


def test_golive_run_prints_a_verdict_per_integration_and_exits_1_on_failure(tmp_path):
    completed = run_cli("--features", str(SAMPLE / "sample_scenarios.py"), "--report-dir", str(tmp_path))
    lines = {line.split()[0]: line for line in completed.stdout.splitlines() if line.split()}
    assert completed.returncode == 1
    assert lines["Luna"].split()[1] == "FAILED" and lines["Finance"].split()[1] == "FAILED"
    assert lines["CPR"].split()[1] == "passed"  # touched by every failed scenario, blamed by none
    assert "not an integration — Harness: 1 failed scenario(s): The harness cannot reach the Servicebus" in completed.stdout


def test_golive_run_prints_a_line_per_scenario_and_failures_in_business_words(tmp_path):
    completed = run_cli("--features", str(SAMPLE / "sample_scenarios.py"), "--report-dir", str(tmp_path))
    out = completed.stdout
    assert "  passed  A fee is posted for a replacement card  (tests/data/bdd_sample/features/finance/fees.feature:5)" in out
    assert "  FAILED  No voucher is expected but one arrives" in out
    summary = out[out.index("3 of 5 scenario(s) failed:"):]
    assert "   step:  Then Finance receives no voucher (line 13)\n   blame: Finance\n" \
           "   Finance received 1 voucher, expected none\n" in summary
    assert "Traceback" not in out and "def no_voucher" not in out and "short test summary" not in out


def test_golive_run_without_scenarios_says_so_and_fails(tmp_path):
    completed = run_cli("--features", str(SAMPLE / "undefined"), "--report-dir", str(tmp_path))
    assert completed.returncode != 0 and "scenarios: no scenarios" in completed.stdout
    assert "nothing ran, so the run fails" in completed.stdout
