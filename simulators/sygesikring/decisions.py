"""The reference SUT's rule core: each decision of DOMAIN.md as a pure function of facts.

Facts go in (plain values and small frozen dataclasses; `today` is passed, never read from a clock), a decision
comes out — or a domain error (errors.py) saying why not. Nothing here calls a neighbour, reads a file or the
clock, or changes state: the flows (flows/) gather the facts from the SUT's own record, Luna and CPR, ask, and act.
So a rule is read, and unit-tested, in one place. Numbers from the law come from simulators/rules.py; this
implementation's own readings from .config. A seeded defect is never an `if` here: the one decision it changes is
asked of the policy (defects.Defects), which answers correctly while the defect is off.

Where each decision lives:

================================  =========================================================================
fee and its year                  fee_kr, fee_ore, charge
free or charged                   doctor_change_terms, move_choice_charge, group_change_free_reason,
                                  card_free_reason, uses_up_entitlement
effect date                       doctor_change_effective, group_change_effective, luna_effective
lock period                       check_group_change
distance limit                    distance_limit_km, distance_km, beyond_limit, check_choice_distance,
                                  check_move_choice_distance
closed-practice entitlement       check_closed_practice_exception (DOMAIN.md exceptions (a)-(e))
who follows whom                  check_follows, is_child, who_follows, children_moving_along
a move                            move_registers_choice, free_change_after_move_until, moves_in
CPR's and Luna's events           person_change_action, practice_event_stale, practice_gone
CPR numbers                       check_cpr (by date only; modulus 11 is only ever a defect)
================================  =========================================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from simulators import rules
from simulators.core.errors import Unprocessable
from simulators.cpr.model import age_on, birth_date
from simulators.geo import haversine_km

from . import config
from .defects import Defects as Policy
from .errors import (
    ClosedPractice,
    DistanceRule,
    ExceptionNotApplicable,
    GroupChangeLocked,
    InvalidCpr,
    InvalidCprDate,
    InvalidEffectDate,
    InvalidFollows,
    SameDoctor,
    SameGroup,
)

# Free reasons that use up an entitlement a past event gave (a move beyond the limit, a closing practice).
ENTITLEMENT_REASONS = ("moved", "practice-closed")


# -- CPR numbers ---------------------------------------------------------------------------------------
def check_cpr(cpr: str, policy: Policy) -> None:
    """By date only (DOMAIN.md: numbers without modulus 11 must be accepted)."""
    try:
        birth_date(cpr)
    except Unprocessable as exc:
        raise InvalidCprDate(exc.detail, cpr=cpr) from None
    if not policy.accepts_cpr(cpr):
        raise InvalidCpr(f"{cpr} fails the modulus-11 check", cpr=cpr)


# -- the fee and its year ------------------------------------------------------------------------------
def fee_kr(year: int) -> int:
    """The year's fee in kroner (DOMAIN.md: adjusted yearly), read from the rules configuration."""
    return rules.fee_kr(year)


def fee_ore(year: int) -> int:
    """Money is integers in øre (DOMAIN.md, Finance)."""
    return fee_kr(year) * 100


@dataclass(frozen=True)
class Charge:
    """Free (and why) or charged (and how much, in øre)."""

    free_reason: str | None
    amount_ore: int

    def as_dict(self) -> dict[str, Any]:
        """The contract's `fee` object."""
        if self.free_reason:
            return {"amountOre": 0, "free": True, "freeReason": self.free_reason}
        return {"amountOre": self.amount_ore, "free": False}


def charge(free_reason: str | None, takes_effect: date) -> Charge:
    """Nothing for a free reason; else the fee of the year the change takes effect (a card: the day it is ordered)."""
    return Charge(free_reason, 0 if free_reason else fee_ore(takes_effect.year))


# -- windows, birthdays, entitlements ------------------------------------------------------------------
def in_window(start: date | None, days: int, today: date) -> bool:
    return start is not None and start <= today <= start + timedelta(days=days)


