"""Servicebus simulator: topics from servicebus.asyncapi.yaml, webhook and pull subscriptions, at-least-once
delivery."""

from __future__ import annotations

from typing import Any

from simulators.core import Simulator
from simulators.core.environment import Environment
from simulators.core.faults import BUS_KINDS

from .api import HANDLERS
from .model import DEFAULT_ACK_DEADLINE_S, DEFAULT_MAX_ATTEMPTS, ServicebusModel
from .topics import load_topics

NAME = "servicebus"
SETTING_KEYS = ("maxAttempts", "ackDeadlineSeconds")


def create(env: Environment | None = None) -> Simulator:
    env = env or Environment()
    # A world's settings are shared by all its simulators; take only the ones this contract's Settings knows.
    settings: dict[str, Any] = {
        "maxAttempts": DEFAULT_MAX_ATTEMPTS,
        "ackDeadlineSeconds": DEFAULT_ACK_DEADLINE_S,
        **{key: env.settings[key] for key in SETTING_KEYS if key in env.settings},
    }
    simulator: Simulator | None = None

    def decide(topic: str) -> list:
        """Bus faults for one delivery, from the simulator's own fault injector (operation `deliver`)."""
        if simulator is None:
            return []
        return simulator.faults.decide("deliver", env.clock.now(), BUS_KINDS, topic=topic)

    model = ServicebusModel(
        load_topics(),
        clock=env.clock,
        outbox=env.outbox("servicebus: pushes"),
        scheduler=env.scheduler,
        decide=decide,
        max_attempts=settings["maxAttempts"],
        ack_deadline_s=settings["ackDeadlineSeconds"],
    )

    def apply(current: dict[str, Any]) -> None:
        model.max_attempts = int(current.get("maxAttempts", DEFAULT_MAX_ATTEMPTS))  # JSON may say 5.0
        model.ack_deadline_s = int(current.get("ackDeadlineSeconds", DEFAULT_ACK_DEADLINE_S))

    simulator = env.simulator(NAME, model, HANDLERS, settings=settings, on_settings=apply)
    model.record_delivery = simulator.record_delivery
    return simulator
