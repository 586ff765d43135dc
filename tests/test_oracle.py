"""The oracle's decision tables, case by case from DOMAIN.md (golive/oracle/): what it predicts, not what a SUT does."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from golive.oracle import CitizenModel, Oracle, PracticeModel, fee_kr, tables

TODAY = date(2024, 3, 1)
HOME = (56.15, 10.20)  # Aarhus
CPH_HOME = (55.68, 12.57)  # København


def _north(origin: tuple[float, float], km: float) -> tuple[float, float]:
    """A point `km` due north (1 degree of latitude is EARTH_RADIUS * pi / 180 km)."""
    import math

    return (origin[0] + km / (tables.EARTH_RADIUS_KM * math.pi / 180), origin[1])


def _world(home=HOME, municipality=751, group=1, born=date(1980, 5, 5), today=TODAY) -> Oracle:
    oracle = Oracle(today)
    citizen = CitizenModel(
        name="borger 1",
        cpr="0505801234",
        born=born,
        municipality=municipality,
        home=home,
        full_name="Ida Holm",
        protected=False,
        street="Vejen 1",
        registered_on=today,
        group=group,
        told_municipality=municipality,
    )
    own = PracticeModel("egen læge", "100001", _north(home, 2))
    oracle.add_citizen(citizen, own, TODAY.replace(year=2020))
    return oracle


def _practice(oracle: Oracle, name: str, km: float, open_for_intake: bool = True, home=HOME) -> None:
    oracle.add_practice(PracticeModel(name, f"2000{len(oracle.practices):02d}", _north(home, km), open_for_intake))


def test_fee_is_225_in_2024_and_220_in_2023():
    assert (fee_kr(2024), fee_kr(2023)) == (225, 220)


def test_fee_of_a_year_without_a_published_figure_is_the_last_one_before_it():
    assert (fee_kr(2017), fee_kr(2026)) == (fee_kr(2015), 225)


def test_doctor_change_takes_effect_after_14_days_and_costs_the_fee_of_that_year():
    oracle = _world()
    _practice(oracle, "p", 3)
    answer = oracle.predict_choose_doctor("borger 1", "p").answer
    assert (answer.status, answer.effective, answer.amount_ore) == (201, TODAY + timedelta(days=14), 22500)
    assert oracle.expected("borger 1")["finance"] == [(22500, "Ida Holm", 751)]
    record = oracle.expected("borger 1")["sygesikring"]  # the SUT's own record lists the fee, of its kind
    assert record == {"group": 1, "status": "active", "endReason": None, "endDate": None, "municipality": 751,
                      "fees": [(22500, "doctor-change")],
                      # the doctor in force stays the old one until the choice takes effect, 14 days on
                      "laegevalg": {"current": "100001", "future": [("200001", (TODAY + timedelta(days=14)).isoformat())]}}


def test_a_change_made_in_december_2023_that_takes_effect_in_2024_costs_the_2024_fee():
    oracle = _world(today=date(2023, 12, 25))
    _practice(oracle, "p", 3)
    assert oracle.predict_choose_doctor("borger 1", "p").answer.amount_ore == 22500


def test_a_card_ordered_in_2023_costs_220():
    oracle = _world(today=date(2023, 6, 1))
    assert oracle.predict_order_card("borger 1", "lost").answer.amount_ore == 22000


@pytest.mark.parametrize(
    ("km", "home", "municipality", "allowed"),
    [
        (14.95, HOME, 751, True),
        (15.05, HOME, 751, False),
        (4.95, CPH_HOME, 101, True),
        (5.05, CPH_HOME, 101, False),
        (14.0, CPH_HOME, 101, False),  # København: 5 km, not 15
    ],
)
def test_distance_rule_at_and_over_the_limit(km, home, municipality, allowed):
    oracle = _world(home=home, municipality=municipality)
    _practice(oracle, "p", km, home=home)
    answer = oracle.predict_choose_doctor("borger 1", "p").answer
    assert (answer.status, answer.problem) == ((201, None) if allowed else (422, "distance-rule"))


def test_exactly_at_the_limit_is_within_it():
    assert not tables.beyond(15.0, tables.distance_limit_km(751))
    assert not tables.beyond(5.0, tables.distance_limit_km(101))
    assert tables.beyond(5.001, tables.distance_limit_km(147))


def test_beyond_the_limit_with_home_visits_waived_is_accepted():
    oracle = _world()
    _practice(oracle, "p", 25)
    assert oracle.predict_choose_doctor("borger 1", "p", waive=True).answer.status == 201


def test_closed_practice_without_an_exception_is_refused_and_nothing_happens():
    oracle = _world()
    _practice(oracle, "p", 3, open_for_intake=False)
    assert oracle.predict_choose_doctor("borger 1", "p").answer.problem == "closed-practice"
    assert oracle.expected("borger 1")["luna"]["registrations"] == []


def test_a_practice_that_ends_gives_its_patients_a_free_change_once():
    oracle = _world()
    _practice(oracle, "p", 3)
    _practice(oracle, "q", 4)
    oracle.predict_close_practice("egen læge", "practice-closing")
    assert oracle.predict_choose_doctor("borger 1", "p").answer.amount_ore == 0
    assert oracle.predict_choose_doctor("borger 1", "q").answer.amount_ore == 22500


def test_a_practice_closed_for_capacity_gives_no_free_change():
    oracle = _world()
    _practice(oracle, "p", 3)
    oracle.predict_close_practice("egen læge", "capacity")
    assert oracle.predict_choose_doctor("borger 1", "p").answer.amount_ore == 22500


def _move(oracle: Oracle, km_south: float, on: date, choice: str | None = None, municipality: int = 461) -> None:
    home = _north(HOME, -km_south)
    oracle.predict_move("borger 1", f"case-{on}", municipality, home, "Ny vej 1", on, choice)


def test_move_beyond_the_limit_with_a_chosen_doctor_is_registered_free_from_the_move_date():
    oracle = _world()
    oracle.add_practice(PracticeModel("ny", "300001", _north(HOME, -39)))
    _move(oracle, 40, TODAY + timedelta(days=3), "ny")
    expected = oracle.expected("borger 1")
    assert expected["eflyt"] == {f"case-{TODAY + timedelta(days=3)}": ("completed", ("300001", "2024-03-04"))}
    assert expected["finance"] == []
    assert expected["servicebus"]["sygesikring.laegevalg-changed"] == [("300001", "2024-03-04", "move", "100001", 461, 1)]
    assert expected["luna"]["registrations"] == [("300001", "2024-03-04", "move")]


def test_move_within_the_limit_keeps_the_doctor_even_if_one_is_chosen():
    oracle = _world()
    oracle.add_practice(PracticeModel("ny", "300001", _north(HOME, -4)))
    _move(oracle, 5, TODAY, "ny")
    assert oracle.expected("borger 1")["eflyt"] == {f"case-{TODAY}": ("completed", None)}


@pytest.mark.parametrize(("days", "free"), [(30, True), (31, False)])
def test_doctor_change_free_within_30_days_of_a_move_beyond_the_limit(days, free):
    oracle = _world()
    _move(oracle, 40, TODAY)
    oracle.today = TODAY + timedelta(days=days)
    oracle.add_practice(PracticeModel("ny", "300001", _north(HOME, -39)))
    assert (oracle.predict_choose_doctor("borger 1", "ny").answer.amount_ore == 0) is free


@pytest.mark.parametrize(("days", "free"), [(0, True), (60, True), (61, False)])
def test_turning_15_makes_the_own_doctor_change_free_for_60_days(days, free):
    oracle = _world(born=TODAY.replace(year=TODAY.year - 15))
    oracle.today = TODAY + timedelta(days=days)
    _practice(oracle, "p", 3)
    assert (oracle.predict_choose_doctor("borger 1", "p").answer.amount_ore == 0) is free


def test_group_change_takes_effect_after_14_days_and_locks_for_a_year():
    oracle = _world()
    answer = oracle.predict_change_group("borger 1", 2).answer
    assert (answer.effective, answer.amount_ore) == (TODAY + timedelta(days=14), 22500)
    oracle.today = TODAY + timedelta(days=14 + 364)
    assert oracle.predict_change_group("borger 1", 1).answer.problem == "group-change-locked"
    oracle.today = TODAY + timedelta(days=14 + 365)
    assert oracle.predict_change_group("borger 1", 1).answer.status == 201


def test_the_same_group_again_is_refused():
    assert _world().predict_change_group("borger 1", 1).answer.problem == "same-group"


@pytest.mark.parametrize(("reason", "ore"), [("first-card", 0), ("lost", 22500), ("name-change", 22500)])
def test_health_card_fee_by_reason(reason, ore):
    assert _world().predict_order_card("borger 1", reason).answer.amount_ore == ore


def test_name_change_card_is_free_within_3_months():
    oracle = _world()
    oracle.predict_cpr_event("borger 1", "name-change", "Ida Holm-Holm")
    oracle.today = TODAY + timedelta(days=90)
    assert oracle.predict_order_card("borger 1", "name-change").answer.amount_ore == 0


def test_after_death_every_request_is_refused_and_the_end_is_published_once():
    oracle = _world()
    oracle.predict_cpr_event("borger 1", "death")
    oracle.predict_cpr_event("borger 1", "death")
    assert oracle.predict_order_card("borger 1", "lost").answer.problem == "coverage-ended"
    assert oracle.expected("borger 1")["servicebus"]["sygesikring.coverage-ended"] == [("death", "2024-03-01", 751)]


def test_an_unknown_card_reason_is_marked_unpredicted_not_accepted():
    assert _world().predict_order_card("borger 1", "stolen-by-aliens").unpredicted


@pytest.mark.parametrize(("status", "reason"), [("90", "death"), ("80", "emigration")])
def test_cpr_status_90_ends_coverage_as_a_death_and_80_as_an_emigration(status, reason):
    oracle = _world()
    assert not oracle.predict_cpr_event("borger 1", "status-change", status=status).unpredicted
    assert oracle.predict_order_card("borger 1", "lost").answer.problem == "coverage-ended"
    assert oracle.expected("borger 1")["servicebus"]["sygesikring.coverage-ended"] == [(reason, "2024-03-01", 751)]
    assert oracle.expected("borger 1")["luna"]["ended"] == (reason, "2024-03-01")


def test_a_death_cpr_registers_days_later_ends_everything_from_the_day_it_happened():
    oracle = _world()
    oracle.today = date(2024, 3, 11)
    assert not oracle.predict_cpr_event("borger 1", "death", effective=date(2024, 3, 8)).unpredicted
    expected = oracle.expected("borger 1")
    assert expected["servicebus"]["sygesikring.coverage-ended"] == [("death", "2024-03-08", 751)]
    assert expected["luna"]["ended"] == ("death", "2024-03-08")
    assert (expected["sygesikring"]["endReason"], expected["sygesikring"]["endDate"]) == ("death", "2024-03-08")


def test_an_active_cpr_status_changes_nothing():
    oracle = _world()
    before = oracle.expected("borger 1")
    assert not oracle.predict_cpr_event("borger 1", "status-change", status="01").unpredicted
    assert oracle.expected("borger 1") == before and oracle.citizens["borger 1"].active


@pytest.mark.parametrize("status", ["05", "07", "20", "30", "50", "70"])
def test_a_cpr_status_domain_gives_no_consequence_for_is_unpredicted_and_the_citizen_no_longer_checked(status):
    oracle = _world()
    prediction = oracle.predict_cpr_event("borger 1", "status-change", status=status)
    assert prediction.unpredicted and prediction.cprs == ()
    assert oracle.citizens["borger 1"].unknown


@pytest.mark.parametrize(("days", "ore"), [(0, 0), (30, 0), (31, 22500)])
def test_a_card_for_moving_is_free_up_to_30_days_after_the_move(days, ore):
    oracle = _world()
    oracle.predict_move("borger 1", "case-1", 751, _north(HOME, 1), "Nyvej 2", TODAY, None)
    oracle.today = TODAY + timedelta(days=days)
    assert oracle.predict_order_card("borger 1", "moved").answer.amount_ore == ore


def test_a_card_for_moving_without_a_move_costs_the_fee():
    assert _world().predict_order_card("borger 1", "moved").answer.amount_ore == 22500


def test_a_card_for_a_new_cpr_number_without_one_costs_the_fee():
    assert _world().predict_order_card("borger 1", "cpr-change").answer.amount_ore == 22500


def test_a_new_cpr_number_makes_the_next_card_free_once_whenever_it_is_ordered():
    oracle = _world()
    assert oracle.predict_cpr_event("borger 1", "cpr-change").unpredicted  # the neighbours' history is not modelled
    oracle.today = TODAY + timedelta(days=400)
    assert oracle.predict_order_card("borger 1", "cpr-change").answer.amount_ore == 0
    oracle.today += timedelta(days=1)
    assert oracle.predict_order_card("borger 1", "cpr-change").answer.amount_ore == 22500


def test_a_card_ordered_on_the_day_of_the_cpr_change_counts_as_after_it():
    oracle = _world()
    oracle.predict_order_card("borger 1", "lost")
    oracle.predict_cpr_event("borger 1", "cpr-change")
    assert not tables.cpr_change_card_free(TODAY, oracle.citizens["borger 1"].cards)
    assert tables.cpr_change_card_free(TODAY, [TODAY - timedelta(days=1)])


@pytest.mark.parametrize(
    ("today", "free"),
    [(date(2023, 2, 28), False), (date(2023, 3, 1), True), (date(2023, 4, 30), True), (date(2023, 5, 1), False)],
)
def test_born_on_a_leap_day_the_15th_birthday_is_1_march_in_a_common_year_and_the_window_counts_from_it(today, free):
    assert tables.turned_15_lately(date(2008, 2, 29), today) is free
    assert tables.under_15(date(2008, 2, 29), today) is (today < date(2023, 3, 1))


def test_a_child_who_followed_before_but_is_15_on_the_move_date_does_not_follow_the_move():
    """Found by the explorer's clean run (seed 2, stop 30): the child followed the parent after a first move, turned 15
    the day the second move took effect, and the oracle still let it follow (it judged the age on the report day)."""
    oracle = _world()
    child = CitizenModel(name="barn 1", cpr="0203094485", born=date(2009, 3, 2), municipality=751, home=HOME,
                         full_name="Bo Holm", protected=False, street="Vejen 1", registered_on=TODAY, group=1,
                         told_municipality=751)
    oracle.add_child(child, "borger 1", oracle.practices["egen læge"], TODAY.replace(year=2020))
    oracle.add_practice(PracticeModel("ny", "300001", _north(HOME, -39)))
    oracle.predict_move("borger 1", "case-1", 751, _north(HOME, -1), "Ny vej 1", TODAY, None, children=("barn 1",))
    assert oracle.citizens["barn 1"].follows == "borger 1"
    oracle.predict_move("borger 1", "case-2", 461, _north(HOME, -40.5), "Ny vej 2", TODAY + timedelta(days=1), "ny",
                        children=("barn 1",))
    assert oracle.expected("barn 1")["luna"]["registrations"] == []  # 15 on 2024-03-02: chooses for itself now
    assert oracle.expected("borger 1")["luna"]["registrations"] == [("300001", "2024-03-02", "move")]
