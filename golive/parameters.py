"""Typed step parameters in business words: a date (dato), a municipality (kommune), a role (rolle), a refusal
reason (afvisningsgrund)… each a converter that knows its allowed values.

Why the pattern is broad and the conversion strict: a step sentence with a wrong value ("bosat i Århus Kommune",
"pr. 2024-02-30") must still match its step, so that the test manager hears "'Århus' is not a municipality golive
knows; did you mean 'Aarhus'?" instead of "undefined step". pytest-bdd 9's `parsers.parse.is_matching` swallows a
ValueError raised by a converter and then calls the step undefined, so a converter never raises: it returns an
`Invalid` carrying the business message. The golive plugin (`pytest_bdd_before_step_call`) turns an Invalid argument
into a `FeatureFileMistake` naming the feature file and line; `golive lint` reads the same Invalid without running
anything. The allowed values are the vocabulary's (golive/vocabulary.py) and the reference data's, never literals
here; each converter carries them (`allowed`) so the step catalogue can list them.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from parse import with_pattern

from simulators.core.settings import CLOCK_MAX, CLOCK_MIN

SHOWN = 12  # how many allowed values a message lists before it says how many there are in all


class Invalid:
    """A parameter value that is not of its kind; `message` says what it is, what it should be and the nearest."""

    def __init__(self, value: str, message: str) -> None:
        self.value, self.message = value, message

    def __repr__(self) -> str:
        return f"Invalid({self.value!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Invalid) and (self.value, self.message) == (other.value, other.message)

    def __hash__(self) -> int:
        return hash((self.value, self.message))


def nearest(value: str, known: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The known values closest to `value`, compared without regard to case."""
    by_folded = {k.casefold(): k for k in known}
    return [by_folded[k] for k in difflib.get_close_matches(value.casefold(), list(by_folded), n, cutoff)]


def known_list(known: Iterable[str]) -> str:
    values = list(known)
    shown = ", ".join(f"'{v}'" for v in values[:SHOWN])
    return shown + (f", … ({len(values)} in all; see docs/STEPS.md)" if len(values) > SHOWN else "")


def not_known(value: str, kind: str, known: Iterable[str]) -> str:
    """ "'Århus' is not a municipality (kommune) golive knows; did you mean 'Aarhus'? Known: …"."""
    known = list(known)
    close = nearest(value, known)
    hint = f"; did you mean '{close[0]}'?" if close else "."
    return f"'{value}' is not {kind} golive knows{hint} Known: {known_list(known)}"


def word_type(
    kind: str, words: Mapping[str, str], pattern: str, *, to_code: bool = False, case: bool = True
) -> Callable[[str], Any]:
    """A converter for a word from a vocabulary table: the word itself (or its code with `to_code`), else Invalid.
    `kind` names the kind of value in business words ("a bus topic (emne)"); `case=False` accepts any case and
    returns the table's spelling."""
    folded = {w.casefold(): w for w in words}

    @with_pattern(pattern)
    def convert(text: str) -> Any:
        word = text if text in words else (folded.get(text.casefold()) if not case else None)
        if word is None:
            return Invalid(text, not_known(text, kind, words))
        return words[word] if to_code else word

    convert.kind = kind
    convert.allowed = tuple(words)
    return convert


