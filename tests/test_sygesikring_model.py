"""The reference SUT's rules, model alone: a plain-Python fake stands in for Luna, Finance, CPR, the bus and E-flyt.

Each test is one rule of DOMAIN.md as the municipal sygesikring system must apply it: the fee and when it is
free, the 14-day effect date, the distance rule (15 km, 5 km in the capital), closed practices and their
exceptions, the group-change lock, moves, children following a parent, death, duplicates, CPR numbers without
modulus 11, and what happens while a neighbour is down.
"""

from __future__ import annotations

import contextlib
import itertools
from datetime import date, datetime, timezone
from typing import Any

import pytest

from simulators import rules
from simulators.core.clock import VirtualClock
from simulators.geo import haversine_km, offset
from simulators.sygesikring.defects import DEFECTS, Defects, passes_modulus_11
from simulators.sygesikring.model import (
    CaseConflict,
    CitizenExists,
    ClosedPractice,
    CoverageEnded,
    DistanceRule,
    ExceptionNotApplicable,
    GroupChangeLocked,
    InvalidCpr,
    InvalidCprDate,
    InvalidEffectDate,
    InvalidFollows,
    Outcome,
    Refused,
    SameDoctor,
    SameGroup,
    Settlement,
    SygesikringModel,
    Unavailable,
    UnknownCitizen,
    UnknownYder,
    fee_kr,
)

TODAY = date(2024, 3, 1)
AARHUS = (56.1572, 10.2107)
ODENSE = (55.3959, 10.3883)
KOBENHAVN = (55.6761, 12.5683)

PARENT = "1203801236"  # 12 Mar 1980; fails modulus 11, and is valid all the same
CHILD = "0505154237"  # 5 May 2015
MOD11 = "0101804321"  # passes modulus 11
TURNED_15 = "1002094321"  # 10 Feb 2009: turned 15 on 10 Feb 2024


