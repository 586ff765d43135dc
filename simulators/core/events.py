"""Publishing events to the Servicebus from a simulator, without the model knowing about HTTP.

A model is handed `publisher.publish` as a plain callable. Events always land in the publisher's own
record (so a simulator works alone, and `/__admin/state` shows what it published); when the setting
`servicebusBaseUrl` is present they are also sent, through the outbox, with retries, to the bus.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .network import Delivery, Outbox

if TYPE_CHECKING:
    from .kernel import Simulator


class EventPublisher:
    def __init__(
        self,
        source: str,
        outbox: Outbox,
        settings: dict[str, Any],
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
    ) -> None:
        self.new_id = new_id  # the world's identifiers (seeded in a virtual world)
        self.source = source
        self.outbox = outbox
        self.settings = settings
        self.simulator: Simulator | None = None  # set by the simulator's factory, for journaling sends
        self._lock = threading.Lock()
        self.published: list[dict[str, Any]] = []

    def prepare(
        self, topic: str, payload: dict[str, Any], key: str | None = None, correlation_id: str | None = None
    ) -> tuple[str, Delivery | None]:
        """Record the event and build its delivery to the bus (None when no bus is configured), without sending it.

        `publish` hands the delivery to the outbox at once; a sender that keeps what the outbox could not deliver
        (the reference SUT, which must lose no event to a long outage) takes it from here, so the envelope is
        built in one place."""
        message_id = self.new_id()
        message = {"messageId": message_id, "source": self.source, "payload": payload}
        if key:
            message["key"] = key
        if correlation_id:
            message["correlationId"] = correlation_id
        with self._lock:
            self.published.append({"topic": topic, **message})
        base = self.settings.get("servicebusBaseUrl")
        if not base:
            return message_id, None
        return message_id, Delivery(
            method="POST",
            url=f"{base.rstrip('/')}/topics/{topic}/messages",
            body=message,
            headers={"x-correlation-id": correlation_id} if correlation_id else {},
            on_attempt=self.journal_attempt,
            context={"topic": topic},
        )

    def publish(
        self, topic: str, payload: dict[str, Any], key: str | None = None, correlation_id: str | None = None
    ) -> str:
        message_id, delivery = self.prepare(topic, payload, key, correlation_id)
        if delivery is not None:
            self.outbox.submit(delivery)
        return message_id

    def journal_attempt(self, delivery: Delivery, status: int | None, error: str | None, elapsed_ms: float) -> None:
        if self.simulator is not None:
            self.simulator.record_attempt(f"publish:{delivery.context['topic']}", delivery, status, error, elapsed_ms)

    def reset(self) -> None:
        with self._lock:
            self.published.clear()
        self.outbox.clear()
