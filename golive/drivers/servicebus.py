"""The Servicebus (contracts/servicebus.openapi.yaml): subscriptions, the messages on a topic, and their deliveries.

The shapes here: a subscription (pull, or the SUT's webhook), the message list a topic or a CPR number filters, and
what a message's deliveries say about whether its webhook subscribers have it.
"""

from __future__ import annotations

from golive.drivers import ok
from golive.drivers.admin import Driver

WEBHOOK = "webhook"
PULL = "pull"


class Servicebus(Driver):
    def subscribe(self, subscription_id: str, topic: str, kind: str = PULL) -> None:
        ok(
            self.client.post("/subscriptions", json={"subscriptionId": subscription_id, "topic": topic, "kind": kind}),
            201,
            200,
        )

    def unsubscribe(self, subscription_id: str) -> None:
        self.client.delete(f"/subscriptions/{subscription_id}")

    def webhook_subscriptions(self, topic: str) -> list[dict]:
        """Who listens on the topic by webhook (the SUT, once it has subscribed)."""
        return self.client.get("/subscriptions", params={"topic": topic, "kind": WEBHOOK}).json()["subscriptions"]

    def messages(
        self,
        *,
        topic: str | None = None,
        cpr: str | None = None,
        correlation_id: str | None = None,
        strict: bool = False,
    ) -> list[dict]:
        """The messages on a topic and/or about a CPR number and/or carrying a correlation id, with their deliveries.
        `strict`: an answer other than 200 fails at once, naming the call (else it fails where the answer is read)."""
        given = (("topic", topic), ("cpr", cpr), ("correlationId", correlation_id))
        params = {k: v for k, v in given if v is not None}
        response = self.client.get("/messages", params=params)
        return (ok(response, 200) if strict else response).json()["messages"]


def pushed(message: dict) -> bool:
    """The message was delivered, and every webhook subscriber (the SUT) acknowledged it."""
    return bool(message["deliveries"]) and all(
        d["status"] == "acked" for d in message["deliveries"] if d.get("kind") == WEBHOOK
    )


def done_with_webhooks(message: dict) -> bool:
    """Every webhook delivery of the message is over: acknowledged, or given up on (dead-lettered)."""
    return all(d["status"] in ("acked", "dead-lettered") for d in message["deliveries"] if d.get("kind") == WEBHOOK)


def delivered_to(message: dict, subscription_id: str) -> bool:
    return any(d["subscriptionId"] == subscription_id for d in message["deliveries"])
