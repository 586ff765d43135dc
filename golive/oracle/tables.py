"""DOMAIN.md's rules as decision tables and pure functions: facts in, a decision out, nothing else.

Every number comes from simulators/rules.py (the one place for numbers from the law and our [design] choices);
what this module adds are the *readings* where DOMAIN.md leaves a choice open, each marked [design] here once:

- the fee is the fee of the year the change takes effect (a health card: the year it is ordered);
- a year without a published fee pays the last published one before it; from 2025 rules.FEE_KR_FROM_2025;
- "within N days of X" means X <= today <= X + N (both ends inclusive);
- "beyond the distance limit" means strictly more than the limit (exactly 15 km is within);
- a CPR status change to 90 (deceased) is a death and to 80 (emigrated) an emigration: they end the coverage as
  those events do; 01 and 03 (active) change nothing; for the others DOMAIN.md says nothing (CPR_STATUS_EFFECT);
- a CPR number change makes the next health card free, once: until a card has been ordered on or after the day of the
  change (DOMAIN.md gives no window; the new number needs one new card).
- a doctor change asked to take effect earlier than the usual 14 days (never before today) is allowed only for a free
  change that must not wait: a first doctor, a move beyond the limit, a practice that closes, the doctor of a return
  to group 1 (EARLY_EFFECT_REASONS); turning 15 is free but not urgent, and a charged change always waits.
- a citizen's first doctor (none before) is free as a first card; for one registered as moving in, as a move;
- "someone at the same address" is someone whose coverage goes on at the citizen's home; "uden fast bopæl" (the town
  hall's address) is no shared home; "turning 15" in exception (b) is being 15 (not yet 16).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from simulators import rules

EARTH_RADIUS_KM = 6371.0088  # [design] the mean earth radius every party of the harness measures distance with

# -- the fee -----------------------------------------------------------------------------------------------


def fee_kr(year: int) -> int:
    """The year's fee in kroner (DOMAIN.md: adjusted yearly), read from the rules configuration."""
    return rules.fee_kr(year)


def fee_ore(year: int) -> int:
    """Finance counts øre (integers)."""
    return fee_kr(year) * 100


# -- windows and dates -------------------------------------------------------------------------------------


def within(start: date | None, days: int, today: date) -> bool:
    return start is not None and start <= today <= start + timedelta(days=days)


def doctor_change_effective(today: date) -> date:
    """DOMAIN.md Effect date: a doctor change takes effect after 14 days."""
    return today + timedelta(days=rules.DOCTOR_CHANGE_EFFECT_DAYS)


# DOMAIN.md Effect date, and the contract: "an earlier date is accepted only where a rule allows it (a move)" [design]
EARLY_EFFECT_REASONS = frozenset({"first-card", "moved", "practice-closed", "group-change"})


def effect_date_allowed(effective: date, today: date, free_reason: str | None) -> bool:
    """A doctor change's effect date: never before today; before the usual 14 days only for EARLY_EFFECT_REASONS."""
    return effective >= today and (effective >= doctor_change_effective(today) or free_reason in EARLY_EFFECT_REASONS)


def group_change_effective(today: date) -> date:
    """DOMAIN.md: 14 days after the fee is registered (today)."""
    return today + timedelta(days=rules.GROUP_CHANGE_EFFECT_DAYS)


def group_change_opens(last_change_effective: date) -> date:
    """The first day a group change is possible again: one year after the last one took effect (DOMAIN.md)."""
    return last_change_effective + timedelta(days=rules.GROUP_CHANGE_LOCK_DAYS)


def group_change_locked(last_change_effective: date | None, today: date) -> bool:
    """DOMAIN.md: no new group change for one year after the last one took effect."""
    return last_change_effective is not None and today < group_change_opens(last_change_effective)


def fifteenth_birthday(born: date) -> date:
    try:
        return born.replace(year=born.year + rules.CHILD_FOLLOWS_PARENT_UNTIL)
    except ValueError:  # born 29 February
        return date(born.year + rules.CHILD_FOLLOWS_PARENT_UNTIL, 3, 1)


def age_on(born: date, day: date) -> int:
    """Whole years; one born 29 February has a birthday on 1 March in a common year."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_fifteen(born: date, day: date) -> bool:
    """DOMAIN.md closed practice (b): turning 15, i.e. 15 years old (not yet 16)."""
    return age_on(born, day) == rules.CHILD_FOLLOWS_PARENT_UNTIL


def under_15(born: date, day: date) -> bool:
    """DOMAIN.md Children: a child under 15 follows the custody parent's doctor."""
    return day < fifteenth_birthday(born)


def turned_15_lately(born: date, today: date) -> bool:
    """DOMAIN.md Children: turning 15, own doctor change free within 60 days (configuration)."""
    return within(fifteenth_birthday(born), rules.OWN_DOCTOR_FREE_AFTER_15_DAYS, today)


# -- distance ----------------------------------------------------------------------------------------------


def distance_limit_km(municipality_code: int) -> int:
    """DOMAIN.md Distance rule: 15 km, 5 km in København, Frederiksberg, Tårnby and Dragør."""
    return (
        rules.CAPITAL_DISTANCE_LIMIT_KM
        if municipality_code in rules.CAPITAL_MUNICIPALITIES
        else rules.DISTANCE_LIMIT_KM
    )


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def beyond(distance: float, limit: float) -> bool:
    return distance > limit


def within_limit(distance: float, limit: float) -> bool:
    return not beyond(distance, limit)


# -- free or charged: decision tables (first matching row wins) --------------------------------------------

