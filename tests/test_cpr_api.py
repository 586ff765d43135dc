"""The CPR simulator through its contract, in-process: reads, household search, events onto a fake Servicebus."""

from __future__ import annotations

import threading
from datetime import date

import orjson
import pytest

from golive import polling
from simulators import cpr
from simulators.core import Network
from simulators.core.environment import Environment
from simulators.core.http import Request, Response

CPR_URL, BUS_URL = "http://cpr.test", "http://servicebus.test"
MOTHER, CHILD = "1203801236", "0505154237"
HOME = {"street": "Solsikkevej 12", "postalCode": "8000", "city": "Aarhus C", "roadCode": 4711}


def wait_until(predicate, timeout: float = 5.0, **_: object):
    """golive's poll with a deadline; returns the last value seen instead of raising, as these tests assert on it."""
    try:
        return polling.wait_until(predicate, timeout_s=timeout)
    except polling.DeadlineExceeded:
        return predicate()


class FakeServicebus:
    """Accepts every published message (202, shape of common brief §1) and remembers what it got."""

    name = "fake-servicebus"
    max_body_bytes = 1_048_576

    def __init__(self) -> None:
        self.received: list[tuple[str, dict]] = []
        self._lock = threading.Lock()

    def handle(self, request: Request) -> Response:
        message = orjson.loads(request.body)
        with self._lock:
            self.received.append((request.path, message))
        topic = request.path.split("/")[2]
        return Response.json(202, {"messageId": message["messageId"], "topic": topic, "duplicate": False, "subscriptions": 1})


@pytest.fixture
def world():
    net = Network(allow_real_http=False)
    env = Environment(network=net)
    env.clock.set(date(2024, 3, 1))
    sim = cpr.create(env)
    bus = FakeServicebus()
    net.register(CPR_URL, sim)
    net.register(BUS_URL, bus)
    client = net.client(CPR_URL)
    seeded = client.post(
        "/__admin/seed",
        json={"data": {"persons": [
            {"cpr": MOTHER, "name": {"first": "Mette", "middle": "Kirstine", "last": "Nørgaard"}, "municipalityCode": 751, "address": HOME},
            {"cpr": CHILD, "name": {"first": "Emil", "last": "Nørgaard"}, "municipalityCode": 751, "address": HOME,
             "custody": {"parents": [MOTHER], "livesWith": MOTHER}},
        ]}},
    )
    assert seeded.status_code == 200, seeded.text
    yield sim, client, bus
    client.close()
    sim.close()


def test_a_seeded_person_is_read_with_derived_birth_date_sex_and_full_name(world):
    _, client, _ = world
    person = client.get(f"/persons/{MOTHER}").json()
    assert (person["birthDate"], person["sex"], person["name"]["full"]) == ("1980-03-12", "female", "Mette Kirstine Nørgaard")


def test_an_unknown_person_is_404_problem_json(world):
    _, client, _ = world
    response = client.get("/persons/0101801111")
    assert (response.status_code, response.headers["content-type"], response.json()["type"]) == (
        404, "application/problem+json", "urn:golive:problem:unknown-person")


@pytest.mark.parametrize("malformed", ["12038012365", "120380-1234", "3213801234", "abcdefghij"])
def test_a_malformed_cpr_number_is_400(world, malformed):
    _, client, _ = world
    assert client.get(f"/persons/{malformed}").status_code == 400


def test_a_cpr_number_without_a_real_date_is_422(world):
    _, client, _ = world
    response = client.get("/persons/2902001234")  # 7th digit 1: 29 February 1900, which never was
    assert (response.status_code, response.json()["type"]) == (422, "urn:golive:problem:invalid-cpr-date")


def test_a_number_failing_modulus_11_is_served_like_any_other(world):
    from stdnum.dk.cpr import checksum

    _, client, _ = world
    assert checksum(MOTHER) != 0  # the seeded mother's number has no modulus 11
    assert client.get(f"/persons/{MOTHER}").status_code == 200


