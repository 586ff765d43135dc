"""Consumer-side contract checks: a violation names its field, its rule and its contract line, and a scenario
whose exchanges broke a contract fails (category Kontraktbrud) even without "ingen udveksling brød en kontrakt".

The expected contract lines are found by reading the YAML text (the line of `effectiveDate:` inside
`LaegevalgRequest:`), not by the composer the kernel uses, so a wrong line index cannot agree with itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from golive import runner
from golive.allure_support import CATEGORIES
from golive.config import ROOT
from golive.failures import SCENARIO_AGENT, breach_message, describe_violation
from simulators.core.contract import load_contract
from simulators.world import World

LUNA_CONTRACT = ROOT / "contracts" / "luna.openapi.yaml"
REGISTRATION = {"cpr": "0101804321", "ydernummer": "012345", "effectiveDate": "2024-03-15", "reason": "first",
                "municipalityCode": 751}


def line_in_schema(path: Path, schema: str, starts: str) -> int:
    """1-based line of the first line starting (after indentation) with `starts` inside components.schemas.<schema>."""
    lines = path.read_text(encoding="utf-8").splitlines()
    begin = next(i for i, text in enumerate(lines) if text.strip() == f"{schema}:" and text.startswith("    ") and not text.startswith("     "))
    for number in range(begin + 1, len(lines)):
        text = lines[number]
        if text.startswith("    ") and not text.startswith("     ") and text.strip().endswith(":"):
            break  # the next schema
        if text.strip().startswith(starts):
            return number + 1
    raise AssertionError(f"{starts!r} not found in {schema}")


def registration_violations(world: World, body: dict, **headers: str) -> tuple[int, list[dict]]:
    response = world.client("luna").post("/laegevalg", json=body, headers=headers)
    journal = world.client("luna").get("/__admin/journal", params={"violations": "true", "operation": "registerLaegevalg"}).json()
    return response.status_code, journal["entries"][-1]["violations"]


def test_a_date_in_the_wrong_format_names_field_rule_and_contract_line(world):
    status, violations = registration_violations(world, {**REGISTRATION, "effectiveDate": "15-03-2024"})
    line = line_in_schema(LUNA_CONTRACT, "LaegevalgRequest", "effectiveDate:")
    assert "format: date" in LUNA_CONTRACT.read_text(encoding="utf-8").splitlines()[line - 1]
    assert status == 400
    assert [(v["field"], v["expected"], v["value"], v["contractLine"]) for v in violations] == [
        ("body.effectiveDate", "format: date", '"15-03-2024"', f"contracts/luna.openapi.yaml:{line}")]


def test_a_missing_required_member_names_the_member_and_the_required_line(world):
    body = {k: v for k, v in REGISTRATION.items() if k != "ydernummer"}
    _, violations = registration_violations(world, body)
    line = line_in_schema(LUNA_CONTRACT, "LaegevalgRequest", "required:")
    assert [(v["field"], v["expected"], v["contractLine"]) for v in violations] == [
        ("body.ydernummer", "required: [ydernummer]", f"contracts/luna.openapi.yaml:{line}")]


def test_a_wrong_type_through_a_shared_schema_points_at_the_shared_schema(world):
    _, violations = registration_violations(world, {**REGISTRATION, "municipalityCode": "751"})
    line = line_in_schema(LUNA_CONTRACT, "MunicipalityCode", "type:")
    assert [(v["field"], v["expected"], v["contractLine"]) for v in violations] == [
        ("body.municipalityCode", "type: integer", f"contracts/luna.openapi.yaml:{line}")]


def test_an_inline_schema_is_located_under_its_operation():
    contract = load_contract(str(ROOT / "contracts" / "finance.openapi.yaml"))
    for operation in contract.operations.values():
        for parameter in operation.parameters:
            assert parameter.check.pointer.startswith(("/paths/", "/components/parameters/")), parameter.check.pointer
            assert parameter.check.source.line(parameter.check.pointer) is not None, parameter.check.pointer


def test_the_violation_reads_as_one_sentence_naming_neighbour_sender_field_rule_and_line(world):
    world.client("luna").post("/laegevalg", json={**REGISTRATION, "effectiveDate": "15-03-2024"})
    entry = world.client("luna").get("/__admin/journal", params={"violations": "true"}).json()["entries"][-1]
    line = line_in_schema(LUNA_CONTRACT, "LaegevalgRequest", "effectiveDate:")
    assert describe_violation(entry, entry["violations"][0]) == (
        "Luna refused registerLaegevalg from the SUT: body.effectiveDate '15-03-2024' breaks `format: date` "
        f"(contracts/luna.openapi.yaml:{line})")


def test_a_request_the_scenario_itself_sent_is_blamed_on_the_scenario(world):
    world.client("luna").post("/laegevalg", json={**REGISTRATION, "effectiveDate": "15-03-2024"}, headers={"user-agent": SCENARIO_AGENT})
    entry = world.client("luna").get("/__admin/journal", params={"violations": "true"}).json()["entries"][-1]
    assert describe_violation(entry, entry["violations"][0]).startswith("Luna refused registerLaegevalg from the scenario: ")


def test_the_failure_message_starts_with_the_kontraktbrud_marker_and_lists_every_violation(world):
    world.client("luna").post("/laegevalg", json={**REGISTRATION, "effectiveDate": "15-03-2024", "municipalityCode": "x"})
    entries = world.client("luna").get("/__admin/journal", params={"violations": "true"}).json()["entries"]
    message = breach_message(entries)
    headline = message.splitlines()[0]  # what a report shows: the first broken rule in business words
    assert headline.startswith("kontraktbrud: Luna refused registerLaegevalg from the SUT: body.")
    assert headline.endswith("(and 1 more contract violation(s) in this scenario)")
    assert "body.effectiveDate '15-03-2024' breaks `format: date`" in message and "body.municipalityCode 'x' breaks `type: integer`" in message


# -- a scenario whose SUT breaks Luna's contract, run like `golive run` runs scenarios ---------------------------
FEATURE = """# language: da
Egenskab: Lægevalg hvor SUT'en sender datoen forkert

  Scenarie: Lægeskift uden trinnet om kontrakter
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 4 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
"""


def write_features(directory: Path, feature: str, conftest_extra: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "sut_breaks_contract.feature").write_text(feature, encoding="utf-8")
    (directory / "conftest.py").write_text(
        "from features.steps.tid import *  # noqa\nfrom features.steps.borgere import *  # noqa\n"
        "from features.steps.praksis import *  # noqa\nfrom features.steps.laegevalg import *  # noqa\n"
        "from features.steps.naboer import *  # noqa\n" + conftest_extra, encoding="utf-8")
    (directory / "test_features.py").write_text("from pytest_bdd import scenarios\n\nscenarios('.')\n", encoding="utf-8")
    return directory


def run_features(tmp_path: Path, feature: str, env: dict[str, str] | None = None, extra: list[str] | None = None,
                 conftest_extra: str = "") -> tuple[runner.ScenarioRun, dict[str, dict]]:
    features = write_features(tmp_path / "features", feature, conftest_extra)
    # The features live outside the repository: point pytest at golive's configuration so the plugin and
    # the repository's import path apply exactly as in `golive run`.
    options = ["-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT), "-p", "golive.plugin", "-p", "no:randomly",
               *(extra or [])]
    run = runner.run_scenarios(features, tmp_path / "reports", seed=11, extra=options, echo=False, env=env)
    results = {}
    for path in run.results_dir.glob("*-result.json"):
        result = json.loads(path.read_text(encoding="utf-8"))
        results[result["name"]] = result
    return run, results


def category_of(result: dict) -> str | None:
    """The first category whose statuses and message regex match, as Allure assigns them."""
    message = (result.get("statusDetails") or {}).get("message", "")
    for category in CATEGORIES:
        if result["status"] in category["matchedStatuses"] and re.fullmatch(category.get("messageRegex", "[\\s\\S]*"), message):
            return category["name"]
    return None


@pytest.fixture(scope="module")
def breaking_run(tmp_path_factory):
    return run_features(tmp_path_factory.mktemp("breach"), FEATURE, env={"GOLIVE_SUT_DEFECTS": "effect-date-danish-format"})


def test_a_scenario_without_the_contract_step_still_fails_on_the_sut_breaking_lunas_contract(breaking_run):
    run, results = breaking_run
    result = results["Lægeskift uden trinnet om kontrakter"]
    line = line_in_schema(LUNA_CONTRACT, "LaegevalgRequest", "effectiveDate:")
    assert run.exit_code == 1, run.output[-3000:]
    assert result["status"] == "failed"
    assert re.search(r"Luna refused registerLaegevalg from the SUT: body\.effectiveDate '\d\d-\d\d-\d{4}' breaks "
                     rf"`format: date` \(contracts/luna\.openapi\.yaml:{line}\)", result["statusDetails"]["message"]), result["statusDetails"]


def test_the_breach_is_filed_under_kontraktbrud_with_an_attachment_naming_luna(breaking_run):
    run, results = breaking_run
    result = results["Lægeskift uden trinnet om kontrakter"]
    titles = [a["name"] for a in result.get("attachments", []) if a["name"].startswith("kontraktbrud: ")]
    assert category_of(result) == "Kontraktbrud"
    assert titles and all(t.startswith("kontraktbrud: Luna refused registerLaegevalg from the SUT: body.effectiveDate ") for t in titles)
    document = json.loads((run.results_dir / next(a["source"] for a in result["attachments"] if a["name"] == titles[0])).read_text(encoding="utf-8"))
    assert (document["violation"]["expected"], document["exchange"]["simulator"]) == ("format: date", "luna")


def test_the_same_scenario_passes_when_the_sut_keeps_the_contract(tmp_path):
    run, results = run_features(tmp_path, FEATURE)
    assert (run.exit_code, results["Lægeskift uden trinnet om kontrakter"]["status"]) == (0, "passed"), run.output[-3000:]
