"""The corpus of broken feature files (tests/data/broken-features/, one mistake each, named for it): none may give a
green run. `golive lint` names file:line and, where one exists, the nearest right word; `golive run` stops at its
lint; and three mistakes are proved to fail the runtime too (pytest directly, no lint): a misspelt keyword, a
missing language line (the other files still run) and an impossible date."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from golive.cli import main
from golive.config import ROOT

CORPUS = ROOT / "tests" / "data" / "broken-features"
AMBIGUOUS = CORPUS / "ambiguous"
GOOD = ROOT / "features" / "sikringsgruppe" / "skift.feature"

# file -> (line of the mistake, words the message must carry: the nearest right word where one exists)
EXPECTED = {
    "abstrakt_scenarie_typo.feature": (4, "did you mean 'Abstrakt Scenario:'"),
    "scenario_outline_typo.feature": (3, "did you mean 'Scenario Outline:'"),
    "missing_language_line.feature": (1, "no `# language: da` line"),
    "english_given_in_danish_file.feature": (5, "write 'Givet'"),
    "english_feature_keyword_in_danish_file.feature": (2, "write 'Egenskab:'"),
    "eksempler_misspelt.feature": (7, "did you mean 'Eksempler:'"),
    "egenskab_misspelt.feature": (2, "did you mean 'Egenskab:'"),
    "baggrund_misspelt.feature": (4, "did you mean 'Baggrund:'"),
    "givet_misspelt.feature": (5, "did you mean 'Givet'"),
    "danish_step_in_english_file.feature": (4, "no `# language: da` line"),
    "unknown_language.feature": (1, "'dk' is not a Gherkin language"),
    "impossible_date.feature": (5, "February 2024 has 29 days"),
    "day_first_date.feature": (5, "written day first"),
    "unknown_municipality.feature": (5, "did you mean 'Aarhus'"),
    "unknown_role.feature": (7, "did you mean 'borgeren'"),
    "unknown_practice.feature": (6, "is not a practice by its role"),
    "unknown_topic.feature": (6, "did you mean 'ændret lægevalg'"),
    "unknown_refusal_reason.feature": (7, "is not a reason for refusal (afvisningsgrund)"),
    "unknown_exception.feature": (6, "did you mean 'samme adresse'"),
    "unknown_neighbour.feature": (5, "did you mean 'Luna'"),
    "unknown_card_reason.feature": (6, "did you mean 'mistet kort'"),
    "unknown_cpr_event.feature": (6, "is not a CPR event"),
    "unknown_fault_profile.feature": (5, "did you mean 'ustabil-luna'"),
    "unknown_operation.feature": (5, "is not a kind of call (handling)"),
    "undefined_step.feature": (5, "closest: 'at dags dato er {dato:Dato}'"),
    "duplicate_scenario_names.feature": (7, "used twice in this feature (first at line 4)"),
    "examples_row_bad_value.feature": (10, "did you mean 'Aarhus'"),
    "empty_file.feature": (1, "the file is empty"),
    "outline_word_unknown.feature": (7, "'Abstrakt Scenario:' (a scenario run once per row of its examples)"),
    "unknown_group.feature": (6, "'3' is not a sikringsgruppe"),
    "intake_misspelt.feature": (7, "did you mean 'åben'"),
    "empty_examples_cell.feature": (12, "the Examples row leaves 'ny' empty"),
    "ambiguous/ambiguous_step.feature": (5, "2 definitions match"),
    "negative_day_count.feature": (10, "'-14' is not a number of days (dage): it is at least 0; did you mean 14?"),
    "data_table_not_read.feature": (8, "a data table (| … |) is written under"),
    "no_scenarios.feature": (2, "the feature has no scenarios: nothing would run"),
    "first_step_og.feature": (5, "opens with 'Og' or 'Men', which only continues a step above it"),
    "givet_misspelt_before_og.feature": (5, "did you mean 'Givet'"),
    "two_features_in_one_file.feature": (6, "this second one belongs in a .feature file of its own"),
    "tag_datavariation_misspelt.feature": (4, "did you mean '@datavariation:cpr_kind,name_kind'"),
    "tag_unknown_dimension.feature": (4, "'navn' is not a dimension of the variation model"),
    "tag_fault_profile_unknown.feature": (2, "did you mean 'langsom-luna'"),
    "tag_requirement_without_colon.feature": (4, "did you mean '@krav:SYG-131'"),
    "variation_dimension_no_step_reads.feature": (4, "age, status reach(es) no step"),
    "variation_step_without_tag.feature": (6, "has no @datavariation tag: it would run once with an ordinary citizen"),
    "variation_tag_without_variation_step.feature": (4, "none of its steps takes a citizen from the variation"),
    "krav_id_without_dash.feature": (5, "did you mean '@krav:SYG-111'"),
    "year_outside_the_clock.feature": (5, "a typo in the year?"),
    "bom_before_language_line.feature": (1, "byte-order mark (BOM, U+FEFF)"),
    "language_line_below_tags.feature": (2, "move it to line 1"),
    "keywords_without_danish_letters.feature": (8, "did you mean 'Når'?"),
    "star_bullet_steps.feature": (5, "is a '*' bullet"),
    "non_breaking_space_in_step.feature": (6, "it holds a non-breaking space"),
    "comment_at_end_of_step.feature": (8, "the '#' comment at its end"),
    "placeholder_in_plain_scenario.feature": (6, "'<kommune>' is a placeholder"),
    "amount_with_decimals.feature": (8, "written plainly it is the step 'kortet koster 225 kr.'"),
    "date_in_words.feature": (5, "write '2024-03-01'"),
    "date_without_leading_zeros.feature": (9, "write '2024-03-15'"),
    "scenario_header_lost_after_background.feature": (8, "is a 'Scenarie:' (Scenario) header missing above line 8?"),
    "second_scenario_header_lost.feature": (12, "is a 'Scenarie:' (Scenario) header missing above line 12?"),
    "time_passing_written_as_then.feature": (10, "write it after 'Når'"),
}


def test_the_corpus_has_every_broken_file_and_each_is_expected():
    on_disk = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.feature")}
    assert on_disk == set(EXPECTED) and len(on_disk) >= 25


def _lint(capsys, *argv: str) -> tuple[int, str]:
    code = main(["lint", *argv])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lint_names_the_file_line_and_the_fix(name, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    line, words = EXPECTED[name]
    steps = ["--steps", str(AMBIGUOUS)] if name.startswith("ambiguous/") else []
    code, out = _lint(capsys, f"tests/data/broken-features/{name}", *steps)
    assert code == 1
    assert f"tests/data/broken-features/{name}:{line}: error: " in out
    assert words in out


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if not n.startswith("ambiguous/")))  # its own library
def test_golive_run_stops_at_lint_and_fails(name, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = main(["run", "--features", f"tests/data/broken-features/{name}", "--no-contracts", "--no-html"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"tests/data/broken-features/{name}:" in out and "nothing ran" in out


def _pytest_on(target: Path) -> subprocess.CompletedProcess:
    """The scenario collector run directly (no golive lint in front) on a selection outside features/."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "features/test_scenarios.py", f"--golive-features={target}",
         "-p", "no:randomly", "-p", "no:cacheprovider", "-q"],
        capture_output=True, text=True, cwd=ROOT,
    )


