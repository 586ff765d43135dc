"""E-flyt's state: move cases (flytninger) reported by citizens, their delivery to the SUT and its receipts.

Plain Python, no HTTP (moto's models.py). E-flyt (flytteløsningen, the municipalities' move solution)
is where a citizen reports a move in the digital self-service and, on a move between municipalities,
may choose a new doctor (lægevalg) at the same time. E-flyt then hands the case to the sygesikring
system (the SUT) and waits for the SUT's receipt (kvittering).

What this model keeps honest:

- a move date must lie within a year either side of the virtual today (a typo'd year is refused);
- the mover and co-movers (typically children moving along) are distinct, real CPR numbers — checked
  by date only, never by modulus 11 (the century rule lives once, in simulators.cpr.model);
- delivery is at-least-once and asynchronous: the case is `reported`, then `delivered-to-sut` when the
  SUT acknowledged the push, or `delivery-failed` when E-flyt gave up; the SUT's receipts then move it
  to `pending`, `completed` or `rejected`. A receipt may come at any time after creation, even before
  the push was acknowledged, because real SUTs are asynchronous;
- a final receipt (completed or rejected) is final: the same outcome again (status and lægevalg) is
  acknowledged idempotently (a SUT that retries is behaving well); any other status afterwards, pending
  included, or another lægevalg is a conflict (a SUT that flip-flops or reorders is not).

Sending is not done here: the model hands each new case to a `notifier` (an adapter, see api.py) and is
told back about every attempt, so the rules stay unit-testable without a network.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from simulators import rules
from simulators.core.clock import VirtualClock
from simulators.core.errors import Conflict, NotFound, Unprocessable
from simulators.cpr.model import birth_date

MOVE_REPORTED_TOPIC = "eflyt.move-reported"

MOVE_DATE_WINDOW_YEARS = rules.MOVE_DATE_WINDOW_YEARS

FINAL_RECEIPT_STATUSES = frozenset({"completed", "rejected"})


class UnknownCase(NotFound):
    code = "unknown-case"
    title = "No move case with this id"


class InvalidMoveDate(Unprocessable):
    code = "invalid-move-date"
    title = "Move date outside the allowed window"


class InvalidCoMovers(Unprocessable):
    code = "invalid-co-movers"
    title = "Invalid co-movers"


class UnknownMunicipality(Unprocessable):
    code = "unknown-municipality"
    title = "Not a Danish municipality code"


class CaseAlreadyFinal(Conflict):
    code = "case-already-final"
    title = "The move case already has a different final receipt"


class Notifier(Protocol):
    """Where new cases go (the SUT). `push` answers False when no SUT is configured."""

    def push(self, notification: dict[str, Any], case_id: str, generation: int, correlation_id: str | None) -> bool: ...

    def cancel(self) -> None: ...

    def close(self) -> None: ...


class NoSut:
    """The notifier of a model that has nowhere to send: every case stays `reported`."""

    def push(self, notification: dict[str, Any], case_id: str, generation: int, correlation_id: str | None) -> bool:
        return False

    def cancel(self) -> None:
        pass

    def close(self) -> None:
        pass


@dataclass
class Receipt:
    status: str  # completed | pending | rejected
    message: str
    received_at: str
    laegevalg: dict[str, str] | None = None

    def same_outcome(self, doc: dict[str, Any]) -> bool:
        """Same status and same lægevalg: the message is free text and may differ between a SUT's retries."""
        return self.status == doc["status"] and self.laegevalg == (doc.get("laegevalg") or None)

    def same_as(self, doc: dict[str, Any]) -> bool:
        return self.same_outcome(doc) and self.message == doc["message"]

    def as_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"status": self.status, "message": self.message, "receivedAt": self.received_at}
        if self.laegevalg is not None:
            doc["laegevalg"] = dict(self.laegevalg)
        return doc