def fifteenth_birthday(cpr: str) -> date:
    born = birth_date(cpr)
    try:
        return born.replace(year=born.year + 15)
    except ValueError:  # born 29 February: the birthday is 1 March in a common year
        return date(born.year + 15, 3, 1)


def turned_15_lately(cpr: str, today: date) -> bool:
    """Within OWN_DOCTOR_FREE_AFTER_15_DAYS of the 15th birthday: own sygesikring, own changes free (DOMAIN.md)."""
    return in_window(fifteenth_birthday(cpr), rules.OWN_DOCTOR_FREE_AFTER_15_DAYS, today)


def is_fifteen(cpr: str, today: date) -> bool:
    return age_on(birth_date(cpr), today) == rules.CHILD_FOLLOWS_PARENT_UNTIL


def is_child(cpr: str, day: date) -> bool:
    """Under 15: follows the custody parent's doctor (DOMAIN.md, Children)."""
    return age_on(birth_date(cpr), day) < rules.CHILD_FOLLOWS_PARENT_UNTIL


def entitled(entitlements: Mapping[str, date | None], reason: str, today: date) -> bool:
    """Does a past event's free change (reason -> last day, None: until used) still hold today?"""
    if reason not in entitlements:
        return False
    until = entitlements[reason]
    return until is None or today <= until


def uses_up_entitlement(free_reason: str | None) -> bool:
    return free_reason in ENTITLEMENT_REASONS


# -- a doctor change: free or charged, and from when ------------------------------------------------------
@dataclass(frozen=True)
class ChoiceFacts:
    """What the citizen's record says about a new lægevalg (choice of doctor)."""

    cpr: str
    first: bool  # see is_first_choice
    registration_reason: str
    entitlements: Mapping[str, date | None]
    group_1_ahead: bool  # a change back to sikringsgruppe 1 is under way
    exception: str | None  # the closed-practice exception the citizen names


@dataclass(frozen=True)
class Terms:
    """A doctor change's free reason (None: charged) and the reason Luna and the bus are told."""

    free_reason: str | None
    luna_reason: str

    @property
    def may_take_effect_early(self) -> bool:
        """A free change that must not wait (first choice, a move, a closing practice) may take effect before the
        usual days are up; turning 15 is free but not urgent."""
        return self.free_reason is not None and self.luna_reason != config.REASON_TURNING_15


def is_first_choice(has_doctor: bool, luna_read: bool, registration_reason: str) -> bool:
    """A first choice is free; but with Luna away the SUT may simply not know the doctor a citizen moving in has.
    Only a citizen new to Danish sygesikring (born, immigrated) is then taken to have none [design]."""
    return not has_doctor and (luna_read or registration_reason in ("birth", "immigration"))


def leaving_group_2(group_today: int, group_1_ahead: bool) -> bool:
    return group_today == 2 or group_1_ahead


def check_new_doctor(cpr: str, ydernummer: str, latest: tuple[str, date] | None, returning_to_group_1: bool) -> None:
    """The same doctor again is no change. In group 2 the last registration is a dormant group-1 doctor: returning to
    group 1 with that doctor is a new choice (the exception group-2-to-1-last-doctor exists for it)."""
    if latest is not None and latest[0] == ydernummer and not returning_to_group_1:
        raise SameDoctor(f"{ydernummer} is already {cpr}'s doctor from {latest[1]}", ydernummer=ydernummer)


def doctor_change_terms(facts: ChoiceFacts, today: date, policy: Policy) -> Terms:
    """Free or charged, from DOMAIN.md's free cases, first match wins."""
    if facts.first:
        return Terms("moved" if facts.registration_reason == "moved-in" else "first-card", config.REASON_FIRST)
    if entitled(facts.entitlements, "practice-closed", today):
        return Terms("practice-closed", config.REASON_PRACTICE_CLOSED)
    if entitled(facts.entitlements, "moved", today):
        return Terms("moved", config.REASON_MOVE)
    if policy.free_after_15(turned_15_lately(facts.cpr, today), fifteenth_birthday(facts.cpr), today):
        return Terms("turned-15", config.REASON_TURNING_15)
    if facts.group_1_ahead:
        # On the way back to group 1: the doctor is part of that change, whose fee is already charged.
        return Terms("group-change", config.REASON_GROUP_CHANGE)
    if facts.exception == "turning-15-parent-doctor":  # Luna is told why; the exception itself frees nothing
        return Terms(None, config.REASON_TURNING_15)
    return Terms(None, config.REASON_CHANGE)


