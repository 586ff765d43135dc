"""The E-flyt model alone (no HTTP): move rules, delivery bookkeeping and the SUT's receipts."""

from __future__ import annotations

from datetime import date

import pytest

from simulators.core.clock import VirtualClock
from simulators.cpr.model import InvalidCprDate
from simulators.eflyt.model import (
    CaseAlreadyFinal,
    EflytModel,
    InvalidCoMovers,
    InvalidMoveDate,
    UnknownCase,
    UnknownMunicipality,
)

TODAY = date(2024, 3, 1)
MOVER, CHILD = "1203801236", "0505154237"


class RecordingNotifier:
    """Stands in for the HTTP adapter: remembers what it was asked to push."""

    def __init__(self, configured: bool = True) -> None:
        self.configured = configured
        self.pushed: list[tuple[dict, str, int]] = []
        self.cancelled = 0

    def push(self, notification, case_id, generation, correlation_id):
        if self.configured:
            self.pushed.append((notification, case_id, generation))
        return self.configured

    def cancel(self):
        self.cancelled += 1

    def close(self):
        pass


def move(**changes) -> dict:
    doc = {
        "cpr": MOVER,
        "moveDate": "2024-03-15",
        "from": {"municipalityCode": 751, "address": {"street": "Solsikkevej 12", "postalCode": "8000", "city": "Aarhus C", "roadCode": 4711}},
        "to": {"municipalityCode": 461, "address": {"street": "Kongensgade 40", "postalCode": "5000", "city": "Odense C"},
               "location": {"lat": 55.3959, "lon": 10.3883}},
        "coMovers": [{"cpr": CHILD}],
        "doctorChoice": {"ydernummer": "012345"},
    }
    doc.update(changes)
    return doc


@pytest.fixture
def published() -> list:
    return []


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def model(published, notifier) -> EflytModel:
    m = EflytModel(clock=VirtualClock(), publish=lambda topic, payload, **kw: published.append((topic, payload)) or "id", notifier=notifier)
    m.clock.set(TODAY)
    return m


def _delivered(model: EflytModel, case_id: str, *statuses: int) -> None:
    """Play the notifier's part: one attempt per status, then report the outcome of the last."""
    for status in statuses:
        model.delivery_attempted(case_id, model.generation, status, None)
    model.delivery_finished(case_id, model.generation, 200 <= statuses[-1] < 300)


# -- the move date window and the persons moving ----------------------------------------------------
@pytest.mark.parametrize("move_date", ["2023-03-01", "2025-03-01", "2024-03-01"])
def test_a_move_date_up_to_a_year_either_side_of_today_is_accepted(model, move_date):
    assert model.report_move(move(moveDate=move_date))["moveDate"] == move_date


@pytest.mark.parametrize("move_date", ["2023-02-28", "2025-03-02", "1924-03-15"])
def test_a_move_date_more_than_a_year_away_is_invalid(model, move_date):
    with pytest.raises(InvalidMoveDate):
        model.report_move(move(moveDate=move_date))


def test_the_window_from_29_february_ends_on_28_february(model):
    model.clock.set(date(2024, 2, 29))
    with pytest.raises(InvalidMoveDate):
        model.report_move(move(moveDate="2025-03-01"))


def test_a_move_within_one_municipality_is_accepted(model):
    case = model.report_move(move(to={"municipalityCode": 751, "address": {"street": "Vestergade 1", "postalCode": "8000", "city": "Aarhus C"}}))
    assert case["from"]["municipalityCode"] == case["to"]["municipalityCode"] == 751


def test_the_mover_cannot_also_be_a_co_mover(model):
    with pytest.raises(InvalidCoMovers):
        model.report_move(move(coMovers=[{"cpr": MOVER}]))


def test_a_co_mover_cannot_be_named_twice(model):
    with pytest.raises(InvalidCoMovers):
        model.report_move(move(coMovers=[{"cpr": CHILD}, {"cpr": CHILD}]))


def test_a_co_mover_without_a_real_birth_date_is_invalid(model):
    with pytest.raises(InvalidCprDate):
        model.report_move(move(coMovers=[{"cpr": "3102154237"}]))


def test_christianso_is_not_a_municipality_to_move_to(model):
    with pytest.raises(UnknownMunicipality):
        model.report_move(move(to={"municipalityCode": 411, "address": {"street": "Christiansø 1", "postalCode": "3740", "city": "Svaneke"}}))


# -- handing the case on -----------------------------------------------------------------------------
def test_a_new_case_is_handed_to_the_sut_in_the_notification_shape(model, notifier):
    case = model.report_move(move())
    (notification, case_id, _), = notifier.pushed
    assert (case_id, sorted(notification)) == (case["caseId"], sorted(["caseId", "cpr", "moveDate", "reportedAt", "from", "to", "coMovers", "doctorChoice"]))


def test_a_new_case_is_reported_with_delivery_in_progress(model):
    case = model.report_move(move())
    assert (case["status"], case["deliveryState"], case["deliveryAttempts"]) == ("reported", "in-progress", 0)


