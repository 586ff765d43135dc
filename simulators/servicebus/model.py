"""The Servicebus's state: topics, subscriptions, published messages and where each one is on each subscriber.

Plain Python, no HTTP (moto's models.py). What it enforces is what makes a bus trustworthy, and what a
system under test must survive from one:

- a payload that breaks its topic's schema (servicebus.asyncapi.yaml) is refused, not passed on;
- a message id already published on a topic is a duplicate: accepted, delivered to nobody;
- fan-out happens at publish time, one delivery record per subscription existing at that moment;
- webhook subscribers get at-least-once pushes through the kernel's Outbox: a non-2xx answer or a
  transport error is retried with the Outbox's exponential backoff, and after `maxAttempts` the message
  is dead-lettered with its last error; dead letters can be redriven;
- pull subscribers lease messages with an ack deadline on the world's scheduler time (virtual in a test world,
  wall time when served); an unacked lease expires and the message is leased again, until
  `maxAttempts` leases have expired and it is dead-lettered;
- bus faults from the kernel's FaultInjector (operation `deliver`, narrowed by topic) strike a single
  delivery record: `duplicate` delivers it twice, `delay` holds it back `latencyMs`, `reorder` delivers
  it after the next message of the same subscription (or after a second), `dead-letter` dead-letters it
  without a delivery.

Statuses of a delivery record: `pending` (queued, retrying, held), `delivered` (leased to a pull
subscriber, not yet acked), `acked` (a webhook's 2xx, or a pull subscriber's ack) and `dead-lettered`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from simulators.core.clock import VirtualClock
from simulators.core.journal import find_cprs
from simulators.core.network import Outbox
from simulators.core.scheduler import Event, RealTimeScheduler, Scheduler

from .delivery import Delivering
from .state import (  # noqa: F401  (the errors and defaults are this module's public names too)
    ACKED,
    DEAD_LETTERED,
    DEFAULT_ACK_DEADLINE_S,
    DEFAULT_DELAY_MS,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_PULL_BATCH,
    DELIVERED,
    PENDING,
    REORDER_HOLD_S,
    AmbiguousMessageId,
    Copy,
    Message,
    MessageIdReused,
    NotAPullSubscription,
    PayloadViolation,
    Record,
    Subscription,
    SubscriptionExists,
    UnknownMessage,
    UnknownSubscription,
    UnknownTopic,
)
from .topics import Topic


def _no_faults(topic: str) -> list:
    return []


class ServicebusModel(Delivering):
    """Topics from the AsyncAPI contract, subscriptions, and at-least-once delivery to them."""

    def __init__(
        self,
        topics: dict[str, Topic],
        clock: VirtualClock,
        outbox: Outbox,
        decide: Callable[[str], list] = _no_faults,
        monotonic: Callable[[], float] | None = None,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        ack_deadline_s: int = DEFAULT_ACK_DEADLINE_S,
        record_delivery: Callable[..., None] | None = None,
        scheduler: Scheduler | None = None,
    ) -> None:
        self.topics = topics
        self.clock = clock
        self.outbox = outbox
        self.decide = decide  # the kernel's fault injector, for operation `deliver` on a topic
        self.scheduler = scheduler or getattr(outbox, "scheduler", None) or RealTimeScheduler()
        self.monotonic = monotonic or self.scheduler.now  # lease deadlines: the world's time, virtual in a test world
        self.max_attempts = max_attempts  # default for new subscriptions (setting maxAttempts)
        self.ack_deadline_s = ack_deadline_s  # default for new pull subscriptions (setting ackDeadlineSeconds)
        self.record_delivery = record_delivery  # Simulator.record_delivery: journals every push attempt
        self._lock = threading.RLock()
        self._timers: set[Event] = set()
        self._seq = 0
        self._init_state()

    def _init_state(self) -> None:
        self._subscriptions: dict[str, Subscription] = {}
        self._messages: dict[tuple[str, str], Message] = {}  # (topic, messageId)
        self._by_id: dict[str, list[Message]] = {}
        self._order: list[Message] = []
        self._duplicates: dict[str, int] = {name: 0 for name in self.topics}

    # -- kernel protocol -------------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self._cancel_everything()
            self._init_state()
        self.outbox.clear()

    def close(self) -> None:
        with self._lock:
            self._cancel_everything()
        self.outbox.close()

    def load(self, data: dict[str, Any]) -> dict[str, int]:
        """Seed subscriptions, then publish seed messages to them (validated and fanned out like any publish).

        Seeding the same subscription (same id and definition) or the same message again is a no-op.
        """
        subscriptions = messages = 0
        with self._lock:
            for doc in data.get("subscriptions", []):
                existing = self._subscriptions.get(doc.get("subscriptionId", ""))
                if existing is not None and self._same_definition(existing, doc):
                    continue
                self.create_subscription(doc)
                subscriptions += 1
            for doc in data.get("messages", []):
                if not self.publish(doc["topic"], doc)["duplicate"]:
                    messages += 1
        return {"subscriptions": subscriptions, "messages": messages}

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "topics": self.topic_docs(),
                "subscriptions": [self.subscription_doc(s) for s in self._subscriptions.values()],
                "messages": [self._message_doc(m) for m in self._order],
            }

    # -- topics and publishing -------------------------------------------------------------------------
    def topic(self, name: str) -> Topic:
        try:
            return self.topics[name]
        except KeyError:
            raise UnknownTopic(
                f"no topic {name!r} on this bus; topics are the channels of servicebus.asyncapi.yaml",
                topic=name,
                topics=sorted(self.topics),
            ) from None

    def topic_docs(self) -> list[dict[str, Any]]:
        with self._lock:
            published: dict[str, int] = {}
            for message in self._order:
                published[message.topic] = published.get(message.topic, 0) + 1
            subscribed: dict[str, int] = {}
            for sub in self._subscriptions.values():
                subscribed[sub.topic] = subscribed.get(sub.topic, 0) + 1
            return [
                {
                    "topic": t.name,
                    "title": t.title,
                    "summary": t.summary,
                    "subscriptions": subscribed.get(t.name, 0),
                    "published": published.get(t.name, 0),
                    "duplicates": self._duplicates.get(t.name, 0),
                }
                for t in self.topics.values()
            ]

    def publish(self, topic_name: str, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        """Validate, de-duplicate and fan out one message; answers the §1 publish result."""
        topic = self.topic(topic_name)
        problems = topic.violations(doc["payload"])
        if problems:
            raise PayloadViolation(
                f"the payload breaks the schema of {topic.name}: "
                + "; ".join(f"{p.pointer or '/'}: {p.message}" for p in problems[:5]),
                topic=topic.name,
                violations=[p.as_dict() for p in problems],
            )
        message_id = doc["messageId"]
        with self._lock:
            existing = self._messages.get((topic.name, message_id))
            if existing is not None:
                if (existing.source, existing.key, existing.payload) != (doc["source"], doc.get("key"), doc["payload"]):
                    raise MessageIdReused(
                        f"message {message_id} was already published on "
                        f"{topic.name} with another source, key or payload",
                        messageId=message_id,
                        topic=topic.name,
                    )
                existing.duplicates += 1
                self._duplicates[topic.name] += 1
                return {"messageId": message_id, "topic": topic.name, "duplicate": True, "subscriptions": 0}
            message = Message(
                message_id=message_id,
                topic=topic.name,
                source=doc["source"],
                payload=doc["payload"],
                published_at=self.clock.now(),
                key=doc.get("key"),
                correlation_id=doc.get("correlationId") or correlation_id,
            )
            self._messages[(topic.name, message_id)] = message
            self._by_id.setdefault(message_id, []).append(message)
            self._order.append(message)
            targets = [s for s in self._subscriptions.values() if s.topic == topic.name]
            for sub in targets:
                self._fan_out(message, sub)
        return {"messageId": message_id, "topic": topic.name, "duplicate": False, "subscriptions": len(targets)}

    # -- subscriptions ---------------------------------------------------------------------------------
    def create_subscription(self, doc: dict[str, Any]) -> Subscription:
        topic = self.topic(doc["topic"])
        with self._lock:
            subscription_id = doc.get("subscriptionId") or self.scheduler.new_id()
            if subscription_id in self._subscriptions:
                raise SubscriptionExists(
                    f"subscription {subscription_id} already exists", subscriptionId=subscription_id
                )
            pull = doc["kind"] == "pull"
            sub = Subscription(
                subscription_id=subscription_id,
                topic=topic.name,
                kind=doc["kind"],
                max_attempts=int(doc.get("maxAttempts", self.max_attempts)),
                created_at=self.clock.now(),
                name=doc.get("name"),
                callback_url=None if pull else doc["callbackUrl"],
                ack_deadline_s=int(doc.get("ackDeadlineSeconds", self.ack_deadline_s)) if pull else None,
            )
            self._subscriptions[subscription_id] = sub
            return sub

    def subscription(self, subscription_id: str) -> Subscription:
        try:
            return self._subscriptions[subscription_id]
        except KeyError:
            raise UnknownSubscription(f"no subscription {subscription_id!r}", subscriptionId=subscription_id) from None

    def subscriptions(self, topic: str | None = None, kind: str | None = None) -> list[Subscription]:
        with self._lock:
            return [
                s
                for s in self._subscriptions.values()
                if (topic is None or s.topic == topic) and (kind is None or s.kind == kind)
            ]

    def delete_subscription(self, subscription_id: str) -> None:
        """Unsubscribe: retries stop (an attempt already queued in the outbox is still made once)."""
        with self._lock:
            sub = self.subscription(subscription_id)
            del self._subscriptions[subscription_id]
            sub.deleted = True
            for record in sub.records:
                self._cancel(record)
            sub.queue.clear()
            sub.active.clear()
            sub.held.clear()
            sub.dead_letters.clear()

    def subscription_doc(self, sub: Subscription) -> dict[str, Any]:
        with self._lock:
            self._expire_leases(sub)
            counts = {PENDING: 0, DELIVERED: 0, ACKED: 0, DEAD_LETTERED: 0}
            for record in sub.records:
                counts[record.status] += 1
            doc: dict[str, Any] = {"subscriptionId": sub.subscription_id, "topic": sub.topic, "kind": sub.kind}
            if sub.name:
                doc["name"] = sub.name
            if sub.callback_url:
                doc["callbackUrl"] = sub.callback_url
            doc["maxAttempts"] = sub.max_attempts
            if sub.ack_deadline_s is not None:
                doc["ackDeadlineSeconds"] = sub.ack_deadline_s
            doc["createdAt"] = sub.created_at.isoformat()
            doc["counts"] = {
                "pending": counts[PENDING],
                "delivered": counts[DELIVERED],
                "acked": counts[ACKED],
                "deadLettered": counts[DEAD_LETTERED],
            }
            return doc

    # -- pull subscriptions ----------------------------------------------------------------------------
    def pull(self, subscription_id: str, max_messages: int = DEFAULT_PULL_BATCH) -> list[dict[str, Any]]:
        """Lease up to `max_messages` available messages, oldest first; none is not an error."""
        with self._lock:
            sub = self._pull_subscription(subscription_id)
            now = self.monotonic()
            self._expire_leases(sub, now)
            chosen = [c for c in sub.queue if c.available_at <= now][: int(max_messages)]  # JSON may say 10.0
            leased = []
            for copy in chosen:
                sub.queue.remove(copy)
                record = copy.record
                copy.state = "leased"
                copy.attempts += 1
                record.attempts += 1
                record.sent += 1
                record.held = False
                record.last_attempt_at = self.clock.now()
                copy.ack_id = self.scheduler.new_id()
                copy.lease_deadline = now + (sub.ack_deadline_s or self.ack_deadline_s)  # a pull subscription has one
                sub.active[copy.ack_id] = copy
                sub.issued[copy.ack_id] = copy
                self._settle(record)
                doc = {"ackId": copy.ack_id, "deliveryAttempt": record.sent, "ackDeadlineSeconds": sub.ack_deadline_s}
                doc.update(record.message.envelope())
                doc["subscriptionId"] = sub.subscription_id
                leased.append(doc)
            return leased

    def ack(self, subscription_id: str, ack_ids: list[str]) -> dict[str, Any]:
        """Acknowledge leases; idempotent while a lease is the copy's latest, `expired` once it was lost."""
        with self._lock:
            sub = self._pull_subscription(subscription_id)
            self._expire_leases(sub)
            acked = 0
            rejected = []
            for ack_id in ack_ids:
                copy = sub.issued.get(ack_id)
                if copy is None:
                    rejected.append({"ackId": ack_id, "reason": "unknown"})
                elif copy.ack_id == ack_id and copy.state == "acked":
                    acked += 1
                elif copy.ack_id == ack_id and copy.state == "leased":
                    sub.active.pop(ack_id, None)
                    copy.state = "acked"
                    copy.lease_deadline = None
                    self._settle(copy.record)
                    acked += 1
                else:
                    rejected.append({"ackId": ack_id, "reason": "expired"})
            return {"acked": acked, "rejected": rejected}

    def _pull_subscription(self, subscription_id: str) -> Subscription:
        sub = self.subscription(subscription_id)
        if sub.kind != "pull":
            raise NotAPullSubscription(
                f"subscription {subscription_id} is a webhook subscription: "
                "the bus pushes to it, nothing is pulled or acked",
                subscriptionId=subscription_id,
            )
        return sub

    def _expire_leases(self, sub: Subscription, now: float | None = None) -> None:
        """Leases past their deadline end: the message is available again, or dead once its budget is spent."""
        if sub.kind != "pull" or not sub.active:
            return
        now = self.monotonic() if now is None else now
        for ack_id, copy in list(sub.active.items()):
            if copy.lease_deadline is None or copy.lease_deadline > now:
                continue
            del sub.active[ack_id]
            record = copy.record
            copy.lease_deadline = None
            record.last_error = f"ack deadline of {sub.ack_deadline_s} s passed without an ack"
            if copy.attempts >= sub.max_attempts:
                copy.state = "dead"
            else:
                copy.state = "pending"
                copy.available_at = now
                self._enqueue(copy)
            self._settle(record)

    def _enqueue(self, copy: Copy) -> None:
        queue = copy.record.subscription.queue
        queue.append(copy)
        queue.sort(key=lambda c: c.seq)

    # -- dead letters ----------------------------------------------------------------------------------
    def dead_letters(self, subscription_id: str) -> list[dict[str, Any]]:
        with self._lock:
            sub = self.subscription(subscription_id)
            self._expire_leases(sub)
            return [self._dead_letter_doc(r) for r in sub.dead_letters]

    def redrive(self, subscription_id: str, message_ids: list[str] | None = None) -> list[str]:
        """Dead letters back to pending with a fresh attempt budget; all of them, or the ones named."""
        with self._lock:
            sub = self.subscription(subscription_id)
            self._expire_leases(sub)
            wanted = set(message_ids) if message_ids else None
            chosen = [r for r in sub.dead_letters if wanted is None or r.message.message_id in wanted]
            for record in chosen:
                sub.dead_letters.remove(record)
                record.status = PENDING
                record.dead_lettered_at = None
                record.dead_letter_reason = None
                copy = self._new_copy(record, available_at=self.monotonic())
                record.copies = [copy]
                if sub.kind == "webhook":
                    self._push(copy)
                else:
                    self._enqueue(copy)
            return [r.message.message_id for r in chosen]

    # -- messages --------------------------------------------------------------------------------------
    def message_status(self, message_id: str, topic: str | None = None) -> dict[str, Any]:
        with self._lock:
            found = [m for m in self._by_id.get(message_id, ()) if topic is None or m.topic == topic]
            if not found:
                where = f" on {topic}" if topic else ""
                raise UnknownMessage(f"no message {message_id} was published{where}", messageId=message_id)
            if len(found) > 1:
                raise AmbiguousMessageId(
                    f"message id {message_id} was published on {len(found)} topics; name the topic",
                    messageId=message_id,
                    topics=[m.topic for m in found],
                )
            return self._message_doc(found[0])

    def messages(
        self, topic: str | None = None, cpr: str | None = None, correlation_id: str | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        with self._lock:
            found = [
                m
                for m in self._order
                if (topic is None or m.topic == topic)
                and (correlation_id is None or m.correlation_id == correlation_id)
                and (cpr is None or cpr in find_cprs(m.payload))
            ]
            return [self._message_doc(m) for m in found[-int(limit) :]]

    # -- documents -------------------------------------------------------------------------------------
    def _message_doc(self, message: Message) -> dict[str, Any]:
        for sub in {r.subscription for r in message.records if not r.subscription.deleted}:
            self._expire_leases(sub)
        doc = message.envelope()
        doc["duplicatesReceived"] = message.duplicates
        doc["deliveries"] = [self._delivery_doc(r) for r in message.records]
        return doc

    def _delivery_doc(self, record: Record) -> dict[str, Any]:
        sub = record.subscription
        doc: dict[str, Any] = {"subscriptionId": sub.subscription_id}
        if sub.name:
            doc["name"] = sub.name
        doc.update(kind=sub.kind, status=record.status, attempts=record.attempts)
        if record.last_error:
            doc["lastError"] = record.last_error
        for key, value in (
            ("lastAttemptAt", record.last_attempt_at),
            ("ackedAt", record.acked_at),
            ("deadLetteredAt", record.dead_lettered_at),
        ):
            if value is not None:
                doc[key] = value.isoformat()
        if record.faults:
            doc["faults"] = list(record.faults)
        if sub.deleted:
            doc["subscriptionDeleted"] = True
        return doc

    def _dead_letter_doc(self, record: Record) -> dict[str, Any]:
        doc = record.message.envelope()
        doc["attempts"] = record.attempts
        doc["reason"] = record.dead_letter_reason
        if record.last_error:
            doc["lastError"] = record.last_error
        doc["deadLetteredAt"] = (
            record.dead_lettered_at.isoformat() if record.dead_lettered_at else self.clock.now().isoformat()
        )
        return doc

    @staticmethod
    def _same_definition(sub: Subscription, doc: dict[str, Any]) -> bool:
        return (
            sub.topic == doc["topic"]
            and sub.kind == doc["kind"]
            and sub.callback_url == doc.get("callbackUrl")
            and sub.name == doc.get("name")
            and ("maxAttempts" not in doc or sub.max_attempts == doc["maxAttempts"])
            and ("ackDeadlineSeconds" not in doc or sub.ack_deadline_s == doc["ackDeadlineSeconds"])
        )
