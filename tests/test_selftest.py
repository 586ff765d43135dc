"""`golive selftest` is the proof that the scenario suite catches every seeded defect of the reference SUT (issue 6).

Three layers: the report logic on hand-written JUnit files (fast: which failures count as catching a defect, which
integrations a failure blames, when the verdict is a failure); the command refusing to pass when a defect is caught
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
from golive.selftest import SuiteRun, build_report, compare_repeats, parse_junit, render_markdown
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
BLAMED = '<properties><property name="golive.blame" value="{}"/></properties>'
FINANCE_FAILURE = ('<failure message="AssertionError: Finance booked [(\'6.52.76.9.1\', 225)] for borgeren">trace</failure>'
                   + BLAMED.format("finance"))
RECEIPT_FAILURE = ('<failure message="AssertionError: the receipt for borgeren\'s move was rejected">trace</failure>'
                   + BLAMED.format("eflyt"))
BARE_FAILURE = '<failure message="AssertionError: assert 1 == 2">trace</failure>'  # no check said what it looked at
SETUP_ERROR = '<error message="failed on setup with &quot;HarnessError: luna did not answer&quot;">trace</error>'


def write_junit(tmp_path: Path, name: str, **cases: str) -> Path:
    path = tmp_path / f"{name}.xml"
    path.write_text(JUNIT.format(**{k: cases.get(k, "") for k in ("laegeskift", "flytning", "ophoer")}), encoding="utf-8")
    return path


def suite(tmp_path: Path, label: str, exit_code: int = 1, **cases: str) -> SuiteRun:
    return SuiteRun(label, exit_code, 1.0, parse_junit(write_junit(tmp_path, label, **cases)))


def test_junit_verdicts_keep_the_failure_message_and_the_blame(tmp_path):
    verdicts = parse_junit(write_junit(tmp_path, "run", laegeskift=FINANCE_FAILURE, ophoer=SETUP_ERROR))
    fee = verdicts["features.test_scenarios::test_laegeskift"]
    assert (fee.status, fee.message, fee.blamed) == (
        "failed", "AssertionError: Finance booked [('6.52.76.9.1', 225)] for borgeren", ("finance",))
    assert verdicts["features.test_scenarios::test_flytning"].status == "passed"
    assert verdicts["features.test_scenarios::test_ophoer"].status == "error"
    skipped = verdicts["features.test_scenarios::test_skipped"]
    assert (skipped.status, skipped.message) == ("skipped", "needs a vendor SUT")


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
    assert [c["integrations"] for c in fee["caughtBy"]] == [["E-flyt"], ["Finance"]]
    assert fee["integrations"] == ["E-flyt", "Finance"] and fee["caught"] and fee["blamesIntegration"]
    assert not silent["caught"] and silent["caughtBy"] == []
    assert unnamed["caught"] and not unnamed["blamesIntegration"]
    assert report["detection"] == {"caught": 2, "total": 3, "rate": 0.6667, "uncaught": ["silent-defect"],
                                   "withoutIntegrationBlamed": ["unnamed-defect"]}
    assert report["ok"] is False  # a defect caught by nothing fails the selftest


def test_a_load_only_defect_caught_by_no_scenario_leaves_the_selftest_green(tmp_path):
    baseline = suite(tmp_path, "baseline", exit_code=0)
    runs = {"fee-in-kroner": suite(tmp_path, "fee", laegeskift=FINANCE_FAILURE),
            "race": suite(tmp_path, "race", exit_code=0)}
    report = build_report([baseline], runs, {}, seed=7, workers=0, parallel=1, tags=None, wall_s=1.0,
                          load_only=frozenset({"race"}))
    assert report["detection"]["total"] == 1 and report["detection"]["uncaught"] == [] and report["ok"] is True
    assert report["loadOnly"]["defects"] == ["race"] and report["loadOnly"]["caughtByScenarios"] == []
    assert "Only concurrency reveals `race`" in render_markdown(report)


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
    """The death/emigration scenarios (@ophoer) post no fee, so a fee in kroner goes unseen: caught by nothing, exit 1."""
    completed = golive_selftest("--defects", "fee-in-kroner", "--tags", "ophoer", "--report-dir", str(tmp_path))
    report = json.loads((tmp_path / "selftest.json").read_text(encoding="utf-8"))
    assert completed.returncode == 1, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert report["baseline"]["passed"] and report["baseline"]["scenarios"] == 9
    assert report["detection"]["uncaught"] == ["fee-in-kroner"]
    assert "caught by NOTHING" in completed.stdout and "seed 0" in completed.stderr
    # The explorer ran beside the suite runs (the default budget), and its verdict sits on the defect's row: the clean
    # exploration must find nothing, or no explorer catch would count.
    assert report["explorer"]["clean"] == [] and report["explorer"]["seed"] == 0
    (entry,) = report["defects"]
    explored = entry["explorer"]
    assert entry["caughtByWhom"] == ("explorer" if explored["caught"] else "nothing")
    assert explored["actions"] > 0 and (explored["message"] is not None) == explored["caught"]
    assert "## Explorer" in (tmp_path / "selftest.md").read_text(encoding="utf-8")


@catalogue_test
def test_every_defect_of_the_catalogue_is_caught(whole_catalogue):
    from simulators.sygesikring.defects import DEFECTS

    assert [d["defect"] for d in whole_catalogue["defects"]] == list(DEFECTS)
    assert whole_catalogue["baseline"]["passed"], whole_catalogue["_output"]
    assert whole_catalogue["detection"]["uncaught"] == [], whole_catalogue["_output"]
    assert whole_catalogue["detection"]["rate"] == 1.0
    assert whole_catalogue["_exit_code"] == 0, whole_catalogue["_output"]


# Defect -> the rows of the verdict table it must fail, and no other (issue 12: blame from evidence). Each is where
# the check that catches the defect looked: the neighbour whose state diverged, the integration whose contract was
# broken, or the SUT's own answers ("sygesikring").
EXPECTED_BLAME = {
    "effect-date-danish-format": ["luna"],
    "group-date-as-datetime": ["servicebus"],
    "fee-without-idempotency-key": ["finance"],
    "fee-charged-on-move": ["finance"],
    "emigration-ignored": ["sygesikring"],
    "move-keeps-old-municipality-code": ["servicebus"],
    "fee-on-wrong-account": ["finance"],
    "fee-in-kroner": ["finance"],
    "fee-posted-twice-on-retry": ["finance"],
    "modulus11-rejects-valid-cpr": ["sygesikring"],
    "protected-address-on-bus": ["servicebus"],
    "name-truncated-34": ["finance"],
    "child-not-following-parent": ["luna"],
    "copenhagen-15km": ["sygesikring"],
    "effect-date-off-by-one": ["luna", "sygesikring"],
    "event-before-luna-accepted": ["servicebus"],
    "fee-not-retried": ["finance"],
    "duplicate-delivery-processed-twice": ["servicebus"],
    "stale-practice-event-applied": ["finance"],
    "receipt-completed-before-luna": ["eflyt"],
    "queued-choice-forgotten": ["luna", "sygesikring"],  # never registered; a forgotten choice holds no free place
    "connection-reset-taken-as-refusal": ["sygesikring"],
    "luna-registration-retried-blindly": ["luna"],
    "event-lost-when-bus-down": ["servicebus"],
    "receipt-lost-when-eflyt-down": ["eflyt"],
    # issue 13: edges of the rules, a variation dimension, one channel only, resilience treatment, sequences
    "group-lock-one-day-too-long": ["sygesikring"],  # the boundary scenario at 379 days
    "fee-by-request-year": ["sygesikring"],  # the year-change scenario: the answer's fee
    "fifteenth-birthday-charged": ["finance", "sygesikring"],  # the 15th-birthday scenarios
    "debtor-name-ascii": ["finance"],  # the data-variation fee scenarios' æøå rows
    "protected-address-on-voucher": ["finance"],  # the protected-data invariant
    "fee-credit-line-in-kroner": ["finance"],  # Finance refuses the unbalanced voucher: no fee booked
    "free-card-fee-posted": ["finance"],  # the free-card scenarios (and the one-voucher-per-fee invariant)
    "retry-storm-when-down": ["luna", "finance"],  # the no-flooding invariant (Luna down; Finance down at a month end)
    "choice-after-coverage-ended": ["sygesikring"],  # the scenario after emigration
    "coverage-end-not-sent-to-luna": ["luna"],  # the death/emigration scenarios and the luna-agrees invariant
    # issue 16: only concurrency reveals it. No scenario fails (one request at a time it changes nothing); the load
    # window's capacity invariant catches it (tests/test_load.py), blaming Luna, where the overfilled practice shows.
    "capacity-check-not-atomic": [],
    # issue 17: the OCES2 -> OCES3 rollover (features/certifikater) ...
    "keeps-old-certificate": ["luna"],  # the renewed certificate never reaches Luna: the choice is never registered
    "tls-error-drops-work": ["sygesikring"],  # the SUT refuses the citizen's choice instead of queueing it
    # ... and MinLog, the citizen's access log (the features/minlog scenarios and the minlog invariants)
    "minlog-entry-per-login": ["minlog"],
    "minlog-entry-per-batch-run": ["minlog"],
    "minlog-names-wrong-citizen": ["minlog"],
}
# A defect that breaks a contract is filed under Kontraktbrud: its catching failures say "kontraktbrud".
CONTRACT_BREAKING = {"effect-date-danish-format", "group-date-as-datetime", "fee-without-idempotency-key",
                     "protected-address-on-bus"}


@catalogue_test
def test_a_load_only_defect_is_caught_by_no_scenario_and_not_counted_in_the_rate(whole_catalogue):
    from simulators.sygesikring.defects import LOAD_ONLY

    assert sorted(whole_catalogue["loadOnly"]["defects"]) == sorted(LOAD_ONLY)
    assert whole_catalogue["loadOnly"]["caughtByScenarios"] == []
    assert whole_catalogue["detection"]["total"] == len(whole_catalogue["defects"]) - len(LOAD_ONLY)


@catalogue_test
def test_every_defect_fails_exactly_the_integrations_it_is_about(whole_catalogue):
    from simulators.sygesikring.defects import DEFECTS

    assert set(EXPECTED_BLAME) == set(DEFECTS)
    got = {d["defect"]: d["integrationKeys"] for d in whole_catalogue["defects"]}
    assert got == EXPECTED_BLAME


@catalogue_test
def test_contract_breaking_defects_are_filed_under_kontraktbrud(whole_catalogue):
    from golive.categories import CONTRACT_VIOLATION_MARKER

    filed = {d["defect"]: all(CONTRACT_VIOLATION_MARKER in c["message"] for c in d["caughtBy"])
             for d in whole_catalogue["defects"] if d["defect"] in CONTRACT_BREAKING}
    assert filed == {name: True for name in CONTRACT_BREAKING}


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