class FakeNeighbours:
    """Luna, Finance, CPR, the bus and E-flyt as dictionaries and lists; `down` names the neighbours that are away."""

    def __init__(self) -> None:
        self.down: set[str] = set()
        self.practices: dict[str, dict[str, Any]] = {}
        self.luna: dict[str, list[dict[str, Any]]] = {}
        self.persons: dict[str, dict[str, Any]] = {}
        self.registered: list[dict[str, Any]] = []
        self.ended: list[tuple[str, date, str]] = []
        self.vouchers: list[tuple[str, dict[str, Any]]] = []
        self.published: list[tuple[str, dict[str, Any]]] = []
        self.receipts: list[tuple[str, dict[str, Any]]] = []
        self.queue: list[tuple[str, str, Any, Any]] = []  # ticket, kind, request, context
        self._tickets = itertools.count(1)

    # the port
    def correlated(self, correlation_id):
        return contextlib.nullcontext()

    def ensure_subscriptions(self) -> bool:
        return True

    def _up(self, name: str) -> None:
        if name in self.down:
            raise Unavailable(f"{name} is down")

    def person(self, cpr):
        self._up("cpr")
        return self.persons.get(cpr)

    def household(self, municipality_code, street, postal_code):
        self._up("cpr")
        return [p for p in self.persons.values() if p.get("address", {}).get("street") == street]

    def practice(self, ydernummer):
        self._up("luna")
        return self.practices.get(ydernummer)

    def practices_near(self, lat, lon, radius_km, open_for_intake=None):
        self._up("luna")
        return [p for p in self.practices.values()
                if haversine_km(lat, lon, p["location"]["lat"], p["location"]["lon"]) <= radius_km
                and (open_for_intake is None or p["openForIntake"] == open_for_intake)]

    def citizen_laegevalg(self, cpr):
        self._up("luna")
        regs = self.luna.get(cpr)
        return {"cpr": cpr, "current": regs[-1], "future": [], "previous": []} if regs else None

    def _register(self, request):
        practice = self.practices.get(request["ydernummer"])
        if practice is None:
            return Outcome("refused", refused=Refused(404, "unknown-yder", "no such practice"))
        if not practice["openForIntake"] and not request.get("closedPracticeException"):
            return Outcome("refused", refused=Refused(409, "closed-practice", "closed for intake"))
        self.registered.append(request)
        self.luna.setdefault(request["cpr"], []).append(request)
        return Outcome("done", document=dict(request))

    def register_laegevalg(self, request, context):
        if "luna" in self.down:
            return self._queue("laegevalg", request, context)
        return self._register(request)

    def end_laegevalg(self, cpr, end_date, reason, context):
        self.ended.append((cpr, end_date, reason))
        return Outcome("done", document={})

    def post_fee(self, voucher, key, context):
        if "finance" in self.down:
            return self._queue("fee", (voucher, key), context)
        self.vouchers.append((key, voucher))
        return Outcome("done", document={"voucherId": f"V-2024-{len(self.vouchers):06d}"})

    def _queue(self, kind, request, context):
        ticket = f"q-{next(self._tickets)}"
        self.queue.append((ticket, kind, request, context))
        return Outcome("pending", ticket=ticket)

    def publish(self, topic, payload, key=None):
        self.published.append((topic, payload))
        return "m"

    def send_receipt(self, case_id, receipt):
        self.receipts.append((case_id, receipt))

    def retry_pending(self):
        settled = []
        for item in list(self.queue):
            ticket, kind, request, context = item
            if kind == "laegevalg" and "luna" not in self.down:
                outcome = self._register(request)
            elif kind == "fee" and "finance" not in self.down:
                self.vouchers.append((request[1], request[0]))
                outcome = Outcome("done", document={"voucherId": f"V-2024-{len(self.vouchers):06d}"})
            else:
                continue
            self.queue.remove(item)
            settled.append(Settlement(ticket, kind, context, outcome))
        return settled

    def pending(self):
        return [{"ticket": t, "kind": k} for t, k, _, _ in self.queue]

    def reset(self):
        self.queue.clear()

    def close(self):
        pass

    # helpers for the tests
    def add_practice(self, ydernummer: str, at: tuple[float, float], km: float = 0.0, open_for_intake: bool = True,
                     municipality_code: int = 751) -> dict[str, Any]:
        lat, lon = offset(at[0], at[1], km, 90) if km else at
        practice = {"ydernummer": ydernummer, "name": f"Praksis {ydernummer}", "municipalityCode": municipality_code,
                    "location": {"lat": lat, "lon": lon}, "openForIntake": open_for_intake,
                    "doctors": 2, "capacity": 3200, "patientCount": 1000}  # Luna's contract: room for new patients
        self.practices[ydernummer] = practice
        return practice

    def topics(self, topic: str) -> list[dict[str, Any]]:
        return [p for t, p in self.published if t == topic]


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc))


@pytest.fixture
def luna() -> FakeNeighbours:
    fake = FakeNeighbours()
    fake.add_practice("011111", AARHUS, 2)  # near home in Aarhus
    fake.add_practice("022222", AARHUS, 4)  # also near
    fake.add_practice("033333", AARHUS, 40)  # far away
    fake.add_practice("044444", AARHUS, 3, open_for_intake=False)  # closed for intake
    fake.add_practice("055555", ODENSE, 2, municipality_code=461)  # near the new home in Odense
    return fake


@pytest.fixture
def model(clock, luna) -> SygesikringModel:
    return SygesikringModel(clock=clock, neighbours=luna)


def register(model: SygesikringModel, cpr: str = PARENT, at: tuple[float, float] = AARHUS, municipality: int = 751, **extra) -> dict:
    return model.register_citizen({"cpr": cpr, "municipalityCode": municipality, "location": {"lat": at[0], "lon": at[1]}, **extra})


def with_doctor(model: SygesikringModel, luna: FakeNeighbours, cpr: str = PARENT, ydernummer: str = "011111", **extra) -> None:
    luna.luna[cpr] = [{"cpr": cpr, "ydernummer": ydernummer, "effectiveDate": "2020-01-01", "reason": "first"}]
    register(model, cpr, **extra)