def words_type(kind: str, words: Mapping[str, str], pattern: str, separators: tuple[str, ...]) -> Callable[[str], Any]:
    """A converter for several words of one table joined by a separator ("æ, ø eller å i navnet og er over 67 år"):
    their codes as a tuple, else Invalid naming the first word that is not in the table and the nearest that is. A
    word that holds a separator itself ("navne- og adressebeskyttelse") is read whole: the longest known run wins."""
    splitter = re.compile("|".join(re.escape(s) for s in separators))

    @with_pattern(pattern)
    def convert(text: str) -> Any:
        pieces = splitter.split(text)
        glue = splitter.findall(text)
        codes, i = [], 0
        while i < len(pieces):
            for j in range(len(pieces), i, -1):  # the longest run of pieces that is a known word
                word = "".join(p + (glue[k] if k < j - 1 else "") for k, p in enumerate(pieces[i:j], start=i)).strip()
                if word in words:
                    codes.append(words[word])
                    i = j
                    break
            else:
                return Invalid(text, not_known(pieces[i].strip(), kind, words))
        return tuple(codes)

    convert.kind = kind
    convert.allowed = tuple(words)
    return convert


ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
DAY_FIRST = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})")
DATE_KIND = "a date (dato), written year-month-day, e.g. 2024-03-01"
SHORT_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
DATE_IN_WORDS = re.compile(r"(\d{1,2})\.? ([a-zæøå]+)\.? (\d{4})", re.IGNORECASE)
DANISH_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "jan"),
            ("februar", "feb"),
            ("marts", "mar"),
            ("april", "apr"),
            ("maj",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("august", "aug"),
            ("september", "sep"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}


def _date_problem(text: str) -> str:
    iso = ISO_DATE.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        if not 1 <= month <= 12:
            return f"'{text}' is not a real date: there is no month {month}. Expected {DATE_KIND}"
        days = calendar.monthrange(year, month)[1]
        return f"'{text}' is not a real date: {calendar.month_name[month]} {year} has {days} days. Expected {DATE_KIND}"
    short = SHORT_ISO.fullmatch(text)
    if short:
        y, m, d = short.groups()
        return f"'{text}' needs two digits for month and day: write '{y}-{int(m):02d}-{int(d):02d}'"
    words = DATE_IN_WORDS.fullmatch(text)
    if words:
        d, month_name, y = words.groups()
        number = DANISH_MONTHS.get(month_name.casefold())
        written = f"'{y}-{number:02d}-{int(d):02d}'" if number else "it year-month-day"
        return f"'{text}' is a date in words; golive reads {DATE_KIND}: write {written}"
    day_first = DAY_FIRST.fullmatch(text)
    if day_first:
        d, m, y = day_first.groups()
        turned = f"{y}-{int(m):02d}-{int(d):02d}"
        return f"'{text}' is written day first; golive reads {DATE_KIND} (here '{turned}')"
    return f"'{text}' is not {DATE_KIND}"


@with_pattern(r"\d[\d./-]*\d|\d{1,2}\.? [a-zæøåA-ZÆØÅ]+\.? \d{4}")
def date_value(text: str) -> date | Invalid:
    """A date; anything digit-shaped matches (so "30-02-2024" is explained, not called an undefined step)."""
    if ISO_DATE.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            first, last = (int(bound[:4]) for bound in (CLOCK_MIN, CLOCK_MAX))
            if first <= day.year <= last:
                return day
            return Invalid(
                text,
                f"'{text}' lies outside the years the world's clock can be set to ({first}-{last}): a typo in the "
                f"year? Expected {DATE_KIND}",
            )
    return Invalid(text, _date_problem(text))


date_value.kind = DATE_KIND


MONTH_KIND = "an accounting month (regnskabsmåned), written year-month, e.g. 2024-03"


@with_pattern(r"\d{4}-\d{1,2}|[a-zæøåA-ZÆØÅ]+\.? \d{4}")
def month_value(text: str) -> str | Invalid:
    """An accounting month as Finance names it (YYYY-MM); "marts 2024" is read too, as a test manager says it."""
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if iso and 1 <= int(iso.group(2)) <= 12:
        return f"{iso.group(1)}-{int(iso.group(2)):02d}"
    words = re.fullmatch(r"([a-zæøåA-ZÆØÅ]+)\.? (\d{4})", text)
    number = DANISH_MONTHS.get(words.group(1).casefold()) if words else None
    if words and number:
        return f"{words.group(2)}-{number:02d}"
    return Invalid(text, f"'{text}' is not {MONTH_KIND}")


month_value.kind = MONTH_KIND


DECIMAL = re.compile(r"\d+(?:[.,]\d+)?")


@with_pattern(r"\d[\d.,]*")
def distance_km(text: str) -> float | Invalid:
    """A distance in km as a Danish test manager writes it (4,5) or as code does (4.5); anything digit-shaped matches,
    so "4.5.1" is explained instead of making the step undefined."""
    if DECIMAL.fullmatch(text):
        return float(text.replace(",", "."))
    return Invalid(text, f"'{text}' is not a distance (km): write a number, with a decimal comma if need be (4,5)")


distance_km.kind = "a distance in km (4 or 4,5)"


@with_pattern(r"[^\s,]+")  # any word, so that "12345" is explained rather than making the step undefined
def ydernummer_value(text: str) -> str | Invalid:
    """A practice's ydernummer (provider number): six digits, leading zeros kept ("012345")."""
    if len(text) == 6 and text.isascii() and text.isdigit():
        return text
    return Invalid(text, f"'{text}' is not an ydernummer: write its six digits, leading zeros too (012345)")


ydernummer_value.kind = "an ydernummer, six digits (012345)"


def municipality_type(names: Iterable[str]) -> Callable[[str], Any]:
    """A municipality by its name, one to three words ("Aarhus", "Lyngby-Taarbæk"), any case accepted and returned
    as the reference data spells it."""
    return word_type("a municipality (kommune)", {n: n for n in names}, r"[^\s,]+(?: [^\s,]+){0,2}?", case=False)


# The whole-number parameters of the step catalogue by name ({dage:d}, {nr:d}): the least (and, where there is one,
# the most) each may be, and what it is in business words. parse's `d` reads "-14" as a number, and "der er gået -14
# dage" would turn the clock back: a number outside its range is a feature-file mistake like any other wrong value.
WHOLE_NUMBERS: dict[str, tuple[int, int | None, str]] = {
    "dage": (0, None, "a number of days (dage)"),
    "minutter": (0, None, "a number of minutes (minutter)"),
    "antal": (0, None, "a count (antal)"),
    "kr": (0, None, "an amount in kroner (kr.)"),
    "alder": (0, None, "an age in years (alder)"),
    "nr": (1, None, "a number (borger N, barn N, praksis N)"),
    "borger": (1, None, "a citizen's number (borger N)"),
    "praksis": (1, None, "a practice's number (praksis N)"),
    "laeger": (1, 50, "a practice's number of doctors (læger; Luna's contract: 1-50)"),
    "patienter": (0, None, "a number of patients (patienter)"),
}


def _out_of_range(name: str, value: Any) -> Invalid | None:
    if name not in WHOLE_NUMBERS or not isinstance(value, int) or isinstance(value, bool):
        return None
    least, most, kind = WHOLE_NUMBERS[name]
    if value < least:
        return Invalid(
            str(value), f"'{value}' is not {kind}: it is at least {least}; did you mean {max(abs(value), least)}?"
        )
    if most is not None and value > most:
        return Invalid(str(value), f"'{value}' is not {kind}: it is at most {most}; did you mean {most}?")
    return None


def invalid_arguments(arguments: Mapping[str, Any]) -> list[Invalid]:
    """The arguments of a step that are not of their kind: an Invalid from a converter, or a whole number outside
    its parameter's range (WHOLE_NUMBERS)."""
    found = [_placeholder(value) for value in arguments.values() if isinstance(value, Invalid)]
    return found + [b for name, value in arguments.items() if (b := _out_of_range(name, value)) is not None]


UNFILLED = re.compile(r"<([^<>]+)>")


def _placeholder(invalid: Invalid) -> Invalid:
    """A `<name>` no Examples row filled in is no wrong value but a missing table: said so, not 'not a municipality'."""
    unfilled = UNFILLED.fullmatch(invalid.value.strip())
    if unfilled is None:
        return invalid
    return Invalid(
        invalid.value,
        f"'{invalid.value}' is a placeholder, which an 'Eksempler:' (Examples) table with a column "
        f"'{unfilled.group(1)}' fills in, but no such table fills it here: write the scenario as 'Abstrakt "
        f"Scenario:' (Scenario Outline) with 'Eksempler:' below it, or write the value itself",
    )


def allowed_values(converter: object) -> tuple[str, ...] | None:
    """The values an enumerated parameter type allows (None for a free one, such as a number or a date)."""
    return getattr(converter, "allowed", None)
