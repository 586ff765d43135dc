"""What is wrong with a feature file's shape once it parses: its encoding, a scenario with no steps, an outline whose
placeholders and Examples columns do not meet. Read by golive/gherkin_check.py's `file_findings`, so `golive lint`
and the collection (a broken file is one failing test naming file and line) report them alike.

Why: each of these runs green while checking nothing or something else than written. A scenario without steps passes
having done nothing; an outline step's `<kommune>` without a `kommune` column is sent on as the text "<kommune>"; a
file saved as Windows-1252 (Notepad's "ANSI") stops the run with a decoding traceback instead of a line number.
"""

from __future__ import annotations

import re
from typing import Any

from golive.finding import Finding
from golive.parameters import nearest

PLACEHOLDER = re.compile(r"<([^<>]+)>")


def decoding_finding(path: str, data: bytes) -> Finding | None:
    """The first line that is not UTF-8, told in business words (None: the file is UTF-8)."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        guess = bytes([byte]).decode("cp1252", errors="replace")
        return Finding(
            path,
            line,
            f"the file is not saved as UTF-8: line {line} has the byte 0x{byte:02X} ('{guess}' in Windows-1252, "
            f'"ANSI"); save the file as UTF-8 (in Notepad: Save as, Encoding UTF-8)',
            "parse",
        )


def scenarios_of(document: Any) -> list[Any]:
    """The feature's scenarios, those inside its rules too."""
    children = list(document.feature.children)
    for child in list(children):
        if child.rule is not None:
            children += child.rule.children
    return [child.scenario for child in children if child.scenario is not None]


def _backgrounds(document: Any) -> list[Any]:
    children = list(document.feature.children)
    for child in list(children):
        if child.rule is not None:
            children += child.rule.children
    return [child.background for child in children if getattr(child, "background", None) is not None]


def _checks(steps: list[Any]) -> bool:
    """Some step is an outcome (Så/Then), by its keyword or as an Og/Men following one."""
    return any(getattr(step, "keyword_type", "") == "Outcome" for step in steps)


def _scene_after_outcome(path: str, scenario: Any) -> list[Finding]:
    """A Givet after a Så: a scenario sets its scene before it acts and checks, so a new scene after the checks is
    nearly always a second scenario whose 'Scenarie:' header was lost (its steps then run as one scenario, the second
    citizen replacing the first)."""
    checked = False
    for step in scenario.steps:
        kind = getattr(step, "keyword_type", "")
        checked = checked or kind == "Outcome"
        if checked and kind == "Context":
            return [
                Finding(
                    path,
                    step.location.line,
                    f"'{step.keyword.strip()} {step.text}' sets a scene after scenario '{scenario.name}' has checked "
                    f"its outcome (a Så step above): a scenario is Givet, then Når, then Så -- is a 'Scenarie:' "
                    f"(Scenario) header missing above line {step.location.line}?",
                    "order",
                )
            ]
    return []


def outline_lines(document: Any) -> set[int]:
    """The lines of the scenario outlines (those with Examples) of a parsed feature file."""
    if getattr(document, "feature", None) is None:
        return set()
    return {s.location.line for s in scenarios_of(document) if s.examples}


def shape_findings(path: str, document: Any) -> list[Finding]:
    """Scenarios without steps and outlines whose placeholders and Examples columns do not meet."""
    if getattr(document, "feature", None) is None:
        return []
    findings = []
    scenarios = scenarios_of(document)
    if not scenarios:
        findings.append(
            Finding(path, document.feature.location.line, "the feature has no scenarios: nothing would run", "empty")
        )
    background_checks = any(_checks(b.steps) for b in _backgrounds(document))
    for background in _backgrounds(document):
        for step in background.steps:
            if getattr(step, "keyword_type", "") in ("Action", "Outcome"):
                findings.append(
                    Finding(
                        path,
                        step.location.line,
                        f"'{step.keyword.strip()} {step.text}' is in the {background.keyword} (Background), which runs "
                        f"before every scenario's own steps: there it acts or checks before the scenario has set "
                        f"anything up; a {background.keyword} holds only Givet (Given) steps, move it into the "
                        f"scenarios -- or is a 'Scenarie:' (Scenario) header missing above line {step.location.line}?",
                        "background",
                    )
                )
                break  # the first tells it: the rest follows from the same missing header
    for scenario in scenarios:
        line = scenario.location.line
        if scenario.steps and not background_checks and not _checks(scenario.steps):
            findings.append(
                Finding(
                    path,
                    line,
                    f"scenario '{scenario.name}' has no Så (Then) step: it checks only the cross-system invariants, "
                    f"not the outcome it is about; add one (docs/STEPS.md lists them)",
                    "unchecked",
                    "warning",
                )
            )
        if not scenario.steps:
            findings.append(
                Finding(
                    path,
                    line,
                    f"scenario '{scenario.name}' has no steps: it would pass having checked nothing",
                    "empty",
                )  # fmt: skip
            )
            continue
        findings += _scene_after_outcome(path, scenario)
        used = {name: step.location.line for step in scenario.steps for name in PLACEHOLDER.findall(step.text)}
        tables = [e for e in scenario.examples if e.table_header is not None]
        if not scenario.examples:
            continue  # a plain scenario: a "<...>" in its text is the text itself
        if not tables or not any(e.table_body for e in tables):
            findings.append(
                Finding(
                    path, line, f"scenario outline '{scenario.name}' has no Examples rows: it runs nothing", "empty"
                )
            )
            continue
        for examples in tables:
            columns = [cell.value for cell in examples.table_header.cells]
            at = examples.location.line
            for name, step_line in used.items():
                if name not in columns:
                    close = nearest(name, columns, cutoff=0.6)
                    findings.append(
                        Finding(
                            path,
                            step_line,
                            f"the placeholder <{name}> has no column in the Examples table at line {at} "
                            f"(its columns: {', '.join(columns)}): the step would get the text '<{name}>'"
                            + (f"; did you mean <{close[0]}>?" if close else ""),
                            "parameter",
                        )
                    )
            for name in columns:
                if name not in used:
                    findings.append(
                        Finding(
                            path,
                            at,
                            f"the Examples column '{name}' is used by no step of '{scenario.name}' (no <{name}>)",
                            "parameter",
                            "warning",
                        )
                    )
    return findings
