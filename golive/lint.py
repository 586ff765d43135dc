"""`golive lint [PATHS…]`: the mistakes in feature files, found in a second, offline, without building a world or
running pytest, and told in business words with `file:line` (one per line, as compilers print them, so editors and CI
annotations read them).

Why: a misspelt keyword, an impossible date or a step no definition matches used to show up only when the suite ran
(or, worse, not at all). The linter finds, per feature file:

- how it is written (golive/gherkin_check.py): keywords of the wrong language or misspelt, a missing
  `# language: da` line, a parse error, two scenarios with one name;
- every step (background and outline steps included; an outline's step once per Examples row, with the
  `<placeholders>` filled in and the row's line reported): no step definition matches it (the three closest are
  named, golive.catalogue.suggest), more than one matches (ambiguous, each named), or a parameter value is not of its
  kind (the typed parameters of golive/parameters.py: the same converters the scenarios run with);
- a folder with no feature files.

Unused step definitions are not a mistake in a feature file: `--unused` lists them as warnings (many English
sentences exist for vendors' English suites and have no scenario here). Warnings do not fail the lint unless
`--strict`. Exit codes: 0 clean, 1 findings, 2 usage error (a path that does not exist).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from golive.collection import shown_path
from golive.gherkin_check import Finding, bdd_finding, declared_language, file_findings
from golive.gherkin_shape import outline_lines
from golive.parameters import invalid_arguments

PLACEHOLDER = re.compile(r"<([^<>]+)>")


class UsageError(Exception):
    """The command was asked something it cannot do (a path that does not exist): exit code 2."""


@dataclass
class Report:
    files: list[str]  # every feature file linted, as shown
    findings: list[Finding]
    strict: bool = False

    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error" or self.strict]

    @property
    def exit_code(self) -> int:
        return 1 if self.failing() else 0


def feature_files(paths: Iterable[Path]) -> tuple[list[Path], list[Finding]]:
    """The feature files under the paths, and a finding for every folder without one."""
    files: list[Path] = []
    findings: list[Finding] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"no such folder or feature file: {path}")
        if path.is_file():
            files.append(path.resolve())
            continue
        found = sorted(p.resolve() for p in path.rglob("*.feature") if "steps" not in p.relative_to(path).parts[:-1])
        if not found:
            findings.append(Finding(shown_path(path), 0, "no feature files in this folder: nothing would run", "empty"))
        files += found
    return list(dict.fromkeys(files)), findings


# The step type to suggest for a step written under the wrong keyword, by the position it was written in: after a Så
# a step that acts ("der er gået 14 dage" exists as Givet and Når) belongs under Når, not under a Givet.
NEXT_BEST = {"given": ("when", "then"), "when": ("given", "then"), "then": ("when", "given")}
# What looks like the text a step wants but is not: invisible or typographic characters, pasted from Word or Outlook.
LOOKALIKES = {
    "\u00a0": ("a non-breaking space", " "),
    "\u202f": ("a narrow non-breaking space", " "),
    "\u2007": ("a figure space", " "),
    "\u200b": ("a zero-width space", ""),
    "\u00ad": ("a soft hyphen", ""),
    "\u201c": ("curly quotes", '"'),
    "\u201d": ("curly quotes", '"'),
    "\u201e": ("curly quotes", '"'),
    "\u2018": ("curly quotes", "'"),
    "\u2019": ("curly quotes", "'"),
    "\t": ("a tab", " "),
}
COMMENT_AT_END = re.compile(r"\s+#.*$")
THOUSANDS = re.compile(r"\b(\d{1,3})\.(\d{3})\b")  # 22.500 (Danish) for 22500
WHOLE_WITH_DECIMALS = re.compile(r"\b(\d+),00\b")  # 225,00 kr. for 225 kr.


def invisible_differences(text: str) -> tuple[str, str]:
    """The text as a step would have it, and what was different in words ("" when nothing): look-alike characters,
    two spaces where one belongs, and a `# comment` at the end of the line (Gherkin has comments on lines of their own
    only: the words after '#' are part of the step)."""
    found: list[str] = []
    mended = text
    for char, (name, instead) in LOOKALIKES.items():
        if char in mended:
            found.append(name)
            mended = mended.replace(char, instead)
    if COMMENT_AT_END.search(mended):
        found.append("the '#' comment at its end (a comment goes on a line of its own)")
        mended = COMMENT_AT_END.sub("", mended)
    if "  " in mended.strip():
        found.append("two spaces where one belongs")
    whole = WHOLE_WITH_DECIMALS.sub(r"\1", THOUSANDS.sub(r"\1\2", mended))
    if whole != mended:
        found.append("a whole number written with a thousands separator or ',00' (the step takes it as digits only)")
        mended = whole
    mended = " ".join(mended.split())
    if mended.endswith(".") and not mended.endswith(" kr."):
        found.append("a full stop at its end (a step is no sentence)")
        mended = mended.removesuffix(".")
    return mended, ", ".join(dict.fromkeys(found))


def _step_text(step: Any) -> str:
    return f"{step.keyword.strip()} {step.name}"


class StepChecker:
    """Checks step lines against one step library (the catalogue of `<steps_dir>/steps`)."""

    def __init__(self, steps_dir: Path | None) -> None:
        """`steps_dir` None: no step library is known, so steps are not checked (only how files are written)."""
        from golive.catalogue import collect

        self.entries = collect(steps_dir) if steps_dir is not None and (steps_dir / "steps").is_dir() else []
        self.steps_dir = steps_dir or Path()
        self.checking = steps_dir is not None
        self.used: set[int] = set()

    def check(
        self,
        shown: str,
        line: int,
        step_type: str,
        keyword: str,
        text: str,
        where: str = "",
        attached: Iterable[str] = (),
    ) -> list[Finding]:
        """The findings for one step line; `attached`: what is written under it ("datatable", "docstring")."""
        from golive.catalogue import STEP_TYPES, suggest, wrong_type_message

        if not self.checking:
            return []
        matches = [e for e in self.entries if e.matches(step_type, text)]
        matches = list({(e.module, e.function, e.pattern): e for e in matches}.values())
        self.used |= {id(e) for e in matches}
        shown_step = f"'{keyword} {text}'{where}"
        elsewhere = [t for t in NEXT_BEST[step_type] if any(e.matches(t, text) for e in self.entries)]
        if not matches and elsewhere:
            return [Finding(shown, line, wrong_type_message(shown_step, step_type, elsewhere[0]), "undefined")]
        if not matches:
            mended, what = invisible_differences(text)
            if what and any(e.matches(t, mended) for t in STEP_TYPES for e in self.entries):
                return [
                    Finding(
                        shown,
                        line,
                        f"undefined step {shown_step}: it holds {what}, which looks like the step's text but is not; "
                        f"written plainly it is the step '{mended}'",
                        "undefined",
                    )
                ]
            unfilled = PLACEHOLDER.search(text)
            if unfilled:
                return [
                    Finding(
                        shown,
                        line,
                        f"undefined step {shown_step}: '{unfilled.group(0)}' is a placeholder, which an 'Eksempler:' "
                        f"(Examples) table with a column '{unfilled.group(1)}' fills in, but no such table fills it "
                        f"here: write the scenario as 'Abstrakt Scenario:' with 'Eksempler:' below, or write the value",
                        "parameter",
                    )
                ]
            same_kind = [e.pattern for e in self.entries if e.type == step_type] or [e.pattern for e in self.entries]
            closest = "; ".join(f"'{p}'" for p in suggest(text, same_kind))
            return [
                Finding(
                    shown,
                    line,
                    f"undefined step {shown_step}: no step definition matches it; closest: {closest or 'none'} "
                    f"(docs/STEPS.md lists every step)",
                    "undefined",
                )
            ]
        if len(matches) > 1:
            named = "; ".join(f"{e.module}:{e.function} '{e.pattern}'" for e in matches)
            return [
                Finding(
                    shown, line, f"ambiguous step {shown_step}: {len(matches)} definitions match: {named}", "ambiguous"
                )
            ]
        return [
            Finding(shown, line, f"{invalid.message} (in {shown_step})", "parameter")
            for invalid in invalid_arguments(matches[0].arguments(text) or {})
        ] + unread_attachments(shown, line, shown_step, attached, matches[0].takes)

    def unused(self) -> list[Finding]:
        return [
            Finding(
                shown_path(self.steps_dir / e.module),
                getattr(e, "_line", 0),
                f"step definition '{e.pattern}' ({e.function}) is used by no feature file linted",
                "unused",
                "warning",
            )
            for e in self.entries
            if id(e) not in self.used
        ]


def unread_attachments(
    shown: str, line: int, shown_step: str, attached: Iterable[str], takes: frozenset[str]
) -> list[Finding]:
    """A data table or doc string under a step whose function does not read it: pytest-bdd drops it silently, so
    the values the test manager wrote there would never reach the run."""
    from golive.catalogue import ATTACHMENTS

    return [
        Finding(
            shown,
            line,
            f"{ATTACHMENTS[a]} is written under {shown_step}, but that step reads none: its values would be ignored; "
            f"write them into the step sentence (docs/STEPS.md) or remove it",
            "parameter",
        )
        for a in attached
        if a not in takes
    ]


def step_mistakes(where: str, step: Any, step_func: Any, step_func_args: dict[str, Any]) -> list[str]:
    """What is wrong with one step as it is about to run: a parameter value not of its kind, or a data table or doc
    string its function does not read (the plugin fails the step with these, in business words)."""
    from golive.catalogue import attachments_taken

    said = [i.message for i in invalid_arguments(step_func_args)]
    taken = attachments_taken(step_func)
    return said + [f.message for f in unread_attachments(where, 0, f"'{step.name}'", attachments(step), taken)]


def attachments(step: Any) -> tuple[str, ...]:
    """What is written under a parsed pytest-bdd step: "datatable", "docstring"."""
    return tuple(a for a in ("datatable", "docstring") if getattr(step, a, None) is not None)


def _outline_rows(document: Any) -> dict[int, list[tuple[int, dict[str, str]]]]:
    """Scenario line -> its Examples rows as (row line, {placeholder: value}), read from the gherkin document (which
    keeps each row's line; pytest-bdd's Examples do not)."""
    rows: dict[int, list[tuple[int, dict[str, str]]]] = {}
    children = list(document.feature.children)
    for child in list(children):
        if child.rule is not None:
            children += child.rule.children
    for child in children:
        scenario = child.scenario
        if scenario is None:
            continue
        for examples in scenario.examples:
            if examples.table_header is None:
                continue
            names = [cell.value for cell in examples.table_header.cells]
            for row in examples.table_body or []:
                values = dict(zip(names, (cell.value for cell in row.cells), strict=False))
                rows.setdefault(scenario.location.line, []).append((row.location.line, values))
    return rows


def fill_in(text: str, values: dict[str, str]) -> str:
    """An outline step's text with an Examples row's values in place of its <placeholders>."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def lint_file(path: Path, checker: StepChecker) -> list[Finding]:
    from pytest_bdd.exceptions import GherkinParseError
    from pytest_bdd.parser import FeatureParser

    shown = shown_path(path)
    findings, document = file_findings(path, shown)
    if document is None or document.feature is None:
        return findings
    try:
        feature = FeatureParser(str(path.parent), path.name).parse()
    except GherkinParseError as error:  # pytest-bdd's own rule (a scenario opening with 'Og'): no traceback
        code = declared_language(path.read_text(encoding="utf-8").splitlines()) or "en"
        errors = any(f.severity == "error" for f in findings)  # a misread keyword above is the cause, told already
        return findings if errors else findings + [bdd_finding(shown, error, code)]
    rows = _outline_rows(document)
    outlines = outline_lines(document)
    seen: set[tuple[int, str]] = set()
    for template in feature.scenarios.values():
        for step in template.steps:
            contexts = rows.get(template.line_number, []) if PLACEHOLDER.search(step.name) else []
            if not contexts and PLACEHOLDER.search(step.name) and template.line_number in outlines:
                continue  # an outline without rows: golive/gherkin_shape.py reports it; the step has no value yet
            if not contexts:
                if (step.line_number, step.name) not in seen:  # a background step once, not once per scenario
                    seen.add((step.line_number, step.name))
                    findings += checker.check(
                        shown, step.line_number, step.type, step.keyword.strip(), step.name, "", attachments(step)
                    )
                continue
            for row_line, values in contexts:
                text = fill_in(step.name, values)
                if PLACEHOLDER.search(text):
                    continue  # a placeholder without a column: golive/gherkin_shape.py reports it at the step
                where = f" (step at line {step.line_number}, Examples row)"
                found = checker.check(shown, row_line, step.type, step.keyword.strip(), text, where, attachments(step))
                empty = [name for name in PLACEHOLDER.findall(step.name) if not values.get(name, "x").strip()]
                if empty and any(f.kind == "undefined" for f in found):  # the blank cell is the mistake, say so
                    cells = " and ".join(f"'{name}'" for name in empty)
                    found = [
                        Finding(
                            shown,
                            row_line,
                            f"the Examples row leaves {cells} empty, which the step at line "
                            f"{step.line_number} needs ('{step.keyword.strip()} {step.name}'): fill it in",
                            "parameter",
                        )
                    ]
                findings += found
    return findings


