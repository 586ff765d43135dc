"""The step library: thin, business-worded steps by domain, each calling one golive.scenario.Scenario method.

Every step sentence declares its language where it is written: `da("...")` for a Danish sentence, `en("...")` for an
English one (a function usually carries both, one decorator each). The step catalogue (golive/catalogue.py,
docs/STEPS.md) reads the declaration; it never guesses a language from the words, and tests/test_catalogue.py fails
on a sentence that declares none.

`da(text)` / `en(text)` are `parsers.parse` with the vocabulary's types, so two steps never match the same sentence:
a date (`{dato:Dato}`, ISO), a role (`{rolle:Rolle}`: "borgeren", "barnet", "the citizen"), a practice by its
role (`{praksis:Praksis}`: "den åbne praksis", "borgerens læge", "the open practice"), a municipality name
(`{kommune:Kommune}`: "Aarhus", "København"), and for the fault steps a neighbour (`{nabo:Nabo}`: the registry's
words), a kind of call (`{handling:Handling}`, `{handlinger:Handlinger}`) and a bus topic (`{emne:Emne}`), the last
three from golive/vocabulary.py. `exact=True` matches the sentence as written, nothing else (pytest-bdd's plain
string step).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from parse import with_pattern
from pytest_bdd import parsers

from golive.vocabulary import BUS_TOPICS, OPERATIONS, OPERATIONS_PLURAL, neighbour_words

LANGUAGES = ("da", "en")
NEIGHBOUR_WORDS = neighbour_words()  # read now: a neighbour registered before the step library is imported is known


def _alternatives(words: Iterable[str]) -> str:
    """A regex matching any of the words, the longest first (so no word is cut short by a shorter one)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@with_pattern(r"\d{4}-\d{2}-\d{2}")
def _dato(text: str) -> date:
    return date.fromisoformat(text)


@with_pattern(r"(?:the )?[a-zæøå]+")
def _rolle(text: str) -> str:
    return text


@with_pattern(r"(?:den|the) [a-zæøå]+ (?:praksis|practice)|(?:the )?[a-zæøå]+(?:'s)? (?:læge|doctor)")
def _praksis(text: str) -> str:
    return text


@with_pattern(r"[A-ZÆØÅ][a-zæøå]+")
def _kommune(text: str) -> str:
    return text


@with_pattern(_alternatives(NEIGHBOUR_WORDS))  # from the registry
def _nabo(text: str) -> str:
    return NEIGHBOUR_WORDS[text]


@with_pattern(_alternatives(OPERATIONS))
def _handling(text: str) -> str:
    return OPERATIONS[text]


@with_pattern(_alternatives(OPERATIONS_PLURAL))
def _handlinger(text: str) -> str:
    return OPERATIONS_PLURAL[text]


@with_pattern(_alternatives(BUS_TOPICS))
def _emne(text: str) -> str:
    return BUS_TOPICS[text]


TYPES = {"Dato": _dato, "Rolle": _rolle, "Praksis": _praksis, "Kommune": _kommune,
         "Nabo": _nabo, "Handling": _handling, "Handlinger": _handlinger, "Emne": _emne}


def _sentence(text: str, language: str, exact: bool) -> parsers.StepParser:
    parser = parsers.string(text) if exact else parsers.parse(text, extra_types=TYPES)
    parser.golive_language = language  # read by golive/catalogue.py
    return parser


def da(text: str, *, exact: bool = False) -> parsers.StepParser:
    """A Danish step sentence."""
    return _sentence(text, "da", exact)


def en(text: str, *, exact: bool = False) -> parsers.StepParser:
    """An English step sentence."""
    return _sentence(text, "en", exact)
