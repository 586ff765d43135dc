"""The reference SUT's state: the citizens it administers, the work under way, and what it has answered.

Plain data, no rules: a `Citizen` holds the sikringsgruppe (insurance group 1 or 2) periods, the lægevalg
(choice of doctor, as periods of a 6-digit ydernummer from an effect date), fees, health cards, and the
entitlements to a free change a past event gave. A `Job` is work that needs neighbours, as idempotent steps.
`Register` is everything the SUT keeps, cleared as a whole by a reset. The views turn a citizen into the
contract's document (and the admin view behind it).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import config
from .errors import CoverageEnded, UnknownCitizen
from .ports import Outcome


@dataclass
class Period:
    """One lægevalg: SYdernr from SIkraftDatoYder. `pending` until Luna registered it."""

    ydernummer: str
    effective: date
    status: str = "registered"  # registered | pending
    reason: str = config.REASON_CHANGE
    follows_cpr: str | None = None
    job_id: str | None = None
    step: str | None = None
    superseded: bool = False

    def as_dict(self) -> dict[str, str]:
        return {"ydernummer": self.ydernummer, "effectiveDate": self.effective.isoformat()}


@dataclass
class GroupPeriod:
    group: int
    effective: date
    changed: bool = False  # True for a change the citizen asked for (it locks the next change for a year)


@dataclass
class Fee:
    amount_ore: int
    reason: str  # doctor-change | group-change | health-card
    posting_date: date
    key: str
    state: str = "queued"  # posted | queued | failed
    voucher_id: str | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "amountOre": self.amount_ore,
            "reason": self.reason,
            "postingDate": self.posting_date.isoformat(),
            "voucherId": self.voucher_id,
        }


@dataclass
class Citizen:
    cpr: str
    municipality_code: int
    groups: list[GroupPeriod]
    registration_reason: str = "other"
    follows: str | None = None
    status: str = "active"  # active | ended
    end_reason: str | None = None
    end_date: date | None = None
    address: dict[str, Any] | None = None
    location: tuple[float, float] | None = None
    address_protected: bool = False
    laegevalg: list[Period] = field(default_factory=list)
    fees: list[Fee] = field(default_factory=list)
    cards: list[dict[str, Any]] = field(default_factory=list)
    entitlements: dict[str, date | None] = field(
        default_factory=dict
    )  # free change: reason -> last day (None: until used)
    moved_in_on: date | None = None  # moved into this municipality
    last_move_on: date | None = None  # any move, also within the municipality
    name_changed_on: date | None = None
    cpr_changed_on: date | None = None
    previous_cpr: str | None = None
    imported: bool = False  # Luna's registrations have been read into `laegevalg`

    def live_periods(self) -> list[Period]:
        return [p for p in self.laegevalg if not p.superseded]

    def latest(self) -> Period | None:
        """The most recent choice, in force or future: what a new choice is compared with."""
        live = self.live_periods()
        return live[-1] if live else None

    def latest_ydernummer(self) -> str | None:
        """The doctor (ydernummer) of the most recent choice, if any."""
        latest = self.latest()
        return latest.ydernummer if latest is not None else None

    def group_on(self, day: date) -> GroupPeriod:
        in_force = [g for g in self.groups if g.effective <= day]
        return in_force[-1] if in_force else self.groups[0]


@dataclass
class Job:
    """Work that needs neighbours, as idempotent steps: run it again and it continues where it stopped."""

    job_id: str
    kind: str  # choice | move | follow
    cpr: str
    correlation_id: str | None
    data: dict[str, Any]
    done: set[str] = field(default_factory=set)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    tickets: dict[str, str] = field(default_factory=dict)
    state: str = "running"  # running | pending | done | rejected
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "jobId": self.job_id,
            "kind": self.kind,
            "cpr": self.cpr,
            "state": self.state,
            "error": self.error,
            "stepsDone": sorted(self.done),
            "waitingFor": sorted(self.tickets),
        }


class Register:
    """Everything the SUT keeps; `clear()` forgets it all (the kernel's reset)."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.citizens: dict[str, Citizen] = {}
        self.jobs: dict[str, Job] = {}  # unfinished jobs (pending or running)
        self.finished: list[dict[str, Any]] = []  # the last finished jobs, for /__admin/state
        self.cases: dict[str, dict[str, Any]] = {}  # caseId -> {notification, jobId, receipts}
        self.replies: dict[str, dict[str, Any]] = {}  # derived request key -> the answer given (idempotent replays)
        self.fees_by_key: dict[str, Fee] = {}
        self.seen_messages: set[tuple[str, str]] = set()
        self.practice_changed_on: dict[str, date] = {}  # ydernummer -> changedDate of the newest Luna event applied
        self.ignored_messages: list[dict[str, Any]] = []
        self.sessions: dict[str, dict[str, Any]] = {}  # caseworker sessions by id (flows/caseworker.py)
        self.worklists: dict[str, list[str]] = {}  # caseworker -> the citizens they looked up, oldest first
        self.last_batch_day: date | None = None  # the virtual day the nightly batch last ran

    def citizen(self, cpr: str) -> Citizen:
        try:
            return self.citizens[cpr]
        except KeyError:
            raise UnknownCitizen(f"no citizen {cpr} in the municipality's sygesikring", cpr=cpr) from None

    def active(self, cpr: str) -> Citizen:
        """A citizen whose sygesikring has not ended: only they can choose, change group or order a card."""
        citizen = self.citizen(cpr)
        if citizen.status != "active":
            raise CoverageEnded(f"the sygesikring of {cpr} ended {citizen.end_date} ({citizen.end_reason})", cpr=cpr)
        return citizen


def home_of(citizen: Citizen) -> tuple[float, float] | None:
    """The citizen's location; without one, the municipality's reference point [design: an approximation]."""
    if citizen.location is not None:
        return citizen.location
    # Reference data (the 98 municipalities), read lazily from fixtures/ as the other simulators read it.
    from simulators import refdata

    found = refdata.municipalities().get(citizen.municipality_code)
    return (found.lat, found.lon) if found else None


# -- views ---------------------------------------------------------------------------------------------
def citizen_doc(citizen: Citizen, today: date) -> dict[str, Any]:
    """The contract's view of a citizen on `today`: the group in force, the doctor in force and those to come."""
    group = citizen.group_on(today)
    periods = sorted(citizen.live_periods(), key=lambda p: p.effective)
    end = citizen.end_date if citizen.status == "ended" else None  # coverage ended on this day
    if end is not None:
        periods = [p for p in periods if p.effective <= end]
    in_force = [p for p in periods if p.effective <= today]
    current = in_force[-1] if in_force and not (end is not None and today > end) else None
    future = [p for p in periods if p.effective > today]
    doc: dict[str, Any] = {
        "cpr": citizen.cpr,
        "sikringsgruppe": group.group,
        "groupEffectiveDate": group.effective.isoformat(),
        "municipalityCode": citizen.municipality_code,
        "laegevalg": {"current": current.as_dict() if current else None, "future": [p.as_dict() for p in future]},
        "follows": citizen.follows,
        "status": citizen.status,
        "fees": [f.as_dict() for f in citizen.fees if f.amount_ore > 0],
    }
    if citizen.status == "ended":
        doc["endReason"] = citizen.end_reason
        doc["endDate"] = citizen.end_date.isoformat() if citizen.end_date else today.isoformat()
    return doc


def citizen_state(citizen: Citizen, today: date) -> dict[str, Any]:
    """The admin view: the contract's view plus what the SUT keeps behind it (pending choices, entitlements)."""
    doc = citizen_doc(citizen, today)
    doc["periods"] = [
        {**p.as_dict(), "status": p.status, "reason": p.reason, "superseded": p.superseded} for p in citizen.laegevalg
    ]
    doc["entitlements"] = {k: (v.isoformat() if v else None) for k, v in citizen.entitlements.items()}
    doc["feePostings"] = [{**f.as_dict(), "state": f.state, "error": f.error} for f in citizen.fees]
    doc["cards"] = list(citizen.cards)
    doc["addressProtected"] = citizen.address_protected
    return doc


def derived_key(kind: str, cpr: str, subject: str, effective: date | None, today: date) -> str:
    """One key per (what, who, which, when asked): the Idempotency-Key for Finance and the SUT's replay key."""
    name = "|".join([kind, cpr, subject, effective.isoformat() if effective else "-", today.isoformat()])
    return str(uuid.uuid5(config.IDEMPOTENCY_NAMESPACE, name))
