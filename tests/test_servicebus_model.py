"""The Servicebus model alone (no HTTP), and the AsyncAPI contract its topics come from.

Webhook pushes go to a hand-driven outbox: a test decides when an attempt happens and what it answers,
so retries, backoff and dead letters are checked deterministically, without threads. Pull leases run on
an injected monotonic clock that a test moves by hand.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from golive import polling
import yaml

from simulators.core.clock import VirtualClock
from simulators.core.faults import FaultRule, Strike
from simulators.core.network import Delivery
from simulators.servicebus import model as bus_model
from simulators.servicebus.model import (
    MessageIdReused,
    NotAPullSubscription,
    PayloadViolation,
    ServicebusModel,
    SubscriptionExists,
    UnknownTopic,
)
from simulators.servicebus.topics import ASYNCAPI, load_topics

LAEGEVALG = "sygesikring.laegevalg-changed"
GROUP = "sygesikring.group-changed"


# -- test doubles --------------------------------------------------------------------------------------
@dataclass
class Submitted:
    delivery: Delivery
    delay_s: float


class HandDrivenOutbox:
    """Records submissions; `answer` carries out the oldest queued attempt with the given outcome."""

    backoff_s = 0.05
    max_backoff_s = 2.0

    def __init__(self) -> None:
        self.queue: list[Submitted] = []
        self.history: list[Submitted] = []
        self.cleared = 0
        self.closed = False

    def submit(self, delivery: Delivery, delay_s: float = 0.0) -> None:
        item = Submitted(delivery, delay_s)
        self.queue.append(item)
        self.history.append(item)

    def answer(self, status: int | None = 204, error: str | None = None) -> Submitted:
        item = self.queue.pop(0)
        item.delivery.on_attempt(item.delivery, status, error, 1.0)
        return item

    def clear(self) -> None:
        self.cleared += 1
        self.queue.clear()

    def close(self) -> None:
        self.closed = True


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Faults:
    """A stand-in for the kernel's injector: the strikes each next delivery decision returns."""

    def __init__(self) -> None:
        self.planned: list[list[Strike]] = []

    def next(self, *kinds: str, latency_ms: float = 0.0) -> None:
        self.planned.append([Strike(FaultRule(kind=k, operation="deliver", id=f"f{i + 1}"), latency_ms) for i, k in enumerate(kinds)])

    def __call__(self, topic: str) -> list[Strike]:
        return self.planned.pop(0) if self.planned else []


def wait_until(predicate, timeout: float = 5.0, **_: object):
    """golive's poll with a deadline; returns the last value seen instead of raising, as these tests assert on it."""
    try:
        return polling.wait_until(predicate, timeout_s=timeout)
    except polling.DeadlineExceeded:
        return predicate()


@pytest.fixture
def outbox() -> HandDrivenOutbox:
    return HandDrivenOutbox()


@pytest.fixture
def mono() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
def faults() -> Faults:
    return Faults()


@pytest.fixture
def bus(outbox, mono, faults) -> ServicebusModel:
    return ServicebusModel(load_topics(), clock=VirtualClock(), outbox=outbox, decide=faults, monotonic=mono, max_attempts=3, ack_deadline_s=10)


def laegevalg(cpr: str = "0101804321") -> dict[str, Any]:
    return {
        "cpr": cpr,
        "ydernummer": "054321",
        "effectiveDate": "2024-03-15",
        "reason": "move",
        "municipalityCode": 461,
        "sikringsgruppe": 1,
    }


def message(payload: dict[str, Any] | None = None, message_id: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"messageId": message_id or str(uuid.uuid4()), "source": "sygesikring", "payload": payload or laegevalg(), **extra}


def webhook(bus: ServicebusModel, topic: str = LAEGEVALG, **extra: Any):
    return bus.create_subscription({"topic": topic, "kind": "webhook", "callbackUrl": "http://receiver.test/events", **extra})


def pull_sub(bus: ServicebusModel, topic: str = LAEGEVALG, **extra: Any):
    return bus.create_subscription({"topic": topic, "kind": "pull", **extra})


def delivery_of(bus: ServicebusModel, message_id: str, subscription_id: str) -> dict[str, Any]:
    status = bus.message_status(message_id)
    return next(d for d in status["deliveries"] if d["subscriptionId"] == subscription_id)


# -- the AsyncAPI contract -----------------------------------------------------------------------------
ASYNC_DOC = yaml.safe_load(Path(ASYNCAPI).read_text(encoding="utf-8"))


