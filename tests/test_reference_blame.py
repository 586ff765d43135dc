"""A check that fails against the reference SUT committing no defect gets a hint: the feature file's expectation is the
likelier mistake. The blame stands (the reference SUT's code may be what was changed).

Why: when a test manager writes an expectation the rules do not say ("the choice is free" where a fee is due), the
failure read only "blame: The SUT (sygesikring)". With a catalogue defect switched on, no hint is given.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from golive import blame
from tests.test_violation_reporting import run_features

WRONG_EXPECTATION = """# language: da
Egenskab: Et forkert forventet gebyr

  Scenarie: Testlederen venter et gratis lægevalg, hvor reglerne giver et gebyr
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget er gratis
"""


def _blame_of(run) -> dict[str, str]:
    case = ET.parse(run.junit).getroot().find(".//testcase")
    assert case is not None and case.find("failure") is not None, "the scenario was to fail"
    return {p.get("name", ""): p.get("value", "") for p in case.iter("property")}


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    return run_features(tmp_path_factory.mktemp("reference"), WRONG_EXPECTATION)


def test_a_wrong_expectation_against_the_clean_reference_sut_is_hinted_at_and_the_blame_stands(clean_run):
    run, _ = clean_run
    properties = _blame_of(run)
    assert blame.decode(properties[blame.PROPERTY]) == (blame.SUT,)
    assert properties[blame.HINT] == blame.REFERENCE_DISAGREES
    assert "blame: The SUT (sygesikring)" in run.output and "hint:" in run.output
    assert "the choice was not free: the SUT charged 225.00 kr." in run.output


def test_with_a_defect_switched_on_the_failure_stays_the_suts(tmp_path):
    run, _ = run_features(tmp_path, WRONG_EXPECTATION, env={"GOLIVE_SUT_DEFECTS": "fee-in-kroner"})
    properties = _blame_of(run)
    assert blame.decode(properties[blame.PROPERTY]) == (blame.SUT,)
    assert blame.HINT not in properties
