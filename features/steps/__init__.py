"""The step library: thin, business-worded steps by domain, each calling one golive.scenario.Scenario method.

Every step sentence declares its language where it is written: `da("...")` for a Danish sentence, `en("...")` for an
English one (a function usually carries both, one decorator each). The step catalogue (golive/catalogue.py,
docs/STEPS.md) reads the declaration; it never guesses a language from the words, and tests/test_catalogue.py fails
on a sentence that declares none.

`da(text)` / `en(text)` are `parsers.parse` with the typed parameters below (golive/parameters.py), so two steps
never match the same sentence and a wrong value is explained in business words instead of making the step undefined:
each type's pattern is broad (any digit-shaped date, any one-to-three-word municipality) and its conversion checks the
value against the vocabulary (golive/vocabulary.py) or the reference data, returning an `Invalid` that the golive
plugin and `golive lint` report with the file, the line and the nearest valid value. `exact=True` matches the
sentence as written, nothing else (pytest-bdd's plain string step).

    {dato:Dato}                a date, ISO (2024-03-01)
    {km:Km}                    a distance in km, with a decimal point or a Danish decimal comma (4,5)
    {ydernummer:Ydernummer}    a practice's ydernummer, six digits (012345)
    {gruppe:Gruppe}            a sikringsgruppe, 1 or 2
    {tilgang:Tilgang}          a practice's intake ("åben", "lukket"; "open", "closed")
    {hvor:Hvor}                where a practice lies from ("bopæl", "nye adresse"; "home", "new address")
    {kommune:Kommune}          a municipality name ("Aarhus", "København"), from the reference data
    {rolle:Rolle}              a person by role ("borgeren", "barnet", "the citizen")
    {praksis:Praksis}          a practice by role ("den åbne praksis", "borgerens læge", "the open practice")
    {nabo:Nabo}                a neighbour, the registry's words ("Luna", "Servicebussen")
    {handling:Handling}        a kind of call, one ("registrering"); {handlinger:Handlinger} several ("bogføringer")
    {emne:Emne}                any bus topic, the SUT's or a neighbour's ("ændret lægevalg", "dødsfald")
    {emne:Meddelelse}          one of the SUT's own topics (a notice to the partners)
    {undtagelse:Undtagelse}    an exception that admits a citizen to a closed practice ("samme adresse")
    {grund:Afvisning}          why the municipality refuses ("afstandsreglen")
    {aarsag:Kortgrund}         why a health card is ordered ("mistet kort")
    {haendelse:CprHaendelse}   a life event in the CPR register ("dødsfald")
    {status:CprStatus}         a CPR status, by its code or words ("80", "udrejst")
    {aarsag:Ophoersgrund}      why a sygesikring ended ("udvandring")
    {navn:Fejlprofil}          a named fault profile (golive/fault_profiles.py: "ustabil-luna")
    {generation:Generation}    a certificate generation ("OCES2", "OCES3")
    {aarsag:Certifikatfejl}    why Serviceplatformen refused a certificate ("ukendt udsteder", "spærret", "udløbet")
    {data:Borgerdata}          an explored citizen's traits, joined by "og" ("er over 67 år og er uden fast bopæl")
"""

from __future__ import annotations

from pytest_bdd import parsers

from golive.fault_profiles import PROFILES
from golive.parameters import (
    date_value,
    distance_km,
    month_value,
    municipality_type,
    word_type,
    words_type,
    ydernummer_value,
)
from golive.vocabulary import (
    BUS_TOPICS,
    CARD_REASONS,
    CITIZEN_TRAITS,
    CLOSING_REASONS,
    CPR_CHANGES,
    CPR_STATUSES,
    DAYS_FROM_TODAY,
    END_REASONS,
    EXCEPTIONS,
    GROUPS,
    INTAKE,
    NEAR_ADDRESSES,
    OPERATIONS,
    OPERATIONS_PLURAL,
    REFUSALS,
    TOPICS,
    WHERE,
    municipality_names,
    neighbour_words,
    role_words,
)

LANGUAGES = ("da", "en")
NEIGHBOUR_WORDS = neighbour_words()  # read now: a neighbour registered before the step library is imported is known
ANY_WORDS = r".+?"  # a free phrase: the sentence around it decides where it ends
ONE_WORD = r"\S+"