def doctor_change_effective(requested: date | None, terms: Terms, today: date, policy: Policy) -> date:
    """DOMAIN.md: a doctor change takes effect after DOCTOR_CHANGE_EFFECT_DAYS; earlier (never before today) only where
    a rule gives a free change that must not wait."""
    default = today + timedelta(days=policy.doctor_change_effect_days(rules.DOCTOR_CHANGE_EFFECT_DAYS))
    effective = requested or default
    if effective < today:
        raise InvalidEffectDate(
            f"effect date {effective} is before today ({today})", effectiveDate=effective.isoformat()
        )
    if effective < default and not terms.may_take_effect_early:
        raise InvalidEffectDate(
            f"a doctor change takes effect after {rules.DOCTOR_CHANGE_EFFECT_DAYS} days ({default}); "
            f"{effective} is earlier and no rule allows it",
            effectiveDate=effective.isoformat(),
        )
    return effective


def luna_effective(day: date, today: date) -> date:
    """Luna registers nothing in the past [design]: a day already gone (a move reported late) becomes today."""
    return max(day, today)


# -- the distance rule --------------------------------------------------------------------------------
def distance_limit_km(municipality_code: int, policy: Policy) -> int:
    """15 km from home, 5 km in København, Frederiksberg, Tårnby and Dragør (DOMAIN.md)."""
    return policy.distance_limit_km(rules.distance_limit_km(municipality_code))


def distance_km(home: tuple[float, float], location: Mapping[str, float]) -> float:
    """From the citizen's home to a practice's `location` ({lat, lon}): the one distance computation of the SUT."""
    return haversine_km(home[0], home[1], location["lat"], location["lon"])


def beyond_limit(distance: float, limit: float) -> bool:
    return distance > limit


def check_choice_distance(ydernummer: str, distance: float, limit: int, municipality_code: int, waive: bool) -> None:
    """A doctor beyond the limit may be chosen, but only by waiving home visits (DOMAIN.md)."""
    if beyond_limit(distance, limit) and not waive:
        raise DistanceRule(
            f"practice {ydernummer} is {distance:.1f} km from the citizen's home; the limit in "
            f"municipality {municipality_code} is {limit} km. It can be chosen only with waiveHomeVisits: true",
            distanceKm=round(distance, 2),
            limitKm=limit,
        )


def check_free_places(ydernummer: str, capacity: int, patients: int, queued: int) -> None:
    """A practice open for intake takes new patients up to its capacity (DOMAIN.md: 1,600 per doctor, rules.py): the
    patients Luna counts plus the choices this SUT accepted and queued for Luna — a place promised is a place taken."""
    if patients + queued >= capacity:
        raise ClosedPractice(
            f"practice {ydernummer} has no free place: {patients} patients in Luna and {queued} choice(s) queued for "
            f"it, capacity {capacity}",
            ydernummer=ydernummer,
        )


def check_move_choice_distance(ydernummer: str, distance: float, limit: int) -> None:
    """E-flyt offers no waiver of home visits: a doctor chosen there beyond the limit from the new home is refused."""
    if beyond_limit(distance, limit):
        raise DistanceRule(
            f"the chosen practice {ydernummer} is {distance:.1f} km from the new home, beyond the {limit} km "
            f"limit; home visits cannot be waived through E-flyt",
            distanceKm=round(distance, 2),
            limitKm=limit,
        )


