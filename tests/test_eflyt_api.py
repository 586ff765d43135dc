"""The E-flyt simulator through its contract, in-process, with a tiny fake SUT on the Network.

The fake SUT records what E-flyt pushed and can fail the first N pushes with 503, so retries, give-up and
the exact wire shape of the push (common brief §4) are checked for real, through the kernel Outbox.
"""

from __future__ import annotations

import threading
from datetime import date

import orjson
import pytest

from golive import polling
from simulators import eflyt
from simulators.core import Network
from simulators.core.environment import Environment
from simulators.core.http import Request, Response

EFLYT_URL, SUT_URL = "http://eflyt.test", "http://sut.test"
MOVER, CHILD = "1203801236", "0505154237"
ADDRESS_KEYS = {"street", "postalCode", "city", "roadCode"}


def wait_until(predicate, timeout: float = 5.0, **_: object):
    """golive's poll with a deadline; returns the last value seen instead of raising, as these tests assert on it."""
    try:
        return polling.wait_until(predicate, timeout_s=timeout)
    except polling.DeadlineExceeded:
        return predicate()


class FakeSut:
    """Answers 202 received, after failing the first `fail_first` pushes with 503."""

    name = "fake-sut"
    max_body_bytes = 1_048_576

    def __init__(self, fail_first: int = 0) -> None:
        self.fail_first = fail_first
        self.received: list[tuple[str, str, dict, dict]] = []  # method, path, headers, body
        self._lock = threading.Lock()

    def handle(self, request: Request) -> Response:
        body = orjson.loads(request.body)
        with self._lock:
            self.received.append((request.method, request.path, dict(request.headers), body))
            failing = len(self.received) <= self.fail_first
        if failing:
            return Response.json(503, {"type": "about:blank", "title": "Service unavailable", "status": 503}, content_type="application/problem+json")
        return Response.json(202, {"caseId": body["caseId"], "status": "received"})


def move(**changes) -> dict:
    doc = {
        "cpr": MOVER,
        "moveDate": "2024-03-15",
        "from": {"municipalityCode": 751, "address": {"street": "Solsikkevej 12", "postalCode": "8000", "city": "Aarhus C", "roadCode": 4711}},
        "to": {"municipalityCode": 461, "address": {"street": "Kongensgade 40", "postalCode": "5000", "city": "Odense C", "roadCode": 3120},
               "location": {"lat": 55.3959, "lon": 10.3883}},
        "coMovers": [{"cpr": CHILD}],
        "doctorChoice": {"ydernummer": "012345"},
    }
    doc.update(changes)
    return doc


def make_world(sut: FakeSut | None, max_attempts: int = 3, configured: bool = True):
    """E-flyt and (when given) the fake SUT on one Network; `configured` says whether E-flyt knows the SUT's URL."""
    net = Network(allow_real_http=False)
    settings = {"maxAttempts": max_attempts, **({"sutBaseUrl": SUT_URL} if sut and configured else {})}
    env = Environment(network=net, settings=settings)
    env.clock.set(date(2024, 3, 1))
    sim = eflyt.create(env)
    net.register(EFLYT_URL, sim)
    if sut:
        net.register(SUT_URL, sut)
    return sim, net.client(EFLYT_URL), net


@pytest.fixture
def worlds():
    """make_world, with every simulator closed (its outbox threads stopped) after the test, pass or fail."""
    made = []

    def make(*args, **kwargs):
        made.append(make_world(*args, **kwargs))
        return made[-1]

    yield make
    for sim, client, _ in made:
        client.close()
    

@pytest.fixture
def sut() -> FakeSut:
    return FakeSut()


@pytest.fixture
def world(worlds, sut):
    sim, client, _ = worlds(sut)
    return sim, client, sut


def status_of(client, case_id: str) -> str:
    return client.get(f"/moves/{case_id}").json()["status"]


# -- the push -----------------------------------------------------------------------------------
def test_the_push_arrives_at_the_sut_with_exactly_the_agreed_shape(world):
    _, client, sut = world
    case = client.post("/moves", json=move(), headers={"x-correlation-id": "scenario-7"}).json()
    assert wait_until(lambda: len(sut.received) == 1)
    method, path, headers, body = sut.received[0]
    assert (method, path, headers["content-type"], headers["x-correlation-id"]) == ("POST", "/eflyt/move-notifications", "application/json", "scenario-7")
    assert body == {
        "caseId": case["caseId"],
        "cpr": MOVER,
        "moveDate": "2024-03-15",
        "reportedAt": case["reportedAt"],
        "from": move()["from"],
        "to": move()["to"],
        "coMovers": [{"cpr": CHILD}],
        "doctorChoice": {"ydernummer": "012345"},
    }


