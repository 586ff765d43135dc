"""The neighbour faults the explorer puts under a business action: what a vendor's SUT must survive (issue 13).

Why here and in this shape: a resilience scenario checks an outcome (the choice arrives) for the fault its author
thought of. The explorer puts any of these faults under any action and asks the same oracle as without one, because
a fault a neighbour recovers from must not change what every neighbour finally holds: the choice is registered once,
the fee booked once, the receipt sent, the event published. While the fault lasts only the SUT's answer (it may say
`pending`) and the always-on invariants are checked, e.g. no neighbour is flooded, no receipt claims a registration
Luna does not hold; once it is healed, every neighbour of every citizen is compared with the prediction.

Each fault is written as the catalogued Danish step that puts it (features/steps/fejl.py), and healed by the steps
that let its window pass and take it away, so a finding written back (writeback.py) replays the same outage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from golive.vocabulary import OPERATIONS
from simulators import registry

if TYPE_CHECKING:
    from golive.drivers.faults import Faults

WINDOW_MINUTES = 10  # [design] an outage of virtual time the SUT's queued work must outlast
REGISTRATION = OPERATIONS["registrering"]
POSTING = OPERATIONS["bogføring"]
RECEIPT = OPERATIONS["kvittering"]
MESSAGE = OPERATIONS["besked"]


@dataclass(frozen=True)
class Fault:
    neighbour: str
    step: str  # the Danish step that puts it (features/steps/fejl.py)
    put: Callable[[Faults], object]
    window: bool = False  # an outage of WINDOW_MINUTES (healed by letting them pass), else a one-off (taken away)
    heal: str | None = None  # the step that ends it, when not "<neighbour> er oppe igen" ({month}: the month it began)


FAULTS: dict[str, Fault] = {
    "luna-down": Fault(
        "luna", f"Luna er nede i {WINDOW_MINUTES} minutter", lambda f: f.down("luna", WINDOW_MINUTES), window=True
    ),
    "luna-drops-registration": Fault(
        "luna", "Luna afbryder forbindelsen ved næste registrering", lambda f: f.drop_connection("luna", REGISTRATION)
    ),
    "luna-answers-registration-late": Fault(
        "luna", "Luna svarer for sent på næste registrering", lambda f: f.answer_too_late("luna", REGISTRATION)
    ),
    "finance-fails-twice": Fault(
        "finance",
        "Finance svarer med fejl på de næste 2 bogføringer",
        lambda f: f.fail_next("finance", 2, POSTING),
    ),
    "finance-times-out": Fault(
        "finance", "Finance timer ud efter bogføringen", lambda f: f.time_out_after("finance", POSTING)
    ),
    "finance-down": Fault(
        "finance",
        f"Finance er nede i {WINDOW_MINUTES} minutter",
        lambda f: f.down("finance", WINDOW_MINUTES),
        window=True,
    ),
    "eflyt-takes-no-receipts": Fault(
        "eflyt",
        f"E-flyt tager ikke imod kvitteringer i {WINDOW_MINUTES} minutter",
        lambda f: f.down("eflyt", WINDOW_MINUTES, RECEIPT),
        window=True,
    ),
    "bus-takes-no-messages": Fault(
        "servicebus",
        f"Servicebussen tager ikke imod beskeder i {WINDOW_MINUTES} minutter",
        lambda f: f.down("servicebus", WINDOW_MINUTES, MESSAGE),
        window=True,
    ),
    "finance-month-closed": Fault(
        "finance",
        "Finance lukker regnskabsmåneden {month}",
        lambda f: f.close_month(),
        heal="Finance genåbner regnskabsmåneden {month}",
    ),
    "bus-delivers-cpr-events-twice": Fault(
        "servicebus",
        "Servicebussen leverer beskeder om CPR-hændelser to gange",
        lambda f: f.bus_twice("cpr.person-changed"),
    ),
}
KINDS = tuple(FAULTS)
LUNA_FAULTS = tuple(kind for kind, fault in FAULTS.items() if fault.neighbour == "luna")


def heal_steps(fault: Fault, month: str = "") -> list[str]:
    """The Danish steps that end the fault: its window passes, then it is taken away (a one-off that struck nothing
    must not strike a later action, which the oracle checks without one). `month`: the month the fault began in."""
    passing = [f"der går {WINDOW_MINUTES} minutter"] if fault.window else []
    if fault.heal is not None:
        return [*passing, fault.heal.format(month=month)]
    return [*passing, f"{registry.get(fault.neighbour).words[0]} er oppe igen"]  # the Danish word the steps read