def move(cpr: str = PARENT, to: tuple[float, float] = ODENSE, municipality: int = 461, **extra) -> dict:
    return {
        "caseId": extra.pop("caseId", "9d7c1e3a-5b2f-4c8d-8e6a-1f0b2c3d4e5f"),
        "cpr": cpr, "moveDate": "2024-03-15", "reportedAt": "2024-03-01T10:00:00+00:00",
        "from": {"municipalityCode": 751, "address": {"street": "Solsikkevej 12", "postalCode": "8000", "city": "Aarhus C"}},
        "to": {"municipalityCode": municipality, "address": {"street": "Kongensgade 40", "postalCode": "5000", "city": "Odense C"},
               "location": {"lat": to[0], "lon": to[1]}},
        "coMovers": [], **extra,
    }


# -- registration -----------------------------------------------------------------------------------
def test_a_citizen_without_a_choice_is_in_group_1(model):
    assert register(model)["sikringsgruppe"] == 1


def test_a_citizen_already_known_is_refused(model):
    register(model)
    with pytest.raises(CitizenExists):
        register(model)


def test_a_cpr_number_without_modulus_11_is_accepted(model):
    assert not passes_modulus_11(PARENT)
    assert register(model)["cpr"] == PARENT


def test_a_cpr_number_without_a_real_date_is_refused(model):
    with pytest.raises(InvalidCprDate):
        register(model, cpr="3102801234")


def test_a_child_follows_the_parents_doctor_from_registration(model, luna):
    with_doctor(model, luna, PARENT, "011111")
    register(model, CHILD, follows=PARENT, reason="birth")
    assert [(r["cpr"], r["ydernummer"], r["reason"], r.get("followsCpr")) for r in luna.registered] == [
        (CHILD, "011111", "child-follows-parent", PARENT)]


def test_a_child_changes_doctor_with_the_parent_it_follows(model, luna):
    with_doctor(model, luna, PARENT, "011111")
    register(model, CHILD, follows=PARENT, reason="birth")
    model.choose_doctor(PARENT, {"ydernummer": "022222"})
    assert model.citizen_doc(CHILD)["laegevalg"]["future"] == [{"ydernummer": "022222", "effectiveDate": "2024-03-15"}]


def test_only_a_child_under_15_can_follow_a_parent(model, luna):
    with_doctor(model, luna, PARENT)
    with pytest.raises(InvalidFollows):
        register(model, MOD11, follows=PARENT)


def test_a_citizen_moving_in_keeps_the_doctor_luna_knows(model, luna):
    with_doctor(model, luna, PARENT, "022222")
    assert model.citizen_doc(PARENT)["laegevalg"]["current"] == {"ydernummer": "022222", "effectiveDate": "2020-01-01"}


# -- fee ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("year, kr", [(2014, 185), (2017, 190), (2023, 220), (2024, 225), (2031, rules.FEE_KR_FROM_2025), (2010, 185)])
def test_the_fee_is_the_years_fee_in_kroner(year, kr):
    assert fee_kr(year) == kr


# -- choosing a doctor -----------------------------------------------------------------------------
def test_a_doctor_change_takes_effect_after_14_days_and_costs_the_fee(model, luna):
    with_doctor(model, luna)
    result = model.choose_doctor(PARENT, {"ydernummer": "022222"})
    assert (result["effectiveDate"], result["fee"], result["status"]) == ("2024-03-15", {"amountOre": 22500, "free": False}, "registered")


def test_the_fee_is_posted_as_a_balanced_voucher_in_ore(model, luna):
    with_doctor(model, luna)
    model.choose_doctor(PARENT, {"ydernummer": "022222"})
    _, voucher = luna.vouchers[0]
    assert [(line["account"], line["amountOre"]) for line in voucher["lines"]] == [
        (rules.DEBTOR_ACCOUNT, 22500), (rules.FEE_REVENUE_ACCOUNT, -22500)]


def test_the_fee_follows_the_year_the_change_takes_effect(model, luna, clock):
    clock.set(date(2023, 12, 25))
    with_doctor(model, luna)
    assert model.choose_doctor(PARENT, {"ydernummer": "022222"})["fee"]["amountOre"] == 22500  # effect 2024-01-08


def test_the_first_choice_is_free(model, luna):
    register(model)
    assert model.choose_doctor(PARENT, {"ydernummer": "011111"})["fee"] == {"amountOre": 0, "free": True, "freeReason": "first-card"}