def lint(paths: Iterable[Path | str], steps_dir: Path | None, *, unused: bool = False, strict: bool = False) -> Report:
    """Lint the feature files under `paths` against the step library in `steps_dir/steps` (None: no step checks)."""
    files, findings = feature_files(Path(p) for p in paths)
    checker = StepChecker(Path(steps_dir) if steps_dir is not None else None)
    for path in files:
        findings += lint_file(path, checker)
    if unused:
        findings += checker.unused()
    findings.sort(key=lambda f: (f.severity != "error", f.path, f.line))
    return Report([shown_path(p) for p in files], findings, strict)


def junit_xml(report: Report) -> str:
    """JUnit XML: one testcase per feature file (and per empty folder), one failure per finding, so a CI that reads
    test reports shows each mistake where it is."""
    by_file: dict[str, list[Finding]] = {name: [] for name in report.files}
    for finding in report.findings:
        by_file.setdefault(finding.path, []).append(finding)
    failing = set(map(id, report.failing()))
    suite = ElementTree.Element(
        "testsuite",
        name="golive lint",
        tests=str(len(by_file)),
        failures=str(sum(1 for fs in by_file.values() if any(id(f) in failing for f in fs))),
        errors="0",
    )
    for name, found in by_file.items():
        case = ElementTree.SubElement(suite, "testcase", classname="golive.lint", name=name)
        for finding in found:
            if id(finding) in failing:
                element = ElementTree.SubElement(case, "failure", message=finding.message, type=finding.kind)
            else:
                element = ElementTree.SubElement(case, "system-out")
            element.text = finding.gcc()
    ElementTree.indent(suite)
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def render(report: Report) -> str:
    """The findings, one `file:line: severity: message` per line."""
    return "".join(f"{f.gcc()}\n" for f in report.findings)


