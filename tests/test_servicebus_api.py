"""The Servicebus simulator through its HTTP contract, in-process: publishers, subscribers and bus faults.

A subscriber is a tiny in-process receiver registered in the Network (it only needs `name`,
`max_body_bytes` and `handle(Request) -> Response`); it records every push and can be told to fail its
first N calls. Asynchronous deliveries are awaited by polling with a deadline, never by sleeping.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any, Callable

import orjson
import pytest

from golive import polling
from simulators import servicebus
from simulators.core import Network
from simulators.core.environment import Environment
from simulators.core.http import Request, Response

BUS = "http://bus.test"
RECEIVER = "http://receiver.test"
LAEGEVALG = "sygesikring.laegevalg-changed"


class Receiver:
    """A webhook subscriber: records what it got; answers `fail_status` to its first `fail_first` calls."""

    name = "receiver"
    max_body_bytes = 1_048_576

    def __init__(self) -> None:
        self.fail_first = 0
        self.fail_status = 503
        self.calls: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def handle(self, request: Request) -> Response:
        with self._lock:
            self.calls.append({
                "at": time.monotonic(),
                "path": request.path,
                "headers": dict(request.headers),
                "body": orjson.loads(request.body),
            })
            failing = len(self.calls) <= self.fail_first
        return Response(status=self.fail_status if failing else 204)

    def bodies(self) -> list[dict[str, Any]]:
        with self._lock:
            return [c["body"] for c in self.calls]


def wait_until(predicate, timeout: float = 5.0, **_: object):
    """golive's poll with a deadline; returns the last value seen instead of raising, as these tests assert on it."""
    try:
        return polling.wait_until(predicate, timeout_s=timeout)
    except polling.DeadlineExceeded:
        return predicate()


@pytest.fixture
def world():
    network = Network(allow_real_http=False)
    bus = servicebus.create(Environment(network=network))
    receiver = Receiver()
    network.register(BUS, bus)
    network.register(RECEIVER, receiver)
    client = network.client(BUS)
    yield bus, receiver, client
    client.close()
    bus.close()


def payload(cpr: str = "0101804321") -> dict[str, Any]:
    return {"cpr": cpr, "ydernummer": "054321", "effectiveDate": "2024-03-15", "reason": "move", "municipalityCode": 461, "sikringsgruppe": 1}


def publish(client, body_payload: dict[str, Any] | None = None, topic: str = LAEGEVALG, message_id: str | None = None, **extra: Any):
    body = {"messageId": message_id or str(uuid.uuid4()), "source": "sygesikring", "payload": body_payload or payload(), **extra}
    return client.post(f"/topics/{topic}/messages", json=body)