def test_without_a_sut_the_case_stays_reported(published):
    lonely = EflytModel(clock=VirtualClock(), notifier=RecordingNotifier(configured=False))
    case = lonely.report_move(move(moveDate=lonely.clock.today().isoformat()))
    assert (case["status"], case["deliveryState"], case["deliveryAttempts"]) == ("reported", "not-configured", 0)


def test_a_new_case_is_published_as_move_reported_without_address_or_name(model, published):
    case = model.report_move(move())
    assert published == [("eflyt.move-reported", {"caseId": case["caseId"], "cpr": MOVER, "moveDate": "2024-03-15",
                                                   "fromMunicipalityCode": 751, "toMunicipalityCode": 461})]


def test_an_acknowledged_delivery_makes_the_case_delivered_to_sut(model):
    case_id = model.report_move(move())["caseId"]
    _delivered(model, case_id, 503, 202)
    case = model.case_doc(case_id)
    assert (case["status"], case["deliveryAttempts"], case["lastDeliveryStatus"]) == ("delivered-to-sut", 2, 202)


def test_a_delivery_given_up_makes_the_case_delivery_failed(model):
    case_id = model.report_move(move())["caseId"]
    _delivered(model, case_id, 503, 503, 500)
    case = model.case_doc(case_id)
    assert (case["status"], case["lastDeliveryError"]) == ("delivery-failed", "HTTP 500")


def test_after_reset_a_delivery_still_in_flight_is_ignored(model, notifier):
    case_id = model.report_move(move())["caseId"]
    old_generation = model.generation
    model.reset()
    assert (model.delivery_attempted(case_id, old_generation, 202, None), notifier.cancelled) == (False, 1)


# -- receipts -----------------------------------------------------------------------------------------
def test_a_pending_then_completed_receipt_completes_the_case(model):
    case_id = model.report_move(move())["caseId"]
    model.receive_receipt(case_id, {"status": "pending", "message": "Afventer"})
    _, case = model.receive_receipt(case_id, {"status": "completed", "message": "OK"})
    assert (case["status"], [r["status"] for r in case["receipts"]]) == ("completed", ["pending", "completed"])


def test_a_receipt_before_the_push_is_acknowledged_is_accepted_and_wins(model):
    case_id = model.report_move(move())["caseId"]
    model.receive_receipt(case_id, {"status": "completed", "message": "OK"})
    _delivered(model, case_id, 202)
    assert model.case_doc(case_id)["status"] == "completed"


def test_the_same_final_outcome_again_is_idempotent(model):
    case_id = model.report_move(move())["caseId"]
    lv = {"ydernummer": "012345", "effectiveDate": "2024-03-15"}
    model.receive_receipt(case_id, {"status": "completed", "message": "OK", "laegevalg": lv})
    recorded, case = model.receive_receipt(case_id, {"status": "completed", "message": "OK (retry)", "laegevalg": lv})
    assert (recorded, len(case["receipts"])) == (False, 1)


def test_a_pending_receipt_repeated_word_for_word_is_recorded_once(model):
    case_id = model.report_move(move())["caseId"]
    model.receive_receipt(case_id, {"status": "pending", "message": "Afventer"})
    recorded, case = model.receive_receipt(case_id, {"status": "pending", "message": "Afventer"})
    assert (recorded, len(case["receipts"])) == (False, 1)


@pytest.mark.parametrize(
    "second",
    [
        {"status": "rejected", "message": "Afvist"},
        {"status": "pending", "message": "Afventer"},
        {"status": "completed", "message": "OK", "laegevalg": {"ydernummer": "054321", "effectiveDate": "2024-03-15"}},
    ],
)
def test_anything_but_the_same_outcome_after_a_final_receipt_is_a_conflict(model, second):
    case_id = model.report_move(move())["caseId"]
    model.receive_receipt(case_id, {"status": "completed", "message": "OK"})
    with pytest.raises(CaseAlreadyFinal):
        model.receive_receipt(case_id, second)


def test_a_receipt_for_an_unknown_case_is_not_found(model):
    with pytest.raises(UnknownCase):
        model.receive_receipt("3b7e2a0c-5d1f-4b8e-9a6c-2f4d8e1a7c90", {"status": "completed", "message": "OK"})


# -- reads and seeds ---------------------------------------------------------------------------------
def test_a_co_mover_finds_the_case_among_their_own(model):
    case_id = model.report_move(move())["caseId"]
    assert [c["caseId"] for c in model.cases_for(CHILD)] == [case_id]


def test_seeded_cases_are_stored_without_a_push_and_may_be_old(model, notifier):
    model.load({"cases": [{**move(moveDate="2019-06-01"), "receipts": [{"status": "completed", "message": "OK"}]}]})
    (case,) = model.cases_for(MOVER)
    assert (case["status"], case["deliveryState"], notifier.pushed) == ("completed", "delivered", [])
