"""MinLog, the citizen's access log (issue 17): the simulator keeps what it is told, the reference SUT tells it one
entry per caseworker look-up and nothing else, and the invariants catch each MinLog defect of the catalogue — also in
a flow whose Then-steps never look at MinLog."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from golive import blame, caseworker, invariants
from golive.invariants import InvariantBroken
from golive.scenario import Scenario
from simulators.core.clock import VirtualClock
from simulators.minlog.model import MinLogModel
from simulators.world import World

ENTRY = {
    "entryId": "e-1",
    "cpr": "0101804321",
    "user": "SB-0042",
    "organisation": "Aarhus Kommune",
    "system": "sygesikring",
    "action": "Opslag på sygesikring for borger 0101804321",
    "purpose": "Sagsbehandling",
    "at": "2024-03-01T12:00:00+00:00",
}


@pytest.fixture
def scenario(request) -> Iterator[Scenario]:
    with World(seed=5, reference_sut=True) as world:
        context = Scenario(world, seed=5, name=request.node.name)
        context.set_today(date(2024, 3, 1))
        try:
            yield context
        finally:
            context.close()


def minlog_breaches(s: Scenario) -> list[invariants.Breach]:
    return [b for b in invariants.broken(s) if b.name.startswith("minlog")]


# -- the simulator -------------------------------------------------------------------------------------------------
def test_minlog_keeps_an_entry_once_per_entry_id():
    model = MinLogModel(clock=VirtualClock())
    first, replayed = model.register(ENTRY)
    again, replayed_again = model.register({**ENTRY, "action": "changed"})
    assert (replayed, replayed_again, again) == (False, True, first)
    assert model.entries_for("0101804321") == [first]


def test_minlog_refuses_an_entry_that_breaks_its_contract_with_a_problem_not_a_crash():
    with World(seed=1) as world:
        response = world.client("minlog").post("/entries", json={**ENTRY, "cpr": "12345"})
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("application/problem+json")
        assert world["minlog"].journal.query()[-1].violations


# -- the reference SUT and the invariants ---------------------------------------------------------------------------
def lookups_and_a_night(s: Scenario, *defects: str) -> None:
    """Two citizens; the caseworker looks up the second, then the first, logs in again, and a night passes."""
    if defects:
        s.switch_on(*defects)
    s.add_citizen("borgeren")
    s.add_child("barnet", parent="borgeren")
    caseworker.make_known(s, "barnet")
    caseworker.log_in(s, "Aarhus")
    caseworker.look_up(s, "barnet")
    caseworker.look_up(s, "borgeren")
    caseworker.log_in(s)
    caseworker.nightly_batch(s)


def test_a_correct_sut_writes_one_entry_per_lookup_and_breaks_no_invariant(scenario):
    lookups_and_a_night(scenario)
    caseworker.expect_lookups(scenario, "borgeren", 1)
    caseworker.expect_no_background_entries(scenario)
    caseworker.expect_no_other_citizen_named(scenario)
    assert invariants.broken(scenario) == []


@pytest.mark.parametrize(
    "defect, invariant",
    [
        ("minlog-entry-per-login", "minlog-only-lookups"),
        ("minlog-entry-per-batch-run", "minlog-only-lookups"),
        ("minlog-names-wrong-citizen", "minlog-own-citizen-only"),
    ],
)
def test_each_minlog_defect_breaks_its_invariant_and_blames_minlog(scenario, defect, invariant):
    lookups_and_a_night(scenario, defect)
    found = minlog_breaches(scenario)
    assert {b.name for b in found} == {invariant}
    assert {b.neighbour for b in found} == {"minlog"}
    with pytest.raises(InvariantBroken) as caught:
        invariants.check(scenario)
    assert "minlog" in blame.of(caught.value)


def test_the_flood_is_caught_by_the_invariant_without_any_minlog_step(scenario):
    """The batch flood in a flow about something else: nobody asked MinLog, the invariant does."""
    scenario.switch_on("minlog-entry-per-batch-run")
    scenario.add_citizen("borgeren")
    caseworker.look_up(scenario, "borgeren")
    caseworker.nightly_batch(scenario)
    caseworker.nightly_batch(scenario)
    found = minlog_breaches(scenario)
    [breach] = [b for b in found if b.name == "minlog-only-lookups"]
    assert "2 look-up(s)" in breach.message and "no caseworker made" in breach.message
    # the batch's entries carry the batch's time, when nobody looked the citizen up: told as well
    assert {b.name for b in found} == {"minlog-only-lookups", "minlog-dated-at-lookup"}


def test_the_scenario_check_names_the_unexplained_entries_in_business_words(scenario):
    lookups_and_a_night(scenario, "minlog-entry-per-login")
    with pytest.raises(AssertionError, match=r"MinLog shows \d look-up\(s\) nobody made") as caught:
        caseworker.expect_no_background_entries(scenario)
    assert blame.of(caught.value) == ("minlog",)


def test_the_explorer_finds_the_batch_flood_blames_minlog_and_shrinks_it_to_one_night():
    from golive.explore.run import run_chunk

    found, examples, actions = run_chunk(0, 10, 15, ("minlog-entry-per-batch-run",))
    assert found is not None, f"the explorer missed the flood in {examples} examples ({actions} actions)"
    assert found.blamed == ("minlog",)
    assert "minlog-only-lookups" in found.message
    assert found.trace[-1] == ("Når", "der er gået 1 dage")
