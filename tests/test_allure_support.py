"""Allure results for Gherkin scenarios: labels, links, steps, attachments, environment and categories.

Runs the sample suite (tests/data/bdd_sample) in a pytest subprocess with --alluredir and reads the JSON it writes.
"""

import json
import os
import re
import subprocess
import sys

import pytest

from golive.allure_support import CATEGORIES, CONTRACT_VIOLATION_MARKER
from golive.config import CONTRACTS, ROOT
from simulators.core.contract import load_yaml

SAMPLE = ROOT / "tests" / "data" / "bdd_sample"


@pytest.fixture(scope="module")
def allure_run(tmp_path_factory):
    results = tmp_path_factory.mktemp("allure-results")
    env = {**os.environ, "GOLIVE_REQUIREMENT_URL": "https://jira.example/browse/{id}"}
    completed = subprocess.run([sys.executable, "-m", "pytest", str(SAMPLE / "sample_scenarios.py"), "-q",
                                "-p", "no:cacheprovider", "--alluredir", str(results), "--golive-seed", "7"],
                               capture_output=True, text=True, cwd=ROOT, env=env)
    assert completed.returncode == 1, completed.stdout[-3000:]  # three sample scenarios fail on purpose
    by_name = {}
    for path in results.glob("*-result.json"):
        result = json.loads(path.read_text(encoding="utf-8"))
        by_name[result["name"]] = result
    return results, by_name


def labels(result, name):
    return [label["value"] for label in result["labels"] if label["name"] == name]


def attachment_names(result):
    return [a["name"] for a in result.get("attachments", [])]


def test_scenario_is_titled_and_labelled_by_feature_and_flow(allure_run):
    result = allure_run[1]["Flytning registrerer lægevalget i Luna"]
    assert (labels(result, "feature"), labels(result, "epic")) == (["Flytning til en anden kommune"], ["flytning"])


def test_gherkin_tags_become_allure_tags(allure_run):
    assert set(labels(allure_run[1]["A fee is posted for a replacement card"], "tag")) >= {"gebyr", "krav:SYG-201"}


def test_requirement_tag_becomes_a_link_from_the_configured_pattern(allure_run):
    links = allure_run[1]["A fee is posted for a replacement card"]["links"]
    assert links == [{"type": "tms", "url": "https://jira.example/browse/SYG-201", "name": "SYG-201"}]


def test_every_gherkin_step_is_an_allure_step_including_background(allure_run):
    steps = [s["name"] for s in allure_run[1]["Flytning registrerer lægevalget i Luna"]["steps"]]
    assert steps == ["Givet at dags dato er 2024-03-01", "Givet en borger bosat i Aarhus Kommune med egen læge",
                     "Når borgeren melder flytning til Odense Kommune", "Så registrerer Luna lægevalget"]


def test_the_failing_step_is_marked_failed(allure_run):
    steps = allure_run[1]["No voucher is expected but one arrives"]["steps"]
    assert [s["status"] for s in steps] == ["passed", "passed", "failed"]


def step_attachments(result):
    return {s["name"]: [a["name"] for a in s.get("attachments", [])] for s in result["steps"]}


def test_each_exchange_sits_under_the_step_that_caused_it_once_with_caller_and_callee(allure_run):
    result = allure_run[1]["Flytning registrerer lægevalget i Luna"]
    assert step_attachments(result) == {
        "Givet at dags dato er 2024-03-01": [],
        "Givet en borger bosat i Aarhus Kommune med egen læge": ["SUT → CPR GET /persons/0101901234 → 200"],
        "Når borgeren melder flytning til Odense Kommune": ["SUT → E-flyt POST /moves → 201",
                                                           "E-flyt → SUT POST /eflyt/move-notifications → 202"],
        "Så registrerer Luna lægevalget": ["SUT → Luna PUT /laegevalg/0101901234 → 200"],
    }
    assert attachment_names(result) == ["datagrundlag"]  # the data profile at the scenario's level


def test_attachment_content_is_the_pretty_json_exchange(allure_run):
    results, by_name = allure_run
    step = by_name["A fee is posted for a replacement card"]["steps"][-1]
    attachment = next(a for a in step["attachments"] if "Finance POST" in a["name"])
    exchange = json.loads((results / attachment["source"]).read_text(encoding="utf-8"))
    assert (exchange["requestBody"], attachment["type"]) == ({"amountOre": 19500}, "application/json")


def test_no_pytest_fixture_shows_as_set_up_or_tear_down(allure_run):
    for path in allure_run[0].glob("*-container.json"):
        container = json.loads(path.read_text(encoding="utf-8"))
        assert (container.get("befores"), container.get("afters")) == ([], [])


def test_a_failed_checks_headline_is_its_business_message_and_the_traceback_an_attachment(allure_run):
    results, by_name = allure_run
    result = by_name["No voucher is expected but one arrives"]
    assert result["statusDetails"] == {"message": "Finance received 1 voucher, expected none"}
    trace = next(a for a in result["attachments"] if a["name"] == "traceback (for developers)")
    assert "def no_voucher" in (results / trace["source"]).read_text(encoding="utf-8")


