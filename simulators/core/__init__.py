"""The kernel every simulator shares: contract binding, validation, journal, faults, clock, admin API."""

from .clock import VirtualClock
from .contract import Contract, load_contract
from .errors import Conflict, DomainError, NotFound, Unprocessable
from .kernel import ADMIN_PREFIX, Call, Simulator
from .network import Delivery, Network, Outbox

__all__ = [
    "ADMIN_PREFIX",
    "Call",
    "Conflict",
    "Contract",
    "Delivery",
    "DomainError",
    "Network",
    "NotFound",
    "Outbox",
    "Simulator",
    "Unprocessable",
    "VirtualClock",
    "load_contract",
]
