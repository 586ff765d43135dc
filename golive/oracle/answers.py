"""What the oracle predicts an action gives: the SUT's answer (`Answer`), whose neighbours to look at
(`Prediction`), and the topics the SUT publishes on. Apart from model.py so that every module of predictions
(model.py, registers.py) builds them without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

# The SUT's topics and the key content the oracle predicts on each [design: contracts/sygesikring AsyncAPI]
LAEGEVALG = "sygesikring.laegevalg-changed"
GROUP = "sygesikring.group-changed"
COVERAGE = "sygesikring.coverage-ended"
CARD = "sygesikring.healthcard-ordered"
TOPICS = (LAEGEVALG, GROUP, COVERAGE, CARD)


@dataclass(frozen=True)
class Answer:
    """What the SUT must answer: a status; for a refusal the problem type's slug; for an acceptance the key fields."""

    status: int
    problem: str | None = None
    effective: date | None = None
    amount_ore: int | None = None  # the fee: 0 when free
    free_reason: str | None = None  # with amount_ore: the fee's freeReason (None: charged, so none is given)
    # A refusal's problem-detail fields the oracle predicts (name, value): compared when the SUT gives them (the
    # contract's Problem allows extra fields but names none, so a SUT without them is not wrong)
    extras: tuple[tuple[str, Any], ...] = ()
    exception: str | None = None  # a choice of a closed practice: the exception that admitted the citizen

    def describe(self) -> str:
        if self.problem:
            return f"{self.status} {self.problem}" + "".join(f", {k}={v!r}" for k, v in self.extras)
        parts = [str(self.status)]
        if self.effective is not None:
            parts.append(f"effect date {self.effective}")
        if self.amount_ore is not None:
            parts.append(f"free ({self.free_reason})" if self.amount_ore == 0 else f"fee {self.amount_ore} øre")
        if self.exception is not None:
            parts.append(f"admitted by the exception {self.exception}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Prediction:
    answer: Answer | None  # None: the action has no synchronous answer (a move, a CPR event, time passing)
    cprs: tuple[str, ...] = ()  # whose neighbours the action may have changed
    unpredicted: str | None = None  # set: the oracle cannot say what must happen, and says why
