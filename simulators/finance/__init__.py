"""Finance simulator: a municipality's bookkeeping (finans og bogføring), where the SUT posts its fees."""

from __future__ import annotations

from simulators.core import Simulator
from simulators.core.environment import Environment

from .api import HANDLERS
from .model import REQUIRE_CPR_DEFAULT, FinanceModel

NAME = "finance"
SETTINGS = ("requireCpr", "municipalityCode")  # the keys of the contract's Settings schema


def create(env: Environment | None = None) -> Simulator:
    env = env or Environment()
    # Only this simulator's own settings: a world-wide key (e.g. servicebusBaseUrl) would make every later
    # PATCH /__admin/settings fail the contract's Settings schema (additionalProperties: false).
    settings = {"requireCpr": REQUIRE_CPR_DEFAULT, **{k: v for k, v in env.settings.items() if k in SETTINGS}}
    model = FinanceModel(clock=env.clock)

    def apply(current: dict) -> None:
        model.require_cpr = current.get("requireCpr", REQUIRE_CPR_DEFAULT)
        model.municipality_code = current.get("municipalityCode")

    apply(settings)
    return env.simulator(NAME, model, HANDLERS, settings=settings, on_settings=apply)