def test_the_push_validates_against_the_contracts_move_notification_schema(world):
    sim, client, sut = world
    client.post("/moves", json=move())
    assert wait_until(lambda: len(sut.received) == 1)
    check = sim.contract.schema_check(sim.contract.schema("MoveNotification"))
    assert check.problems(sut.received[0][3], "push") == []


def test_a_push_without_co_movers_or_doctor_choice_sends_an_empty_list_and_no_choice(world):
    _, client, sut = world
    doc = move(coMovers=[])
    del doc["doctorChoice"]
    client.post("/moves", json=doc)
    assert wait_until(lambda: len(sut.received) == 1)
    body = sut.received[0][3]
    assert (body["coMovers"], "doctorChoice" in body) == ([], False)


def test_an_acknowledged_push_makes_the_case_delivered_to_sut(world):
    _, client, _ = world
    case_id = client.post("/moves", json=move()).json()["caseId"]
    assert wait_until(lambda: status_of(client, case_id) == "delivered-to-sut")


def test_failed_pushes_are_retried_until_the_sut_accepts(worlds):
    sut = FakeSut(fail_first=2)
    _, client, _ = worlds(sut, max_attempts=5)
    case_id = client.post("/moves", json=move()).json()["caseId"]
    assert wait_until(lambda: status_of(client, case_id) == "delivered-to-sut")
    case = client.get(f"/moves/{case_id}").json()
    assert (case["deliveryAttempts"], {r[3]["caseId"] for r in sut.received}) == (3, {case_id})


def test_a_sut_that_never_accepts_leaves_the_case_delivery_failed_after_max_attempts(worlds):
    sut = FakeSut(fail_first=10**6)
    _, client, _ = worlds(sut, max_attempts=3)
    case_id = client.post("/moves", json=move()).json()["caseId"]
    assert wait_until(lambda: status_of(client, case_id) == "delivery-failed")
    assert (client.get(f"/moves/{case_id}").json()["deliveryAttempts"], len(sut.received)) == (3, 3)


def test_every_push_attempt_is_journaled_with_its_status(worlds):
    sut = FakeSut(fail_first=1)
    sim, client, _ = worlds(sut, max_attempts=3)
    case_id = client.post("/moves", json=move()).json()["caseId"]
    assert wait_until(lambda: status_of(client, case_id) == "delivered-to-sut")
    attempts = sim.journal.query(operation="pushMoveNotification")
    assert [(e.status, e.path, e.kind) for e in attempts] == [(503, SUT_URL + "/eflyt/move-notifications", "delivery"), (202, SUT_URL + "/eflyt/move-notifications", "delivery")]


def test_without_a_sut_base_url_the_case_stays_reported_with_no_attempts(worlds):
    _, client, _ = worlds(None)
    case_id = client.post("/moves", json=move()).json()["caseId"]
    case = client.get(f"/moves/{case_id}").json()
    assert (case["status"], case["deliveryState"], case["deliveryAttempts"]) == ("reported", "not-configured", 0)


def test_the_sut_base_url_can_be_set_at_run_time(worlds, sut):
    _, client, _ = worlds(sut, configured=False)
    client.patch("/__admin/settings", json={"sutBaseUrl": SUT_URL})
    client.post("/moves", json=move())
    assert wait_until(lambda: len(sut.received) == 1)


def test_a_new_case_is_published_as_move_reported(world):
    sim, client, _ = world
    case_id = client.post("/moves", json=move()).json()["caseId"]
    assert [(m["topic"], m["payload"]["caseId"]) for m in sim.publisher.published] == [("eflyt.move-reported", case_id)]


# -- validation -------------------------------------------------------------------------------------
@pytest.mark.parametrize("move_date", ["2023-02-28", "2025-03-02"])
def test_a_move_date_more_than_a_year_from_today_is_422_problem_json(world, move_date):
    _, client, sut = world
    response = client.post("/moves", json=move(moveDate=move_date))
    assert (response.status_code, response.headers["content-type"], response.json()["type"]) == (
        422, "application/problem+json", "urn:golive:problem:invalid-move-date")


def test_a_refused_move_is_never_pushed(world):
    _, client, sut = world
    client.post("/moves", json=move(moveDate="2030-01-01"))
    client.post("/moves", json=move())  # a good one after it, to know the outbox has run
    assert wait_until(lambda: len(sut.received) >= 1)
    assert [r[3]["moveDate"] for r in sut.received] == ["2024-03-15"]


