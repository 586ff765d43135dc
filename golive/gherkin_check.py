"""What is wrong with how a feature file is written, before any step is looked up: keywords, language, parse errors,
duplicate scenario names. Used at collection (golive/collection.py: a broken file becomes one failing test) and by
`golive lint` (golive/lint.py).

Why a check of its own: the Gherkin parser reads any line that is not a keyword of the file's language as free
description text. `Abstrakt Scenarie:` (for `Abstrakt Scenario:`), an English `Given` in a `# language: da` file or a
Danish file without its language line then run nothing, and the run is green. Here a description line that looks
like a keyword (a short `Word(s):` header, or a step keyword's first word) is an error naming the nearest keyword of
the file's language. The keyword lists are the Gherkin project's own (gherkin-languages.json, bundled with the
`gherkin` package that pytest-bdd parses with), so no keyword is spelled here.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from golive.finding import Finding
from golive.gherkin_shape import decoding_finding, shape_findings
from golive.tag_check import tag_findings

__all__ = ["Finding", "file_findings", "keyword_findings"]

HEADER_KINDS = ("feature", "background", "scenario", "scenarioOutline", "examples", "rule")
STEP_KINDS = ("given", "when", "then", "and", "but")
SUITE_LANGUAGES = ("da", "en")  # whose step keywords are looked for in the other's files (the suite's two languages)
LANGUAGE_LINE = re.compile(r"\s*#\s*language\s*:\s*(\S+)\s*$")
HEADER_LIKE = re.compile(r"([^\W\d_][\w'-]*(?: [\w'-]+){0,3})\s*:")
KIND_WORDS = {  # what each header keyword begins, for a test manager choosing among them
    "feature": "the feature",
    "background": "steps before every scenario",
    "scenario": "a scenario",
    "scenarioOutline": "a scenario run once per row of its examples",
    "examples": "the rows of a scenario outline",
    "rule": "a business rule grouping scenarios",
}
CLOSE = 0.75  # how alike a header must be to a keyword to be called a misspelling of it
CLOSE_STEP = 0.8


@cache
def languages() -> dict[str, Any]:
    import gherkin

    return json.loads((Path(gherkin.__file__).parent / "gherkin-languages.json").read_text(encoding="utf-8"))


def language_name(code: str) -> str:
    entry = languages().get(code, {})
    if not entry or entry["name"] == entry["native"]:
        return entry.get("name", code)
    return f"{entry['name']} ({entry['native']})"


def _headers(code: str) -> dict[str, str]:
    """Header keyword -> its kind, for one language."""
    entry = languages()[code]
    return {word: kind for kind in HEADER_KINDS for word in entry[kind]}


def _steps(code: str) -> dict[str, str]:
    """Step keyword (without its trailing space, '*' left out) -> its kind."""
    entry = languages()[code]
    return {word.strip(): kind for kind in STEP_KINDS for word in entry[kind] if word.strip() != "*"}


def declared_language(lines: list[str]) -> str | None:
    """The `# language: xx` of the file's header (the comment lines before the first other line)."""
    for line in lines:
        if not line.strip():
            continue
        match = LANGUAGE_LINE.match(line)
        if match:
            return match.group(1)
        if not line.strip().startswith("#"):
            return None
    return None


def _is_keyword_line(text: str, code: str) -> bool:
    if text.startswith("* "):
        return True
    if any(text.startswith(word + ":") for word in _headers(code)):
        return True
    return any(text.startswith(word + " ") or text == word for word in _steps(code))


def _first_of(code: str, kind: str, *, step: bool) -> str:
    words = _steps(code) if step else _headers(code)
    return next(word for word, k in words.items() if k == kind)


def _other_languages_with(word: str, *, step: bool, among: tuple[str, ...] | None = None) -> list[str]:
    codes = among or tuple(languages())
    found = [c for c in codes if word in (_steps(c) if step else _headers(c))]
    return sorted(found, key=lambda c: (c not in SUITE_LANGUAGES, c))  # Danish and English first