def summary(report: Report) -> str:
    errors = sum(f.severity == "error" for f in report.findings)
    warnings = len(report.findings) - errors
    return f"golive lint: {len(report.files)} feature files, {errors} errors, {warnings} warnings"


def main(paths: list[str], steps_dir: Path, *, unused: bool, strict: bool, junit: str | None) -> int:
    """`golive lint`: print the findings (stdout) and a summary (stderr); exit 0 clean, 1 findings, 2 usage error."""
    import sys

    try:
        report = lint(paths or [steps_dir], steps_dir, unused=unused, strict=strict)
    except UsageError as exc:
        print(f"golive lint: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render(report))
    if junit:
        Path(junit).parent.mkdir(parents=True, exist_ok=True)
        Path(junit).write_text(junit_xml(report), encoding="utf-8")
    print(summary(report), file=sys.stderr)
    return report.exit_code


def _own_suite(folder: Path) -> bool:
    """The folder is part of another pytest-bdd suite: a conftest.py or a steps/ package in it or the folder above."""
    from golive.config import ROOT

    here = folder.resolve()  # this project's own conftest.py (at its root) runs every selection with its steps
    return any((d / "conftest.py").is_file() or (d / "steps").is_dir() for d in (here, here.parent) if d != ROOT)


def before_run(target: Path, steps_dir: Path) -> int:
    """`golive run` lints the selected feature files first: errors stop the run (exit 1) with the findings printed,
    so a misread file never reaches pytest; warnings do not stop it. The steps are checked against `steps_dir`'s
    library wherever the runner collects the selection with it (golive/collection.py): in it, a feature file, or a
    folder elsewhere, so an undefined step there is as sure to fail -- unless the folder belongs to another suite with
    steps of its own (a conftest.py or steps/ in it or the folder above), where only how its files are written is
    checked. A missing or empty selection, or a Python test module, is left to the run to report."""
    if not target.exists() or (target.is_file() and target.suffix != ".feature"):
        return 0
    inside = target.resolve().is_relative_to(steps_dir.resolve())
    report = lint([target], steps_dir if inside or target.is_file() or not _own_suite(target) else None)
    errors = [f for f in report.findings if f.severity == "error" and not (f.kind == "empty" and f.line == 0)]
    if errors:
        print("".join(f"{f.gcc()}\n" for f in errors) + summary(report) + ": fix the feature files; nothing ran")
        return 1
    warnings = [f for f in report.findings if f.severity == "warning"]
    if warnings:  # said before the run, which goes on: the test manager sees them beside its verdict
        print("".join(f"{f.gcc()}\n" for f in warnings) + summary(report))
    return 0