def test_a_change_publishes_the_registered_choice_with_the_previous_doctor(model, luna):
    with_doctor(model, luna)
    model.choose_doctor(PARENT, {"ydernummer": "022222"})
    assert luna.topics("sygesikring.laegevalg-changed") == [{
        "cpr": PARENT, "ydernummer": "022222", "effectiveDate": "2024-03-15", "previousYdernummer": "011111",
        "reason": "change", "municipalityCode": 751, "sikringsgruppe": 1}]


def test_an_effect_date_before_the_14_days_needs_a_rule_that_allows_it(model, luna):
    with_doctor(model, luna)
    with pytest.raises(InvalidEffectDate):
        model.choose_doctor(PARENT, {"ydernummer": "022222", "effectiveDate": "2024-03-05"})


def test_an_effect_date_in_the_past_is_refused(model, luna):
    register(model)
    with pytest.raises(InvalidEffectDate):
        model.choose_doctor(PARENT, {"ydernummer": "011111", "effectiveDate": "2024-02-28"})


def test_choosing_the_doctor_one_has_is_refused(model, luna):
    with_doctor(model, luna, ydernummer="011111")
    with pytest.raises(SameDoctor):
        model.choose_doctor(PARENT, {"ydernummer": "011111"})


def test_the_same_choice_twice_the_same_day_charges_once(model, luna):
    with_doctor(model, luna)
    first = model.choose_doctor(PARENT, {"ydernummer": "022222"})
    again = model.choose_doctor(PARENT, {"ydernummer": "022222"})
    assert (again, len(luna.vouchers), len(luna.registered)) == (first, 1, 1)


def test_an_unknown_citizen_cannot_choose(model):
    with pytest.raises(UnknownCitizen):
        model.choose_doctor(PARENT, {"ydernummer": "011111"})


def test_an_unknown_ydernummer_is_refused(model, luna):
    register(model)
    with pytest.raises(UnknownYder):
        model.choose_doctor(PARENT, {"ydernummer": "099999"})


def test_a_practice_beyond_15_km_needs_home_visits_waived(model, luna):
    register(model)
    with pytest.raises(DistanceRule):
        model.choose_doctor(PARENT, {"ydernummer": "033333"})


def test_a_practice_beyond_the_limit_is_accepted_when_home_visits_are_waived(model, luna):
    register(model)
    result = model.choose_doctor(PARENT, {"ydernummer": "033333", "waiveHomeVisits": True})
    assert (result["status"], result["waiveHomeVisits"]) == ("registered", True)


def test_in_kobenhavn_the_limit_is_5_km(model, luna):
    luna.add_practice("066666", KOBENHAVN, 8, municipality_code=101)
    register(model, at=KOBENHAVN, municipality=101)
    with pytest.raises(DistanceRule):
        model.choose_doctor(PARENT, {"ydernummer": "066666"})


def test_outside_the_capital_8_km_is_within_the_limit(model, luna):
    luna.add_practice("077777", AARHUS, 8)
    register(model)
    assert model.choose_doctor(PARENT, {"ydernummer": "077777"})["status"] == "registered"


def test_a_closed_practice_without_an_exception_is_refused_by_luna_as_409(model, luna):
    with_doctor(model, luna)
    with pytest.raises(ClosedPractice):
        model.choose_doctor(PARENT, {"ydernummer": "044444"})
    assert (luna.registered, luna.vouchers, luna.published) == ([], [], [])


def test_an_open_practice_whose_places_are_taken_is_refused_as_closed(model, luna):
    """Luna may leave a full practice open (autoCloseAtCapacity off): the SUT counts the places itself."""
    practice = luna.add_practice("066666", AARHUS, 2)
    practice["patientCount"] = practice["capacity"]
    with_doctor(model, luna)
    with pytest.raises(ClosedPractice, match="no free place"):
        model.choose_doctor(PARENT, {"ydernummer": "066666"})
    assert (luna.registered, luna.vouchers, luna.published) == ([], [], [])