def _closest(word: str, candidates: list[str], cutoff: float) -> str | None:
    """The candidate nearest the word; first one the word spells without æ, ø, å (Naar, Saa, Foelgende)."""
    spelt = {_without_danish_letters(c): c for c in candidates}
    if _without_danish_letters(word) in spelt:
        return spelt[_without_danish_letters(word)]
    by_folded = {c.casefold(): c for c in candidates}
    close = difflib.get_close_matches(word.casefold(), list(by_folded), 1, cutoff)
    return by_folded[close[0]] if close else None


def _without_danish_letters(word: str) -> str:
    """The word as a keyboard without æ, ø, å writes it (æ -> ae, ø -> oe, å -> aa), folded."""
    return word.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def _no_language_line(word: str, code: str) -> str:
    return (
        f"'{word}' is {languages()[code]['name']} but the file has no `# language: {code}` line — "
        f"add it as the first line (without it the file is read as English)"
    )


def _misread(text: str, code: str, declared: str | None) -> tuple[str, str] | None:
    """(kind, message) when a line the parser takes as description text looks like a keyword, else None."""
    name = language_name(code)
    header = HEADER_LIKE.match(text)
    if header:
        word = header.group(1)
        others = _other_languages_with(word, step=False)
        if others and declared is None and code == "en":
            return "language", _no_language_line(word, others[0])
        if others:
            kind = _headers(others[0])[word]
            right = _first_of(code, kind, step=False)
            return "keyword", (
                f"'{word}:' is a keyword in {languages()[others[0]]['name']}, but this file is {name}: "
                f"the line is read as description and nothing under it runs; write '{right}:'"
            )
        close = _closest(word, list(_headers(code)), CLOSE)
        if close:
            return "keyword", (
                f"'{word}:' is not a Gherkin keyword in {name}, so the line is read as description and nothing "
                f"under it runs; did you mean '{close}:'?"
            )
        for other in SUITE_LANGUAGES:
            near = _closest(word, list(_headers(other)), CLOSE) if other != code else None
            if near:
                right = _first_of(code, _headers(other)[near], step=False)
                return "keyword", (
                    f"'{word}:' looks like '{near}:', a keyword in {languages()[other]['name']}, but this file is "
                    f"{name}; write '{right}:'"
                )
    first = text.split(" ", 1)[0]
    others = _other_languages_with(first, step=True, among=tuple(c for c in SUITE_LANGUAGES if c != code))
    if others:
        if declared is None and code == "en":
            return "language", _no_language_line(first, others[0])
        right = _first_of(code, _steps(others[0])[first], step=True)
        return "keyword", (
            f"'{first}' is a step keyword in {languages()[others[0]]['name']}, but this file is {name}: the line is "
            f"read as description and the step never runs; write '{right}'"
        )
    if len(first) >= 3:
        close = _closest(first, list(_steps(code)), CLOSE_STEP)
        if close and close != first:
            return "keyword", (
                f"'{first}' is not a step keyword in {name}, so the line is read as description and the step never "
                f"runs; did you mean '{close}'?"
            )
    return None


def keyword_findings(path: str, text: str) -> list[Finding]:
    """Lines the parser would read as description text although they look like keywords (see the module's why).
    A missing language line is told once: every later keyword follows from it."""
    lines = text.splitlines()
    declared = declared_language(lines)
    code = declared or "en"
    if code not in languages():
        line = next(i for i, line in enumerate(lines, 1) if LANGUAGE_LINE.match(line))
        known = ", ".join(c for c in SUITE_LANGUAGES)
        return [Finding(path, line, f"'{code}' is not a Gherkin language; this suite writes {known}", "language")]
    findings: list[Finding] = []
    fence: str | None = None
    for number, raw in enumerate(lines, 1):
        text_ = raw.strip()
        if fence:
            fence = None if text_.startswith(fence) else fence
            continue
        if text_.startswith(('"""', "```")):
            fence = text_[:3]
            continue
        if not text_ or text_[0] in "#@|" or _is_keyword_line(text_, code):
            continue
        misread = _misread(text_, code, declared)
        if misread:
            findings.append(Finding(path, number, misread[1], misread[0]))
            if misread[0] == "language":
                break
    return findings


