"""E-flyt simulator: the municipalities' move solution (flytteløsningen), which pushes move cases to the SUT."""

from __future__ import annotations

from simulators.core import Simulator
from simulators.core import settings as kernel_defaults
from simulators.core.environment import Environment

from .api import HANDLERS, SutNotifier
from .model import EflytModel

NAME = "eflyt"
SETTINGS = ("sutBaseUrl", "servicebusBaseUrl", "maxAttempts")  # the keys of the contract's Settings schema


def create(env: Environment | None = None) -> Simulator:
    env = env or Environment()
    settings = {
        "maxAttempts": kernel_defaults.DELIVERY_MAX_ATTEMPTS,
        **{k: v for k, v in env.settings.items() if k in SETTINGS},
    }
    publisher = env.publisher(NAME, settings)
    notifier = SutNotifier(
        env.outbox("eflyt: cases to the SUT"), settings
    )  # its own outbox: a slow SUT must not hold up bus events
    model = EflytModel(clock=env.clock, publish=publisher.publish, notifier=notifier, new_id=env.scheduler.new_id)
    notifier.model = model
    simulator = env.simulator(NAME, model, HANDLERS, settings=settings, publisher=publisher)
    notifier.simulator = simulator
    publisher.simulator = simulator
    return simulator