def test_household_search_returns_everyone_at_the_address(world):
    _, client, _ = world
    found = client.get("/persons", params={"municipalityCode": 751, "street": "Solsikkevej 12", "postalCode": "8000"}).json()
    assert sorted(p["cpr"] for p in found["persons"]) == sorted([MOTHER, CHILD])


def test_household_search_needs_the_whole_address(world):
    _, client, _ = world
    assert client.get("/persons", params={"municipalityCode": 751}).status_code == 400


def test_an_event_answers_the_person_after_the_change(world):
    _, client, _ = world
    response = client.post(f"/persons/{MOTHER}/events", json={"changeType": "death", "effectiveDate": "2024-02-28"})
    assert (response.status_code, response.json()["status"]) == (200, "90")


def test_an_event_without_its_type_specific_field_is_400(world):
    _, client, _ = world
    response = client.post(f"/persons/{MOTHER}/events", json={"changeType": "address-change", "effectiveDate": "2024-03-01"})
    assert response.status_code == 400


def test_an_event_for_a_deceased_person_is_409(world):
    _, client, _ = world
    client.post(f"/persons/{MOTHER}/events", json={"changeType": "death", "effectiveDate": "2024-02-28"})
    response = client.post(f"/persons/{MOTHER}/events", json={"changeType": "emigration", "effectiveDate": "2024-03-01"})
    assert (response.status_code, response.json()["type"]) == (409, "urn:golive:problem:retired-record")


def test_without_a_servicebus_the_event_is_only_recorded(world):
    sim, client, bus = world
    client.post(f"/persons/{MOTHER}/events", json={"changeType": "emigration", "effectiveDate": "2024-03-01"})
    assert ([m["topic"] for m in sim.publisher.published], bus.received) == (["cpr.person-changed"], [])


def test_with_a_servicebus_the_event_is_published_to_its_topic(world):
    sim, client, bus = world
    client.patch("/__admin/settings", json={"servicebusBaseUrl": BUS_URL})
    client.post(f"/persons/{MOTHER}/events", json={"changeType": "emigration", "effectiveDate": "2024-03-01"},
                headers={"x-correlation-id": "scenario-42"})
    assert wait_until(lambda: len(bus.received) == 1)
    path, message = bus.received[0]
    assert (path, message["source"], message["key"], message["correlationId"], message["payload"]) == (
        "/topics/cpr.person-changed/messages", "cpr", MOTHER, "scenario-42",
        {"cpr": MOTHER, "changeType": "emigration", "effectiveDate": "2024-03-01", "status": "80", "municipalityCode": 751,
         "addressProtected": False},
    )


def test_a_protected_address_never_reaches_the_servicebus(world):
    sim, client, bus = world
    client.patch("/__admin/settings", json={"servicebusBaseUrl": BUS_URL})
    client.post(f"/persons/{MOTHER}/events", json={"changeType": "protection-change", "effectiveDate": "2024-03-01", "addressProtected": True})
    client.post(f"/persons/{MOTHER}/events", json={"changeType": "address-change", "effectiveDate": "2024-03-02", "municipalityCode": 461,
                                                    "newAddress": {"street": "Hemmeligvej 1", "postalCode": "5000", "city": "Odense C", "roadCode": 1000}})
    assert wait_until(lambda: len(bus.received) == 2)
    assert not any(b"Hemmeligvej" in orjson.dumps(message) or "address" in message["payload"] for _, message in bus.received)


def test_every_exchange_is_journaled_under_the_persons_cpr(world):
    sim, client, _ = world
    client.get(f"/persons/{CHILD}")
    assert [e.operation for e in sim.journal.query(cpr=CHILD)] == ["getPerson"]


def test_the_contracts_seed_example_loads_and_serves_its_persons(world):
    sim, client, _ = world
    (example,) = sim.contract.schema("SeedData")["examples"]
    client.post("/__admin/reset")
    assert client.post("/__admin/seed", json={"data": example}).json()["loaded"] == {"persons": len(example["persons"])}
    assert [client.get(f"/persons/{p['cpr']}").status_code for p in example["persons"]] == [200] * len(example["persons"])