# A doctor change (DOMAIN.md Fee, free cases; Move; Closed practice; Children). Columns: the fact that must hold,
# the free reason. No row: the fee.
DOCTOR_CHANGE_FREE = (
    ("practice-closed", "the citizen's practice closed (ophører) and the citizen has not re-chosen since"),
    ("moved", "a move took the citizen beyond the distance limit from the doctor, within 30 days of the move"),
    ("turned-15", "turned 15 within the last 60 days"),
    ("group-change", "on the way back to group 1: the doctor is part of that change, whose fee is charged"),
)

# A group change: free when moved in within 30 days, or turned 15 lately; else the fee.
GROUP_CHANGE_FREE = (
    ("moved", "moved into the municipality within the last 30 days"),
    ("turned-15", "turned 15 within the last 60 days"),
)

# A health card by the reason given: the reason is checked against the facts; a free reason that does not hold
# costs the fee, like a lost card.
CARD_FREE = (
    ("first-card", "no card ordered before"),
    ("moved", "within 30 days of the move date"),
    ("name-change", "within 3 months of the name change"),
    ("turned-15", "within 60 days of turning 15"),
    ("cpr-change", "the CPR number changed and no card was ordered since (cpr_change_card_free)"),
    ("lost", "never free"),
)


# [design] Registered as moving into the municipality (from another, or from abroad): the 30 days of free changes a
# move gives start on the day of the registration.
MOVED_IN_REASONS = frozenset({"moved-in", "immigration"})

# The free reason of a citizen's first doctor, by why the SUT registered them (the contract's registrationReason).
FIRST_CHOICE_FREE = {"moved-in": "moved"}  # any other reason: "first-card"


def first_choice_free_reason(registration_reason: str) -> str:
    return FIRST_CHOICE_FREE.get(registration_reason, "first-card")


# [design] The reason Luna and the bus are told for a registration (contracts/luna.openapi.yaml LaegevalgReason), by the
# change's free reason: DOMAIN.md gives the free cases, the contract the words. A first doctor is "first" whatever
# made it free; a change otherwise charged that names exception (b) is told as "turning-15" (why the citizen may
# have the parent's doctor), whether or not the practice was closed; a child following a parent, as such.
LUNA_REASONS = {
    "practice-closed": "practice-closed",
    "moved": "move",
    "turned-15": "turning-15",
    "group-change": "group-change",
}
CHILD_FOLLOWS_REASON = "child-follows-parent"


def luna_reason(first: bool, free_reason: str | None, exception: str | None) -> str:
    if first:
        return "first"
    if free_reason is not None:
        return LUNA_REASONS[free_reason]
    return "turning-15" if exception == "turning-15-parent-doctor" else "change"


def closed_practice_admits(exception: str, facts: dict[str, bool]) -> bool:
    """A practice closed for intake (lukket for tilgang) admits a citizen only by one of DOMAIN.md's exceptions (a)-(e)
    (rules.CLOSED_PRACTICE_EXCEPTIONS) whose fact holds (closed_practice.facts); any other admits nobody."""
    return exception in rules.CLOSED_PRACTICE_EXCEPTIONS and bool(facts.get(exception))


def few_open_doctors(open_within_limit: int) -> bool:
    return open_within_limit < rules.FEW_OPEN_DOCTORS_THRESHOLD


def doctor_change_free_reason(facts: dict[str, bool]) -> str | None:
    return next((reason for reason, _ in DOCTOR_CHANGE_FREE if facts.get(reason)), None)


def group_change_free_reason(facts: dict[str, bool]) -> str | None:
    return next((reason for reason, _ in GROUP_CHANGE_FREE if facts.get(reason)), None)


def card_free_reason(reason: str, facts: dict[str, bool]) -> str | None:
    return reason if facts.get(reason) else None


def cpr_change_card_free(changed_on: date | None, cards: list[date]) -> bool:
    """[design] A CPR number change makes the next card free, once: no card ordered since the day of the change."""
    return changed_on is not None and not any(day >= changed_on for day in cards)


# -- CPR status changes ------------------------------------------------------------------------------------

# What a CPR status change (DOMAIN.md status codes) does to the sygesikring: the end reason it means (None: nothing),
# or, for a status DOMAIN.md gives no consequence for, why the oracle cannot say. 60 (changed number) never comes as
# a status change: the register sends it as a CPR number change.
CHANGED_NUMBER_STATUS = "60"  # DOMAIN.md: changed number; the register sends it as a CPR number change
ENDS_AS = {"90": "death", "80": "emigration"}  # [design] the same news as the death and emigration events
UNCHANGED = frozenset({"01", "03"})  # [design] active: the coverage goes on
UNKNOWN_EFFECT = {
    "05": "resident in Greenland: DOMAIN.md does not say whether Danish sygesikring goes on",
    "07": "resident in Greenland (special road code): DOMAIN.md does not say whether Danish sygesikring goes on",
    "20": "no Danish address: DOMAIN.md does not say whether it ends the sygesikring",
    "30": "a cancelled record: DOMAIN.md does not say what becomes of its sygesikring",
    "50": "a deleted record: DOMAIN.md does not say what becomes of its sygesikring",
    "70": "disappeared: DOMAIN.md does not say whether it ends the sygesikring",
}


def cpr_status_effect(status: str) -> tuple[str | None, str | None]:
    """(the end reason the status means or None, why it cannot be predicted or None)."""
    if status in ENDS_AS:
        return ENDS_AS[status], None
    if status in UNCHANGED:
        return None, None
    return None, UNKNOWN_EFFECT.get(status, f"the CPR status {status!r} is not one of DOMAIN.md's status codes")
