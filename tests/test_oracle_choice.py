"""The oracle's predictions for a doctor choice's finer parts (golive/oracle/): the fee's freeReason, a refusal's
extra fields, the observer comparing them, and exact distance boundaries. Case by case from DOMAIN.md."""

from __future__ import annotations

import math
from datetime import timedelta

import httpx
import pytest

from golive.explore import observe, placement
from golive.oracle import Answer, PracticeModel, tables
from golive.vocabulary import municipality_code
from simulators import rules
from simulators.geo import haversine_km
from tests.test_oracle import HOME, TODAY, _move, _north, _practice, _world


def test_a_free_doctor_change_after_a_move_names_moved_as_its_free_reason():
    oracle = _world()
    _move(oracle, 40, TODAY)
    oracle.add_practice(PracticeModel("ny", "300001", _north(HOME, -39)))
    answer = oracle.predict_choose_doctor("borger 1", "ny").answer
    assert (answer.amount_ore, answer.free_reason) == (0, "moved")


def test_a_charged_doctor_change_has_no_free_reason():
    oracle = _world()
    _practice(oracle, "p", 3)
    answer = oracle.predict_choose_doctor("borger 1", "p").answer
    assert (answer.amount_ore, answer.free_reason) == (22500, None)


def test_a_change_after_the_practice_ended_is_free_because_the_practice_closed():
    oracle = _world()
    _practice(oracle, "p", 3)
    oracle.predict_close_practice("egen læge", "practice-closing")
    assert oracle.predict_choose_doctor("borger 1", "p").answer.free_reason == "practice-closed"


def test_a_doctor_chosen_on_the_way_back_to_group_1_is_free_as_part_of_the_group_change():
    oracle = _world(group=2)
    oracle.predict_change_group("borger 1", 1)
    _practice(oracle, "p", 3)
    assert oracle.predict_choose_doctor("borger 1", "p").answer.free_reason == "group-change"


def test_a_group_change_at_15_is_free_because_of_turning_15():
    oracle = _world(born=TODAY.replace(year=TODAY.year - 15))
    answer = oracle.predict_change_group("borger 1", 2).answer
    assert (answer.amount_ore, answer.free_reason) == (0, "turned-15")


@pytest.mark.parametrize(("reason", "free_reason"), [("first-card", "first-card"), ("lost", None)])
def test_a_health_card_names_the_reason_it_is_free_for(reason, free_reason):
    assert _world().predict_order_card("borger 1", reason).answer.free_reason == free_reason


def test_the_distance_refusal_names_the_municipalitys_limit():
    oracle = _world(home=(55.68, 12.57), municipality=155)  # Dragør: 5 km
    _practice(oracle, "p", 6, home=(55.68, 12.57))
    answer = oracle.predict_choose_doctor("borger 1", "p").answer
    assert (answer.problem, answer.extras) == ("distance-rule", (("limitKm", 5),))


def _response(status: int, body: dict) -> httpx.Response:
    return httpx.Response(status, json=body)


def test_the_observer_fails_on_a_wrong_free_reason():
    answer = Answer(201, amount_ore=0, free_reason="moved")
    wrong = _response(201, {"fee": {"amountOre": 0, "free": True, "freeReason": "first-card"}})
    with pytest.raises(observe.Discrepancy, match="moved"):
        observe.check_answer(answer, wrong, "borger 1")
    observe.check_answer(answer, _response(201, {"fee": {"amountOre": 0, "free": True, "freeReason": "moved"}}), "")


def test_the_observer_compares_a_problems_extra_field_only_where_the_sut_gives_it():
    answer = Answer(422, "distance-rule", extras=(("limitKm", 15),))
    problem = {"type": "urn:golive:problem:distance-rule"}
    observe.check_answer(answer, _response(422, problem), "borger 1")
    observe.check_answer(answer, _response(422, {**problem, "limitKm": 15}), "borger 1")
    with pytest.raises(observe.Discrepancy, match="limitKm"):
        observe.check_answer(answer, _response(422, {**problem, "limitKm": 5}), "borger 1")


DRAGOER_HOME = (55.592, 12.672)


@pytest.mark.parametrize("home", [HOME, DRAGOER_HOME, (57.459, 9.983), (55.396, 10.388)])
def test_a_practice_placed_on_the_5_km_limit_is_exactly_5_km_away_as_every_party_measures(home):
    point = placement.exactly_at(home, 5.0)
    assert tables.distance_km(home, point) == 5.0
    assert haversine_km(home[0], home[1], point[0], point[1]) == 5.0


