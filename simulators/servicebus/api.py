"""The Servicebus's HTTP layer: one small handler per contract operation, translating to and from the model."""

from __future__ import annotations

from simulators.core import Call

from .model import DEFAULT_PULL_BATCH


def list_topics(call: Call):
    topics = call.model.topic_docs()
    return 200, {"count": len(topics), "topics": topics}


def publish_message(call: Call):
    # The body's correlationId wins; a publisher that only sends the header is still traced by it.
    correlation_id = call.body.get("correlationId") or call.request.header("x-correlation-id")
    return 202, call.model.publish(call.params["topic"], call.body, correlation_id=correlation_id)


def create_subscription(call: Call):
    sub = call.model.create_subscription(call.body)
    return 201, call.model.subscription_doc(sub), {"location": f"/subscriptions/{sub.subscription_id}"}


def list_subscriptions(call: Call):
    found = call.model.subscriptions(call.params.get("topic"), call.params.get("kind"))
    return 200, {"count": len(found), "subscriptions": [call.model.subscription_doc(s) for s in found]}


def get_subscription(call: Call):
    return 200, call.model.subscription_doc(call.model.subscription(call.params["subscriptionId"]))


def delete_subscription(call: Call):
    call.model.delete_subscription(call.params["subscriptionId"])
    return 204, None


def pull_messages(call: Call):
    wanted = (call.body or {}).get("maxMessages", DEFAULT_PULL_BATCH)
    messages = call.model.pull(call.params["subscriptionId"], wanted)
    return 200, {"count": len(messages), "messages": messages}


def ack_messages(call: Call):
    return 200, call.model.ack(call.params["subscriptionId"], call.body["ackIds"])


def list_dead_letters(call: Call):
    letters = call.model.dead_letters(call.params["subscriptionId"])
    return 200, {"count": len(letters), "deadLetters": letters}


def redrive_dead_letters(call: Call):
    redriven = call.model.redrive(call.params["subscriptionId"], (call.body or {}).get("messageIds"))
    return 200, {"redriven": len(redriven), "messageIds": redriven}


def list_messages(call: Call):
    p = call.params
    found = call.model.messages(
        topic=p.get("topic"), cpr=p.get("cpr"), correlation_id=p.get("correlationId"), limit=p.get("limit", 100)
    )
    return 200, {"count": len(found), "messages": found}


def get_message(call: Call):
    return 200, call.model.message_status(call.params["messageId"], call.params.get("topic"))


HANDLERS = {
    "listTopics": list_topics,
    "publishMessage": publish_message,
    "createSubscription": create_subscription,
    "listSubscriptions": list_subscriptions,
    "getSubscription": get_subscription,
    "deleteSubscription": delete_subscription,
    "pullMessages": pull_messages,
    "ackMessages": ack_messages,
    "listDeadLetters": list_dead_letters,
    "redriveDeadLetters": redrive_dead_letters,
    "listMessages": list_messages,
    "getMessage": get_message,
}