@dataclass
class MoveCase:
    case_id: str
    cpr: str
    move_date: date
    reported_at: str
    origin: dict[str, Any]  # "from" on the wire
    destination: dict[str, Any]  # "to" on the wire
    co_movers: list[dict[str, str]]
    doctor_choice: dict[str, str] | None = None
    delivery_state: str = "not-configured"  # not-configured | in-progress | delivered | failed
    delivery_attempts: int = 0
    delivered_at: str | None = None
    last_delivery_status: int | None = None
    last_delivery_error: str | None = None
    receipts: list[Receipt] = field(default_factory=list)

    @property
    def final_receipt(self) -> Receipt | None:
        return next((r for r in self.receipts if r.status in FINAL_RECEIPT_STATUSES), None)

    @property
    def status(self) -> str:
        """The SUT's word wins over E-flyt's own delivery bookkeeping: receipts first, then delivery."""
        final = self.final_receipt
        if final is not None:
            return final.status
        if self.receipts:
            return "pending"
        return {"delivered": "delivered-to-sut", "failed": "delivery-failed"}.get(self.delivery_state, "reported")

    def notification(self) -> dict[str, Any]:
        """What the SUT receives at POST /eflyt/move-notifications (common brief §4), exactly."""
        doc: dict[str, Any] = {
            "caseId": self.case_id,
            "cpr": self.cpr,
            "moveDate": self.move_date.isoformat(),
            "reportedAt": self.reported_at,
            "from": _copy(self.origin),
            "to": _copy(self.destination),
            "coMovers": [dict(c) for c in self.co_movers],
        }
        if self.doctor_choice is not None:
            doc["doctorChoice"] = dict(self.doctor_choice)
        return doc

    def as_dict(self) -> dict[str, Any]:
        doc = self.notification()
        doc.update(
            status=self.status,
            deliveryState=self.delivery_state,
            deliveryAttempts=self.delivery_attempts,
            receipts=[r.as_dict() for r in self.receipts],
        )
        for key, value in (
            ("deliveredAt", self.delivered_at),
            ("lastDeliveryStatus", self.last_delivery_status),
            ("lastDeliveryError", self.last_delivery_error),
        ):
            if value is not None:
                doc[key] = value
        return doc


def _copy(place: dict[str, Any]) -> dict[str, Any]:
    return {k: dict(v) if isinstance(v, dict) else v for k, v in place.items()}


