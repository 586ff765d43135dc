"""The step catalogue (golive/catalogue.py), docs/STEPS.md, and the message for an undefined step."""

import subprocess
import sys
from pathlib import Path

import pytest

from golive.catalogue import StepEntry, collect, language_label, render_markdown, suggest, undefined_steps
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


@pytest.fixture(scope="module")
def suite_catalogue():
    return collect(FEATURES)


def test_an_undeclared_steps_language_is_its_examples_feature_file_and_says_so(sample_catalogue):
    entry = sample_catalogue["registrerer Luna lægevalget"]
    assert (entry.language, entry.declared, language_label(entry)) == ("da", False, "dansk (its example's)")
    assert sample_catalogue["the citizen orders a new health card"].language == "en"


def test_an_undeclared_step_without_an_example_is_not_guessed():
    entry = StepEntry("der bogføres intet gebyr", "then", "steps/x.py", "f", "parse", [], "")
    assert language_label(entry) == "undeclared"


def test_every_step_sentence_of_the_suite_declares_its_language(suite_catalogue):
    undeclared = [e.pattern for e in suite_catalogue if not e.declared or e.language not in ("da", "en")]
    assert undeclared == [], f"declare these with da(...) or en(...) (features/steps/__init__.py): {undeclared}"


@pytest.mark.parametrize("sentence", [
    "the Servicebus delivers messages about {emne:Emne} late",
    "a citizen in sikringsgruppe {gruppe:Gruppe} living in {kommune:Kommune} Kommune without a doctor",
    "Luna registers {rolle:Rolle} with {praksis:Praksis} exactly once",
    "the citizen is in sikringsgruppe {gruppe:Gruppe}",
    "{rolle:Rolle} chooses {praksis:Praksis}",
])
def test_english_sentences_are_labelled_english(suite_catalogue, sentence):
    assert {e.language for e in suite_catalogue if e.pattern == sentence} == {"en"}


@pytest.mark.parametrize("sentence", ["{nabo:Nabo} er nede", "kortet er gratis", "fejlprofilen \"{navn:Fejlprofil}\""])
def test_danish_sentences_are_labelled_danish(suite_catalogue, sentence):
    assert {e.language for e in suite_catalogue if e.pattern == sentence} == {"da"}


def test_a_declared_language_agrees_with_the_feature_file_that_uses_the_step(suite_catalogue):
    disagree = [(e.pattern, e.language, e.example.feature) for e in suite_catalogue
                if e.example and e.example.language != e.language]
    assert disagree == []


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


def test_docs_steps_html_is_in_sync_with_features():
    expected = subprocess.run([sys.executable, "-m", "golive.cli", "steps", "--html"], capture_output=True,
                              text=True, cwd=ROOT, check=True).stdout
    actual = (ROOT / "docs" / "steps.html").read_text(encoding="utf-8")
    assert actual == expected, "docs/steps.html is stale: run `golive steps --html > docs/steps.html`"


def test_the_html_catalogue_needs_nothing_from_the_internet():
    page = (ROOT / "docs" / "steps.html").read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page and "<script src" not in page
    assert 'id="search"' in page


def test_an_enumerated_parameter_lists_its_allowed_values_in_the_catalogue(suite_catalogue):
    markdown = render_markdown(suite_catalogue)
    assert "rolle: one of 'borgeren', 'the citizen', 'barnet', 'the child', 'forælderen', 'the parent'" in markdown
    assert '<a id="values-kommune"></a>**kommune**: Aabenraa, Aalborg, Aarhus' in markdown