def test_the_non_atomic_capacity_check_changes_nothing_one_request_at_a_time(clock, luna):
    """capacity-check-not-atomic reads the practice before taking the lock: alone, a choice goes as it always did."""
    defective = SygesikringModel(clock=clock, neighbours=luna, defects=Defects(["capacity-check-not-atomic"]))
    luna.add_practice("066666", AARHUS, 2)
    with_doctor(defective, luna)
    assert defective.choose_doctor(PARENT, {"ydernummer": "066666"})["status"] == "registered"
    assert len(luna.registered) == 1


def test_a_closed_practice_admits_a_citizen_whose_housemate_has_that_doctor(model, luna):
    address = {"street": "Solsikkevej 12", "postalCode": "8000", "city": "Aarhus C"}
    luna.persons["0202024322"] = {"cpr": "0202024322", "address": address}
    luna.luna["0202024322"] = [{"cpr": "0202024322", "ydernummer": "044444", "effectiveDate": "2020-01-01"}]
    with_doctor(model, luna, address=address)
    result = model.choose_doctor(PARENT, {"ydernummer": "044444", "closedPracticeException": "same-address"})
    assert (result["closedPracticeException"], luna.registered[-1]["closedPracticeException"]) == ("same-address", "same-address")


def test_an_exception_the_citizen_is_not_entitled_to_is_refused(model, luna):
    with_doctor(model, luna, address={"street": "Solsikkevej 12", "postalCode": "8000", "city": "Aarhus C"})
    with pytest.raises(ExceptionNotApplicable):
        model.choose_doctor(PARENT, {"ydernummer": "044444", "closedPracticeException": "same-address"})


def test_ended_coverage_refuses_a_choice(model, luna):
    with_doctor(model, luna)
    model.receive_delivery(bus("cpr.person-changed", {"cpr": PARENT, "changeType": "death", "effectiveDate": "2024-02-28",
                                                      "status": "90", "addressProtected": False}))
    with pytest.raises(CoverageEnded):
        model.choose_doctor(PARENT, {"ydernummer": "022222"})


def test_turning_15_gives_a_free_own_choice_for_60_days(model, luna):
    with_doctor(model, luna, TURNED_15)
    assert model.choose_doctor(TURNED_15, {"ydernummer": "022222"})["fee"]["freeReason"] == "turned-15"


# -- Luna away: pending, then finished ---------------------------------------------------------------
def test_with_luna_away_a_citizen_moving_in_is_not_assumed_to_have_no_doctor(model, luna):
    luna.down.add("luna")
    register(model, reason="moved-in")
    assert model.choose_doctor(PARENT, {"ydernummer": "022222"})["fee"]["free"] is False


def test_with_luna_away_a_newborns_first_choice_is_still_free(model, luna):
    luna.down.add("luna")
    register(model, CHILD, reason="birth")
    assert model.choose_doctor(CHILD, {"ydernummer": "022222"})["fee"]["freeReason"] == "first-card"


def test_a_choice_while_luna_is_down_is_accepted_as_pending(model, luna):
    with_doctor(model, luna)
    luna.down.add("luna")
    result = model.choose_doctor(PARENT, {"ydernummer": "022222"})
    assert (result["status"], luna.registered, luna.vouchers) == ("pending", [], [])


def test_a_pending_choice_is_registered_charged_and_published_when_luna_returns(model, luna):
    with_doctor(model, luna)
    luna.down.add("luna")
    model.choose_doctor(PARENT, {"ydernummer": "022222"})
    luna.down.clear()
    model.retry_pending()
    assert ([r["ydernummer"] for r in luna.registered], len(luna.vouchers), len(luna.topics("sygesikring.laegevalg-changed"))) == (["022222"], 1, 1)


def test_a_pending_choice_that_luna_then_refuses_leaves_no_trace(model, luna):
    with_doctor(model, luna)
    luna.down.add("luna")
    model.choose_doctor(PARENT, {"ydernummer": "022222"})
    luna.practices["022222"]["openForIntake"] = False
    luna.down.clear()
    model.retry_pending()
    assert (model.citizen_doc(PARENT)["laegevalg"]["future"], luna.vouchers, luna.published) == ([], [], [])


def test_a_fee_finance_cannot_take_is_queued_and_posted_later(model, luna):
    with_doctor(model, luna)
    luna.down.add("finance")
    model.choose_doctor(PARENT, {"ydernummer": "022222"})
    queued = model.citizen_doc(PARENT)["fees"][0]["voucherId"]
    luna.down.clear()
    model.retry_pending()
    assert (queued, model.citizen_doc(PARENT)["fees"][0]["voucherId"]) == (None, "V-2024-000001")


