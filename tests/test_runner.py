"""`golive run`: scenarios in a subprocess, "no scenarios" is not a failure, and the verdict per integration."""

import subprocess
import sys

import pytest

from golive import runner
from golive.config import ROOT

SAMPLE = ROOT / "tests" / "data" / "bdd_sample"


def outcome(name, status, simulators=(), message=""):
    return runner.ScenarioOutcome(name, status, message, set(simulators))


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    report_dir = tmp_path_factory.mktemp("reports")
    return runner.run_scenarios(SAMPLE / "sample_scenarios.py", report_dir, seed=3, echo=False)


def test_failing_scenarios_make_the_run_fail(sample_run):
    assert (sample_run.verdict, sample_run.junit.exists()) == ("failed", True)


def test_outcomes_know_which_simulators_each_scenario_touched(sample_run):
    outcomes = {o.name: o for o in runner.scenario_outcomes(sample_run.results_dir)}
    assert outcomes["Flytning registrerer lægevalget i Luna"].simulators == {"cpr", "eflyt", "sygesikring", "luna"}


def test_directory_without_scenarios_is_reported_as_no_scenarios_and_fails(tmp_path):
    """A run that ran nothing is no pass: a CI job pointed at the wrong folder must fail (issue 12's false green)."""
    run = runner.run_scenarios(SAMPLE / "undefined", tmp_path, seed=0, echo=False)  # only a .feature, no test module
    assert (run.exit_code, run.verdict, run.failed) == (runner.NO_TESTS_COLLECTED, "no scenarios", True)


def test_missing_features_directory_is_no_scenarios(tmp_path):
    assert runner.run_scenarios(tmp_path / "nope", tmp_path, seed=0, echo=False).verdict == "no scenarios"


def test_integration_fails_when_a_scenario_that_touched_it_failed():
    summary = runner.integration_summary([outcome("a", "failed", ["finance", "cpr"])], {})
    assert (summary["finance"]["verdict"], summary["finance"]["failed"]) == ("FAILED", ["a"])


def test_integration_fails_when_its_contract_check_failed():
    assert runner.integration_summary([], {"luna": False})["luna"]["verdict"] == "FAILED"


def test_failure_message_naming_a_neighbour_counts_against_it():
    summary = runner.integration_summary([outcome("b", "failed", message="E-flyt received no receipt")], {})
    assert (summary["eflyt"]["verdict"], summary["luna"]["verdict"]) == ("FAILED", "not covered")


def test_integration_passes_when_covered_and_nothing_failed():
    summary = runner.integration_summary([outcome("c", "passed", ["servicebus"])], {"servicebus": True})
    assert (summary["servicebus"]["verdict"], summary["servicebus"]["scenarios"]) == ("passed", 1)


def test_neighbour_words_match_whole_words_only():
    assert not runner.names_neighbour("lunatic value", "luna")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "golive.cli", "run", "--no-contracts", "--no-html", *args],
                          capture_output=True, text=True, cwd=ROOT)


def test_golive_run_prints_a_verdict_per_integration_and_exits_1_on_failure(tmp_path):
    completed = run_cli("--features", str(SAMPLE / "sample_scenarios.py"), "--report-dir", str(tmp_path))
    lines = {line.split()[0]: line for line in completed.stdout.splitlines() if line.split()}
    assert completed.returncode == 1
    assert lines["Luna"].split()[1] == "FAILED" and lines["Finance"].split()[1] == "FAILED"


def test_golive_run_without_scenarios_says_so_and_fails(tmp_path):
    completed = run_cli("--features", str(SAMPLE / "undefined"), "--report-dir", str(tmp_path))
    assert completed.returncode != 0 and "scenarios: no scenarios" in completed.stdout
    assert "nothing ran, so the run fails" in completed.stdout