def header_findings(path: str, text: str) -> list[Finding]:
    """A `# language:` line Gherkin does not read: after an invisible byte-order mark (BOM, which some editors write
    at the start of a UTF-8 file) or below another line (a tag moved above it). The file is then read as English and
    every Danish keyword is description: nothing in it runs."""
    lines = text.splitlines()
    if text.startswith("\ufeff"):
        return [
            Finding(
                path,
                1,
                "the file starts with an invisible byte-order mark (BOM, U+FEFF) before its first line, so "
                "`# language:` is not read and the file would be read as English: save it as UTF-8 without BOM",
                "language",
            )
        ]
    if declared_language(lines) is None:
        at = next((i for i, line in enumerate(lines, 1) if LANGUAGE_LINE.match(line)), None)
        if at is not None:
            return [
                Finding(
                    path,
                    at,
                    f"'{lines[at - 1].strip()}' is at line {at}, below '{_first_content(lines)}': Gherkin reads the "
                    f"language only from the file's first lines, before any tag or keyword; move it to line 1",
                    "language",
                )
            ]
    return []


def _first_content(lines: list[str]) -> str:
    return next(line.strip() for line in lines if line.strip() and not line.strip().startswith("#"))


def parse_finding(path: str, error: Exception, code: str = "en") -> Finding:
    """A file the Gherkin parser cannot read, told with its line and what the parser expected. A line shaped like a
    header (`Scenarieskabelon:`) that is no keyword of the file's language gets the language's header keywords, the
    nearest first: what a test manager needs to mend it."""
    line = getattr(error, "line", 0) or 0
    content = (getattr(error, "line_content", "") or "").strip()
    reason = getattr(error, "message", None) or str(error).splitlines()[0]
    shown = f" ('{content}')" if content else ""
    header = HEADER_LIKE.match(content)
    if header and code in languages() and not _is_keyword_line(content, code):
        word, headers = header.group(1), _headers(code)
        close = _closest(word, list(headers), CLOSE)
        keywords = ", ".join(f"'{w}:' ({KIND_WORDS[kind]})" for w, kind in headers.items())
        near = f"did you mean '{close}:'? " if close else ""
        reason = (
            f"'{word}:' is not a Gherkin keyword in {language_name(code)}; {near}its header keywords are {keywords}"
        )
    elif header and code in languages() and _headers(code).get(header.group(1)) == "feature":
        reason = (
            f"a file holds one '{header.group(1)}:' (Feature); this second one belongs in a .feature file of its own"
        )
    return Finding(path, line, f"the Gherkin parser cannot read this line{shown}: {reason}", "parse")


def bdd_finding(path: str, error: Exception, code: str) -> Finding:
    """What pytest-bdd refuses in a file the Gherkin parser read, in the file's words. Its own rule: a scenario or
    background opens with a Givet, Når or Så step; an 'Og' or 'Men' only continues the step above it (often the line
    above lost its keyword and became description)."""
    if "First step" not in str(getattr(error, "message", "")):
        return parse_finding(path, error, code)
    steps = _steps(code) if code in languages() else _steps("en")
    opening = ", ".join(f"'{word}'" for word, kind in steps.items() if kind in ("given", "when", "then"))
    continuing = " or ".join(f"'{word}'" for word, kind in steps.items() if kind in ("and", "but"))
    content = (getattr(error, "line_content", "") or "").strip()
    line = getattr(error, "line", 0) or 0
    written = _line_of(getattr(error, "filename", None), line)
    if written.startswith("*"):
        return Finding(
            path,
            line,
            f"the scenario's first step ('{written}') is a '*' bullet, which takes its kind from the step above it; "
            f"the first has none: write each step with {opening} (and {continuing} for the next of the same kind), "
            f"so that the scenario says what it sets up, does and checks",
            "parse",
        )
    return Finding(
        path,
        line,
        f"the scenario's first step ('{content}') opens with {continuing}, which only continues a step above it: a "
        f"scenario or background opens with {opening}",
        "parse",
    )


