"""The step library: thin, business-worded steps by domain, each calling one golive.scenario.Scenario method.

`p(text)` is `parsers.parse` with the vocabulary's types, so two steps never match the same sentence:
a date (`{dato:Dato}`, ISO), a role (`{rolle:Rolle}`: "borgeren", "barnet", "the citizen"), a practice by its
role (`{praksis:Praksis}`: "den åbne praksis", "borgerens læge", "the open practice") and a municipality name
(`{kommune:Kommune}`: "Aarhus", "København").
"""

from __future__ import annotations

from datetime import date

from parse import with_pattern
from pytest_bdd import parsers


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


TYPES = {"Dato": _dato, "Rolle": _rolle, "Praksis": _praksis, "Kommune": _kommune}


def p(text: str) -> parsers.parse:
    """A parse-style step pattern with the vocabulary's types."""
    return parsers.parse(text, extra_types=TYPES)
