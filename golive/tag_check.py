"""What is wrong with a feature file's tags: a tag golive acts on, written with a value it does not know or without
one, and a tag that looks like one of those misspelled. Read by golive/gherkin_check.py's `file_findings`, so
`golive lint` and the collection (a broken file is one failing test naming file and line) report them alike.

Why: a tag golive acts on changes what runs -- @datavariation:<dimensions> runs the scenario once per pairwise row,
@fejlprofil:<profile> puts a neighbour's fault profile on, @defekt:<defect> makes the reference SUT commit a catalogue
defect, @krav:<id> links a requirement in the report, @fundet @seed:<n> replay an explorer finding. Misspelled, it is
an ordinary tag: the scenario runs once, without the faults, and passes -- green for something it never did.
Ordinary tags (@cpr, @flytning, ...) are the test manager's own and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from golive.finding import Finding
from golive.gherkin_shape import scenarios_of
from golive.parameters import known_list, nearest
from golive.vocabulary import VARIATION_READ, VARIATION_STEP_WORDS

VALUED = ("datavariation", "fejlprofil", "defekt", "krav", "seed")  # each written @<name>:<value>
BARE = ("fundet",)
WORD = re.compile(r"[a-zæøå]+")


def _dimensions() -> list[str]:
    from fixtures.variation import DIMENSIONS

    return list(DIMENSIONS.keys)


def _profiles() -> list[str]:
    from golive.fault_profiles import PROFILES

    return list(PROFILES)


def _defects() -> list[str]:
    from golive.config import CONTRACTS
    from golive.contracts.diff import load_contract

    return list(load_contract(CONTRACTS / "sygesikring.openapi.yaml")["components"]["schemas"]["Defect"]["enum"])


def _unknown(values: list[str], known: list[str], what: str) -> str | None:
    """The first value not among the known ones, told with the nearest (None: all known)."""
    for value in values:
        if value not in known:
            close = nearest(value, known, cutoff=0.5)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            return f"'{value}' is not {what}{hint} Known: {known_list(known)}"
    return None


def _datavariation(value: str) -> str | None:
    names = [d.strip() for d in value.split(",")]
    if not all(names):
        return "an empty dimension between commas: write the dimensions as name,name,..."
    if len(set(names)) != len(names):
        return "a dimension named twice"
    return _unknown(names, _dimensions(), "a dimension of the variation model (fixtures/variation.py)")


def _fejlprofil(value: str) -> str | None:
    from golive.fault_profiles import UnknownProfile, find

    try:
        find(value)
    except UnknownProfile:
        return _unknown([value], _profiles(), "a fault profile (golive/fault_profiles.py)")
    return None


def _defekt(value: str) -> str | None:
    return _unknown([v.strip() for v in value.split(",")], _defects(), "a defect of the reference SUT's catalogue")


def _krav(value: str) -> str | None:
    """A requirement id the tracker knows the form of (settings.requirement_id_pattern): a link to 'SYG111' leads
    nowhere, and the requirement is reported as covered by nothing."""
    from golive import settings

    pattern = settings.requirement_id_pattern()
    if re.fullmatch(pattern, value):
        return None
    split = re.fullmatch(r"([^\W\d_]+)[\s_.:]*(\d+)", value)
    meant = f"{split.group(1).upper()}-{split.group(2)}" if split else None
    hint = f"; did you mean '@krav:{meant}'?" if meant and re.fullmatch(pattern, meant) else ""
    return f"'{value}' is not a requirement id of the form {pattern} (e.g. SYG-112){hint}"


VALUE_CHECKS: dict[str, Callable[[str], str | None]] = {
    "datavariation": _datavariation,
    "fejlprofil": _fejlprofil,
    "defekt": _defekt,
    "krav": _krav,
    "seed": lambda value: None if value.isdigit() else f"'{value}' is not a seed: a whole number",
}


def tag_message(tag: str) -> str | None:
    """What is wrong with one tag (written with its '@'), or None."""
    body = tag.removeprefix("@")
    name, colon, value = body.partition(":")
    if colon and name in VALUED:
        if not value.strip():
            return f"'{tag}' has no value after the colon: write '@{name}:<value>'"
        wrong = VALUE_CHECKS[name](value)
        return f"'{tag}': {wrong}" if wrong else None
    if not colon and name in VALUED:
        return f"'{tag}' needs its value after a colon, e.g. '@{name}:...': as written it is an ordinary tag"
    if name in BARE and not colon:
        return None
    word = WORD.match(body.casefold())
    meant = word.group(0) if word and word.group(0) in (*VALUED, *BARE) else None
    close = meant or next(iter(nearest(name, (*VALUED, *BARE), cutoff=0.8)), None)
    if close is None:
        return None  # an ordinary tag of the test manager's own
    rest = value if colon else body[len(meant) :].lstrip(":-_ =") if meant else ""
    suggestion = f"@{close}:{rest}" if close in VALUED else f"@{close}"
    return (
        f"'{tag}' looks like the tag '{suggestion}' misspelled: as written golive does not act on it (the scenario "
        f"would run without it); did you mean '{suggestion}'?"
    )


def _tagged(document: Any) -> Iterator[Any]:
    """Every tag of the feature, its rules, scenarios and Examples."""
    yield from document.feature.tags
    for child in document.feature.children:
        if child.rule is not None:
            yield from child.rule.tags
    for scenario in scenarios_of(document):
        yield from scenario.tags
        for examples in scenario.examples:
            yield from examples.tags


def tag_findings(path: str, document: Any) -> list[Finding]:
    """The mistakes in a parsed feature file's tags, each at its line."""
    if getattr(document, "feature", None) is None:
        return []
    found = []
    for tag in _tagged(document):
        message = tag_message(tag.name)
        if message is not None:
            found.append(Finding(path, tag.location.line, message, "tag"))
    return found + variation_findings(path, document)


