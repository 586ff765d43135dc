"""The Servicebus's topics, read from contracts/servicebus.asyncapi.yaml: the AsyncAPI file is the only list.

Each AsyncAPI channel is one topic (its `address` is the topic name) with exactly one message, whose
payload schema is compiled once with jsonschema-rs, the same validator the kernel uses for OpenAPI. A
topic that is not a channel does not exist on the bus, and a payload that breaks its channel's schema
never reaches a subscriber: the bus is where a publisher's contract defect is caught, not the receiver.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from simulators.core import settings as kernel_settings
from simulators.core.contract import ContractError, SchemaCheck, Violation

ASYNCAPI = kernel_settings.CONTRACTS_DIR / "servicebus.asyncapi.yaml"


@dataclass(frozen=True)
class Topic:
    name: str  # the channel address, e.g. "luna.practice-changed"
    channel: str  # the channel id in the AsyncAPI document
    title: str
    summary: str
    message: str  # the message's name
    schema: dict[str, Any] = field(repr=False)
    examples: tuple[dict[str, Any], ...] = field(repr=False, default=())
    check: SchemaCheck = field(repr=False, default=None)  # type: ignore[assignment]

    def violations(self, payload: Any) -> list[Violation]:
        """What is wrong with a payload for this topic; empty when it is valid."""
        return self.check.problems(payload, "request.body.payload")


def _resolve(document: dict[str, Any], node: Any, where: str) -> Any:
    """Follow local $refs (`#/components/messages/X`) to the object they name."""
    for _ in range(16):
        if not (isinstance(node, dict) and "$ref" in node):
            return node
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ContractError(f"{where}: only local $refs are supported, got {ref}")
        target: Any = document
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    raise ContractError(f"{where}: $ref chain too long")


@cache
def load_topics(path: str = str(ASYNCAPI)) -> dict[str, Topic]:
    """Every topic of the AsyncAPI document by name, payload validators compiled once per process."""
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContractError(f"cannot read {path}: {exc}") from exc
    components = document.get("components", {})
    topics: dict[str, Topic] = {}
    for channel_id, channel in (document.get("channels") or {}).items():
        channel = _resolve(document, channel, channel_id)
        name = channel.get("address")
        messages = list((channel.get("messages") or {}).values())
        if not name or len(messages) != 1:
            raise ContractError(f"{Path(path).name}: channel {channel_id} needs an address and exactly one message")
        message = _resolve(document, messages[0], channel_id)
        payload = message.get("payload")
        if not isinstance(payload, dict):
            raise ContractError(f"{Path(path).name}: the message of channel {channel_id} has no payload schema")
        if name in topics:
            raise ContractError(f"{Path(path).name}: topic {name} is the address of two channels")
        topics[name] = Topic(
            name=name,
            channel=channel_id,
            title=channel.get("title", name),
            summary=channel.get("summary", ""),
            message=message.get("name", channel_id),
            schema=payload,
            examples=tuple(message.get("examples") or ()),
            check=SchemaCheck(payload, components),
        )
    return topics