@pytest.mark.parametrize("home", [HOME, DRAGOER_HOME])
def test_15_km_is_placed_at_the_largest_distance_within_the_limit_with_the_next_float_beyond(home):
    point = placement.exactly_at(home, 15.0)
    assert tables.distance_km(home, point) <= 15.0 < tables.distance_km(home, (math.nextafter(point[0], 90), point[1]))


def test_a_practice_exactly_on_the_dragoer_limit_may_be_chosen_and_one_float_beyond_may_not():
    oracle = _world(home=DRAGOER_HOME, municipality=155)
    at = placement.exactly_at(DRAGOER_HOME, 5.0)
    oracle.add_practice(PracticeModel("på grænsen", "200001", at))
    oracle.add_practice(PracticeModel("lige over", "200002", (math.nextafter(at[0], 90), at[1])))
    assert oracle.predict_choose_doctor("borger 1", "lige over").answer.problem == "distance-rule"
    assert oracle.predict_choose_doctor("borger 1", "på grænsen").answer.status == 201


def test_the_explorer_can_draw_each_of_the_four_capital_municipalities():
    from golive.explore.inputs import MUNICIPALITIES

    assert {municipality_code(m) for m in MUNICIPALITIES} >= rules.CAPITAL_MUNICIPALITIES


@pytest.mark.parametrize(
    ("days", "status"),
    [(-1, 422), (0, 422), (13, 422), (14, 201), (15, 201), (28, 201)],
)
def test_a_charged_change_takes_effect_no_earlier_than_after_14_days(days, status):
    oracle = _world()
    _practice(oracle, "p", 3)
    answer = oracle.predict_choose_doctor("borger 1", "p", requested=TODAY + timedelta(days=days)).answer
    assert answer.status == status
    if status == 201:
        assert answer.effective == TODAY + timedelta(days=days)
    else:
        assert (answer.problem, answer.extras) == (
            "invalid-effect-date",
            (("effectiveDate", (TODAY + timedelta(days=days)).isoformat()),),
        )


@pytest.mark.parametrize(("days", "status"), [(-1, 422), (0, 201), (13, 201)])
def test_a_free_change_after_a_move_may_take_effect_from_today_but_not_before(days, status):
    oracle = _world()
    _move(oracle, 40, TODAY)
    oracle.add_practice(PracticeModel("ny", "300001", _north(HOME, -39)))
    assert (
        oracle.predict_choose_doctor("borger 1", "ny", requested=TODAY + timedelta(days=days)).answer.status == status
    )


def test_a_change_free_for_turning_15_is_not_urgent_and_waits_the_14_days():
    oracle = _world(born=TODAY.replace(year=TODAY.year - 15))
    _practice(oracle, "p", 3)
    assert oracle.predict_choose_doctor("borger 1", "p", requested=TODAY).answer.problem == "invalid-effect-date"


def test_a_doctor_on_the_way_back_to_group_1_may_take_effect_at_once():
    oracle = _world(group=2)
    oracle.predict_change_group("borger 1", 1)
    _practice(oracle, "p", 3)
    answer = oracle.predict_choose_doctor("borger 1", "p", requested=TODAY).answer
    assert (answer.status, answer.effective, answer.free_reason) == (201, TODAY, "group-change")


def test_the_same_doctor_again_is_refused_but_in_group_2_the_dormant_doctor_is_a_new_choice():
    assert _world().predict_choose_doctor("borger 1", "egen læge").answer.problem == "same-doctor"
    answer = _world(group=2).predict_choose_doctor("borger 1", "egen læge").answer
    assert (answer.status, answer.amount_ore) == (201, 22500)


def test_the_same_request_with_another_effect_date_is_a_new_request():
    oracle = _world()
    _practice(oracle, "p", 3)
    assert oracle.predict_choose_doctor("borger 1", "p").answer.status == 201
    again = oracle.predict_choose_doctor("borger 1", "p", requested=TODAY + timedelta(days=20)).answer
    assert again.problem == "same-doctor"


def test_a_reopening_overtaken_by_a_newer_closing_takes_back_no_free_change():
    oracle = _world()
    _practice(oracle, "p", 3)
    oracle.predict_close_practice("egen læge", "practice-closing")
    oracle.predict_reopen_practice("egen læge", overtaken=True)  # reaches the SUT after the newer closing: stale
    oracle.predict_close_practice("egen læge", "capacity")
    assert oracle.predict_choose_doctor("borger 1", "p").answer.free_reason == "practice-closed"


def test_a_reopening_in_order_takes_back_the_free_change_a_closing_gave():
    oracle = _world()
    _practice(oracle, "p", 3)
    oracle.predict_close_practice("egen læge", "practice-closing")
    oracle.predict_reopen_practice("egen læge")
    oracle.predict_close_practice("egen læge", "capacity")
    assert oracle.predict_choose_doctor("borger 1", "p").answer.amount_ore == 22500
