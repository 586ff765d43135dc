"""golive lint (golive/lint.py, golive/gherkin_check.py): each kind of finding, its file:line form, JUnit output,
exit codes, and the real suite linting clean."""

from __future__ import annotations

import re
from datetime import date
from xml.etree import ElementTree

import pytest

from golive.cli import main
from golive.config import ROOT
from golive.gherkin_check import keyword_findings
from golive.lint import lint
from golive.parameters import Invalid, date_value, municipality_type

FEATURES = ROOT / "features"
CORPUS = ROOT / "tests" / "data" / "broken-features"


def _write(tmp_path, text, name="x.feature"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _found(path, steps=FEATURES):
    """The findings for a small feature written to show one kind of finding; most have no Så step, which is a
    finding of its own (test_a_scenario_without_a_then_step_is_a_warning), left out here."""
    return [f for f in lint([path], steps).findings if f.kind != "unchecked"]


def test_the_real_suite_lints_clean():
    report = lint([FEATURES], FEATURES)
    assert report.findings == [] and report.exit_code == 0 and len(report.files) >= 10


def test_a_misspelt_outline_names_the_danish_keyword():
    [finding] = keyword_findings("x.feature", "# language: da\nEgenskab: a\n  Abstrakt Scenarie: b\n")
    assert (finding.line, finding.kind) == (3, "keyword") and "did you mean 'Abstrakt Scenario:'" in finding.message


def test_an_english_step_keyword_in_a_danish_file_names_the_danish_one():
    [finding] = keyword_findings("x.feature", "# language: da\nEgenskab: a\n  Scenarie: b\n    Then c\n")
    assert finding.line == 4 and "write 'Så'" in finding.message


def test_a_danish_file_without_language_line_is_told_once():
    findings = keyword_findings("x.feature", "Egenskab: a\n  Scenarie: b\n    Givet c\n")
    assert [(f.line, f.kind) for f in findings] == [(1, "language")]


def test_description_text_is_not_taken_for_a_keyword():
    text = "# language: da\nEgenskab: a\n  Som borger vil jeg: vælge læge\n  Note: om flytning\n  Scenarie: b\n"
    assert keyword_findings("x.feature", text) == []


def test_an_outline_row_with_a_bad_value_is_reported_at_the_row(tmp_path):
    path = _write(tmp_path, "# language: da\nEgenskab: a\n  Abstrakt Scenario: b\n    Givet at dags dato er <d>\n\n"
                            "    Eksempler:\n      | d |\n      | 2024-03-01 |\n      | 2024-13-01 |\n")
    [finding] = _found(path)
    assert (finding.line, finding.kind) == (9, "parameter") and "there is no month 13" in finding.message
    assert "step at line 4" in finding.message


def test_an_undefined_step_names_three_closest(tmp_path):
    path = _write(tmp_path, "# language: da\nEgenskab: a\n  Scenarie: b\n    Givet at dags datoen er 2024-03-01\n")
    [finding] = _found(path)
    assert finding.kind == "undefined" and "closest: 'at dags dato er {dato:Dato}'" in finding.message
    assert finding.message.count("'; '") == 2


def test_an_ambiguous_step_names_each_definition():
    [finding] = _found(CORPUS / "ambiguous", CORPUS / "ambiguous")
    assert finding.kind == "ambiguous" and "dags_dato " in finding.message and "dags_dato_igen" in finding.message


def test_unused_step_definitions_are_warnings_only_when_asked(tmp_path):
    path = _write(tmp_path, "# language: da\nEgenskab: a\n  Scenarie: b\n    Givet at dags dato er 2024-03-01\n")
    assert _found(path) == []
    report = lint([path], FEATURES, unused=True)
    assert report.findings and {f.severity for f in report.findings} == {"warning"} and report.exit_code == 0
    assert lint([path], FEATURES, unused=True, strict=True).exit_code == 1


def test_a_folder_without_feature_files_is_a_finding(tmp_path, capsys):
    (tmp_path / "tom").mkdir()
    assert main(["lint", str(tmp_path / "tom")]) == 1
    assert "no feature files in this folder" in capsys.readouterr().out


def test_exit_codes_clean_findings_and_usage(tmp_path, capsys):
    assert main(["lint", str(FEATURES / "laegevalg")]) == 0
    assert main(["lint", str(CORPUS / "impossible_date.feature")]) == 1
    assert main(["lint", str(tmp_path / "no-such-folder")]) == 2
    with pytest.raises(SystemExit) as exit_:
        main(["lint", "--no-such-option"])
    assert exit_.value.code == 2


def test_junit_has_one_testcase_per_file_and_a_failure_per_finding(tmp_path, capsys):
    junit = tmp_path / "lint.xml"
    assert main(["lint", str(CORPUS / "impossible_date.feature"), str(FEATURES / "cpr"), "--junit", str(junit)]) == 1
    suite = ElementTree.parse(junit).getroot()
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert len(cases) == 1 + len(list((FEATURES / "cpr").glob("*.feature"))) and suite.get("failures") == "1"
    [failure] = [c.find("failure") for c in cases.values() if c.find("failure") is not None]
    assert "February 2024 has 29 days" in failure.get("message") and ":5: error: " in failure.text


def test_a_date_converter_returns_invalid_instead_of_raising():
    assert date_value("2024-03-01") == date(2024, 3, 1)
    assert isinstance(date_value("2024-02-30"), Invalid)


def test_a_municipality_is_found_in_any_case_and_an_unknown_one_gets_the_nearest():
    convert = municipality_type(["Aarhus", "Odense"])
    assert convert("aarhus") == "Aarhus"
    invalid = convert("Århus")
    assert isinstance(invalid, Invalid) and "did you mean 'Aarhus'?" in invalid.message


def test_an_explored_citizens_traits_are_read_whole_and_a_wrong_one_is_named_with_the_nearest(tmp_path):
    from features.steps import TYPES

    traits = TYPES["Borgerdata"]
    # "navne- og adressebeskyttelse" holds the separator itself: the longest known run is read whole
    assert traits("navne- og adressebeskyttelse og er over 67 år") == ("protected", "senior")
    assert traits("has no fixed residence and turns 15 today") == ("no-fixed", "turning-15")
    path = _write(tmp_path, "# language: da\nEgenskab: a\n  Scenarie: b\n    Givet at dags dato er 2024-03-01\n"
                            "    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge og "
                            "er uden fast bopæl og er over 76 år\n")
    [finding] = _found(path)
    assert (finding.line, finding.kind) == (5, "parameter")
    assert "'er over 76 år' is not a trait of an explored citizen" in finding.message
    assert "did you mean 'er over 67 år'?" in finding.message


def test_a_file_saved_as_windows_1252_is_named_with_its_line_not_a_traceback(tmp_path):
    path = tmp_path / "ansi.feature"
    path.write_bytes("# language: da\nEgenskab: blå\n  Scenarie: x\n    Givet at dags dato er 2024-03-01\n".encode("cp1252"))
    [finding] = _found(path)
    assert (finding.line, finding.kind) == (2, "parse") and "not saved as UTF-8" in finding.message
    assert "0xE5 ('å'" in finding.message


def test_a_scenario_without_steps_and_an_outline_without_rows_are_errors(tmp_path):
    path = _write(tmp_path, "# language: da\nEgenskab: a\n  Scenarie: tom\n\n  Abstrakt Scenario: ingen rækker\n"
                            "    Givet at dags dato er <d>\n\n    Eksempler:\n      | d |\n")
    findings = _found(path)
    assert [(f.line, f.kind) for f in findings] == [(3, "empty"), (5, "empty")]
    assert "has no steps: it would pass having checked nothing" in findings[0].message
    assert "has no Examples rows: it runs nothing" in findings[1].message


def test_an_outline_placeholder_without_a_column_is_named_at_its_step_and_an_unused_column_warned(tmp_path):
    path = _write(tmp_path, "# language: da\nEgenskab: a\n  Abstrakt Scenario: b\n    Givet at dags dato er <dato>\n"
                            "    Og en borger i sikringsgruppe 1 bosat i <kommune> Kommune med egen læge\n\n"
                            "    Eksempler:\n      | dato       | by     |\n      | 2024-03-01 | Aarhus |\n")
    findings = _found(path)
    assert [(f.line, f.kind, f.severity) for f in findings] == [(5, "parameter", "error"), (7, "parameter", "warning")]
    assert "the placeholder <kommune> has no column in the Examples table at line 7 (its columns: dato, by)" in (
        findings[0].message
    )
    assert "the Examples column 'by' is used by no step" in findings[1].message


def test_a_then_step_written_after_givet_is_named_as_a_then_step(tmp_path):
    path = _write(tmp_path, "# language: da\nEgenskab: a\n  Scenarie: b\n    Givet at dags dato er 2024-03-01\n"
                            "    Og lægevalget accepteres med virkning om 14 dage\n")
    [finding] = _found(path)
    assert finding.line == 5 and "is written as a Givet (Given) step, but the step library has it as a Så (Then)" in (
        finding.message
    )


def test_a_distance_takes_a_danish_decimal_comma_and_a_wrong_one_is_explained():
    from features.steps import TYPES

    assert TYPES["Km"]("4,5") == 4.5 and TYPES["Km"]("12") == 12.0
    wrong = TYPES["Km"]("4.5.1")
    assert isinstance(wrong, Invalid) and "is not a distance (km)" in wrong.message


def test_steps_under_a_header_that_lost_its_colon_are_named_but_prose_in_a_description_is_not(tmp_path):
    path = _write(tmp_path, "# language: da\nEgenskab: a\n  Når en praksis lukker, vælger patienterne ny læge.\n\n"
                            "  Scenarie Lægeskift uden kolon\n    Givet at dags dato er 2024-03-01\n")
    [finding] = _found(path)
    assert (finding.line, finding.kind) == (6, "keyword")
    assert "is under no scenario, so it never runs; line 5 lacks the colon of its header: write 'Scenarie:'" in (
        finding.message
    )


def test_an_unknown_header_the_parser_cannot_read_lists_the_languages_header_keywords(tmp_path):
    # "Scenarieskabelon" is what a Danish test manager may call an outline; it is no keyword, and after a step the
    # parser cannot read it at all (not even as description)
    path = _write(tmp_path, "# language: da\nEgenskab: a\n  Scenarie: b\n    Givet at dags dato er 2024-03-01\n"
                            "  Scenarieskabelon: c\n    Givet at dags dato er <d>\n")
    [finding] = _found(path)
    assert (finding.line, finding.kind) == (5, "parse")
    assert "'Scenarieskabelon:' is not a Gherkin keyword in Danish" in finding.message
    assert "'Abstrakt Scenario:' (a scenario run once per row of its examples)" in finding.message


def test_an_undefined_step_is_offered_the_steps_of_its_kind_sharing_its_words(tmp_path):
    path = _write(tmp_path, "# language: da\nEgenskab: a\n  Scenarie: b\n    Givet at dags dato er 2024-03-01\n"
                            "    Så afvises valget med årsagen afstandsregel\n")
    [finding] = _found(path)
    assert finding.kind == "undefined" and "closest: 'lægevalget afvises" in finding.message


def test_a_group_that_does_not_exist_and_a_misspelt_intake_are_named_not_taken(tmp_path):
    # "sikringsgruppe 3" matched {gruppe:d} and ran; "aaben" was read as closed for intake: both silently wrong
    path = _write(tmp_path, "# language: da\nEgenskab: a\n  Scenarie: b\n    Givet at dags dato er 2024-03-01\n"
                            "    Og borger 1 i sikringsgruppe 3 bosat i Aarhus Kommune med egen læge\n"
                            "    Og praksis 1 aaben for tilgang ligger 4 km fra borger 1s bopæl\n")
    findings = _found(path)
    assert [(f.line, f.kind) for f in findings] == [(5, "parameter"), (6, "parameter")]
    assert "'3' is not a sikringsgruppe" in findings[0].message and "Known: '1', '2'" in findings[0].message
    assert "did you mean 'åben'?" in findings[1].message


def test_an_empty_examples_cell_is_named_at_its_row(tmp_path):
    path = _write(tmp_path, "# language: da\nEgenskab: a\n  Abstrakt Scenario: b\n    Givet at dags dato er 2024-03-01\n"
                            "    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge\n"
                            "    Når borger 1 skifter til sikringsgruppe <ny>\n\n    Eksempler:\n      | ny |\n      | 2 |\n"
                            "      |    |\n")
    [finding] = _found(path)
    assert (finding.line, finding.kind) == (11, "parameter") and "leaves 'ny' empty" in finding.message


def test_a_scenario_without_a_then_step_is_a_warning_and_golive_run_says_it(tmp_path, capsys):
    path = _write(tmp_path, "# language: da\nEgenskab: a\n\n  Scenarie: b\n    Givet at dags dato er 2024-03-01\n"
                            "    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge\n"
                            "    Når borgeren skifter til sikringsgruppe 2\n")
    [finding] = lint([path], FEATURES).findings
    assert (finding.line, finding.kind, finding.severity) == (4, "unchecked", "warning")
    assert "has no Så (Then) step: it checks only the cross-system invariants" in finding.message
    assert lint([path], FEATURES, strict=True).exit_code == 1
    from golive.lint import before_run

    assert before_run(path, FEATURES) == 0  # a warning does not stop the run, but the test manager is told
    assert f"{path}:4: warning: scenario 'b' has no Så (Then) step" in capsys.readouterr().out
    checked = _write(tmp_path, "# language: da\nEgenskab: a\n\n  Baggrund:\n    Givet at dags dato er 2024-03-01\n"
                               "\n  Scenarie: b\n    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge\n"
                               "    Når borgeren skifter til sikringsgruppe 2\n    Så borgeren er i sikringsgruppe 1\n",
                     "checked.feature")
    assert lint([checked], FEATURES).findings == []


def test_every_whole_number_parameter_of_the_catalogue_has_its_range():
    # a new step with a {name:d} parameter must say how small it may be, or "-14 dage" would run (WHOLE_NUMBERS)
    from golive.catalogue import collect
    from golive.parameters import WHOLE_NUMBERS

    whole = {name for e in collect(FEATURES) for name in re.findall(r"\{(\w+):d\}", e.pattern)}
    assert whole and whole <= set(WHOLE_NUMBERS), f"no range for {sorted(whole - set(WHOLE_NUMBERS))}"


def test_a_when_or_then_step_in_the_background_is_an_error(tmp_path):
    path = _write(tmp_path, "# language: da\nEgenskab: a\n\n  Baggrund:\n    Givet at dags dato er 2024-03-01\n"
                            "    Så skiftet koster 225 kr.\n\n  Scenarie: b\n"
                            "    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge\n"
                            "    Når borgeren skifter til sikringsgruppe 2\n    Så skiftet koster 225 kr.\n")
    [finding] = lint([path], FEATURES).findings
    assert (finding.line, finding.kind, finding.severity) == (6, "background", "error")
    assert "is a 'Scenarie:' (Scenario) header missing above line 6?" in finding.message
    assert "is in the Baggrund (Background), which runs before every scenario's own steps" in finding.message
    assert "holds only Givet (Given) steps" in finding.message


@pytest.mark.parametrize(
    "tag",
    ["@cpr", "@flytning", "@krav:SYG-101", "@fundet", "@seed:3", "@datavariation:cpr_kind,name_kind",
     "@fejlprofil:ustabil-luna", "@defekt:fee-in-kroner", "@kravspec", "@data"],
)
def test_tags_golive_acts_on_with_known_values_and_ordinary_tags_pass(tag):
    from golive.tag_check import tag_message

    assert tag_message(tag) is None


@pytest.mark.parametrize(
    ("tag", "said"),
    [
        ("@datavariation", "needs its value after a colon"),
        ("@datavariation:", "has no value after the colon"),
        ("@datavariation:cpr_kind,,group", "an empty dimension"),
        ("@datavariation:group,group", "a dimension named twice"),
        ("@defekt:fee-in-kroners", "did you mean 'fee-in-kroner'"),
        ("@seed:x", "is not a seed"),
        ("@Fundet", "did you mean '@fundet'"),
        ("@fejlprofill:ustabil-luna", "did you mean '@fejlprofil:ustabil-luna'"),
    ],
)
def test_a_tag_golive_acts_on_written_wrong_is_told_with_the_nearest(tag, said):
    from golive.tag_check import tag_message

    assert said in (tag_message(tag) or "")


def test_golive_run_checks_the_steps_of_a_folder_outside_features_too(tmp_path, capsys):
    """The runner collects every selection with the step library, so an undefined step in a folder elsewhere stops
    the run at its lint (it did not: the folder's steps went unchecked and the run started)."""
    from golive.lint import before_run

    _write(tmp_path, "# language: da\nEgenskab: a\n  Scenarie: b\n    Givet at dags dato er 2024-03-01\n"
                     "    Så E-flyt modtager en kvittering om gennemført flytning\n")  # fmt: skip
    assert before_run(tmp_path, FEATURES) == 1
    assert "undefined step 'Så E-flyt modtager en kvittering om gennemført flytning'" in capsys.readouterr().out
    from golive.config import ROOT
    from golive.lint import _own_suite

    assert _own_suite(ROOT / "tests" / "data" / "bdd_sample" / "undefined")  # the sample suite has its own steps
    assert not _own_suite(ROOT / "benchmarks")  # a folder at this project's root: its conftest.py is this project's
