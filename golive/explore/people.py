"""The explorer's citizens: a birth date for an age band, the traits a step names them by, and the oracle's model of
each person the Scenario generated (session.py makes them; features/steps/udforskning.py reads the traits back)."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from golive.oracle import tables
from golive.oracle.model import CitizenModel
from golive.vocabulary import CITIZEN_TRAITS, danish

AGE_TRAITS = ("senior", "2000s", "leap-15", "leap-40")  # the ages a citizen trait names (CITIZEN_TRAITS)
# Why the SUT registers a citizen (the contract's registrationReason), as a trait; "other" is no trait.
REGISTRATION_TRAITS = ("returned", "immigration", "moved-in")


def born(today: date, age: str) -> date | None:
    """A birth date for the age band (None: the Scenario's ordinary adult)."""
    if age == "senior":
        return today.replace(year=today.year - 70, day=min(today.day, 28))
    if age == "2000s":
        return date(2003, today.month, min(today.day, 28))
    if age in ("leap-15", "leap-40"):
        year = today.year - int(age.removeprefix("leap-"))
        while not calendar.isleap(year):
            year -= 1
        return date(year, 2, 29)
    return None


def traits(
    name_kind: str, protected: bool, modulus11: bool, turning_15: bool, age: str, no_fixed: bool, reason: str
) -> list[str]:
    """The citizen's traits in the steps' words (golive/vocabulary.py's CITIZEN_TRAITS), Danish."""
    return [
        danish(CITIZEN_TRAITS, code)
        for on, code in (
            (name_kind in ("over-34", "æøå"), name_kind),
            (protected, "protected"),
            (not modulus11, "odd-cpr"),
            (turning_15, "turning-15"),
            (not turning_15 and age in AGE_TRAITS, age),
            (no_fixed, "no-fixed"),
            (reason in REGISTRATION_TRAITS, reason),
        )
        if on
    ]


def model(role: str, person: Any, group: int, today: date, reason: str = "other") -> CitizenModel:
    """The oracle's model of a person the Scenario generated, as of today, registered in the SUT for `reason`."""
    return CitizenModel(
        name=role,
        cpr=person.cpr,
        born=person.birth_date,
        municipality=person.municipality_code,
        home=person.location if person.address is not None else None,
        full_name=person.full_name,
        protected=person.address_protected,
        # "Uden fast bopæl" is no address to protect: only a real street is protected data
        street=person.address.street if person.address and not person.address.no_fixed_residence else None,
        registered_on=today,
        group=group,
        told_municipality=person.municipality_code,
        reason=reason,
        moved_in_on=today if reason in tables.MOVED_IN_REASONS else None,
    )
