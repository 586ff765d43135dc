"""CPR simulator: the state's person register, the source of the test world's citizens and their changes."""

from __future__ import annotations

from simulators.core import Simulator
from simulators.core.environment import Environment

from .api import HANDLERS
from .model import CprModel

NAME = "cpr"
SETTINGS = ("servicebusBaseUrl",)  # the keys of the contract's Settings schema


def create(env: Environment | None = None) -> Simulator:
    env = env or Environment()
    settings = {k: v for k, v in env.settings.items() if k in SETTINGS}
    publisher = env.publisher(NAME, settings)
    model = CprModel(clock=env.clock, publish=publisher.publish)
    simulator = env.simulator(NAME, model, HANDLERS, settings=settings, publisher=publisher)
    publisher.simulator = simulator
    return simulator
