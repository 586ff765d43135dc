"""Luna simulator: the regions' register of practices (ydere) and doctor choices (lægevalg)."""

from __future__ import annotations

from simulators.core import Simulator
from simulators.core.environment import Environment, contract_path

from .api import HANDLERS
from .model import LunaModel

NAME = "luna"


def example_practice() -> dict:
    """The practice Luna's contract seeds its examples with (SeedData example), for tests and benchmarks."""
    from simulators.core.contract import load_contract

    seed_data = load_contract(str(contract_path(NAME))).schema("SeedData")
    assert seed_data is not None, "luna.openapi.yaml has no SeedData schema"
    return dict(seed_data["examples"][0]["practices"][0])


def create(env: Environment | None = None) -> Simulator:
    env = env or Environment()
    settings = {"autoCloseAtCapacity": LunaModel.auto_close_at_capacity, **env.settings}
    publisher = env.publisher(NAME, settings)
    model = LunaModel(
        clock=env.clock,
        publish=publisher.publish,
        new_id=env.scheduler.new_id,
        auto_close_at_capacity=settings["autoCloseAtCapacity"],
    )

    def apply(current: dict) -> None:
        model.auto_close_at_capacity = current.get("autoCloseAtCapacity", True)

    simulator = env.simulator(NAME, model, HANDLERS, settings=settings, on_settings=apply, publisher=publisher)
    publisher.simulator = simulator
    return simulator