def test_runtime_fails_a_misspelt_keyword_with_file_line_and_the_keyword():
    run = _pytest_on(CORPUS / "abstrakt_scenarie_typo.feature")
    assert run.returncode != 0
    assert "abstrakt_scenarie_typo.feature:4: 'Abstrakt Scenarie:' is not a Gherkin keyword" in run.stdout


def test_runtime_fails_a_file_without_language_line_and_still_runs_the_others(tmp_path):
    shutil.copy(CORPUS / "missing_language_line.feature", tmp_path)
    shutil.copy(GOOD, tmp_path)
    run = _pytest_on(tmp_path)
    assert run.returncode != 0
    told = "missing_language_line.feature:1: 'Egenskab' is Danish but the file has no `# language: da` line"
    assert told in run.stdout
    good = sum(1 for line in GOOD.read_text(encoding="utf-8").splitlines()
               if line.strip().startswith(("Scenarie:", "Scenario:", "Eksempel:")))
    assert f"1 failed, {good} passed" in run.stdout  # every scenario of the good file ran and passed


def test_runtime_fails_a_scenario_opening_with_og_and_still_runs_the_others(tmp_path):
    """pytest-bdd refuses it at collection with a traceback in English ('must start with Given'); here it is one
    failing test naming file, line and the Danish keywords."""
    shutil.copy(CORPUS / "first_step_og.feature", tmp_path)
    shutil.copy(GOOD, tmp_path)
    run = _pytest_on(tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stdout and "StepError" not in run.stdout
    told = "first_step_og.feature:5: the scenario's first step ('at dags dato er 2024-03-01') opens with 'Og'"
    assert told in run.stdout
    assert "\n1 failed, " in run.stdout and " passed" in run.stdout  # the good file's scenarios ran


def test_runtime_fails_an_impossible_date_in_business_words():
    run = _pytest_on(CORPUS / "impossible_date.feature")
    assert run.returncode != 0
    assert "FeatureFileMistake: '2024-02-30' is not a real date: February 2024 has 29 days" in run.stdout
    assert "impossible_date.feature:5: Givet at dags dato er 2024-02-30" in run.stdout


def test_runtime_fails_a_practice_placed_from_an_address_the_scenario_does_not_have(tmp_path):
    # lint cannot know it: whether the citizen is to move follows from the steps before
    (tmp_path / "x.feature").write_text(
        "# language: da\nEgenskab: x\n\n  Scenarie: nye adresse uden flytning\n    Givet at dags dato er 2024-03-01\n"
        "    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge\n"
        "    Og praksis 1 åben for tilgang ligger 4 km fra borger 1s nye adresse\n", encoding="utf-8")
    run = _pytest_on(tmp_path / "x.feature")
    assert run.returncode != 0
    assert "FeatureFileMistake: praksis 1 is placed 4 km from borger 1's nye adresse, but borger 1 has no planned " \
           "move: write 'bopæl'" in run.stdout


def test_runtime_fails_a_negative_day_count_and_an_unread_data_table_in_business_words():
    run = _pytest_on(CORPUS / "negative_day_count.feature")
    assert run.returncode != 0
    assert "FeatureFileMistake: '-14' is not a number of days (dage): it is at least 0; did you mean 14?" in run.stdout
    run = _pytest_on(CORPUS / "data_table_not_read.feature")
    assert run.returncode != 0
    assert "FeatureFileMistake: a data table (| … |) is written under" in run.stdout
    assert "data_table_not_read.feature:8: Givet en borger" in run.stdout


@pytest.mark.parametrize(
    ("steps", "told"),
    [
        ("    Når borger 2 skifter til sikringsgruppe 2\n",
         "FeatureFileMistake: 'borger 2' is no citizen of this scenario: no earlier Givet (Given) step introduces it; "
         "did you mean 'borger 1'? (citizens given so far: 'borger 1')"),
        ("    Når borger 1 vælger praksis 3 som læge\n",
         "FeatureFileMistake: 'praksis 3' is no practice of this scenario"),
        ("    Og borger 1 i sikringsgruppe 2 bosat i Odense Kommune med egen læge\n",
         "FeatureFileMistake: 'borger 1' is given twice in this scenario: a second citizen would replace the first"),
        ("    Når borger 1 skifter til sikringsgruppe 2\n    Og dags dato bliver 2024-01-01\n",
         "FeatureFileMistake: the clock cannot go back to 2024-01-01: it is 2024-03-01 already and the scenario has "
         "acted since; write 2024-03-01 or later"),
        ("    Og en borger i Aarhus Kommune, født 2009-03-02\n",
         "FeatureFileMistake: a citizen born 2009-03-02 is not 15 on 2024-03-01 (today): a younger one is a child, "
         "'et barn under 15 år, der bor hos borgeren og har samme læge'; the latest birth date here is 2009-03-01"),
    ],
    ids=["citizen-not-given", "practice-not-given", "citizen-given-twice", "clock-back", "born-under-15"],
)
def test_runtime_fails_a_role_not_given_or_given_twice_as_a_feature_file_mistake(tmp_path, steps, told):
    # lint cannot know it: which roles exist follows from the steps before; the SUT must not be blamed
    (tmp_path / "x.feature").write_text(
        "# language: da\nEgenskab: x\n\n  Scenarie: roller\n    Givet at dags dato er 2024-03-01\n"
        "    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge\n" + steps
        + "    Så viser hver nabo det, som oraklet forudsiger\n", encoding="utf-8")
    run = _pytest_on(tmp_path / "x.feature")
    assert run.returncode != 0
    assert told in run.stdout
    assert "KeyError:" not in run.stdout


def test_runtime_fails_a_then_step_before_its_when_step_as_a_feature_file_mistake(tmp_path):
    (tmp_path / "x.feature").write_text(
        "# language: da\nEgenskab: x\n\n  Scenarie: Så før Når\n    Givet at dags dato er 2024-03-01\n"
        "    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge\n"
        "    Så skiftet accepteres med virkning om 14 dage\n    Når borgeren skifter til sikringsgruppe 2\n",
        encoding="utf-8")
    run = _pytest_on(tmp_path / "x.feature")
    assert run.returncode != 0
    assert ("FeatureFileMistake: the SUT has not answered 'borgeren' yet: a Så (Then) step that checks an answer must "
            "follow the Når (When) step that asks") in run.stdout


def test_a_step_about_a_move_no_step_reported_is_the_feature_file_s_mistake(scenario):
    """'E-flyt sender flytningssagen igen' (or a receipt check) before any 'melder flytning' step: told in business
    words and blamed on the feature file, not a KeyError blamed on the harness."""
    from golive import blame
    from golive.failures import FeatureFileMistake

    scenario.add_citizen("borgeren")
    with pytest.raises(FeatureFileMistake, match="borgeren has reported no move in this scenario") as mistake:
        scenario.case_id("borgeren")
    assert blame.of(mistake.value) == (blame.SCENARIO,)


@pytest.mark.parametrize(
    "act",
    [
        lambda s: s.report_move("borgeren", s.today),
        lambda s: s.add_practice("den åbne praksis", near="borgeren", km=3, at_destination=True),
    ],
    ids=["reported", "practice-at-new-address"],
)
def test_a_move_or_a_new_address_no_step_planned_is_the_feature_file_s_mistake(scenario, act):
    """'borgeren melder flytning' or 'en åben praksis 3 km fra borgerens nye adresse' without 'borgeren skal flytte
    ...' before it: told in business words and blamed on the feature file (it was a KeyError blamed on the harness)."""
    from golive import blame
    from golive.failures import FeatureFileMistake

    scenario.add_citizen("borgeren")
    with pytest.raises(FeatureFileMistake, match="borgeren has no move planned in this scenario") as mistake:
        act(scenario)
    assert blame.of(mistake.value) == (blame.SCENARIO,)


def test_runtime_fails_a_misspelt_tag_golive_acts_on_instead_of_running_without_it():
    """@datavariaton: as written an ordinary tag, so the scenario would run once, without its variation, and pass."""
    run = _pytest_on(CORPUS / "tag_datavariation_misspelt.feature")
    assert run.returncode != 0
    assert "tag_datavariation_misspelt.feature:4: '@datavariaton:cpr_kind,name_kind' looks like the tag" in run.stdout
