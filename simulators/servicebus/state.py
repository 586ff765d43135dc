"""The Servicebus's state: its defaults, its domain errors and the records of where each message is on each subscriber.

Plain data, shared by the model (simulators/servicebus/model.py: topics, subscriptions, pull) and its delivery
(simulators/servicebus/delivery.py: fan-out, faults, push, settling).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from simulators.core import settings as kernel_settings
from simulators.core.errors import Conflict, DomainError, NotFound
from simulators.core.scheduler import Event

# -- [design] defaults; the lead may move them to simulators/rules.py -----------------------------------
DEFAULT_MAX_ATTEMPTS = kernel_settings.DELIVERY_MAX_ATTEMPTS  # pushes / leases before a dead letter
DEFAULT_ACK_DEADLINE_S = 30  # [design] how long a pulled message stays leased without an ack
REORDER_HOLD_S = 1.0  # [design] a reorder-held message goes out after the next one, or after this long
DEFAULT_DELAY_MS = 1000  # [design] a `delay` fault rule without latencyMs holds a delivery this long
DEFAULT_PULL_BATCH = 10  # [design] messages per pull when the subscriber does not say

PENDING, DELIVERED, ACKED, DEAD_LETTERED = "pending", "delivered", "acked", "dead-lettered"


# -- domain errors ---------------------------------------------------------------------------------------
class UnknownTopic(NotFound):
    code = "unknown-topic"
    title = "Unknown topic"


class UnknownSubscription(NotFound):
    code = "unknown-subscription"
    title = "Unknown subscription"


class UnknownMessage(NotFound):
    code = "unknown-message"
    title = "Unknown message"


class PayloadViolation(DomainError):
    """The payload breaks its topic's AsyncAPI schema: the publisher's contract defect, caught at the bus."""

    status = 400
    code = "payload-contract-violation"
    title = "Payload violates the topic's schema"


class MessageIdReused(Conflict):
    code = "message-id-reused"
    title = "Message id reused for a different message"


class SubscriptionExists(Conflict):
    code = "subscription-exists"
    title = "Subscription id already in use"


class NotAPullSubscription(Conflict):
    code = "not-a-pull-subscription"
    title = "Not a pull subscription"


class AmbiguousMessageId(Conflict):
    code = "ambiguous-message-id"
    title = "Message id used on several topics"


# -- state -----------------------------------------------------------------------------------------------
@dataclass(eq=False)
class Subscription:
    subscription_id: str
    topic: str
    kind: str  # webhook | pull
    max_attempts: int
    created_at: datetime
    name: str | None = None
    callback_url: str | None = None
    ack_deadline_s: int | None = None
    records: list[Record] = field(default_factory=list)  # every message fanned out to it, in order
    dead_letters: list[Record] = field(default_factory=list)
    held: list[Record] = field(default_factory=list)  # reorder-held, waiting for the next message
    queue: list[Copy] = field(default_factory=list)  # pull: copies waiting for a lease, by seq
    active: dict[str, Copy] = field(default_factory=dict)  # pull: ackId -> copy, leases not yet over
    issued: dict[str, Copy] = field(default_factory=dict)  # pull: every ackId ever issued
    deleted: bool = False


@dataclass(eq=False)
class Message:
    message_id: str
    topic: str
    source: str
    payload: dict[str, Any]
    published_at: datetime
    key: str | None = None
    correlation_id: str | None = None
    records: list[Record] = field(default_factory=list)
    duplicates: int = 0

    def envelope(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "messageId": self.message_id,
            "topic": self.topic,
            "publishedAt": self.published_at.isoformat(),
            "source": self.source,
        }
        if self.key:
            doc["key"] = self.key
        if self.correlation_id:
            doc["correlationId"] = self.correlation_id
        doc["payload"] = self.payload
        return doc


@dataclass(eq=False)
class Record:
    """One message on one subscription: what the per-message status reports."""

    message: Message
    subscription: Subscription
    copies: list[Copy] = field(default_factory=list)
    status: str = PENDING
    attempts: int = 0  # pushes made / leases given, over the record's whole life
    sent: int = 0  # deliveries started: the `attempt` a push carries, the `deliveryAttempt` of a lease
    delay_s: float = 0.0
    held: bool = False
    timer: Event | None = None  # the scheduler event that releases a reorder-held record
    last_error: str | None = None
    last_attempt_at: datetime | None = None
    acked_at: datetime | None = None
    dead_lettered_at: datetime | None = None
    dead_letter_reason: str | None = None
    faults: list[str] = field(default_factory=list)
    cancelled: bool = False  # the subscription was deleted or the bus reset: no more attempts


@dataclass(eq=False)
class Copy:
    """One line of delivery attempts with its own attempt budget; a `duplicate` fault gives a record two."""

    record: Record
    seq: int
    attempts: int = 0
    state: str = "pending"  # pending | leased | acked | dead
    available_at: float = 0.0  # pull: monotonic time from which it may be leased
    ack_id: str | None = None
    lease_deadline: float | None = None
    release_after: list[Record] = field(default_factory=list)  # webhook: held records that follow this copy