TYPES = {
    "Dato": date_value,
    "Maaned": month_value,
    "Km": distance_km,
    "Ydernummer": ydernummer_value,
    "Generation": word_type(
        "a certificate generation (OCES2, OCES3)", {"OCES2": "oces2", "OCES3": "oces3"}, r"OCES\d", to_code=True
    ),
    "Certifikatfejl": word_type(
        "why a certificate is refused (certifikatfejl)",
        {
            "ukendt udsteder": "ukendt udsteder",
            "spærret": "spærret",
            "udløbet": "udløbet",
            "unknown issuer": "ukendt udsteder",
            "revoked": "spærret",
            "expired": "udløbet",
        },
        ANY_WORDS,
        to_code=True,
    ),
    "Kommune": municipality_type(municipality_names()),
    # a number-shaped word, so that "sikringsgruppe 3" is explained rather than taken as a group (steps get an int)
    "Gruppe": word_type(
        "a sikringsgruppe (insurance group)", {w: int(c) for w, c in GROUPS.items()}, r"\d+", to_code=True
    ),
    "Tilgang": word_type("a practice's intake (tilgang)", INTAKE, ONE_WORD, to_code=True),
    "Hvornaar": word_type(
        "a day from today (i dag, i morgen)", {w: int(c) for w, c in DAYS_FROM_TODAY.items()}, ANY_WORDS, to_code=True
    ),
    "Naeradresse": word_type("an address that only looks like the citizen's", NEAR_ADDRESSES, ANY_WORDS, to_code=True),
    "Hvor": word_type("where from (the citizen's address)", WHERE, ANY_WORDS, to_code=True),
    "Borgerdata": words_type(
        "a trait of an explored citizen (borgerens data)", CITIZEN_TRAITS, ANY_WORDS, (" og ", " and ")
    ),
    "Rolle": word_type("a person's role (rolle)", role_words(people=True), r"(?:[Tt]he )?[A-Za-zæøåÆØÅ]+"),
    "Praksis": word_type(
        "a practice by its role (praksis)",
        role_words(people=False),
        r"(?:den|the) [a-zæøå]+ (?:praksis|practice)|(?:the )?[a-zæøå]+(?:'s)? (?:læge|doctor)",
    ),
    "Nabo": word_type("a neighbour (nabo)", NEIGHBOUR_WORDS, r"(?:the )?[^\s]+", to_code=True),
    "Handling": word_type("a kind of call (handling)", OPERATIONS, ONE_WORD, to_code=True),
    "Handlinger": word_type("a kind of calls (handlinger)", OPERATIONS_PLURAL, ONE_WORD, to_code=True),
    "Emne": word_type("a bus topic (emne)", BUS_TOPICS, ANY_WORDS, to_code=True),
    "Meddelelse": word_type("one of the SUT's bus topics (emne)", TOPICS, ANY_WORDS),
    "Undtagelse": word_type("an exception for a closed practice (undtagelse)", EXCEPTIONS, ANY_WORDS),
    "Afvisning": word_type("a reason for refusal (afvisningsgrund)", REFUSALS, ANY_WORDS),
    "Lukkegrund": word_type("why the region closes a practice (lukkegrund)", CLOSING_REASONS, ANY_WORDS),
    "Kortgrund": word_type("a reason to order a health card (kortgrund)", CARD_REASONS, ANY_WORDS),
    "CprHaendelse": word_type("a CPR event (CPR-hændelse)", CPR_CHANGES, ANY_WORDS),
    "CprStatus": word_type("a CPR status (CPR-status)", CPR_STATUSES, ANY_WORDS, to_code=True),
    "Ophoersgrund": word_type("a reason a sygesikring ended (ophørsgrund)", END_REASONS, ANY_WORDS),
    "Fejlprofil": word_type(  # by its name or its title, in any case (as golive.fault_profiles.find reads it)
        "a fault profile (fejlprofil)",
        {word: word for p in PROFILES.values() for word in (p.name, p.title)},
        r'[^"]+',
        case=False,
    ),
}


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