def _shift_years(day: date, years: int) -> date:
    """The same calendar day `years` away; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _check_municipality(code: int) -> None:
    from simulators import refdata

    if code not in refdata.municipalities():
        raise UnknownMunicipality(f"{code} is not one of the 98 municipality codes", municipalityCode=code)


@dataclass
class EflytModel:
    clock: VirtualClock
    publish: Callable[..., str] = lambda *args, **kwargs: ""
    notifier: Notifier = field(default_factory=NoSut)
    cases: dict[str, MoveCase] = field(default_factory=dict)
    generation: int = 0  # bumped by reset, so deliveries still in flight for a forgotten world are ignored
    new_id: Callable[[], str] = lambda: str(uuid.uuid4())  # the world's identifiers (seeded in a virtual world)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    # -- kernel protocol -------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.cases.clear()
            self.generation += 1
        self.notifier.cancel()

    def close(self) -> None:
        self.notifier.close()

    def load(self, data: dict[str, Any]) -> dict[str, int]:
        """Pre-existing cases (moves handled before the simulation started): stored, never pushed."""
        loaded = []
        for doc in data.get("cases", []):
            case = self._new_case(doc, check_window=False, case_id=doc.get("caseId"), reported_at=doc.get("reportedAt"))
            case.delivery_state = doc.get("deliveryState", "delivered")
            for receipt in doc.get("receipts", []):
                self._add_receipt(case, receipt)
            loaded.append(case)
        with self._lock:
            for case in loaded:
                self.cases[case.case_id] = case
        return {"cases": len(loaded)}

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"cases": [c.as_dict() for c in self.cases.values()]}

    # -- the citizen's side ------------------------------------------------------------------------
    def report_move(self, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        """The citizen reports a move in the self-service: store it, hand it to the SUT, tell the bus.

        Returns the case as it was when reported; delivery runs on after this returns.
        """
        case = self._new_case(doc, check_window=True)
        with self._lock:
            self.cases[case.case_id] = case
            generation = self.generation
            notification = case.notification()
            if self.notifier.push(notification, case.case_id, generation, correlation_id):
                case.delivery_state = "in-progress"
            reported = case.as_dict()
        self.publish(
            MOVE_REPORTED_TOPIC,
            {
                "caseId": case.case_id,
                "cpr": case.cpr,
                "moveDate": case.move_date.isoformat(),
                "fromMunicipalityCode": case.origin["municipalityCode"],
                "toMunicipalityCode": case.destination["municipalityCode"],
            },
            key=case.cpr,
            correlation_id=correlation_id,
        )
        return reported

    def _new_case(
        self, doc: dict[str, Any], check_window: bool, case_id: str | None = None, reported_at: str | None = None
    ) -> MoveCase:
        move_date = date.fromisoformat(doc["moveDate"])
        if check_window:
            today = self.clock.today()
            earliest, latest = _shift_years(today, -MOVE_DATE_WINDOW_YEARS), _shift_years(today, MOVE_DATE_WINDOW_YEARS)
            if not earliest <= move_date <= latest:
                raise InvalidMoveDate(
                    f"move date {move_date} is not between {earliest} "
                    f"and {latest} (a year either side of today, {today})",
                    moveDate=move_date.isoformat(),
                )
        co_movers = [{"cpr": c["cpr"]} for c in doc.get("coMovers", [])]
        cprs = [doc["cpr"], *(c["cpr"] for c in co_movers)]
        if len(set(cprs)) != len(cprs):
            raise InvalidCoMovers("the mover and the co-movers must be different persons, each named once", cprs=cprs)
        for cpr in cprs:
            birth_date(cpr)  # raises invalid-cpr-date; never a modulus-11 check
        for place in (doc["from"], doc["to"]):
            _check_municipality(place["municipalityCode"])
        return MoveCase(
            case_id=case_id or self.new_id(),
            cpr=doc["cpr"],
            move_date=move_date,
            reported_at=reported_at or self.clock.now().isoformat(),
            origin=_copy(doc["from"]),
            destination=_copy(doc["to"]),
            co_movers=co_movers,
            doctor_choice=dict(doc["doctorChoice"]) if doc.get("doctorChoice") else None,
        )

    # -- reads -----------------------------------------------------------------------------------
    def case(self, case_id: str) -> MoveCase:
        with self._lock:
            try:
                return self.cases[case_id]
            except KeyError:
                raise UnknownCase(f"no move case {case_id}", caseId=case_id) from None

    def case_doc(self, case_id: str) -> dict[str, Any]:
        with self._lock:
            return self.case(case_id).as_dict()

    def cases_for(self, cpr: str) -> list[dict[str, Any]]:
        """Cases the citizen reported or moves along in (as a co-mover), newest report first."""
        with self._lock:
            found = [c for c in self.cases.values() if c.cpr == cpr or any(m["cpr"] == cpr for m in c.co_movers)]
            return [c.as_dict() for c in reversed(found)]

    # -- delivery bookkeeping (called by the notifier, from its worker threads) ---------------------
    def delivery_attempted(self, case_id: str, generation: int, status: int | None, error: str | None) -> bool:
        """Count one push attempt; False when the case belongs to a world that was reset (stop retrying)."""
        with self._lock:
            case = self.cases.get(case_id)
            if case is None or generation != self.generation:
                return False
            case.delivery_attempts += 1
            case.last_delivery_status = status
            case.last_delivery_error = (
                error if error else (None if status and 200 <= status < 300 else f"HTTP {status}")
            )
            return True

    def delivery_finished(self, case_id: str, generation: int, delivered: bool) -> None:
        with self._lock:
            case = self.cases.get(case_id)
            if case is None or generation != self.generation:
                return
            case.delivery_state = "delivered" if delivered else "failed"
            if delivered:
                case.delivered_at = self.clock.now().isoformat()

    # -- the SUT's side ----------------------------------------------------------------------------
    def receive_receipt(self, case_id: str, doc: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
        """Record the SUT's receipt. Returns (recorded, case): recorded is False for an idempotent repeat."""
        with self._lock:
            case = self.case(case_id)
            recorded = self._add_receipt(case, doc)
            return recorded, case.as_dict()

    def _add_receipt(self, case: MoveCase, doc: dict[str, Any]) -> bool:
        final = case.final_receipt
        if final is not None:
            if final.same_outcome(doc):
                return False  # the SUT retried its final receipt
            raise CaseAlreadyFinal(
                f"case {case.case_id} was already {final.status} "
                f"({final.message!r}); a {doc['status']} receipt contradicts it",
                caseId=case.case_id,
                finalStatus=final.status,
            )
        if case.receipts and case.receipts[-1].same_as(doc):
            return False  # the SUT retried a pending receipt
        case.receipts.append(
            Receipt(
                status=doc["status"],
                message=doc["message"],
                received_at=self.clock.now().isoformat(),
                laegevalg=dict(doc["laegevalg"]) if doc.get("laegevalg") else None,
            )
        )
        return True
