"""What every part of the reference SUT shares, handed to each flow once instead of one object holding it all.

The clock (virtual in a test world), the port to the neighbours, the policy (which seeded defects are on, asked
for the one decision each changes), the state, the world's id source, and the one lock: the SUT serves requests
and background work from more than one thread when served, and its state is kept consistent by taking this lock
around each request and each piece of background work (re-entrant: a flow may call another under it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from simulators.core.clock import VirtualClock

from .defects import Defects
from .ports import Neighbours
from .state import Register


@dataclass
class Context:
    clock: VirtualClock
    neighbours: Neighbours
    policy: Defects
    state: Register
    new_id: Callable[[], str]
    lock: threading.RLock = field(default_factory=threading.RLock)


class Part:
    """A part of the SUT (a flow, the jobs, the fees): the shared context, by name."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.clock = ctx.clock
        self.neighbours = ctx.neighbours
        self.policy = ctx.policy
        self.state = ctx.state
        self.new_id = ctx.new_id
        self.lock = ctx.lock
