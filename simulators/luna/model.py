"""Luna's state: practices (ydere) with capacity and intake, and citizens' lægevalg (doctor choices).

Plain Python, no HTTP (moto's models.py). The rules it enforces are Luna's, not the municipality's:
it refuses a closed practice unless an exception is named, refuses effect dates in the past, ends the
registration in force when a new one takes effect, and closes a full practice. Whether a citizen is
*entitled* to an exception is the municipality's (the SUT's) judgement; Luna records which one was used.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from simulators import rules
from simulators.core.clock import VirtualClock
from simulators.core.errors import Conflict, NotFound, Unprocessable
from simulators.geo import haversine_km

PRACTICE_CHANGED_TOPIC = "luna.practice-changed"


class UnknownYder(NotFound):
    code = "unknown-yder"
    title = "Unknown ydernummer"


class ClosedPractice(Conflict):
    code = "closed-practice"
    title = "Practice closed for intake"


class InvalidEffectDate(Unprocessable):
    code = "invalid-effect-date"
    title = "Invalid effect date"


class NoRegistration(NotFound):
    code = "no-laegevalg"
    title = "No doctor choice registered"


@dataclass
class Practice:
    ydernummer: str
    name: str
    municipality_code: int
    region_code: int
    address: dict[str, str]
    lat: float
    lon: float
    doctors: int
    open_for_intake: bool = True
    base_patients: int = 0  # patients registered before the simulation started (seeded)
    intake_changed: date | None = None

    @property
    def capacity(self) -> int:
        return self.doctors * rules.PATIENTS_PER_DOCTOR_LIMIT


@dataclass
class Registration:
    registration_id: str
    cpr: str
    ydernummer: str
    effective_date: date
    reason: str
    registered_at: str
    closed_practice_exception: str | None = None
    follows_cpr: str | None = None
    end_date: date | None = None
    end_reason: str | None = None
    cancelled: bool = False

    def in_force(self, day: date) -> bool:
        return not self.cancelled and self.effective_date <= day and (self.end_date is None or day <= self.end_date)

    def as_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "registrationId": self.registration_id,
            "cpr": self.cpr,
            "ydernummer": self.ydernummer,
            "effectiveDate": self.effective_date.isoformat(),
            "reason": self.reason,
            "registeredAt": self.registered_at,
        }
        if self.end_date is not None:
            doc["endDate"] = self.end_date.isoformat()
        for key, value in (
            ("closedPracticeException", self.closed_practice_exception),
            ("followsCpr", self.follows_cpr),
            ("endReason", self.end_reason),
        ):
            if value:
                doc[key] = value
        return doc


@dataclass
class LunaModel:
    clock: VirtualClock
    publish: Callable[..., str] = lambda *args, **kwargs: ""
    auto_close_at_capacity: bool = rules.AUTO_CLOSE_AT_CAPACITY
    practices: dict[str, Practice] = field(default_factory=dict)
    registrations: dict[str, list[Registration]] = field(default_factory=dict)  # by CPR, oldest first
    by_yder: dict[str, list[Registration]] = field(default_factory=dict)  # the same registrations, by practice
    new_id: Callable[[], str] = lambda: str(uuid.uuid4())  # the world's identifiers (seeded in a virtual world)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    # -- kernel protocol -------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.practices.clear()
            self.registrations.clear()
            self.by_yder.clear()

    def load(self, data: dict[str, Any]) -> dict[str, int]:
        with self._lock:
            for doc in data.get("practices", []):
                self.add_practice(doc)
            for doc in data.get("registrations", []):
                self.register_laegevalg(doc, allow_past=True)
        return {"practices": len(data.get("practices", [])), "registrations": len(data.get("registrations", []))}

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "practices": [self.practice_doc(p) for p in self.practices.values()],
                "registrations": {cpr: [r.as_dict() for r in regs] for cpr, regs in self.registrations.items()},
            }

    # -- practices -------------------------------------------------------------------------------
    def add_practice(self, doc: dict[str, Any]) -> Practice:
        region = doc.get("regionCode") or _region_of(doc["municipalityCode"])
        practice = Practice(
            ydernummer=doc["ydernummer"],
            name=doc["name"],
            municipality_code=doc["municipalityCode"],
            region_code=region,
            address=dict(doc["address"]),
            lat=doc["location"]["lat"],
            lon=doc["location"]["lon"],
            doctors=doc["doctors"],
            open_for_intake=doc.get("openForIntake", True),
            base_patients=doc.get("patientCount", 0),
        )
        with self._lock:
            self.practices[practice.ydernummer] = practice
        return practice

    def practice(self, ydernummer: str) -> Practice:
        try:
            return self.practices[ydernummer]
        except KeyError:
            raise UnknownYder(f"no practice with ydernummer {ydernummer}", ydernummer=ydernummer) from None

    def patient_count(self, practice: Practice) -> int:
        """Seeded patients plus citizens registered now or from a future date."""
        today = self.clock.today()
        registered = sum(
            1
            for r in self.by_yder.get(practice.ydernummer, ())
            if not r.cancelled and (r.end_date is None or r.end_date >= today)
        )
        return practice.base_patients + registered

    def search(
        self,
        municipality_code: int | None = None,
        open_for_intake: bool | None = None,
        near: tuple[float, float] | None = None,
        radius_km: float | None = None,
        limit: int = 100,
    ) -> list[Practice]:
        with self._lock:
            found = [
                p
                for p in self.practices.values()
                if (municipality_code is None or p.municipality_code == municipality_code)
                and (open_for_intake is None or p.open_for_intake == open_for_intake)
            ]
        if near is not None:
            distance = {p.ydernummer: haversine_km(near[0], near[1], p.lat, p.lon) for p in found}
            if radius_km is not None:
                found = [p for p in found if distance[p.ydernummer] <= radius_km]
            found.sort(key=lambda p: (distance[p.ydernummer], p.ydernummer))
        else:
            found.sort(key=lambda p: p.ydernummer)
        return found[:limit]

    def set_intake(self, ydernummer: str, open_for_intake: bool, reason: str | None = None) -> Practice:
        with self._lock:
            practice = self.practice(ydernummer)
            if practice.open_for_intake == open_for_intake:
                return practice
            practice.open_for_intake = open_for_intake
            practice.intake_changed = self.clock.today()
        self.publish(
            PRACTICE_CHANGED_TOPIC,
            {
                "ydernummer": ydernummer,
                "openForIntake": open_for_intake,
                "reason": reason or ("reopening" if open_for_intake else "region-decision"),
                "municipalityCode": practice.municipality_code,
                "changedDate": practice.intake_changed.isoformat(),
            },
            key=ydernummer,
        )
        return practice

    # -- lægevalg --------------------------------------------------------------------------------
    def register_laegevalg(self, doc: dict[str, Any], allow_past: bool = False) -> Registration:
        effective = date.fromisoformat(doc["effectiveDate"])
        today = self.clock.today()
        if effective < today and not allow_past:
            raise InvalidEffectDate(
                f"effect date {effective} is before today ({today})", effectiveDate=effective.isoformat()
            )
        exception = doc.get("closedPracticeException")
        close_after = False
        with self._lock:
            practice = self.practice(doc["ydernummer"])
            if not practice.open_for_intake:
                if exception is None:
                    raise ClosedPractice(
                        f"practice {practice.ydernummer} is closed for new "
                        "patients and no exception admits this citizen",
                        ydernummer=practice.ydernummer,
                    )
                if exception == "few-open-doctors" and not doc.get("doctorAccepted"):
                    raise ClosedPractice(
                        "the exception few-open-doctors needs the doctor's acceptance (doctorAccepted: true)",
                        ydernummer=practice.ydernummer,
                    )
            registration = Registration(
                registration_id=self.new_id(),
                cpr=doc["cpr"],
                ydernummer=practice.ydernummer,
                effective_date=effective,
                reason=doc["reason"],
                registered_at=self.clock.now().isoformat(),
                closed_practice_exception=exception if not practice.open_for_intake else None,
                follows_cpr=doc.get("followsCpr"),
            )
            history = self.registrations.setdefault(registration.cpr, [])
            for earlier in history:
                if earlier.cancelled or (earlier.end_date is not None and earlier.end_date < effective):
                    continue
                if earlier.effective_date >= effective:
                    earlier.cancelled, earlier.end_reason = True, "replaced"  # a later choice overrides a pending one
                else:
                    earlier.end_date, earlier.end_reason = effective - timedelta(days=1), "replaced"
            history.append(registration)
            self.by_yder.setdefault(registration.ydernummer, []).append(registration)
            if (
                self.auto_close_at_capacity
                and practice.open_for_intake
                and self.patient_count(practice) >= practice.capacity
            ):
                close_after = True
        if close_after:
            self.set_intake(practice.ydernummer, False, "capacity")
        return registration

    def citizen(self, cpr: str) -> dict[str, Any]:
        today = self.clock.today()
        with self._lock:
            history = self.registrations.get(cpr)
            if not history:
                raise NoRegistration(f"no doctor choice is registered for {cpr}")
            live = [r for r in history if not r.cancelled]
            current = next((r for r in reversed(live) if r.in_force(today)), None)
            future = sorted((r for r in live if r.effective_date > today), key=lambda r: r.effective_date)
            previous = sorted(
                (r for r in history if r is not current and r not in future),
                key=lambda r: r.effective_date,
                reverse=True,
            )
        return {
            "cpr": cpr,
            "current": current.as_dict() if current else None,
            "future": [r.as_dict() for r in future],
            "previous": [r.as_dict() for r in previous],
        }

    def end_laegevalg(self, cpr: str, end_date: date, reason: str) -> dict[str, Any]:
        with self._lock:
            history = self.registrations.get(cpr)
            if not history:
                raise NoRegistration(f"no doctor choice is registered for {cpr}")
            for registration in history:
                if registration.cancelled or (registration.end_date is not None and registration.end_date < end_date):
                    continue
                if registration.effective_date > end_date:
                    registration.cancelled, registration.end_reason = True, "cancelled"
                else:
                    registration.end_date, registration.end_reason = end_date, reason
        return self.citizen(cpr)

    def practice_doc(self, practice: Practice) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "ydernummer": practice.ydernummer,
            "name": practice.name,
            "municipalityCode": practice.municipality_code,
            "regionCode": practice.region_code,
            "address": practice.address,
            "location": {"lat": practice.lat, "lon": practice.lon},
            "doctors": practice.doctors,
            "capacity": practice.capacity,
            "patientCount": self.patient_count(practice),
            "openForIntake": practice.open_for_intake,
        }
        if practice.intake_changed:
            doc["intakeChangedDate"] = practice.intake_changed.isoformat()
        return doc


def _region_of(municipality_code: int) -> int:
    from simulators import refdata

    try:
        return refdata.municipalities()[municipality_code].region_code
    except KeyError:
        raise Unprocessable(
            f"{municipality_code} is not a Danish municipality code", municipalityCode=municipality_code
        ) from None
