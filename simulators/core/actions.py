"""What an injected fault does to an exchange, decided once for every way of reaching a simulator.

The kernel answers a request with a Response whose `actions` say what the transport must do instead of (or before)
answering: wait (`delay`), hold the request and never answer (`hang`), or drop the connection (`reset`). `plan`
turns those actions and the caller's timeout into one outcome — how long the caller waits, and whether it then gets
the answer, a timeout or a reset — so a new fault kind is written here once. The drivers only *wait* in their own
way: the in-process transport and the `responses` adapter on the world's scheduler (virtual time in a test world),
the ASGI app on its event loop (real time, served).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

from .http import Action


class Transport(Enum):
    ANSWER = "answer"  # the response is delivered
    TIMED_OUT = "timed-out"  # the server held the request; the caller gave up (or the hold ended without an answer)
    RESET = "reset"  # the connection was dropped


@dataclass(frozen=True, slots=True)
class Plan:
    wait_s: float  # how long the caller waits before the outcome
    outcome: Transport
    hold_s: float = 0.0  # of wait_s, the part a served driver may cut short when the client disconnects


def plan(actions: Iterable[Action], client_timeout_s: float | None = None) -> Plan:
    """The outcome of an exchange's actions, in order: delays add up; a hang ends the exchange after the hold or
    the caller's timeout, whichever is shorter; a reset ends it at once."""
    waited = 0.0
    for action in actions:
        if action.kind == "delay":
            waited += action.seconds
            if client_timeout_s is not None and waited > client_timeout_s:  # slower than the caller waits
                return Plan(client_timeout_s, Transport.TIMED_OUT)
        elif action.kind == "hang":
            hold = min(action.seconds, client_timeout_s) if client_timeout_s is not None else action.seconds
            return Plan(waited + hold, Transport.TIMED_OUT, hold_s=hold)
        elif action.kind == "reset":
            return Plan(waited, Transport.RESET)
    return Plan(waited, Transport.ANSWER)


def carry_out(actions: Iterable[Action], client_timeout_s: float | None, wait: Callable[[float], None]) -> Transport:
    """Carry the plan out with a synchronous `wait` (the scheduler's `elapse`): the in-process drivers' executor."""
    decided = plan(actions, client_timeout_s)
    if decided.wait_s > 0:
        wait(decided.wait_s)
    return decided.outcome