def subscribe(client, topic: str = LAEGEVALG, **extra: Any) -> dict[str, Any]:
    body = {"topic": topic, "kind": "webhook", "callbackUrl": f"{RECEIVER}/events", **extra}
    if body["kind"] == "pull":
        body.pop("callbackUrl")
    response = client.post("/subscriptions", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def status_of(client, message_id: str) -> dict[str, Any]:
    return client.get(f"/messages/{message_id}").json()["deliveries"][0]


def add_fault(client, kind: str, **extra: Any) -> None:
    response = client.post("/__admin/faults", json={"kind": kind, "operation": "deliver", "topic": LAEGEVALG, **extra})
    assert response.status_code == 201, response.text


# -- publishing ----------------------------------------------------------------------------------------
def test_publish_answers_202_with_the_fan_out_count(world):
    bus, receiver, client = world
    subscribe(client)
    subscribe(client, kind="pull")

    response = publish(client, message_id="6b1f0d2a-8c3e-4f5a-9d7b-1e2c3a4b5c6d")

    assert (response.status_code, response.json()) == (
        202, {"messageId": "6b1f0d2a-8c3e-4f5a-9d7b-1e2c3a4b5c6d", "topic": LAEGEVALG, "duplicate": False, "subscriptions": 2})


def test_payload_violating_the_topic_schema_is_a_400_problem_with_violations(world):
    bus, receiver, client = world

    response = publish(client, payload() | {"address": {"street": "Testvej 1"}})

    problem = response.json()
    assert (response.status_code, response.headers["content-type"], problem["type"]) == (
        400, "application/problem+json", "urn:golive:problem:payload-contract-violation")
    assert [v["rule"] for v in problem["violations"]] == ["additionalProperties"]


def test_unknown_topic_is_a_404_problem(world):
    bus, receiver, client = world

    response = publish(client, topic="sygesikring.no-such-topic")

    assert (response.status_code, response.json()["type"]) == (404, "urn:golive:problem:unknown-topic")


def test_reusing_a_message_id_for_another_payload_is_a_409(world):
    bus, receiver, client = world
    message_id = str(uuid.uuid4())
    publish(client, message_id=message_id)

    response = publish(client, payload("0202024322"), message_id=message_id)

    assert (response.status_code, response.json()["type"]) == (409, "urn:golive:problem:message-id-reused")


def test_topics_are_listed_with_their_counts(world):
    bus, receiver, client = world
    subscribe(client)
    message_id = str(uuid.uuid4())
    publish(client, message_id=message_id)
    publish(client, message_id=message_id)

    topics = {t["topic"]: t for t in client.get("/topics").json()["topics"]}

    assert {k: topics[LAEGEVALG][k] for k in ("subscriptions", "published", "duplicates")} == {"subscriptions": 1, "published": 1, "duplicates": 1}


# -- webhook delivery ----------------------------------------------------------------------------------
def test_webhook_push_has_the_common_shape_and_the_correlation_header(world):
    bus, receiver, client = world
    sub = subscribe(client)
    response = publish(client, key="0101804321", correlationId="scenario-42")

    wait_until(lambda: receiver.calls)

    call = receiver.calls[0]
    problems = bus.contract.schema_check({"$ref": "#/components/schemas/PushDelivery"}).problems(call["body"], "push")
    assert problems == []
    assert (call["path"], call["headers"]["x-correlation-id"], call["headers"]["content-type"]) == ("/events", "scenario-42", "application/json")
    assert {k: call["body"][k] for k in ("messageId", "topic", "subscriptionId", "attempt", "key", "correlationId")} == {
        "messageId": response.json()["messageId"], "topic": LAEGEVALG, "subscriptionId": sub["subscriptionId"],
        "attempt": 1, "key": "0101804321", "correlationId": "scenario-42"}


def test_failing_subscriber_gets_retries_until_it_answers_2xx(world):
    bus, receiver, client = world
    receiver.fail_first = 2
    subscribe(client)
    message_id = publish(client).json()["messageId"]

    acked = wait_until(lambda: status_of(client, message_id)["status"] == "acked")

    assert acked
    assert [b["attempt"] for b in receiver.bodies()] == [1, 2, 3]


def test_subscriber_failing_every_time_gets_max_attempts_then_a_dead_letter(world):
    bus, receiver, client = world
    receiver.fail_first = 100
    sub = subscribe(client, maxAttempts=3)
    message_id = publish(client).json()["messageId"]

    letters = wait_until(lambda: client.get(f"/subscriptions/{sub['subscriptionId']}/dead-letters").json()["deadLetters"])

    assert [(d["messageId"], d["attempts"], d["lastError"]) for d in letters] == [(message_id, 3, "HTTP 503")]
    assert len(receiver.calls) == 3


def test_redriven_dead_letter_is_delivered_when_the_subscriber_recovers(world):
    bus, receiver, client = world
    receiver.fail_first = 1
    sub = subscribe(client, maxAttempts=1)
    message_id = publish(client).json()["messageId"]
    wait_until(lambda: status_of(client, message_id)["status"] == "dead-lettered")

    redrive = client.post(f"/subscriptions/{sub['subscriptionId']}/dead-letters/redrive")

    assert redrive.json() == {"redriven": 1, "messageIds": [message_id]}
    assert wait_until(lambda: status_of(client, message_id)["status"] == "acked")


def test_duplicate_publish_is_not_delivered_twice(world):
    bus, receiver, client = world
    subscribe(client)
    message_id = str(uuid.uuid4())
    publish(client, message_id=message_id)

    again = publish(client, message_id=message_id)
    bus.model.outbox.wait_idle(5)

    assert (again.json()["duplicate"], again.json()["subscriptions"]) == (True, 0)
    assert len(receiver.calls) == 1


def test_every_push_attempt_is_in_the_journal(world):
    bus, receiver, client = world
    receiver.fail_first = 1
    subscribe(client)
    message_id = publish(client, payload("0202024322")).json()["messageId"]
    wait_until(lambda: status_of(client, message_id)["status"] == "acked")

    entries = client.get("/__admin/journal", params={"kind": "delivery", "cpr": "0202024322"}).json()["entries"]

    assert [(e["operation"], e["status"]) for e in entries] == [(f"deliver:{LAEGEVALG}", 503), (f"deliver:{LAEGEVALG}", 204)]


def test_message_status_shows_each_subscription(world):
    bus, receiver, client = world
    pushed = subscribe(client, name="Regional lægevalg register")
    pulled = subscribe(client, kind="pull")
    message_id = publish(client).json()["messageId"]
    wait_until(lambda: receiver.calls)
    bus.model.outbox.wait_idle(5)

    deliveries = {d["subscriptionId"]: d["status"] for d in client.get(f"/messages/{message_id}").json()["deliveries"]}

    assert deliveries == {pushed["subscriptionId"]: "acked", pulled["subscriptionId"]: "pending"}


def test_messages_can_be_found_by_cpr(world):
    bus, receiver, client = world
    publish(client, payload("0101804321"))
    wanted = publish(client, payload("0202024322")).json()["messageId"]

    found = client.get("/messages", params={"cpr": "0202024322"}).json()["messages"]

    assert [m["messageId"] for m in found] == [wanted]


# -- pull delivery -------------------------------------------------------------------------------------
def test_pulled_and_acked_message_is_acked(world):
    bus, receiver, client = world
    sub = subscribe(client, kind="pull")
    message_id = publish(client).json()["messageId"]

    pulled = client.post(f"/subscriptions/{sub['subscriptionId']}/pull", json={"maxMessages": 5}).json()["messages"]
    ack = client.post(f"/subscriptions/{sub['subscriptionId']}/ack", json={"ackIds": [pulled[0]["ackId"]]}).json()

    assert ([m["messageId"] for m in pulled], ack, status_of(client, message_id)["status"]) == ([message_id], {"acked": 1, "rejected": []}, "acked")


def test_unacked_pull_lease_expires_in_real_time_and_is_delivered_again(world):
    bus, receiver, client = world
    sub = subscribe(client, kind="pull", ackDeadlineSeconds=1)
    publish(client)
    client.post(f"/subscriptions/{sub['subscriptionId']}/pull")

    again = wait_until(lambda: client.post(f"/subscriptions/{sub['subscriptionId']}/pull").json()["messages"], timeout=5)

    assert [m["deliveryAttempt"] for m in again] == [2]


def test_max_messages_written_as_a_json_float_is_still_a_count(world):
    bus, receiver, client = world
    sub = subscribe(client, kind="pull")
    publish(client, payload("0101804321"))
    publish(client, payload("0202024322"))

    response = client.post(f"/subscriptions/{sub['subscriptionId']}/pull", json={"maxMessages": 1.0})

    assert (response.status_code, response.json()["count"]) == (200, 1)


def test_pulling_a_webhook_subscription_is_a_409(world):
    bus, receiver, client = world
    sub = subscribe(client)

    response = client.post(f"/subscriptions/{sub['subscriptionId']}/pull")

    assert (response.status_code, response.json()["type"]) == (409, "urn:golive:problem:not-a-pull-subscription")


def test_webhook_subscription_without_callback_url_is_a_400(world):
    bus, receiver, client = world

    response = client.post("/subscriptions", json={"topic": LAEGEVALG, "kind": "webhook"})

    assert response.status_code == 400


# -- subscriptions -------------------------------------------------------------------------------------
def test_seeded_subscriptions_receive_messages(world):
    bus, receiver, client = world
    seeded = client.post("/__admin/seed", json={"data": {"subscriptions": [
        {"subscriptionId": "sut", "topic": LAEGEVALG, "kind": "webhook", "callbackUrl": f"{RECEIVER}/sut"}]}})

    publish(client)

    assert seeded.json()["loaded"] == {"subscriptions": 1, "messages": 0}
    assert wait_until(lambda: [c["body"]["subscriptionId"] for c in receiver.calls]) == ["sut"]


def test_the_contracts_seed_example_sets_the_scene_for_its_operation_examples(world):
    bus, receiver, client = world
    example = bus.contract.schema("SeedData")["examples"][0]
    client.post("/__admin/seed", json={"data": example}).raise_for_status()

    message = client.get("/messages/6b1f0d2a-8c3e-4f5a-9d7b-1e2c3a4b5c6d")
    pulled = client.post("/subscriptions/caseworker-inbox/pull").json()["messages"]

    assert (message.status_code, message.json()["deliveries"][0]["subscriptionId"]) == (200, "sut-laegevalg")
    assert [m["messageId"] for m in pulled] == ["7c2d4e6f-1a3b-4c5d-8e9f-0a1b2c3d4e5f"]


def test_default_max_attempts_comes_from_the_settings(world):
    bus, receiver, client = world
    client.patch("/__admin/settings", json={"maxAttempts": 2})

    assert subscribe(client)["maxAttempts"] == 2


def test_deleted_subscription_is_gone(world):
    bus, receiver, client = world
    sub = subscribe(client)

    deleted = client.delete(f"/subscriptions/{sub['subscriptionId']}")

    assert (deleted.status_code, client.get(f"/subscriptions/{sub['subscriptionId']}").status_code) == (204, 404)


# -- bus faults ----------------------------------------------------------------------------------------
def test_duplicate_fault_delivers_the_message_twice(world):
    bus, receiver, client = world
    subscribe(client)
    add_fault(client, "duplicate")
    message_id = publish(client).json()["messageId"]

    bodies = wait_until(lambda: len(receiver.calls) == 2 and receiver.bodies())

    assert [b["messageId"] for b in bodies] == [message_id, message_id]


def test_dead_letter_fault_dead_letters_without_delivering(world):
    bus, receiver, client = world
    sub = subscribe(client)
    add_fault(client, "dead-letter")
    message_id = publish(client).json()["messageId"]
    bus.model.outbox.wait_idle(5)

    letters = client.get(f"/subscriptions/{sub['subscriptionId']}/dead-letters").json()["deadLetters"]

    assert ([(d["messageId"], d["reason"]) for d in letters], receiver.calls) == ([(message_id, "injected-fault")], [])


def test_delay_fault_holds_the_delivery_back_by_its_latency(world):
    bus, receiver, client = world
    subscribe(client)
    add_fault(client, "delay", latencyMs=300)
    published_at = time.monotonic()
    publish(client)

    assert wait_until(lambda: receiver.calls)
    assert receiver.calls[0]["at"] - published_at >= 0.3


def test_reorder_fault_delivers_the_held_message_after_the_next_one(world):
    bus, receiver, client = world
    subscribe(client)
    add_fault(client, "reorder", times=1)
    first = publish(client, payload("0101804321")).json()["messageId"]
    second = publish(client, payload("0202024322")).json()["messageId"]

    bodies = wait_until(lambda: len(receiver.calls) == 2 and receiver.bodies())

    assert [b["messageId"] for b in bodies] == [second, first]


def test_fault_on_another_topic_leaves_this_one_alone(world):
    bus, receiver, client = world
    subscribe(client)
    add_fault(client, "dead-letter", topic="sygesikring.group-changed")
    message_id = publish(client).json()["messageId"]

    assert wait_until(lambda: status_of(client, message_id)["status"] == "acked")


def test_payload_violating_the_asyncapi_contract_is_flagged_in_the_journal():
    from simulators.world import World

    with World(systems=["servicebus"]) as world:
        client = world.client("servicebus")
        response = client.post("/topics/luna.practice-changed/messages",
                               json={"messageId": "3f0b6c1e-3c2a-4c55-9a0e-0f3f4f1f2a10", "source": "luna", "payload": {"ydernummer": 12}})
        flagged = world["servicebus"].journal.query(violations_only=True)

    assert response.status_code == 400
    assert len(flagged) == 1 and flagged[0].violations[0]["where"].startswith("request.body")


def test_published_payload_is_indexed_by_the_cpr_it_carries():
    from simulators.world import World

    with World(systems=["servicebus"]) as world:
        world.client("servicebus").post("/topics/sygesikring.coverage-ended/messages", json={
            "messageId": "8a1d2c3e-4f5a-4b6c-9d7e-0f1a2b3c4d5e", "source": "sygesikring",
            "payload": {"cpr": "0101804321", "reason": "death", "endDate": "2024-03-10", "municipalityCode": 751}})
        found = world["servicebus"].journal.query(cpr="0101804321")

    assert [e.operation for e in found] == ["publishMessage"]