def _deref(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = ASYNC_DOC
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def _channel_messages() -> list[tuple[str, dict[str, Any]]]:
    return [
        (channel["address"], _deref(msg))
        for channel in ASYNC_DOC["channels"].values()
        for msg in channel["messages"].values()
    ]


@pytest.mark.parametrize("address,msg", _channel_messages(), ids=lambda v: v if isinstance(v, str) else v["name"])
def test_every_message_example_is_valid_against_its_payload_schema(address, msg):
    validator = jsonschema_rs.validator_for({**msg["payload"], "components": ASYNC_DOC["components"]}, validate_formats=True)
    assert msg["examples"], f"{address} has no example"
    for example in msg["examples"]:
        errors = [e.message for e in validator.iter_errors(example["payload"])]
        assert errors == [], f"{address} example {example['name']}: {errors}"


def test_every_channel_has_one_send_and_one_receive_operation():
    actions: dict[str, list[str]] = {}
    for operation in ASYNC_DOC["operations"].values():
        address = _deref(operation["channel"])["address"]
        actions.setdefault(address, []).append(operation["action"])
    assert {a: sorted(v) for a, v in actions.items()} == {t: ["receive", "send"] for t in load_topics()}


def test_every_payload_schema_is_a_closed_object():
    open_payloads = [address for address, msg in _channel_messages() if _deref(msg["payload"]).get("additionalProperties") is not False]
    assert open_payloads == []


def test_the_topics_are_exactly_the_channels_of_the_common_brief():
    assert sorted(load_topics()) == sorted([
        "luna.practice-changed", "cpr.person-changed", "sygesikring.laegevalg-changed", "sygesikring.group-changed",
        "sygesikring.coverage-ended", "sygesikring.healthcard-ordered", "eflyt.move-reported",
        "sygesikring.integration-alert",  # issue 17: the SUT's alert when Serviceplatformen refuses its certificate
    ])


def test_protected_person_change_must_not_carry_an_address():
    payload = {
        "cpr": "0202024322", "changeType": "address-change", "effectiveDate": "2024-03-15", "status": "01",
        "addressProtected": True, "address": {"street": "Testvej 1", "postalCode": "8000", "city": "Aarhus C"},
    }
    violations = load_topics()["cpr.person-changed"].violations(payload)
    assert [v.pointer for v in violations] == ["/address"]


def test_unprotected_person_change_may_carry_an_address():
    payload = {
        "cpr": "0202024322", "changeType": "address-change", "effectiveDate": "2024-03-15", "status": "01",
        "addressProtected": False, "address": {"street": "Testvej 1", "postalCode": "8000", "city": "Aarhus C"},
    }
    assert load_topics()["cpr.person-changed"].violations(payload) == []


def test_cpr_without_modulus_11_is_a_valid_payload():
    assert load_topics()[LAEGEVALG].violations(laegevalg("0101801234")) == []  # fails modulus 11, still valid


# -- publishing and fan-out ----------------------------------------------------------------------------
def test_publish_fans_out_to_every_subscription_of_the_topic(bus, outbox):
    first, second = webhook(bus), pull_sub(bus)
    webhook(bus, topic=GROUP)

    result = bus.publish(LAEGEVALG, message())

    assert result["subscriptions"] == 2
    assert [len(first.records), len(second.records)] == [1, 1]


def test_subscription_created_after_publish_receives_nothing_from_before(bus):
    sent = bus.publish(LAEGEVALG, message())
    late = pull_sub(bus)

    assert sent["subscriptions"] == 0
    assert bus.pull(late.subscription_id) == []


def test_publishing_the_same_message_id_again_is_a_duplicate_delivered_to_nobody(bus, outbox):
    webhook(bus)
    doc = message()
    bus.publish(LAEGEVALG, doc)

    again = bus.publish(LAEGEVALG, doc)

    assert (again["duplicate"], again["subscriptions"], len(outbox.history)) == (True, 0, 1)


def test_the_same_message_id_on_another_topic_is_not_a_duplicate(bus):
    doc = message()
    bus.publish(LAEGEVALG, doc)
    other = message({"cpr": "0101804321", "fromGroup": 1, "toGroup": 2, "effectiveDate": "2024-03-15", "municipalityCode": 751}, doc["messageId"])

    assert bus.publish(GROUP, other)["duplicate"] is False


def test_reusing_a_message_id_for_another_payload_is_refused(bus):
    doc = message()
    bus.publish(LAEGEVALG, doc)

    with pytest.raises(MessageIdReused):
        bus.publish(LAEGEVALG, message(laegevalg("0202024322"), doc["messageId"]))


def test_payload_breaking_the_topic_schema_is_refused_with_its_violations(bus):
    payload = laegevalg() | {"sikringsgruppe": 3}

    with pytest.raises(PayloadViolation) as caught:
        bus.publish(LAEGEVALG, message(payload))

    assert [v["pointer"] for v in caught.value.extensions["violations"]] == ["/sikringsgruppe"]


def test_unknown_topic_is_refused(bus):
    with pytest.raises(UnknownTopic):
        bus.publish("sygesikring.nothing-here", message())


def test_subscription_id_can_be_chosen_but_not_twice(bus):
    webhook(bus, subscriptionId="sut")

    with pytest.raises(SubscriptionExists):
        webhook(bus, subscriptionId="sut")


def test_seeding_the_same_subscriptions_twice_creates_them_once(bus):
    seed = {"subscriptions": [{"subscriptionId": "sut", "topic": LAEGEVALG, "kind": "webhook", "callbackUrl": "http://sut.test/bus"}]}
    bus.load(seed)

    assert bus.load(seed) == {"subscriptions": 0, "messages": 0}
    assert len(bus.subscriptions()) == 1


def test_seed_messages_are_fanned_out_to_seeded_subscriptions(bus):
    doc = message()
    loaded = bus.load({
        "subscriptions": [{"subscriptionId": "inbox", "topic": LAEGEVALG, "kind": "pull"}],
        "messages": [{"topic": LAEGEVALG, **doc}],
    })

    assert loaded == {"subscriptions": 1, "messages": 1}
    assert [m["messageId"] for m in bus.pull("inbox")] == [doc["messageId"]]


# -- webhook delivery ----------------------------------------------------------------------------------
def test_push_carries_the_envelope_and_the_payload(bus, outbox):
    sub = webhook(bus)
    doc = message(key="0101804321", correlationId="scenario-1")
    bus.publish(LAEGEVALG, doc)

    body = outbox.queue[0].delivery.body

    assert body == {
        "messageId": doc["messageId"], "topic": LAEGEVALG, "subscriptionId": sub.subscription_id, "attempt": 1,
        "publishedAt": body["publishedAt"], "source": "sygesikring", "key": "0101804321", "correlationId": "scenario-1",
        "payload": doc["payload"],
    }


def test_a_2xx_answer_acknowledges_the_push(bus, outbox):
    sub = webhook(bus)
    doc = message()
    bus.publish(LAEGEVALG, doc)

    outbox.answer(204)

    assert delivery_of(bus, doc["messageId"], sub.subscription_id)["status"] == "acked"


def test_failed_push_is_retried_with_doubling_backoff_and_a_higher_attempt(bus, outbox):
    webhook(bus)
    bus.publish(LAEGEVALG, message())

    outbox.answer(503)
    outbox.answer(None, "ConnectError: refused")

    assert [(s.delay_s, s.delivery.body["attempt"]) for s in outbox.history] == [(0.0, 1), (0.05, 2), (0.1, 3)]


def test_push_is_dead_lettered_after_max_attempts_with_the_last_error(bus, outbox):
    sub = webhook(bus, maxAttempts=2)
    doc = message()
    bus.publish(LAEGEVALG, doc)

    outbox.answer(503)
    outbox.answer(500)

    letters = bus.dead_letters(sub.subscription_id)
    assert [(d["messageId"], d["attempts"], d["reason"], d["lastError"]) for d in letters] == [(doc["messageId"], 2, "max-attempts", "HTTP 500")]
    assert outbox.queue == []


def test_redrive_puts_a_dead_letter_back_with_a_fresh_attempt_budget(bus, outbox):
    sub = webhook(bus, maxAttempts=1)
    doc = message()
    bus.publish(LAEGEVALG, doc)
    outbox.answer(503)

    redriven = bus.redrive(sub.subscription_id)
    outbox.answer(200)

    assert redriven == [doc["messageId"]]
    assert bus.dead_letters(sub.subscription_id) == []
    assert delivery_of(bus, doc["messageId"], sub.subscription_id)["status"] == "acked"


def test_redrive_of_named_messages_leaves_the_others_dead(bus, outbox):
    sub = webhook(bus, maxAttempts=1)
    first, second = message(), message(laegevalg("0202024322"))
    bus.publish(LAEGEVALG, first)
    bus.publish(LAEGEVALG, second)
    outbox.answer(503)
    outbox.answer(503)

    bus.redrive(sub.subscription_id, [second["messageId"]])

    assert [d["messageId"] for d in bus.dead_letters(sub.subscription_id)] == [first["messageId"]]


def test_deleting_a_subscription_stops_its_retries(bus, outbox):
    sub = webhook(bus)
    bus.publish(LAEGEVALG, message())
    bus.delete_subscription(sub.subscription_id)

    outbox.answer(503)

    assert outbox.queue == []


def test_reset_forgets_everything_and_clears_the_outbox(bus, outbox):
    webhook(bus)
    bus.publish(LAEGEVALG, message())

    bus.reset()

    assert (bus.subscriptions(), bus.messages(), outbox.cleared) == ([], [], 1)


def test_every_push_attempt_is_journaled(bus, outbox):
    journaled: list[dict[str, Any]] = []
    bus.record_delivery = lambda **entry: journaled.append(entry)
    webhook(bus)
    bus.publish(LAEGEVALG, message())

    outbox.answer(503)
    outbox.answer(204)

    assert [(e["operation"], e["status"]) for e in journaled] == [(f"deliver:{LAEGEVALG}", 503), (f"deliver:{LAEGEVALG}", 204)]


# -- pull delivery -------------------------------------------------------------------------------------
def test_pulled_message_is_delivered_until_acked(bus):
    sub = pull_sub(bus)
    doc = message()
    bus.publish(LAEGEVALG, doc)

    [leased] = bus.pull(sub.subscription_id)
    before = delivery_of(bus, doc["messageId"], sub.subscription_id)["status"]
    result = bus.ack(sub.subscription_id, [leased["ackId"]])

    assert (before, result, delivery_of(bus, doc["messageId"], sub.subscription_id)["status"]) == (
        "delivered", {"acked": 1, "rejected": []}, "acked")


def test_a_leased_message_is_not_pulled_again_while_the_lease_holds(bus, mono):
    sub = pull_sub(bus)
    bus.publish(LAEGEVALG, message())
    bus.pull(sub.subscription_id)

    mono.advance(9.9)

    assert bus.pull(sub.subscription_id) == []


def test_an_expired_lease_delivers_the_message_again_with_the_next_attempt(bus, mono):
    sub = pull_sub(bus)
    doc = message()
    bus.publish(LAEGEVALG, doc)
    [first] = bus.pull(sub.subscription_id)

    mono.advance(10)
    [again] = bus.pull(sub.subscription_id)

    assert (again["messageId"], again["deliveryAttempt"], again["ackId"] != first["ackId"]) == (doc["messageId"], 2, True)


def test_acking_with_an_expired_lease_is_rejected(bus, mono):
    sub = pull_sub(bus)
    bus.publish(LAEGEVALG, message())
    [leased] = bus.pull(sub.subscription_id)

    mono.advance(10)

    assert bus.ack(sub.subscription_id, [leased["ackId"]]) == {"acked": 0, "rejected": [{"ackId": leased["ackId"], "reason": "expired"}]}


def test_acking_an_id_never_issued_is_rejected_as_unknown(bus):
    sub = pull_sub(bus)
    stranger = str(uuid.uuid4())

    assert bus.ack(sub.subscription_id, [stranger])["rejected"] == [{"ackId": stranger, "reason": "unknown"}]


def test_pull_message_is_dead_lettered_after_max_attempts_leases_expire(bus, mono):
    sub = pull_sub(bus, maxAttempts=2)
    doc = message()
    bus.publish(LAEGEVALG, doc)
    for _ in range(2):
        bus.pull(sub.subscription_id)
        mono.advance(10)

    letters = bus.dead_letters(sub.subscription_id)

    assert [(d["messageId"], d["attempts"], d["reason"]) for d in letters] == [(doc["messageId"], 2, "max-attempts")]
    assert bus.pull(sub.subscription_id) == []


def test_redriven_pull_message_can_be_pulled_again(bus, mono):
    sub = pull_sub(bus, maxAttempts=1)
    doc = message()
    bus.publish(LAEGEVALG, doc)
    bus.pull(sub.subscription_id)
    mono.advance(10)
    bus.dead_letters(sub.subscription_id)

    bus.redrive(sub.subscription_id)

    assert [m["messageId"] for m in bus.pull(sub.subscription_id)] == [doc["messageId"]]


def test_pull_respects_max_messages_and_publish_order(bus):
    sub = pull_sub(bus)
    ids = [bus.publish(LAEGEVALG, message(laegevalg(f"0101804{n:03d}")))["messageId"] for n in range(5)]

    first = bus.pull(sub.subscription_id, 3)
    rest = bus.pull(sub.subscription_id, 3)

    assert [m["messageId"] for m in first + rest] == ids


def test_a_webhook_subscription_cannot_be_pulled(bus):
    sub = webhook(bus)

    with pytest.raises(NotAPullSubscription):
        bus.pull(sub.subscription_id)


# -- bus faults ----------------------------------------------------------------------------------------
def test_duplicate_fault_pushes_the_message_twice(bus, outbox, faults):
    webhook(bus)
    faults.next("duplicate")
    doc = message()

    bus.publish(LAEGEVALG, doc)

    assert [s.delivery.body["messageId"] for s in outbox.queue] == [doc["messageId"], doc["messageId"]]


def test_duplicate_fault_on_pull_leases_the_message_twice(bus, faults):
    sub = pull_sub(bus)
    faults.next("duplicate")
    doc = message()
    bus.publish(LAEGEVALG, doc)

    assert [m["messageId"] for m in bus.pull(sub.subscription_id)] == [doc["messageId"]] * 2


def test_dead_letter_fault_dead_letters_without_a_push(bus, outbox, faults):
    sub = webhook(bus)
    faults.next("dead-letter")
    doc = message()

    bus.publish(LAEGEVALG, doc)

    assert outbox.history == []
    assert [(d["messageId"], d["reason"]) for d in bus.dead_letters(sub.subscription_id)] == [(doc["messageId"], "injected-fault")]


def test_delay_fault_submits_the_push_with_the_rule_latency(bus, outbox, faults):
    webhook(bus)
    faults.next("delay", latency_ms=250)

    bus.publish(LAEGEVALG, message())

    assert [s.delay_s for s in outbox.queue] == [0.25]


def test_delay_fault_on_pull_keeps_the_message_back_until_the_delay_passed(bus, mono, faults):
    sub = pull_sub(bus)
    faults.next("delay", latency_ms=2000)
    bus.publish(LAEGEVALG, message())
    empty = bus.pull(sub.subscription_id)

    mono.advance(2)

    assert (empty, len(bus.pull(sub.subscription_id))) == ([], 1)


def test_reorder_fault_pushes_the_held_message_after_the_next_one_was_tried(bus, outbox, faults):
    webhook(bus)
    faults.next("reorder")
    first, second = message(), message(laegevalg("0202024322"))
    bus.publish(LAEGEVALG, first)
    bus.publish(LAEGEVALG, second)
    queued_before = [s.delivery.body["messageId"] for s in outbox.queue]

    outbox.answer(204)

    assert queued_before == [second["messageId"]]
    assert [s.delivery.body["messageId"] for s in outbox.queue] == [first["messageId"]]


def test_reorder_held_message_goes_out_on_its_own_when_no_next_message_comes(bus, outbox, faults, monkeypatch):
    monkeypatch.setattr(bus_model, "REORDER_HOLD_S", 0.05)
    webhook(bus)
    faults.next("reorder")
    doc = message()
    bus.publish(LAEGEVALG, doc)

    assert wait_until(lambda: outbox.queue)
    assert [s.delivery.body["messageId"] for s in outbox.queue] == [doc["messageId"]]


def test_reorder_fault_on_pull_leases_the_held_message_after_the_next_one(bus, faults):
    sub = pull_sub(bus)
    faults.next("reorder")
    first, second = message(), message(laegevalg("0202024322"))
    bus.publish(LAEGEVALG, first)
    bus.publish(LAEGEVALG, second)

    assert [m["messageId"] for m in bus.pull(sub.subscription_id)] == [second["messageId"], first["messageId"]]


def test_faults_are_named_in_the_delivery_status(bus, faults):
    sub = webhook(bus)
    faults.next("dead-letter")
    doc = message()
    bus.publish(LAEGEVALG, doc)

    assert delivery_of(bus, doc["messageId"], sub.subscription_id)["faults"] == ["f1:dead-letter"]