# -- sikringsgruppe -----------------------------------------------------------------------------------
def test_a_group_change_takes_effect_14_days_after_the_fee(model, luna):
    register(model)
    result = model.change_group(PARENT, {"toGroup": 2})
    assert (result["effectiveDate"], result["fee"]["amountOre"], len(luna.vouchers)) == ("2024-03-15", 22500, 1)


def test_the_group_in_force_changes_on_the_effect_date(model, clock):
    register(model)
    model.change_group(PARENT, {"toGroup": 2})
    clock.set(date(2024, 3, 15))
    assert model.citizen_doc(PARENT)["sikringsgruppe"] == 2


def test_a_new_group_change_within_a_year_is_locked(model, clock):
    register(model)
    model.change_group(PARENT, {"toGroup": 2})
    clock.set(date(2025, 3, 1))
    with pytest.raises(GroupChangeLocked):
        model.change_group(PARENT, {"toGroup": 1})


def test_a_group_change_a_year_after_the_last_took_effect_is_allowed(model, clock):
    register(model)
    model.change_group(PARENT, {"toGroup": 2})
    clock.set(date(2025, 3, 15))
    assert model.change_group(PARENT, {"toGroup": 1})["fromGroup"] == 2


def test_changing_to_the_group_one_is_in_is_refused(model):
    register(model)
    with pytest.raises(SameGroup):
        model.change_group(PARENT, {"toGroup": 1})


def test_a_group_change_publishes_the_change(model, luna):
    register(model)
    model.change_group(PARENT, {"toGroup": 2})
    assert luna.topics("sygesikring.group-changed") == [
        {"cpr": PARENT, "fromGroup": 1, "toGroup": 2, "effectiveDate": "2024-03-15", "municipalityCode": 751}]


# -- health cards -------------------------------------------------------------------------------------
def test_a_first_card_is_free(model):
    register(model)
    assert model.order_health_card(PARENT, {"reason": "first-card"})["fee"]["free"] is True


def test_a_lost_card_costs_the_fee(model, luna):
    register(model)
    model.order_health_card(PARENT, {"reason": "lost"})
    assert (luna.topics("sygesikring.healthcard-ordered")[0]["feeOre"], len(luna.vouchers)) == (22500, 1)


def test_a_second_first_card_is_charged(model, luna):
    register(model)
    model.order_health_card(PARENT, {"reason": "first-card"})
    model.clock.set(date(2024, 3, 2))
    assert model.order_health_card(PARENT, {"reason": "first-card"})["fee"] == {"amountOre": 22500, "free": False}


def test_a_card_for_a_move_that_did_not_happen_is_charged(model):
    register(model)
    assert model.order_health_card(PARENT, {"reason": "moved"})["fee"]["free"] is False


# -- moves ------------------------------------------------------------------------------------------
def test_a_move_beyond_the_limit_registers_the_chosen_doctor_free_from_the_move_date(model, luna):
    with_doctor(model, luna)
    model.receive_move(move(doctorChoice={"ydernummer": "055555"}))
    assert (luna.registered[-1]["effectiveDate"], luna.registered[-1]["reason"], luna.vouchers) == ("2024-03-15", "move", [])


def test_a_completed_move_receipt_names_the_registered_doctor(model, luna):
    with_doctor(model, luna)
    model.receive_move(move(doctorChoice={"ydernummer": "055555"}))
    _, receipt = luna.receipts[-1]
    assert (receipt["status"], receipt["laegevalg"]) == ("completed", {"ydernummer": "055555", "effectiveDate": "2024-03-15"})


def test_a_move_beyond_the_limit_without_a_choice_gives_a_free_change_for_30_days(model, luna, clock):
    with_doctor(model, luna)
    model.receive_move(move())
    clock.set(date(2024, 4, 10))
    assert model.choose_doctor(PARENT, {"ydernummer": "055555"})["fee"] == {"amountOre": 0, "free": True, "freeReason": "moved"}


