"""The oracle's closed-practice exceptions (DOMAIN.md (a)-(e)), a citizen's first doctor, and the Luna comparison's
tolerance of a repeated registration a careful SUT found already done (golive/oracle/, golive/explore/observe.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from golive.explore.observe import _without_skipped_repeats
from golive.oracle import CitizenModel, Oracle, PracticeModel
from tests.test_oracle import HOME, TODAY, _north, _practice, _world


def _citizen(oracle: Oracle, name: str, *, born=date(1980, 5, 5), street="Vejen 1", reason="other", doctor=None):
    """Another citizen of Aarhus at HOME (a housemate when the street is the same), with `doctor` (a practice's
    name) seeded in Luna, or none at all."""
    c = CitizenModel(
        name=name,
        cpr=f"{len(oracle.citizens) + 1:02d}05801234",
        born=born,
        municipality=751,
        home=HOME,
        full_name="Ida Holm",
        protected=False,
        street=street,
        registered_on=TODAY,
        group=1,
        told_municipality=751,
        reason=reason,
        moved_in_on=TODAY if reason in ("moved-in", "immigration") else None,
    )
    own = oracle.practices[doctor] if doctor else None
    oracle.add_citizen(c, own, TODAY.replace(year=2020) if own else None)
    return c


def _closed(oracle: Oracle, name: str = "lukket", km: float = 3) -> None:
    _practice(oracle, name, km, open_for_intake=False)


# -- a first doctor ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("reason", "free"), [("other", "first-card"), ("returned", "first-card"), ("moved-in", "moved")]
)
def test_a_citizens_first_doctor_is_free_and_a_move_in_names_the_move(reason, free):
    oracle = _world()
    _practice(oracle, "p", 3)
    _citizen(oracle, "ny", reason=reason)
    answer = oracle.predict_choose_doctor("ny", "p").answer
    assert (answer.status, answer.amount_ore, answer.free_reason) == (201, 0, free)


def test_a_first_doctor_may_take_effect_today_but_a_second_waits_the_14_days():
    oracle = _world()
    _practice(oracle, "p", 3)
    _practice(oracle, "q", 4)
    _citizen(oracle, "ny")
    assert oracle.predict_choose_doctor("ny", "p", requested=TODAY).answer.status == 201
    assert oracle.predict_choose_doctor("ny", "q", requested=TODAY).answer.problem == "invalid-effect-date"


# -- closed for intake ---------------------------------------------------------------------------------------------
def test_an_exception_whose_fact_does_not_hold_is_refused_as_not_applicable_and_nothing_happens():
    oracle = _world()
    _closed(oracle)
    answer = oracle.predict_choose_doctor("borger 1", "lukket", exception="returning-from-service-or-prison").answer
    assert (answer.status, answer.problem) == (422, "exception-not-applicable")
    assert oracle.expected("borger 1")["luna"]["registrations"] == []


def test_an_exception_the_rules_do_not_name_admits_nobody():
    oracle = _world()
    _closed(oracle)
    assert oracle.predict_choose_doctor("borger 1", "lukket", exception="a-friend").answer.problem == (
        "exception-not-applicable"
    )


def test_a_housemate_with_the_doctor_admits_the_citizen_and_a_neighbour_elsewhere_does_not():
    oracle = _world()
    _closed(oracle)
    _citizen(oracle, "nabo", street="Andenvej 2", doctor="lukket")
    refused = oracle.predict_choose_doctor("borger 1", "lukket", exception="same-address").answer
    assert refused.problem == "exception-not-applicable"
    _citizen(oracle, "samboer", doctor="lukket")
    admitted = oracle.predict_choose_doctor("borger 1", "lukket", exception="same-address").answer
    assert (admitted.status, admitted.exception) == (201, "same-address")


def test_a_housemate_who_has_died_admits_nobody():
    oracle = _world()
    _closed(oracle)
    _citizen(oracle, "samboer", doctor="lukket")
    oracle.predict_cpr_event("samboer", "death")
    assert oracle.predict_choose_doctor("borger 1", "lukket", exception="same-address").answer.problem == (
        "exception-not-applicable"
    )


@pytest.mark.parametrize(("age", "admitted"), [(14, False), (15, True), (16, False)])
def test_a_parents_doctor_admits_a_child_of_15_only(age, admitted):
    oracle = _world()
    _closed(oracle)
    _citizen(oracle, "forælder", doctor="lukket")
    child = _citizen(oracle, "barn", born=TODAY.replace(year=TODAY.year - age) - timedelta(days=1))
    child.parents = ("forælder",)
    answer = oracle.predict_choose_doctor("barn", "lukket", exception="turning-15-parent-doctor").answer
    assert (answer.status == 201) is admitted


def test_group_2_going_back_to_the_last_doctor_is_admitted_but_not_to_another_closed_practice():
    oracle = _world(group=2)
    _closed(oracle, "anden lukket")
    oracle.predict_close_practice("egen læge", "capacity")
    last = "group-2-to-1-last-doctor"
    assert oracle.predict_choose_doctor("borger 1", "egen læge", exception=last).answer.status == 201
    refused = oracle.predict_choose_doctor("borger 1", "anden lukket", exception=last)
    assert refused.answer.problem == "exception-not-applicable"


@pytest.mark.parametrize(("reason", "admitted"), [("returned", True), ("immigration", False), ("other", False)])
def test_only_a_citizen_registered_on_return_from_service_or_prison_is_admitted_by_it(reason, admitted):
    oracle = _world()
    _closed(oracle)
    _citizen(oracle, "hjemvendt", reason=reason)
    answer = oracle.predict_choose_doctor("hjemvendt", "lukket", exception="returning-from-service-or-prison").answer
    assert (answer.status == 201) is admitted


@pytest.mark.parametrize(("open_near", "admitted"), [(0, True), (1, True), (2, False)])
def test_few_open_doctors_within_the_limit_admit_the_citizen_below_the_threshold(open_near, admitted):
    oracle = _world()  # its own doctor, 2 km away, is open: close it so only the ones made here count
    oracle.predict_close_practice("egen læge", "capacity")
    _closed(oracle)
    for n in range(open_near):
        _practice(oracle, f"åben {n}", 4 + n)
    _practice(oracle, "langt væk", 16)  # beyond Aarhus' 15 km: does not count
    answer = oracle.predict_choose_doctor("borger 1", "lukket", exception="few-open-doctors").answer
    assert (answer.status == 201) is admitted


def test_few_open_doctors_is_not_predicted_in_a_shared_luna():
    oracle = Oracle(TODAY, knows_every_practice=False)
    _citizen(oracle, "borger 1")
    _closed(oracle)
    prediction = oracle.predict_choose_doctor("borger 1", "lukket", exception="few-open-doctors")
    assert prediction.answer is None and "open practices" in prediction.unpredicted


def test_an_exception_named_for_an_open_practice_is_not_used_and_a_full_one_stays_closed():
    oracle = _world()
    _practice(oracle, "åben", 3)
    assert oracle.predict_choose_doctor("borger 1", "åben", exception="same-address").answer.exception is None
    oracle.add_practice(PracticeModel("fuld", "300001", _north(HOME, 3), True, patients=5, capacity=5))
    full = oracle.predict_choose_doctor("borger 1", "fuld", exception="returning-from-service-or-prison")
    assert full.answer.status == 409


# -- a repeated registration ---------------------------------------------------------------------------------------
def test_choosing_the_registration_already_made_again_is_a_repeat_luna_may_not_show():
    oracle = _world(group=2)
    _practice(oracle, "p", 3)
    first = oracle.predict_choose_doctor("borger 1", "p", requested=TODAY + timedelta(days=14)).answer
    oracle.predict_choose_doctor("borger 1", "p")  # group 2: no same-doctor refusal; by default the same effect date
    expected = oracle.expected("borger 1")
    pair = ("200001", first.effective.isoformat(), "change")
    assert expected["luna"]["registrations"] == [pair, pair] and expected["luna_repeats"] == [pair]
    once = {"registrations": [pair], "ended": None}
    assert _without_skipped_repeats(expected["luna"], once, expected["luna_repeats"]) == once


def test_the_repeat_tolerance_lets_nothing_else_through():
    want = {"registrations": [("1", "2024-03-15"), ("2", "2024-03-20")], "ended": None}
    other_missing = {"registrations": [("1", "2024-03-15")], "ended": None}
    assert _without_skipped_repeats(want, other_missing, [("1", "2024-03-15")]) == want
    extra = {"registrations": [*want["registrations"], ("1", "2024-03-15")], "ended": None}
    assert _without_skipped_repeats(want, extra, [("1", "2024-03-15")]) == want
    assert _without_skipped_repeats(want, want, []) == want


# -- death and emigration in Luna ----------------------------------------------------------------------------------
def test_a_death_ends_nothing_in_luna_for_a_citizen_without_a_registration_in_force():
    oracle = _world()
    _citizen(oracle, "ny")
    oracle.predict_cpr_event("ny", "death")
    oracle.predict_cpr_event("borger 1", "death")
    assert oracle.expected("ny")["luna"]["ended"] is None
    assert oracle.expected("borger 1")["luna"]["ended"] == ("death", "2024-03-01")


# -- a teenager moving with a parent -------------------------------------------------------------------------------
def test_a_teenager_moving_into_another_municipality_with_a_parent_has_moved_in_too():
    oracle = _world()
    teen = _citizen(oracle, "teenager", born=TODAY.replace(year=TODAY.year - 16))
    oracle.predict_move("borger 1", "case-1", 461, _north(HOME, -60), "Ny vej 1", TODAY, None, children=("teenager",))
    assert (teen.moved_in_on, teen.last_move_on, teen.municipality, teen.follows) == (TODAY, TODAY, 461, None)
    assert oracle.predict_change_group("teenager", 2).answer.free_reason == "moved"


def test_a_teenager_moving_within_the_municipality_with_a_parent_has_not_moved_in():
    oracle = _world()
    teen = _citizen(oracle, "teenager", born=TODAY.replace(year=TODAY.year - 16))
    oracle.predict_move("borger 1", "case-1", 751, _north(HOME, -3), "Ny vej 1", TODAY, None, children=("teenager",))
    assert (teen.moved_in_on, teen.last_move_on) == (None, TODAY)
    assert oracle.predict_change_group("teenager", 2).answer.amount_ore > 0


# -- the reason Luna and the bus are told --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "free", "exception", "told"),
    [
        (True, "moved", None, "first"),  # a first doctor is "first", whatever made it free
        (True, "first-card", None, "first"),
        (False, "practice-closed", None, "practice-closed"),
        (False, "moved", None, "move"),
        (False, "turned-15", "turning-15-parent-doctor", "turning-15"),
        (False, "group-change", "turning-15-parent-doctor", "group-change"),  # a free reason goes first
        (False, None, "turning-15-parent-doctor", "turning-15"),
        (False, None, "same-address", "change"),
        (False, None, None, "change"),
    ],
)
def test_the_reason_luna_is_told_follows_the_free_reason_and_exception_b(first, free, exception, told):
    from golive.oracle import tables

    assert tables.luna_reason(first, free, exception) == told


def test_luna_and_the_bus_are_told_why_a_doctor_was_chosen():
    oracle = _world()
    _practice(oracle, "p", 3)
    _practice(oracle, "q", 4)
    _citizen(oracle, "ny")
    oracle.predict_choose_doctor("ny", "p")
    oracle.predict_choose_doctor("borger 1", "q", exception="turning-15-parent-doctor")  # q is open: (b) not used
    told = {name: [r[2] for r in oracle.expected(name)["luna"]["registrations"]] for name in ("ny", "borger 1")}
    assert told == {"ny": ["first"], "borger 1": ["turning-15"]}
    bus = oracle.expected("borger 1")["servicebus"]["sygesikring.laegevalg-changed"]
    assert [m[2] for m in bus] == ["turning-15"]
