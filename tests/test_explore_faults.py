"""The explorer's session under a refused system certificate (golive/explore/certificates.py) and its patients'
re-choice after a practice change: clean on the reference SUT, and a defect of the class each is there for is caught
at the step that shows it (the same session methods a written-back finding's steps call)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from golive.explore import SCENARIO_NAME, certificates
from golive.explore.observe import Discrepancy
from golive.explore.session import Session
from golive.scenario import Scenario
from simulators.world import World


@pytest.fixture
def session(request):
    world = World(seed=0, reference_sut=True)
    scenario = Scenario(world, seed=0, name=SCENARIO_NAME)
    defects = getattr(request, "param", ())
    if defects:
        scenario.switch_on(*defects)
    found = Session(scenario)
    found.add_citizen(1)
    found.add_practice(1, 1, 2.0, True)
    found.add_practice(2, 1, 2.0, True)
    yield found
    scenario.close()  # shuts the Serviceplatformen a certificate fault made (Scenario.closing)
    world.close()


@pytest.mark.parametrize("kind", certificates.KINDS)
def test_a_refused_certificate_then_renewed_changes_no_outcome_on_the_clean_sut(session, kind):
    with session.under(kind):
        assert certificates.refused_now(session.s)
        session.choose_doctor(1, 1)
    assert not certificates.refused_now(session.s)
    steps = [text for _, text in session.trace]
    assert "sygesikringen får et nyt OCES3-systemcertifikat" in steps
    assert session.s.serviceplatform.gateway.refusals  # the platform did refuse the SUT (a real handshake)


@pytest.mark.parametrize("session", [("keeps-old-certificate",), ("tls-error-drops-work",)], indirect=True)
@pytest.mark.parametrize("kind", ["certificate-old-generation", "certificate-revoked"])
def test_a_sut_that_drops_the_work_or_keeps_the_refused_certificate_is_caught(session, kind):
    with pytest.raises(Discrepancy) as caught, session.under(kind):
        session.choose_doctor(1, 1)
    assert caught.value.neighbour in ("luna", "sygesikring")


def test_patients_re_choose_free_after_their_practice_ends_even_when_the_bus_reorders(session):
    session.choose_doctor(1, 1, waive=True)
    session.practice_changes_overtaken(1, "practice-closing")
    session.choose_doctor(1, 2)  # the oracle predicts it free: the practice ended, whatever arrived last


@pytest.mark.parametrize("session", [("stale-practice-event-applied",)], indirect=True)
def test_a_late_reopening_applied_over_a_newer_ending_is_caught_in_the_re_choice(session):
    session.choose_doctor(1, 1, waive=True)
    session.practice_changes_overtaken(1, "practice-closing")
    with pytest.raises(Discrepancy, match="free"):
        session.choose_doctor(1, 2)


def test_the_same_closed_practice_chosen_again_after_a_dropped_connection_is_refused_not_taken_for_the_first():
    """After a dropped connection the SUT looks in Luna before sending again (Luna has no idempotency key). The
    registration an earlier choice already got (the same doctor, the same effect date) is not this request's: taken
    for it, a closed practice was chosen without an exception and charged a second time (found by the explorer,
    seed 54). On the clean SUT, the second choice is refused as the oracle predicts."""
    with World(seed=0, reference_sut=True) as world:
        scenario = Scenario(world, seed=0, name=SCENARIO_NAME)
        try:
            session = Session(scenario)
            session.add_citizen(1)
            session.change_group(1, 2)
            session.advance(14)
            session.add_practice(1, 1, 3.0, False)
            session.choose_doctor(1, 1, exception="few-open-doctors")
            effective = session.s.today + timedelta(days=14)  # the first choice's, as the SUT answered it
            predict, answers = session.oracle.predict_choose_doctor, []
            session.oracle.predict_choose_doctor = lambda *a, **k: answers.append(predict(*a, **k)) or answers[-1]
            with session.under("luna-drops-registration"):
                session.choose_doctor(1, 1, effective=effective)
            assert [(p.answer.status, p.answer.problem) for p in answers] == [(409, "closed-practice")]
        finally:
            scenario.close()