# -- closed practice (lukket for tilgang) ------------------------------------------------------------------
@dataclass(frozen=True)
class ExceptionFacts:
    """What the exception named turns on. The flow looks up only the named exception's facts (each is a call to
    CPR or Luna); the rest keep their defaults and are not read."""

    housemate_has_doctor: bool = False  # (a) someone at the same address has that doctor
    fifteen: bool = False  # (b) the citizen is 15 ...
    parent_has_doctor: bool = False  # ... and a parent has that doctor (looked up only at 15)
    leaving_group_2: bool = False  # (c) from group 2 / dormant to group 1 ...
    last_doctor: str | None = None  # ... and this was the last group-1 doctor
    registration_reason: str = ""  # (d) "returned": from military service or prison
    open_doctors_near: int | None = None  # (e) open practices within the limit (None: the home is unknown)


def a_shared_home(address: Mapping[str, Any] | None) -> bool:
    """An address people share a home at, for exception (a): not "uden fast bopæl" (road code 9999: the town hall's
    address, which CPR gives everyone without a home there and never counts as a household)."""
    if not address:
        return False
    return address.get("roadCode") != rules.NO_FIXED_RESIDENCE_ROAD_CODE


def check_closed_practice_exception(cpr: str, ydernummer: str, exception: str, facts: ExceptionFacts) -> None:
    """Is the citizen entitled to the closed-practice exception named? (DOMAIN.md (a)-(e)). Luna only records it."""
    holds = {
        "same-address": facts.housemate_has_doctor,
        "turning-15-parent-doctor": facts.fifteen and facts.parent_has_doctor,
        "group-2-to-1-last-doctor": facts.leaving_group_2 and facts.last_doctor == ydernummer,
        "returning-from-service-or-prison": facts.registration_reason == "returned",
        "few-open-doctors": facts.open_doctors_near is not None
        and facts.open_doctors_near < rules.FEW_OPEN_DOCTORS_THRESHOLD,
    }.get(exception, False)
    if not holds:
        raise ExceptionNotApplicable(
            f"{cpr} is not entitled to the exception {exception!r} for practice {ydernummer}: "
            f"{rules.CLOSED_PRACTICE_EXCEPTIONS.get(exception, exception)} does not hold",
            exception=exception,
        )


# -- sikringsgruppe ----------------------------------------------------------------------------------
def check_group_change(
    cpr: str, to_group: int, from_group: int, last_change: date | None, today: date, policy: Policy
) -> None:
    """A change to the group the citizen is in (or on the way to) is none; no new change for GROUP_CHANGE_LOCK_DAYS
    after the last one took effect (DOMAIN.md)."""
    if to_group == from_group:
        raise SameGroup(f"{cpr} is already in sikringsgruppe {to_group} (or on the way there)", toGroup=to_group)
    if last_change is not None:
        opens = last_change + timedelta(days=policy.group_lock_days(rules.GROUP_CHANGE_LOCK_DAYS))
        if today < opens:
            raise GroupChangeLocked(
                f"the last group change took effect {last_change}; the next is possible from {opens}",
                nextPossible=opens.isoformat(),
            )


def group_change_effective(today: date) -> date:
    """GROUP_CHANGE_EFFECT_DAYS after the fee is registered, which is today."""
    return today + timedelta(days=rules.GROUP_CHANGE_EFFECT_DAYS)


def group_change_free_reason(cpr: str, moved_in_on: date | None, today: date) -> str | None:
    if in_window(moved_in_on, rules.FREE_CHANGE_AFTER_MOVE_DAYS, today):
        return "moved"
    if turned_15_lately(cpr, today):
        return "turned-15"
    return None


# -- health cards (sundhedskort) -------------------------------------------------------------------------
@dataclass(frozen=True)
class CardFacts:
    cpr: str
    earlier_cards: tuple[date, ...]  # the days earlier cards were ordered
    last_move_on: date | None
    name_changed_on: date | None
    cpr_changed_on: date | None


