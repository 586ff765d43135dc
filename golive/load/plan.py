"""The load window's data: one practice that opens its places, and the citizens who race for them — drawn from the
variation model with one seed, so the same seed gives the same citizens, the same requests and the same replay.

Why the variation model under load too: a race is not only about numbers. Citizens without modulus 11, with æøå or
names over 34 characters, with a protected address or beyond the distance limit (home visits waived) take other
paths through the SUT; a load of identical citizens would test one path a thousand times. Each citizen takes the
dimensions a doctor choice by an adult can have from a pairwise row (rows cycled in the seed's order): modulus 11 or
not, the name's kind, name and address protection, the sikringsgruppe, within or beyond the distance limit. A child's
row is taken by an adult (a child follows a parent and does not race), every citizen is alive and resident (only
they can choose), and the birth date is any adult's (born in the 1900s or the 2000s).

The plan is plain JSON: `golive load` writes it, the Locust master (or the single Locust process) hands its citizens
out in batches, and the invariants read it back — the one description of what was asked of the SUT.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from fixtures.providers import DataFactory, born_between_for_ages
from fixtures.variation import DIMENSIONS, pairwise
from golive.load.profiles import Profile
from simulators import rules

WINDOW_MUNICIPALITY = 751  # [design] the window's practice is in Aarhus (15 km limit; the capital's 5 km has its own)
WINDOW_DOCTORS = 2  # [design] so capacity is 2 × rules.PATIENTS_PER_DOCTOR_LIMIT
ADULT_AGES = (18, 95)
NEAR_KM = (0.3, 13.5)  # [design] within the 15 km limit, with a margin for rounding
BEYOND_KM = (16.5, 40.0)  # [design] beyond it: the citizen waives home visits
MOVE_WITHIN_DAYS = 30  # [design] flyttedag: move dates spread over the month after the window opens


def build(profile: Profile, seed: int) -> dict[str, Any]:
    """The plan for one run: the practice (Luna's seed, with `places` free), the citizens and what each does."""
    today = profile.opens_at.date()
    factory = DataFactory(seed=seed, today=today)
    rng = random.Random(f"golive-load:{seed}")
    home = factory.address(WINDOW_MUNICIPALITY)
    practice = factory.practice(
        near=(home.lat, home.lon), distance_km=0.0, doctors=WINDOW_DOCTORS, open_for_intake=True
    )
    seed_doc = practice.as_luna_seed()
    capacity = WINDOW_DOCTORS * rules.PATIENTS_PER_DOCTOR_LIMIT
    seed_doc["patientCount"] = capacity - profile.places
    seed_doc["openForIntake"] = True
    rows = pairwise(DIMENSIONS, seed)
    citizens = []
    for i in range(profile.citizens):
        row = rows[i % len(rows)]
        citizens.append(_citizen(factory, rng, row, practice.location, profile, today, i))
    return {
        "profile": profile.as_dict(),
        "seed": seed,
        "practice": seed_doc,
        "capacity": capacity,
        "places": profile.places,
        "citizens": citizens,
    }


def _citizen(
    factory: DataFactory,
    rng: random.Random,
    row: Any,
    at: tuple[float, float],
    profile: Profile,
    today: date,
    index: int,
) -> dict[str, Any]:
    first, last = born_between_for_ages(today, *ADULT_AGES)  # the row's century is left to chance: adults of both
    beyond = row["distance"] == "beyond-limit"
    distance = rng.uniform(*(BEYOND_KM if beyond else NEAR_KM))
    address = factory.address_at(at, distance)
    person = factory.person(
        born_between=(first, last),
        status="01",
        residence="fixed",
        address=address,
        modulus11=row["cpr_kind"] == "modulus11",
        name_kind=row["name_kind"],
        address_protected=row["protection"] == "name-and-address",
        sikringsgruppe=int(row["group"]),
    )
    assert person.address is not None  # a fixed residence was asked for
    registration: dict[str, Any] = {
        "cpr": person.cpr,
        "municipalityCode": person.municipality_code,
        "sikringsgruppe": person.sikringsgruppe,
        "addressProtected": person.address_protected,
        "reason": "other",
        "address": person.address.as_cpr_address(),
        "location": {"lat": person.address.lat, "lon": person.address.lon},
    }
    choice: dict[str, Any] = {"waiveHomeVisits": True} if beyond else {}
    citizen: dict[str, Any] = {
        "index": index,
        "cpr": person.cpr,
        "row": row.name,
        "registration": registration,
        "choice": choice,
        "card": rng.random() < profile.card_share,
    }
    if rng.random() < profile.move_share:
        moved_to = factory.address_at(at, rng.uniform(*NEAR_KM))
        citizen["move"] = {
            "moveDate": (today + timedelta(days=rng.randrange(MOVE_WITHIN_DAYS))).isoformat(),
            "from": {"municipalityCode": person.municipality_code, "address": person.address.as_cpr_address()},
            "to": {
                "municipalityCode": moved_to.municipality_code,
                "address": moved_to.as_cpr_address(),
                "location": {"lat": moved_to.lat, "lon": moved_to.lon},
            },
        }
    return citizen
