"""A child a scenario makes (`Givet et barn under 15 år, …`): under 15, and not on one birth date for every scenario.

A fixed age put every child of every scenario on the same birth date, whose ~550 CPR numbers met again in a vendor's
SUT that keeps the citizens of earlier runs: a Given step then failed on 409 citizen-exists.
"""

from __future__ import annotations

from fixtures.providers import CHILD_AGE_RANGE, born_between_for_ages
from golive.scenario import Scenario
from simulators.world import World


def child_born(seed: int, name: str):
    with World(seed=seed, reference_sut=True) as world:
        context = Scenario(world, seed=seed, name=name)
        try:
            context.add_citizen("borgeren")
            return context.add_child("barnet", parent="borgeren").birth_date, context.today
        finally:
            context.close()


def test_children_of_different_scenarios_are_born_on_different_days_and_are_under_15():
    born = [child_born(seed, f"scenario {n}") for seed in (1, 2) for n in range(6)]
    assert len({day for day, _ in born}) >= 10
    for day, today in born:
        earliest, latest = born_between_for_ages(today, *CHILD_AGE_RANGE)
        assert earliest <= day <= latest and CHILD_AGE_RANGE[1] < 15


def test_the_same_seed_and_scenario_give_the_same_child():
    assert child_born(4, "a scenario") == child_born(4, "a scenario")