def test_a_failure_says_whom_it_blames(allure_run):
    result = allure_run[1]["No voucher is expected but one arrives"]
    assert labels(result, "golive.blame") == ["Finance"] and "fejl hos Finance" in labels(result, "tag")
    assert labels(allure_run[1]["The harness cannot reach the Servicebus"], "golive.blame") == ["Harness"]


def test_contract_violation_is_attached_with_the_rule_broken(allure_run):
    names = attachment_names(allure_run[1]["Luna svarer uden for kontrakten"])
    assert "kontraktbrud: luna response.body/ydernummer pattern" in names


def test_environment_names_sut_seed_and_contract_versions(allure_run):
    text = (allure_run[0] / "environment.properties").read_text(encoding="utf-8")
    version = {name: load_yaml(CONTRACTS / f"{name}.openapi.yaml")["info"]["version"] for name in ("luna", "sygesikring")}
    assert "seed=7\n" in text and f"sut.version=reference {version['sygesikring']}\n" in text
    assert f"contract.luna.openapi={version['luna']}\n" in text
    assert "defects=none" in text and "replay=golive run --seed 7\n" in text


def test_a_run_with_defects_switched_on_says_so_in_its_metadata_and_replay(tmp_path):
    env = {**os.environ, "GOLIVE_SUT_DEFECTS": "fee-in-kroner"}
    subprocess.run([sys.executable, "-m", "pytest", str(SAMPLE / "sample_scenarios.py"), "-q", "-p", "no:cacheprovider",
                    "--alluredir", str(tmp_path), "--golive-seed", "7", "-k", "replacement"],
                   capture_output=True, text=True, cwd=ROOT, env=env)
    text = (tmp_path / "environment.properties").read_text(encoding="utf-8")
    assert "defects=fee-in-kroner\n" in text
    assert "replay=GOLIVE_SUT_DEFECTS=fee-in-kroner golive run --seed 7\n" in text


def first_category(result):
    """Which category Allure puts a result in: the first whose status and message regex match."""
    message = (result.get("statusDetails") or {}).get("message", "")
    for category in CATEGORIES:
        if result["status"] in category["matchedStatuses"] and re.fullmatch(category.get("messageRegex", "[\\s\\S]*"), message):
            return category["name"]
    return None


def test_categories_file_is_written(allure_run):
    assert json.loads((allure_run[0] / "categories.json").read_text(encoding="utf-8")) == CATEGORIES


@pytest.mark.parametrize("scenario, category", [
    ("Luna svarer uden for kontrakten", "Kontraktbrud"),
    ("No voucher is expected but one arrives", "Integrationsfejl"),
    ("The harness cannot reach the Servicebus", "Harness-fejl"),
])
def test_failures_fall_into_the_right_category(allure_run, scenario, category):
    assert first_category(allure_run[1][scenario]) == category


def test_contract_marker_is_the_word_the_category_matches():
    assert CONTRACT_VIOLATION_MARKER in CATEGORIES[0]["messageRegex"]


@pytest.mark.parametrize("message", [
    "golive.failures.FeatureFileMistake: 'Århus' is not a municipality golive knows; did you mean 'Aarhus'?",
    "pytest_bdd.exceptions.StepDefinitionNotFoundError: Step definition is not found: Given \"en borgr\"",
])
def test_a_feature_file_mistake_has_a_category_of_its_own(message):
    assert first_category({"status": "broken", "statusDetails": {"message": message}}) == "Fejl i feature-filen"


@pytest.mark.parametrize("message, shown", [
    ("AssertionError: Finance booked 2 vouchers\nassert 2 == 1", "Finance booked 2 vouchers"),
    ("golive.invariants.InvariantBroken: invariant brudt: the address left on Luna", "invariant brudt: the address left on Luna"),
    ("golive.failures.ContractBreach: kontraktbrud: Luna refused registerLaegevalg", "kontraktbrud: Luna refused registerLaegevalg"),
    ("kontraktbrud: Luna refused registerLaegevalg", "kontraktbrud: Luna refused registerLaegevalg"),  # the marker stays
])
def test_a_failed_checks_headline_drops_its_class_and_pytests_explanation(message, shown):
    from golive.report_shape import headline

    assert headline(message, "failed")[0] == shown


def test_a_harness_errors_headline_keeps_its_class():
    from golive.report_shape import headline, is_check

    message = "golive.failures.HarnessError: Harness-fejl: Luna did not answer"
    assert (headline(message, "broken")[0], is_check(message)) == (message, False)


def test_a_feature_file_mistakes_headline_drops_its_class_but_stays_no_check():
    from golive.report_shape import headline, is_check

    message = "golive.failures.FeatureFileMistake: 'barnet' is no citizen of this scenario"
    assert (headline(message, "broken")[0], is_check(message)) == ("'barnet' is no citizen of this scenario", False)