def test_a_move_without_an_address_is_400(world):
    _, client, _ = world
    doc = move()
    del doc["to"]["address"]
    assert client.post("/moves", json=doc).status_code == 400


# -- reads ----------------------------------------------------------------------------------------
def test_an_unknown_case_is_404(world):
    _, client, _ = world
    response = client.get("/moves/3b7e2a0c-5d1f-4b8e-9a6c-2f4d8e1a7c90")
    assert (response.status_code, response.json()["type"]) == (404, "urn:golive:problem:unknown-case")


def test_a_citizens_cases_are_listed_also_for_a_co_mover(world):
    _, client, _ = world
    case_id = client.post("/moves", json=move()).json()["caseId"]
    assert [c["caseId"] for c in client.get("/moves", params={"cpr": CHILD}).json()["cases"]] == [case_id]


# -- receipts -------------------------------------------------------------------------------------
def test_receipts_move_the_case_to_pending_then_completed(world):
    _, client, _ = world
    case_id = client.post("/moves", json=move()).json()["caseId"]
    first = client.post(f"/moves/{case_id}/receipts", json={"status": "pending", "message": "Afventer"})
    second = client.post(f"/moves/{case_id}/receipts", json={"status": "completed", "message": "OK",
                                                            "laegevalg": {"ydernummer": "012345", "effectiveDate": "2024-03-15"}})
    assert [(r.status_code, r.json()["status"]) for r in (first, second)] == [(201, "pending"), (201, "completed")]


def test_a_repeated_identical_receipt_is_accepted_idempotently_with_200(world):
    _, client, _ = world
    case_id = client.post("/moves", json=move()).json()["caseId"]
    receipt = {"status": "completed", "message": "OK"}
    client.post(f"/moves/{case_id}/receipts", json=receipt)
    again = client.post(f"/moves/{case_id}/receipts", json=receipt)
    assert (again.status_code, len(again.json()["receipts"])) == (200, 1)


def test_a_conflicting_final_receipt_is_409_problem_json(world):
    _, client, _ = world
    case_id = client.post("/moves", json=move()).json()["caseId"]
    client.post(f"/moves/{case_id}/receipts", json={"status": "completed", "message": "OK"})
    response = client.post(f"/moves/{case_id}/receipts", json={"status": "rejected", "message": "Afvist"})
    assert (response.status_code, response.headers["content-type"], response.json()["type"]) == (
        409, "application/problem+json", "urn:golive:problem:case-already-final")


def test_a_receipt_for_an_unknown_case_is_404(world):
    _, client, _ = world
    response = client.post("/moves/3b7e2a0c-5d1f-4b8e-9a6c-2f4d8e1a7c90/receipts", json={"status": "completed", "message": "OK"})
    assert response.status_code == 404


def test_a_receipt_with_an_unknown_status_is_400(world):
    _, client, _ = world
    case_id = client.post("/moves", json=move()).json()["caseId"]
    assert client.post(f"/moves/{case_id}/receipts", json={"status": "done", "message": "OK"}).status_code == 400


def test_a_receipt_is_accepted_before_the_case_was_ever_delivered(worlds):
    _, client, _ = worlds(None)
    case_id = client.post("/moves", json=move()).json()["caseId"]
    response = client.post(f"/moves/{case_id}/receipts", json={"status": "pending", "message": "Modtaget ad anden vej"})
    assert (response.status_code, response.json()["status"]) == (201, "pending")


def test_the_sut_can_answer_with_a_receipt_from_inside_its_push_handler(worlds, sut):
    """A SUT that posts its receipt before acknowledging the push must not deadlock E-flyt."""
    _, client, net = worlds(sut)
    sut_client = net.client(EFLYT_URL)
    original = sut.handle

    def answer_at_once(request):
        body = orjson.loads(request.body)
        sut_client.post(f"/moves/{body['caseId']}/receipts", json={"status": "completed", "message": "OK"})
        return original(request)

    sut.handle = answer_at_once
    case_id = client.post("/moves", json=move()).json()["caseId"]
    assert wait_until(lambda: client.get(f"/moves/{case_id}").json()["deliveryState"] == "delivered")
    assert status_of(client, case_id) == "completed"


def test_the_contracts_seed_example_loads_as_a_delivered_case_without_a_push(world):
    sim, client, sut = world
    (example,) = sim.contract.schema("SeedData")["examples"]
    assert client.post("/__admin/seed", json={"data": example}).status_code == 200
    case = client.get(f"/moves/{example['cases'][0]['caseId']}").json()
    assert (case["status"], case["deliveryAttempts"], sut.received) == ("delivered-to-sut", 0, [])
