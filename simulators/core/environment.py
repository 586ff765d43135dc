"""What a world hands each simulator it builds: the shared clock, the network, the seed and settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import settings as defaults
from .admin import attach_admin
from .clock import VirtualClock
from .events import EventPublisher
from .kernel import Handler, Simulator
from .network import Network, Outbox
from .scheduler import Scheduler

CONTRACTS = defaults.CONTRACTS_DIR


@dataclass
class Environment:
    clock: VirtualClock = field(default_factory=VirtualClock)
    network: Network = field(default_factory=Network)
    seed: int = 0
    settings: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.clock.scheduler is None:  # moving the clock on runs what falls due meanwhile
            self.clock.scheduler = self.network.scheduler

    @property
    def scheduler(self) -> Scheduler:
        """The world's one scheduler (the network's): time, concurrency and identifiers."""
        return self.network.scheduler

    def outbox(self, name: str = "outbox") -> Outbox:
        return Outbox(
            self.network.client,
            self.network.scheduler,
            backoff_s=defaults.OUTBOX_BACKOFF_S,
            max_backoff_s=defaults.OUTBOX_MAX_BACKOFF_S,
            name=name,
        )

    def simulator(
        self, name: str, model: Any, handlers: Mapping[str, Handler], *, contract: Path | None = None, **kwargs: Any
    ) -> Simulator:
        """A system's simulator in this world: its contract (contracts/<name>.openapi.yaml unless given), the world's
        clock, seed and scheduler, and the admin API attached. Every simulator package's `create(env)` builds with
        it."""
        simulator = Simulator.from_contract(
            name,
            contract or contract_path(name),
            model,
            handlers,
            clock=self.clock,
            seed=self.seed,
            scheduler=self.scheduler,
            **kwargs,
        )
        return attach_admin(simulator)

    def publisher(self, source: str, settings: dict[str, Any]) -> EventPublisher:
        return EventPublisher(
            source, self.outbox(f"{source}: events to the bus"), settings, new_id=self.scheduler.new_id
        )


def contract_path(name: str) -> Path:
    return CONTRACTS / f"{name}.openapi.yaml"