def test_the_free_change_after_a_move_ends_after_30_days(model, luna, clock):
    with_doctor(model, luna)
    model.receive_move(move())
    clock.set(date(2024, 4, 20))
    assert model.choose_doctor(PARENT, {"ydernummer": "055555"})["fee"]["free"] is False


def test_a_move_within_the_limit_keeps_the_doctor_even_with_a_choice(model, luna):
    with_doctor(model, luna)
    model.receive_move(move(to=offset(*AARHUS, 5, 180), municipality=751, doctorChoice={"ydernummer": "022222"}))
    _, receipt = luna.receipts[-1]
    assert (luna.registered, receipt["status"], "laegevalg" in receipt) == ([], "completed", False)


def test_a_child_moving_with_the_parent_follows_the_parents_new_doctor(model, luna):
    with_doctor(model, luna)
    luna.luna[CHILD] = [{"cpr": CHILD, "ydernummer": "022222", "effectiveDate": "2020-01-01"}]
    model.receive_move(move(coMovers=[{"cpr": CHILD}], doctorChoice={"ydernummer": "055555"}))
    child = next(r for r in luna.registered if r["cpr"] == CHILD)
    assert (child["ydernummer"], child["reason"], child["followsCpr"]) == ("055555", "child-follows-parent", PARENT)


def test_a_move_case_again_with_the_same_body_is_handled_once(model, luna):
    with_doctor(model, luna)
    model.receive_move(move(doctorChoice={"ydernummer": "055555"}))
    model.receive_move(move(doctorChoice={"ydernummer": "055555"}))
    assert (len(luna.registered), len(luna.receipts)) == (1, 1)


def test_a_move_case_id_reused_with_another_body_is_a_conflict(model, luna):
    with_doctor(model, luna)
    model.receive_move(move())
    with pytest.raises(CaseConflict):
        model.receive_move(move(doctorChoice={"ydernummer": "055555"}))


def test_a_move_while_luna_is_down_gets_a_pending_receipt_then_a_completed_one(model, luna):
    with_doctor(model, luna)
    luna.down.add("luna")
    model.receive_move(move(doctorChoice={"ydernummer": "055555"}))
    luna.down.clear()
    model.retry_pending()
    assert [r["status"] for _, r in luna.receipts] == ["pending", "completed"]


def test_a_move_to_a_closed_practice_is_rejected_in_the_receipt(model, luna):
    with_doctor(model, luna)
    luna.practices["055555"]["openForIntake"] = False
    model.receive_move(move(doctorChoice={"ydernummer": "055555"}))
    _, receipt = luna.receipts[-1]
    assert (receipt["status"], luna.registered) == ("rejected", [])


def test_a_move_of_a_citizen_with_an_invalid_cpr_date_is_rejected(model, luna):
    model.receive_move(move(cpr="3102801234"))
    assert luna.receipts[-1][1]["status"] == "rejected"


# -- Servicebus deliveries ----------------------------------------------------------------------------
def bus(topic: str, payload: dict, message_id: str = "1a2b3c4d-5e6f-4708-9a1b-2c3d4e5f6a7b") -> dict:
    return {"messageId": message_id, "topic": topic, "subscriptionId": "s", "attempt": 1,
            "publishedAt": "2024-03-01T12:00:00+00:00", "source": topic.split(".")[0], "payload": payload}


DEATH = {"cpr": PARENT, "changeType": "death", "effectiveDate": "2024-02-28", "status": "90", "addressProtected": False}


def test_a_death_ends_coverage_and_the_lægevalg_in_luna(model, luna):
    with_doctor(model, luna)
    model.receive_delivery(bus("cpr.person-changed", DEATH))
    assert (model.citizen_doc(PARENT)["status"], luna.ended) == ("ended", [(PARENT, date(2024, 2, 28), "death")])


def test_a_death_is_published_as_coverage_ended(model, luna):
    with_doctor(model, luna)
    model.receive_delivery(bus("cpr.person-changed", DEATH))
    assert luna.topics("sygesikring.coverage-ended") == [{"cpr": PARENT, "reason": "death", "endDate": "2024-02-28", "municipalityCode": 751}]