def _line_of(filename: str | None, number: int) -> str:
    """The line as written in the file ('' when it cannot be read)."""
    try:
        return Path(filename or "").read_text(encoding="utf-8").splitlines()[number - 1].strip()
    except (OSError, IndexError, ValueError):
        return ""


def duplicate_findings(path: str, document: Any) -> list[Finding]:
    """Two scenarios of one feature with the same name: pytest-bdd keeps only the last, the first never runs."""
    feature = getattr(document, "feature", None)
    if feature is None:
        return []
    scenarios = []
    for child in feature.children:
        if child.scenario is not None:
            scenarios.append(child.scenario)
        elif child.rule is not None:
            scenarios += [c.scenario for c in child.rule.children if c.scenario is not None]
    first: dict[str, int] = {}
    findings = []
    for scenario in scenarios:
        line = scenario.location.line
        if scenario.name in first:
            findings.append(
                Finding(
                    path,
                    line,
                    f"scenario name '{scenario.name}' is used twice in this feature (first at line "
                    f"{first[scenario.name]}): only one of them would run; give each its own name",
                    "duplicate",
                )
            )
        else:
            first[scenario.name] = line
    return findings


def stray_step_findings(path: str, text: str, document: Any) -> list[Finding]:
    """Step lines the parser read as description because a header above them lost its colon ("Scenarie Lægeskift"):
    no scenario holds them, they would never run, and the run be green."""
    feature = getattr(document, "feature", None)
    if feature is None:
        return []
    code = declared_language(text.splitlines()) or "en"
    held: set[int] = set()
    children = list(feature.children)
    for child in list(children):
        if child.rule is not None:
            children += child.rule.children
    for child in children:
        for part in (child.background, child.scenario):
            if part is not None:
                held |= {step.location.line for step in part.steps}
    findings: list[Finding] = []
    headless: tuple[int, str] | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        word = next((w for w in _headers(code) if line.startswith(w + " ") and ":" not in line[: len(w) + 1]), None)
        if word is not None:
            headless = (number, word)
        elif headless and number not in held and line.split(" ", 1)[0] in _steps(code):
            # only after a headless header: a feature's description may well begin "Når ..." as prose
            findings.append(
                Finding(
                    path,
                    number,
                    f"the step '{line}' is under no scenario, so it never runs; line {headless[0]} lacks the colon "
                    f"of its header: write '{headless[1]}:'",
                    "keyword",
                )
            )
    return findings


def file_findings(path: Path, shown: str) -> tuple[list[Finding], Any]:
    """Everything wrong with how one feature file is written, and its gherkin document (None when unreadable)."""
    from pytest_bdd.gherkin_parser import get_gherkin_document

    data = path.read_bytes()
    undecodable = decoding_finding(shown, data)
    if undecodable is not None:
        return [undecodable], None
    text = data.decode("utf-8")
    if not any(line.strip() and not line.strip().startswith("#") for line in text.splitlines()):
        return [Finding(shown, 1, "the file is empty: no 'Egenskab:' (Feature:) and no scenario", "parse")], None
    header = header_findings(shown, text)
    if header:  # the language line is not read: every other finding would follow from the file read as English
        return header, None
    findings = keyword_findings(shown, text)
    try:
        document = get_gherkin_document(str(path))
    except Exception as error:  # every parse error the parser has, told as a finding
        if not findings:  # a misread keyword usually is the cause; its message is the clearer one
            findings.append(parse_finding(shown, error, declared_language(text.splitlines()) or "en"))
        return findings, None
    if getattr(document, "feature", None) is None:
        findings.append(Finding(shown, 1, "the file has no feature (no 'Egenskab:' or 'Feature:' line)", "parse"))
    findings += stray_step_findings(shown, text, document) + duplicate_findings(shown, document)
    findings += tag_findings(shown, document)
    shape = shape_findings(shown, document)
    if any(f.kind == "keyword" for f in findings):  # a header that lost its colon is why no scenario is seen
        shape = [f for f in shape if not (f.kind == "empty" and "has no scenarios" in f.message)]
    return findings + shape, document
