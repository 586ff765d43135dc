"""MinLog simulator: the citizen-facing access log on sundhed.dk (MinLog, "my log"), where the sygesikring system
registers each look-up of a citizen's data by a caseworker (sagsbehandler). A new neighbour since issue 17: the
incident it stands for is citizens seeing far too many entries, written on logins and background work."""

from __future__ import annotations

from simulators.core import Simulator
from simulators.core.environment import Environment

from .api import HANDLERS
from .model import MinLogModel

NAME = "minlog"


def create(env: Environment | None = None) -> Simulator:
    env = env or Environment()
    # No settings of its own: a world's wiring (every base URL) is not MinLog's to keep.
    return env.simulator(NAME, MinLogModel(clock=env.clock), HANDLERS, settings={})
