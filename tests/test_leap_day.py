"""A leap day is a day like any other: a scenario on 29 February makes citizens, children and Luna's history (the
explorer found 'day is out of range for month' there), and years counted back land on the 28th."""

from __future__ import annotations

from datetime import date

from golive.scenario import Scenario, years_before
from simulators.world import World


def test_years_before_a_leap_day_is_the_28th_in_a_common_year_and_the_29th_in_a_leap_year():
    assert years_before(date(2024, 2, 29), 15) == date(2009, 2, 28)
    assert years_before(date(2024, 2, 29), 4) == date(2020, 2, 29)
    assert years_before(date(2024, 3, 1), 15) == date(2009, 3, 1)


def test_a_scenario_on_29_february_makes_citizens_and_children():
    with World(seed=0, reference_sut=True) as world:
        scenario = Scenario(world, seed=0, name="skuddag")
        try:
            scenario.set_today(date(2024, 2, 29))
            parent = scenario.add_citizen("forælderen")
            child = scenario.add_child("barnet", parent="forælderen")
            turning = scenario.add_citizen_turning_15("Aarhus")
            assert date(2010, 3, 1) <= child.birth_date <= date(2024, 2, 29)  # 0-13 years old (CHILD_AGE_RANGE)
            assert turning.birth_date == date(2009, 2, 28)
            assert scenario.sut.record(parent.cpr)["status"] == "active"
        finally:
            scenario.close()
