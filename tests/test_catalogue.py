"""The step catalogue (golive/catalogue.py), docs/STEPS.md, and the message for an undefined step."""

import subprocess
import sys
from pathlib import Path

import pytest

from golive.catalogue import collect, guess_language, render_markdown, suggest, undefined_steps
from golive.config import ROOT

SAMPLE = ROOT / "tests" / "data" / "bdd_sample"
FEATURES = ROOT / "features"


@pytest.fixture(scope="module")
def sample_catalogue():
    return {entry.pattern: entry for entry in collect(SAMPLE)}


def test_every_sample_step_definition_is_catalogued(sample_catalogue):
    assert len(sample_catalogue) == 10


def test_entry_carries_type_parameters_and_docstring(sample_catalogue):
    entry = sample_catalogue["at dags dato er {dato}"]
    assert (entry.type, entry.parameters, entry.module) == ("given", ["dato"], "steps/flytning.py")
    assert entry.docstring.startswith("Sætter den virtuelle dato")


def test_example_is_a_real_line_from_a_feature_file(sample_catalogue):
    example = sample_catalogue["a fee of {amount:d} øre is posted to Finance"].example
    assert (example.line, example.feature) == ("Then a fee of 19500 øre is posted to Finance", "features/finance/fees.feature")


def test_language_follows_the_feature_file_of_the_example(sample_catalogue):
    assert sample_catalogue["registrerer Luna lægevalget"].language == "da"
    assert sample_catalogue["the citizen orders a new health card"].language == "en"


def test_language_heuristic_recognises_danish_without_an_example():
    assert (guess_language("der bogføres intet gebyr"), guess_language("no fee is posted")) == ("da", "en")


def test_undefined_steps_are_listed(sample_catalogue):
    missing = undefined_steps(SAMPLE, sample_catalogue.values())
    assert [s.text for s in missing] == ["the citizen order a new healthcard"]


def test_suggestions_put_the_closest_pattern_first(sample_catalogue):
    assert suggest("the citizen order a new healthcard", sample_catalogue)[0] == "the citizen orders a new health card"


def test_undefined_step_fails_with_the_closest_steps_named():
    completed = subprocess.run([sys.executable, "-m", "pytest", str(SAMPLE / "sample_undefined.py"), "-q",
                                "-p", "no:cacheprovider"], capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 1
    assert 'Undefined step: When "the citizen order a new healthcard"' in completed.stdout
    assert "Closest existing steps" in completed.stdout and "    the citizen orders a new health card" in completed.stdout


def test_markdown_groups_steps_by_module(sample_catalogue):
    markdown = render_markdown(list(sample_catalogue.values()))
    assert "## steps/finance.py" in markdown and "## steps/flytning.py" in markdown


def test_docs_steps_md_is_in_sync_with_features():
    if not (FEATURES / "steps").is_dir() or not any((FEATURES / "steps").glob("*.py")):
        pytest.skip("features/steps/ has no step modules yet; docs/STEPS.md is generated once it has")
    expected = subprocess.run([sys.executable, "-m", "golive.cli", "steps", "--markdown"], capture_output=True,
                              text=True, cwd=ROOT, check=True).stdout
    actual = (ROOT / "docs" / "STEPS.md").read_text(encoding="utf-8") if (ROOT / "docs" / "STEPS.md").exists() else ""
    assert actual == expected, "docs/STEPS.md is stale: run `golive steps --markdown > docs/STEPS.md`"