def card_free_reason(reason: str, facts: CardFacts, today: date) -> str | None:
    """The reason the caller gives is *checked* against the record: a free reason that does not hold is charged
    like a lost card (DOMAIN.md: first card, moving, name change within 3 months, turning 15, CPR number change)."""
    if reason == "first-card":
        return "first-card" if not facts.earlier_cards else None
    if reason == "moved":
        return "moved" if in_window(facts.last_move_on, rules.FREE_CHANGE_AFTER_MOVE_DAYS, today) else None
    if reason == "name-change":
        return "name-change" if in_window(facts.name_changed_on, rules.NAME_CHANGE_FREE_CARD_DAYS, today) else None
    if reason == "turned-15":
        return "turned-15" if turned_15_lately(facts.cpr, today) else None
    if reason == "cpr-change":
        changed = facts.cpr_changed_on
        since = [ordered for ordered in facts.earlier_cards if changed and ordered >= changed]
        return "cpr-change" if changed is not None and not since else None
    return None  # lost, damaged, other: the fee


# -- who follows whom ---------------------------------------------------------------------------------------
def check_follows(cpr: str, follows: str, parent_known: bool, today: date) -> None:
    """A child names the parent it follows (SFolgerskabsPerson): a registered citizen, and only until 15."""
    if follows == cpr or not parent_known:
        raise InvalidFollows(f"the parent {follows} is not a registered citizen", follows=follows)
    if not is_child(cpr, today):
        raise InvalidFollows(f"{cpr} is {rules.CHILD_FOLLOWS_PARENT_UNTIL} or older and has an own doctor", cpr=cpr)


@dataclass(frozen=True)
class ChildFacts:
    cpr: str
    follows: str | None
    active: bool
    doctor: str | None  # the latest lægevalg's ydernummer


def who_follows(parent_cpr: str, ydernummer: str, citizens: Iterable[ChildFacts], today: date) -> list[str]:
    """DOMAIN.md: children under 15 follow the custody parent's doctor — when the parent changes, they change."""
    return [
        c.cpr
        for c in citizens
        if c.follows == parent_cpr and c.active and is_child(c.cpr, today) and c.doctor != ydernummer
    ]


def children_moving_along(co_movers: Iterable[str], move_date: date) -> list[str]:
    """The co-movers who follow the mover: those under 15 on the day of the move."""
    return [cpr for cpr in co_movers if is_child(cpr, move_date)]


# -- a move ------------------------------------------------------------------------------------------------
def moves_in(from_code: int, to_code: int, current_code: int) -> bool:
    """A move into the municipality (or a case between two municipalities) starts the window of free changes."""
    return to_code != current_code or from_code != to_code


def free_change_after_move_until(move_date: date) -> date:
    return move_date + timedelta(days=rules.FREE_CHANGE_AFTER_MOVE_DAYS)


def move_registers_choice(previous: str | None, beyond: bool | None) -> bool:
    """The citizen may always keep the doctor; a doctor chosen in E-flyt is registered when the move takes the
    citizen beyond the limit from the current doctor, or the citizen has none (DOMAIN.md, Move)."""
    return previous is None or bool(beyond)


def move_choice_charge(takes_effect: date, policy: Policy) -> Charge:
    """A doctor chosen with a move beyond the limit is free (DOMAIN.md, Move)."""
    return charge("moved" if policy.move_choice_free() else None, takes_effect)


# -- what CPR and Luna tell --------------------------------------------------------------------------------
def person_change_action(change: str, status: str | None, policy: Policy) -> str | None:
    """What a cpr.person-changed means for the sygesikring: death or emigration ends it (status 90 / 80 are the same
    news); a CPR number, name, protection or address change is recorded; anything else changes nothing."""
    if change == "death" or (change == "status-change" and status == "90"):
        return "death"
    if (
        change == "emigration" or (change == "status-change" and status == "80")
    ) and policy.ends_coverage_on_emigration():
        return "emigration"
    if change in ("cpr-change", "name-change", "protection-change", "address-change"):
        return change
    return None


def practice_event_stale(changed: date | None, newest: date | None, policy: Policy) -> bool:
    """The bus does not promise order: an event older (by Luna's changedDate) than one already applied for the same
    practice is stale, so a late "reopened" cannot resurrect a practice that closed for good."""
    return changed is not None and newest is not None and changed < newest and policy.ignores_stale_practice_events()


def practice_gone(reason: str) -> bool:
    """Does a practice's closing take the doctor from its existing patients (a free re-choice)? [design: config]"""
    return reason in config.PRACTICE_GONE_REASONS