def variation_findings(path: str, document: Any) -> list[Finding]:
    """A data variation no step reads: @datavariation on a scenario without the step that takes its citizen from the
    row, or with dimensions that step cannot express; and that step in a scenario without the tag. Each runs every
    row (or the one run) with the same ordinary citizen: green for variety that was never tried."""
    found = []
    for tags, steps, scenario in _scenarios_in_context(document):
        tagged = [tag for tag in tags if tag.name.startswith("@datavariation:")]
        reading = [s for s in steps if any(words in s.text.casefold() for words in VARIATION_STEP_WORDS)]
        if tagged and not reading:
            found.append(
                Finding(
                    path,
                    tagged[0].location.line,
                    f"'{tagged[0].name}' varies the data of scenario '{scenario.name}', but none of its steps takes "
                    f"a citizen from the variation: every row would run the same ordinary citizen. Write "
                    f"'Givet en borger {VARIATION_STEP_WORDS[0]} bosat i <kommune> Kommune med egen læge'",
                    "tag",
                )
            )
        elif reading and not tagged:
            found.append(
                Finding(
                    path,
                    reading[0].location.line,
                    f"this step takes its citizen from the data variation, but scenario '{scenario.name}' has no "
                    f"@datavariation tag: it would run once with an ordinary citizen. Tag it, e.g. "
                    f"'@datavariation:{','.join(VARIATION_READ)}'",
                    "tag",
                )
            )
        for tag in tagged:
            unread = [d.strip() for d in tag.name.partition(":")[2].split(",") if d.strip() not in VARIATION_READ]
            if reading and unread:
                found.append(
                    Finding(
                        path,
                        tag.location.line,
                        f"'{tag.name}': {', '.join(unread)} reach(es) no step -- 'en borger {VARIATION_STEP_WORDS[0]}' "
                        f"reads {', '.join(VARIATION_READ)}; the rows would differ only in data nobody uses",
                        "tag",
                    )
                )
    return found


def _scenarios_in_context(document: Any) -> Iterator[tuple[list[Any], list[Any], Any]]:
    """Each scenario with every tag that applies to it (the feature's, its rule's, its own, its Examples') and every
    step it runs (the backgrounds' before its own)."""

    def walk(children: list[Any], tags: list[Any], background: list[Any]) -> Iterator[tuple[list[Any], list[Any], Any]]:
        steps = list(background)
        for child in children:
            if getattr(child, "background", None) is not None:
                steps += child.background.steps
        for child in children:
            if child.rule is not None:
                yield from walk(child.rule.children, [*tags, *child.rule.tags], steps)
            elif child.scenario is not None:
                s = child.scenario
                own = [*tags, *s.tags, *(t for examples in s.examples for t in examples.tags)]
                yield own, [*steps, *s.steps], s

    yield from walk(list(document.feature.children), list(document.feature.tags), [])
