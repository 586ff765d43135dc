"""What the explorer draws from: how many people and practices, and the values at the edges of every rule (distances
just under, at and over the limits; days before, at and after each period; the turn of the year; the first days of a
run), the citizens' strategies and the faults. machine.py's rules draw these; kept apart so that the rules read as
the business actions they are.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from golive.explore import certificates, faults
from golive.explore.people import REGISTRATION_TRAITS
from simulators import rules

MAX_CITIZENS = 4  # [design] enough for households of one and neighbours; small enough to shrink well
MAX_PRACTICES = 6
FEW_OPEN = rules.FEW_OPEN_DOCTORS_THRESHOLD  # DOMAIN.md (e): fewer open practices within the limit admit
# The ages of a teenager living with a parent: 15 (a parent's doctor admits them to a closed practice) and 16 (no
# longer); a child under 15 is a passenger (MAX_CHILDREN), under custody until 18.
TEENAGE = (rules.CHILD_FOLLOWS_PARENT_UNTIL, rules.CHILD_FOLLOWS_PARENT_UNTIL + 1)
MAX_CHILDREN = 2  # [design] children are passengers: they move with a parent and follow the parent's doctor
# 5 and 15 km limits
MUNICIPALITIES = ("Aarhus", "København", "Frederiksberg", "Odense", "Tårnby", "Hjørring", "Dragør")
NAME_KINDS = ("plain", "æøå", "over-34")  # fixtures/variation.py's name_kind values the steps can say
# A card for a CPR number change: free once after CPR gave the citizen a new number (register_rules.py), else the fee.
CARD_REASONS = ("first-card", "lost", "name-change", "turned-15", "moved", "cpr-change")
CPR_EVENTS = ("death", "emigration", "name-change", "status-change", "cpr-change")
# The status a status change sets: every DOMAIN.md status code but 60 (the register takes a new number as a CPR number
# change, never as a status); Session.status_possible says which the register takes for the citizen now.
CPR_STATUSES = tuple(code for code in rules.CPR_STATUS_DESCRIPTIONS if code != "60")
CLOSING = ("practice-closing", "capacity", "doctor-leaving", "region-decision")  # Luna's reasons


def _around(*limits: float) -> tuple[float, ...]:
    return tuple(sorted({round(x, 2) for limit in limits for x in (limit - 0.05, limit, limit + 0.05)}))


# Distances: the limits' boundaries (5 km, 15 km) and a few ordinary ones.
DISTANCES = (0.5, 2.0, *_around(rules.CAPITAL_DISTANCE_LIMIT_KM, rules.DISTANCE_LIMIT_KM), 25.0)
PERIODS = (
    rules.DOCTOR_CHANGE_EFFECT_DAYS,
    rules.FREE_CHANGE_AFTER_MOVE_DAYS,
    rules.OWN_DOCTOR_FREE_AFTER_15_DAYS,
    rules.NAME_CHANGE_FREE_CARD_DAYS,
    rules.GROUP_CHANGE_LOCK_DAYS,
)
DAYS = tuple(sorted({1, *(p + d for p in PERIODS for d in (-1, 0, 1))}))  # the day before, of and after each period
# The first day of a run: the world's usual start, and late December 2023 (a change asked for then takes effect in
# 2024, whose fee is another than 2023's).
LAST_OF_2023 = date(2023, 12, 31)
# And 1 March 2023: the 15th birthday (1 March in a common year) of a child born 29 February 2008 (the age "leap-15"),
# whose 60 days of free changes at_edge then reaches (not the day before: a 14-year-old follows a parent's doctor).
LEAP_15_BIRTHDAY = date(2023, 3, 1)
STARTS = (
    date(2024, 3, 1),
    LAST_OF_2023 - timedelta(days=rules.DOCTOR_CHANGE_EFFECT_DAYS - 1),
    LAST_OF_2023,
    LEAP_15_BIRTHDAY,
)
MOVE_OFFSETS = (-3, 0, 1, 14)
# How long before today CPR dates a life event it registers (a death registered days after it happened): on the day,
# the day before, and back over a weekend and over the free card's window after a name change.
DAYS_AGO = (0, 1, 3, 30)
# When a child turns 15, counted from the day it is made (None: some day well before): the next day, and the day
# before, of and after a move reported MOVE_OFFSETS' 14 days ahead -- whether the child moves along is judged on the
# day Luna registers it, not the day the move is reported.
TURNS_15_IN = (None, 1, 13, 14, 15)  # a move date relative to today: reported late, on the day, ahead
# Days before 31 December (-1: 1 January): a request on the last days of a year, with and without its effect
# date (DOCTOR_CHANGE_EFFECT_DAYS later) in the next year.
YEAR_END_DAYS = (-1, 0, rules.DOCTOR_CHANGE_EFFECT_DAYS - 1, rules.DOCTOR_CHANGE_EFFECT_DAYS)


# A choice's target: a practice made in the run (0..MAX_PRACTICES-1) or OWN_DOCTOR, the doctor the citizen had from
# the start (the same doctor again; in group 2 the dormant group-1 doctor).
OWN_DOCTOR = -1
# ...or an ydernummer no practice of Luna's has (a citizen's typing error): refused as not found, nothing else happens.
UNKNOWN_PRACTICE = -2
UNKNOWN_YDERNUMMER = "999990"  # [design] six digits no generated practice is given (the explorer checks)
# The effect date a choice asks for, in days from today (None, half the draws: the default): before today, today, the
# day before, of and after the usual DOCTOR_CHANGE_EFFECT_DAYS, and later.
EFFECT_OFFSETS = tuple(
    sorted({-1, 0, *(rules.DOCTOR_CHANGE_EFFECT_DAYS + d for d in (-1, 0, 1)), 2 * rules.DOCTOR_CHANGE_EFFECT_DAYS})
)
EFFECT = st.one_of(st.none(), st.sampled_from(EFFECT_OFFSETS))

# The faults a business action may run under: a neighbour's (faults.py) or Serviceplatformen refusing the SUT's system
# certificate (certificates.py); both are healed after the action, and then every neighbour is compared. A refused
# certificate is one fault with several reasons (drawn second), so that it is drawn as often as any neighbour's fault.
REFUSED_CERTIFICATE = "certificate"
FAULT: st.SearchStrategy[str] = st.sampled_from((*faults.KINDS, REFUSED_CERTIFICATE)).flatmap(
    lambda kind: st.sampled_from(certificates.KINDS) if kind == REFUSED_CERTIFICATE else st.just(kind)
)

# Periods counted from a citizen's own history, and the action each decides (Exploration.at_edge): a group change, or
# a health card for the reason CARD_EDGES names.
CARD_EDGES = {"moved-card": "moved", "name-change": "name-change", "turned-15": "turned-15"}
EDGES = ("group-lock", "moved", *CARD_EDGES)

# A citizen as the explorer draws one: the same strategies for the first citizen and every later one.
CITIZEN: dict[str, st.SearchStrategy[Any]] = {
    "municipality": st.sampled_from(MUNICIPALITIES),
    "group": st.sampled_from((1, 2)),
    "name_kind": st.sampled_from(NAME_KINDS),
    "protected": st.booleans(),
    "odd_cpr": st.booleans(),
    "turning_15": st.booleans(),
    # the variation model's age and century; born on a leap day, a teenager and an adult (Session._born)
    "age": st.sampled_from(("adult", "2000s", "senior", "leap-15", "leap-40")),
    "no_fixed": st.sampled_from((False, False, True)),  # uden fast bopæl (the variation model's residence)
    # why the municipality registered them (the contract's registrationReason; "other": none of the rules' reasons)
    "reason": st.sampled_from(("other", "other", *REGISTRATION_TRAITS)),
    "no_doctor": st.sampled_from((False, False, False, True)),  # Luna knows no doctor for them: a first choice
}
# The closed-practice exceptions a citizen may name (DOMAIN.md (a)-(e)), whether they hold or not.
EXCEPTIONS = tuple(rules.CLOSED_PRACTICE_EXCEPTIONS)
HOUSEHOLD_EXCEPTIONS = ("same-address", "turning-15-parent-doctor")  # (a) and (b): a housemate's, a parent's doctor
