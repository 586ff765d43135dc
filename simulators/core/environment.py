"""What a world hands each simulator it builds: the shared clock, the network, the seed and settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import settings as defaults
from .clock import VirtualClock
from .events import EventPublisher
from .network import Network, Outbox

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"


@dataclass
class Environment:
    clock: VirtualClock = field(default_factory=VirtualClock)
    network: Network = field(default_factory=Network)
    seed: int = 0
    settings: dict[str, Any] = field(default_factory=dict)

    def outbox(self) -> Outbox:
        return Outbox(
            self.network.client,
            workers=defaults.OUTBOX_WORKERS,
            backoff_s=defaults.OUTBOX_BACKOFF_S,
            max_backoff_s=defaults.OUTBOX_MAX_BACKOFF_S,
        )

    def publisher(self, source: str, settings: dict[str, Any]) -> EventPublisher:
        return EventPublisher(source, self.outbox(), settings)


def contract_path(name: str) -> Path:
    return CONTRACTS / f"{name}.openapi.yaml"