def test_a_redelivered_message_changes_nothing(model, luna):
    with_doctor(model, luna)
    model.receive_delivery(bus("cpr.person-changed", DEATH))
    model.receive_delivery(bus("cpr.person-changed", DEATH))
    assert len(luna.topics("sygesikring.coverage-ended")) == 1


def test_a_closing_practice_gives_its_patients_a_free_re_choice(model, luna):
    with_doctor(model, luna, ydernummer="011111")
    model.receive_delivery(bus("luna.practice-changed", {"ydernummer": "011111", "openForIntake": False, "reason": "practice-closing",
                                                         "municipalityCode": 751, "changedDate": "2024-03-01"}))
    assert model.choose_doctor(PARENT, {"ydernummer": "022222"})["fee"]["freeReason"] == "practice-closed"


def test_a_practice_closing_for_capacity_gives_no_free_re_choice(model, luna):
    with_doctor(model, luna, ydernummer="011111")
    model.receive_delivery(bus("luna.practice-changed", {"ydernummer": "011111", "openForIntake": False, "reason": "capacity",
                                                         "municipalityCode": 751, "changedDate": "2024-03-01"}))
    assert model.choose_doctor(PARENT, {"ydernummer": "022222"})["fee"]["free"] is False


def test_an_unusable_payload_is_acknowledged_and_noted(model):
    model.receive_delivery(bus("cpr.person-changed", {"cpr": 17}))
    assert len(model.snapshot()["ignoredMessages"]) == 1


def test_no_published_payload_carries_an_address(model, luna):
    address = {"street": "Hemmeligvej 1", "postalCode": "8000", "city": "Aarhus C"}
    with_doctor(model, luna, address=address, addressProtected=True)
    model.choose_doctor(PARENT, {"ydernummer": "022222"})
    model.order_health_card(PARENT, {"reason": "lost"})
    assert all("address" not in payload and "Hemmeligvej" not in str(payload) for _, payload in luna.published)


# -- defects change exactly one outcome -------------------------------------------------------------
def test_every_defect_has_a_description():
    assert all(len(text) > 20 for text in DEFECTS.values()) and len(DEFECTS) >= 8


def test_an_unknown_defect_name_is_refused():
    with pytest.raises(ValueError):
        Defects(["fee-in-euro"])


def test_defect_fee_in_kroner_posts_225_instead_of_22500(clock, luna):
    model = SygesikringModel(clock=clock, neighbours=luna, defects=Defects(["fee-in-kroner"]))
    with_doctor(model, luna)
    model.choose_doctor(PARENT, {"ydernummer": "022222"})
    assert luna.vouchers[0][1]["lines"][0]["amountOre"] == 225


def test_defect_effect_date_off_by_one_takes_effect_after_13_days(clock, luna):
    model = SygesikringModel(clock=clock, neighbours=luna, defects=Defects(["effect-date-off-by-one"]))
    with_doctor(model, luna)
    assert model.choose_doctor(PARENT, {"ydernummer": "022222"})["effectiveDate"] == "2024-03-14"


def test_defect_modulus11_refuses_a_valid_cpr_number(clock, luna):
    model = SygesikringModel(clock=clock, neighbours=luna, defects=Defects(["modulus11-rejects-valid-cpr"]))
    with pytest.raises(InvalidCpr):
        register(model, PARENT)


def test_defect_event_before_luna_accepted_publishes_a_refused_choice(clock, luna):
    model = SygesikringModel(clock=clock, neighbours=luna, defects=Defects(["event-before-luna-accepted"]))
    with_doctor(model, luna)
    with pytest.raises(ClosedPractice):
        model.choose_doctor(PARENT, {"ydernummer": "044444"})
    assert [p["ydernummer"] for p in luna.topics("sygesikring.laegevalg-changed")] == ["044444"]


def test_defect_copenhagen_15km_accepts_a_doctor_8_km_away_in_kobenhavn(clock, luna):
    model = SygesikringModel(clock=clock, neighbours=luna, defects=Defects(["copenhagen-15km"]))
    luna.add_practice("066666", KOBENHAVN, 8, municipality_code=101)
    register(model, at=KOBENHAVN, municipality=101)
    assert model.choose_doctor(PARENT, {"ydernummer": "066666"})["status"] == "registered"
