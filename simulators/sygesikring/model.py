"""The reference SUT's model: the municipal sygesikring register as an executable specification, behind one facade.

Plain Python, no HTTP (ARCHITECTURE.md principle 2). The municipal sygesikring system administers, for every
citizen it knows, the sikringsgruppe (insurance group 1 or 2), the lægevalg (choice of general practitioner, a
6-digit ydernummer with an effect date) and health cards (sundhedskort), and charges one fee for a doctor change,
a group change and a replacement card.

`SygesikringModel` is what the kernel and api.py see: the same public methods as ever. Behind it the SUT is split by
what changes for which reason:

- decisions.py, the rule core: every rule of DOMAIN.md as a pure function of facts (no neighbour, no clock);
- defects.py, the policy: the one decision each seeded defect changes;
- flows/, one module per business flow (registration and children following, choice, move, group, card, the bus's
  deliveries): they gather facts, ask the rule core, and act;
- jobs.py and fees.py, the steps the flows share (Luna registrations as idempotent jobs; the fee voucher);
- state.py, errors.py, ports.py: the data kept, the problem types, the port to the neighbours.

Its neighbours are reached through the port `Neighbours` (ports.py), implemented over HTTP in neighbours.py and by a
plain fake in the unit tests:

- Luna (the regions' register) is asked about practices and registers every doctor choice. When Luna cannot
  be reached, a choice is accepted as `pending` and finished later (`retry_pending`), and E-flyt gets a
  `pending` receipt first and a final one when it is done: a receipt never claims more than happened.
- Finance gets one balanced voucher per fee (debtor debit, fee revenue credit, in øre), with an
  Idempotency-Key derived from the request, so a retried request can never book twice.
- The Servicebus gets a `sygesikring.*` event for every change, and pushes CPR's and Luna's changes back.
  No payload the SUT publishes carries an address or a name (navne- og adressebeskyttelse).
- E-flyt pushes move cases (flytninger) and gets a receipt (kvittering) for each.
- MinLog gets one entry per look-up a caseworker makes, and none for anything else (flows/caseworker.py).

Work that needs a neighbour runs as a *job* of idempotent steps (validate, register in Luna, post the fee,
publish), so a job blocked by an unreachable neighbour can be run again from the top without doing any step
twice. A job started by a citizen's request reports a broken rule to the caller (4xx); a job finished later
in the background records it (and, for a move, tells E-flyt in the receipt).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from simulators.core.clock import VirtualClock

from . import config
from .context import Context
from .decisions import fee_kr
from .defects import Defects
from .errors import (
    CaseConflict,
    CitizenExists,
    ClosedPractice,
    CoverageEnded,
    DistanceRule,
    ExceptionNotApplicable,
    GroupChangeLocked,
    InvalidCpr,
    InvalidCprDate,
    InvalidEffectDate,
    InvalidFollows,
    LunaRefused,
    SameDoctor,
    SameGroup,
    UnknownCitizen,
    UnknownMunicipality,
    UnknownYder,
)
from .fees import Fees
from .flows.card import HealthCards
from .flows.caseworker import Caseworker
from .flows.choice import Choice
from .flows.citizens import Registration
from .flows.events import Deliveries
from .flows.group import GroupChange
from .flows.move import Move
from .jobs import Jobs
from .ports import (
    Immediately,
    Neighbours,
    Outcome,
    Refused,
    Runner,
    Settlement,
    Unavailable,
)
from .state import Citizen, GroupPeriod, Period, Register, citizen_state

# What callers have always imported from here: the model, its errors, the port's types, the fee table.
__all__ = [
    "CaseConflict",
    "CitizenExists",
    "ClosedPractice",
    "CoverageEnded",
    "DistanceRule",
    "ExceptionNotApplicable",
    "GroupChangeLocked",
    "Immediately",
    "InvalidCpr",
    "InvalidCprDate",
    "InvalidEffectDate",
    "InvalidFollows",
    "LunaRefused",
    "Neighbours",
    "Outcome",
    "Refused",
    "Runner",
    "SameDoctor",
    "SameGroup",
    "Settlement",
    "SygesikringModel",
    "Unavailable",
    "UnknownCitizen",
    "UnknownMunicipality",
    "UnknownYder",
    "fee_kr",
]


class SygesikringModel:
    """The facade: the kernel's protocol (reset, load, snapshot), the housekeeping, and one method per operation."""

    def __init__(
        self,
        clock: VirtualClock,
        neighbours: Neighbours,
        defects: Defects | None = None,
        runner: Runner | None = None,
        retry_interval_s: float = config.PENDING_RETRY_INTERVAL_S,
        monotonic: Callable[[], float] = time.monotonic,
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
    ) -> None:
        self.clock = clock
        self.neighbours = neighbours
        self.defects = defects or Defects()
        self.runner = runner or Immediately()
        self.retry_interval_s = retry_interval_s
        self.monotonic = monotonic  # the world's scheduler time (virtual in a test world)
        self.new_id = new_id  # the world's identifiers (seeded in a virtual world)
        self.state = Register()
        ctx = Context(clock=clock, neighbours=neighbours, policy=self.defects, state=self.state, new_id=new_id)
        self._lock = ctx.lock
        self._last_sweep = 0.0
        self.jobs = Jobs(ctx)
        self.fees = Fees(ctx)
        self.registration = Registration(ctx, self.jobs)
        self.choice = Choice(ctx, self.jobs, self.fees, self.registration)
        self.move = Move(ctx, self.jobs, self.fees, self.runner)
        self.group_change = GroupChange(ctx, self.fees)
        self.health_cards = HealthCards(ctx, self.fees)
        self.deliveries = Deliveries(ctx, self.jobs)
        self.caseworker = Caseworker(ctx)
        self.jobs.runners.update(choice=self.choice.run, move=self.move.run, follow=self.registration.run_follow)
        self.jobs.on_finish["move"] = self.move.finish

    # -- the operations of contracts/sygesikring.openapi.yaml ------------------------------------------
    def register_citizen(self, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        return self.registration.register_citizen(doc, correlation_id)

    def citizen_doc(self, cpr: str) -> dict[str, Any]:
        return self.registration.citizen_doc(cpr)

    def choose_doctor(self, cpr: str, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        return self.choice.choose_doctor(cpr, doc, correlation_id)

    def change_group(self, cpr: str, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        return self.group_change.change_group(cpr, doc, correlation_id)

    def order_health_card(self, cpr: str, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        return self.health_cards.order_health_card(cpr, doc, correlation_id)

    def receive_move(self, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, str]:
        return self.move.receive_move(doc, correlation_id)

    def receive_delivery(self, doc: dict[str, Any], correlation_id: str | None = None) -> None:
        self.deliveries.receive_delivery(doc, correlation_id)

    def open_caseworker_session(self, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        return self.caseworker.open_session(doc, correlation_id)

    def look_up_citizen(self, session_id: str, cpr: str, correlation_id: str | None = None) -> dict[str, Any]:
        return self.caseworker.look_up(session_id, cpr, correlation_id)

    # -- kernel protocol -------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.state.clear()
            self.neighbours.reset()

    def close(self) -> None:
        closer = getattr(self.runner, "close", None)
        if closer:
            closer()
        self.neighbours.close()

    def load(self, data: dict[str, Any]) -> dict[str, int]:
        """Citizens the municipality knew before the simulation started: stored as they are, nothing is sent."""
        today = self.clock.today()
        with self._lock:
            for doc in data.get("citizens", []):
                group_date = date.fromisoformat(doc["groupEffectiveDate"]) if "groupEffectiveDate" in doc else today
                groups = [
                    GroupPeriod(doc.get("sikringsgruppe", 1), group_date, changed=doc.get("groupWasChanged", False))
                ]
                ended = doc.get("status") == "ended"
                citizen = Citizen(
                    cpr=doc["cpr"],
                    municipality_code=int(doc["municipalityCode"]),
                    groups=groups,
                    registration_reason=doc.get("registrationReason", "other"),
                    follows=doc.get("follows"),
                    status=doc.get("status", "active"),
                    end_reason=doc.get("endReason", "left-sygesikring") if ended else None,
                    end_date=(date.fromisoformat(doc["endDate"]) if "endDate" in doc else today) if ended else None,
                    address=dict(doc["address"]) if "address" in doc else None,
                    location=(doc["location"]["lat"], doc["location"]["lon"]) if "location" in doc else None,
                    address_protected=doc.get("addressProtected", False),
                    laegevalg=[
                        Period(p["ydernummer"], date.fromisoformat(p["effectiveDate"]))
                        for p in doc.get("laegevalg", [])
                    ],
                )
                citizen.imported = bool(citizen.laegevalg)
                self.state.citizens[citizen.cpr] = citizen
        return {"citizens": len(data.get("citizens", []))}

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            today = self.clock.today()
            return {
                "defects": self.defects.enabled,
                "citizens": [citizen_state(c, today) for c in self.state.citizens.values()],
                "jobs": [j.as_dict() for j in self.state.jobs.values()],
                "finishedJobs": self.state.finished[-100:],
                "cases": [
                    {"caseId": k, "jobId": v["jobId"], "receipts": v["receipts"]} for k, v in self.state.cases.items()
                ],
                "queued": self.neighbours.pending(),
                "ignoredMessages": self.state.ignored_messages[-100:],
                "workerErrors": list(getattr(self.runner, "errors", [])),
                "certificateAlerts": list(getattr(getattr(self.neighbours, "certificates", None), "alerts", [])),
            }

    # -- housekeeping on every request -------------------------------------------------------------
    def before_request(self) -> None:
        """Subscribe to the bus if not yet done, run the nightly batch if a day has passed, and finish queued work if
        some is waiting (throttled)."""
        self.neighbours.ensure_subscriptions()
        self.caseworker.nightly_batch_if_due()  # a new virtual day may have begun since the last sweep
        if self.has_pending() and self.monotonic() - self._last_sweep >= self.retry_interval_s:
            self.retry_pending()

    def has_pending(self) -> bool:
        with self._lock:
            return bool(self.state.jobs) or bool(self.neighbours.pending())

    def retry_pending(self) -> int:
        """Send what was queued while a neighbour was down, then run every unfinished job again.

        Returns the number of jobs that finished (done or rejected) in this sweep.
        """
        with self._lock:
            self._last_sweep = self.monotonic()
            for settlement in self.neighbours.retry_pending():
                self._settle(settlement)
            finished = 0
            for job in list(self.state.jobs.values()):
                if job.state in ("pending", "running") and not job.tickets:
                    if self.jobs.run(job, raise_errors=False) in ("done", "rejected"):
                        finished += 1
            return finished

    def _settle(self, settlement: Settlement) -> None:
        """A queued call has been answered: hand Luna's answer to the job waiting for it, Finance's to the fee."""
        if settlement.kind == "laegevalg":
            job_id, step = settlement.context
            job = self.state.jobs.get(job_id)
            if job is not None:
                job.tickets.pop(step, None)
                job.outcomes[step] = settlement.outcome
        elif settlement.kind == "fee":
            fee = self.state.fees_by_key.get(settlement.context)
            if fee is not None:
                self.fees.apply_outcome(fee, settlement.outcome)
        # end-laegevalg: nothing waits for it; Luna now knows
