"""The reference SUT's port to its neighbours: what the flows need from Luna, Finance, CPR, the bus and E-flyt.

The flows never see HTTP. They are handed a `Neighbours` object (neighbours.py over the wire, a plain fake in the
unit tests) and get plain answers: a dict, an `Outcome`, or the exception `Unavailable`. A change a neighbour
cannot take now is queued and answered `pending`; `retry_pending` later hands back a `Settlement` for it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol


class Unavailable(Exception):
    """A neighbour could not be reached (or is not configured), or a step waits for a queued call: try later."""


@dataclass(frozen=True)
class Refused:
    """A neighbour's 4xx answer: the request was understood and refused (`code` is the problem type slug)."""

    status: int
    code: str
    detail: str


@dataclass(frozen=True)
class Outcome:
    """The result of a call that changes something at a neighbour: done, queued (pending) or refused."""

    state: str  # done | pending | refused
    document: dict[str, Any] | None = None
    ticket: str | None = None
    refused: Refused | None = None

    @property
    def done(self) -> bool:
        return self.state == "done"

    @property
    def pending(self) -> bool:
        return self.state == "pending"


@dataclass(frozen=True)
class Settlement:
    """A queued call that has now been answered: `context` is what the model gave when it was queued."""

    ticket: str
    kind: str  # laegevalg | fee | end-laegevalg
    context: Any
    outcome: Outcome


class Neighbours(Protocol):
    """What the model needs from the outside world. Reads raise Unavailable; writes queue and answer pending."""

    def correlated(self, correlation_id: str | None) -> AbstractContextManager[None]: ...

    def ensure_subscriptions(self) -> bool: ...

    def person(self, cpr: str) -> dict[str, Any] | None: ...

    def household(self, municipality_code: int, street: str, postal_code: str) -> list[dict[str, Any]]: ...

    def practice(self, ydernummer: str) -> dict[str, Any] | None: ...

    def practices_near(
        self, lat: float, lon: float, radius_km: float, open_for_intake: bool | None = None
    ) -> list[dict[str, Any]]: ...

    def citizen_laegevalg(self, cpr: str) -> dict[str, Any] | None: ...

    def register_laegevalg(self, request: dict[str, Any], context: Any) -> Outcome: ...

    def end_laegevalg(self, cpr: str, end_date: date, reason: str, context: Any) -> Outcome: ...

    def post_fee(self, voucher: dict[str, Any], key: str, context: Any) -> Outcome: ...

    def publish(self, topic: str, payload: dict[str, Any], key: str | None = None) -> str: ...

    def send_receipt(self, case_id: str, receipt: dict[str, Any]) -> None: ...

    def register_minlog(self, entry: dict[str, Any]) -> None: ...

    def retry_pending(self) -> list[Settlement]: ...

    def pending(self) -> list[dict[str, Any]]: ...

    def reset(self) -> None: ...

    def close(self) -> None: ...


class Runner(Protocol):
    """Where a move case goes after its 202: a background worker in a server, the caller's thread in a unit test."""

    def submit(self, task: Callable[[], None]) -> None: ...


class Immediately:
    """A runner that runs the task at once, in the caller's thread (unit tests, and a SUT without a worker)."""

    def submit(self, task: Callable[[], None]) -> None:
        task()

    def close(self) -> None:
        pass
