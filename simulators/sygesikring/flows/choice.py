"""Lægevalg: the citizen's choice of doctor (a 6-digit ydernummer, from an effect date).

The request is checked against the record at once: the same doctor again is no change; the rule core says whether
the change is free and from when it takes effect (decisions.doctor_change_terms, doctor_change_effective). Then it
runs as a job: the distance rule and, for a practice closed for intake (lukket for tilgang), the exception the
citizen names are checked with facts from Luna and CPR; Luna registers the choice; only what Luna accepted is
charged, published, and followed by the children. While Luna is away the choice is answered `pending` and finished
by a later sweep.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import decisions
from ..context import Context, Part
from ..fees import Fees
from ..jobs import Jobs
from ..ports import Unavailable
from ..state import Citizen, Job, derived_key, home_of
from .citizens import Registration


class Choice(Part):
    def __init__(self, ctx: Context, jobs: Jobs, fees: Fees, registration: Registration) -> None:
        super().__init__(ctx)
        self.jobs = jobs
        self.fees = fees
        self.registration = registration

    def choose_doctor(self, cpr: str, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        """The citizen chooses a doctor (DOMAIN.md: effect date, distance rule, closed practice, fee, free cases).

        Effect date: today + DOCTOR_CHANGE_EFFECT_DAYS by default; earlier (never before today) only where a rule
        gives a free change that must not wait: a first choice, a move beyond the distance limit, a closing
        practice. Registered in Luna first; the fee and the event follow only what Luna accepted.
        """
        today = self.clock.today()
        early = None if self.policy.reads_practice_under_lock() else self._read_early(doc["ydernummer"], correlation_id)
        with self.lock, self.neighbours.correlated(correlation_id):
            decisions.check_cpr(cpr, self.policy)
            citizen = self.state.active(cpr) if self.policy.checks_coverage_on_choice() else self.state.citizen(cpr)
            ydernummer = doc["ydernummer"]
            requested = date.fromisoformat(doc["effectiveDate"]) if "effectiveDate" in doc else None
            key = derived_key("laegevalg", cpr, ydernummer, requested, today)
            if key in self.state.replies:
                return self.state.replies[key]  # the same request again today: same answer, nothing new
            self.jobs.import_doctor(citizen, required=False)
            latest = citizen.latest()
            group_1_ahead = _group_1_ahead(citizen, today)
            decisions.check_new_doctor(
                cpr,
                ydernummer,
                (latest.ydernummer, latest.effective) if latest else None,
                decisions.leaving_group_2(citizen.group_on(today).group, group_1_ahead),
            )
            exception = doc.get("closedPracticeException")
            terms = decisions.doctor_change_terms(
                decisions.ChoiceFacts(
                    cpr=cpr,
                    first=decisions.is_first_choice(latest is not None, citizen.imported, citizen.registration_reason),
                    registration_reason=citizen.registration_reason,
                    entitlements=citizen.entitlements,
                    group_1_ahead=group_1_ahead,
                    exception=exception,
                ),
                today,
                self.policy,
            )
            free_reason, luna_reason = terms.free_reason, terms.luna_reason
            effective = decisions.doctor_change_effective(requested, terms, today, self.policy)
            fee = decisions.charge(free_reason, self.policy.fee_day(effective, today))
            amount = fee.amount_ore
            job = Job(
                job_id=self.new_id(),
                kind="choice",
                cpr=cpr,
                correlation_id=correlation_id,
                data={
                    "ydernummer": ydernummer,
                    "effective": effective,
                    "reason": luna_reason,
                    "exception": exception,
                    "doctorAccepted": doc.get("doctorAccepted"),
                    "waiveHomeVisits": doc.get("waiveHomeVisits", False),
                    "freeReason": free_reason,
                    "amountOre": amount,
                    "key": key,
                    "previous": latest.ydernummer if latest else None,
                },
            )
            if early is not None:  # the practice as read before the lock was taken (the defect's stale reading)
                job.data["practices"] = {ydernummer: early[0]}
            consumed = self._consume_entitlement(citizen, free_reason)
            job.data["consumed"] = consumed
            self.state.jobs[job.job_id] = job
            state = self.jobs.run(job, raise_errors=True)
            if state == "pending" and not self.policy.keeps_queued_choice():
                self.state.jobs.pop(job.job_id, None)  # answered pending, kept nowhere: nothing finishes it later
            if state == "pending" and not any(p.job_id == job.job_id for p in citizen.laegevalg):
                self.jobs.put_period(citizen, job, "register", ydernummer, effective, "pending", luna_reason)
            result: dict[str, Any] = {
                "cpr": cpr,
                "ydernummer": ydernummer,
                "effectiveDate": effective.isoformat(),
                "fee": fee.as_dict(),
                "status": "registered" if state == "done" else "pending",
            }
            if exception and job.data.get("exceptionUsed"):
                result["closedPracticeException"] = exception
            if "waiveHomeVisits" in doc:
                result["waiveHomeVisits"] = doc["waiveHomeVisits"]
            self.state.replies[key] = result
            return result

    def _consume_entitlement(self, citizen: Citizen, free_reason: str | None) -> tuple[str, date | None] | None:
        """A free change a past event gave is used up by this choice (given back if the choice is refused:
        jobs._undo)."""
        if decisions.uses_up_entitlement(free_reason) and free_reason in citizen.entitlements:
            return free_reason, citizen.entitlements.pop(free_reason)
        return None

    def run(self, job: Job) -> None:
        """The choice's steps: validate (distance, closed practice), register in Luna, then — only for what Luna
        accepted — the fee, the event, and the children who follow."""
        d = job.data
        citizen = self.state.citizen(job.cpr)
        if "validated" not in job.done:
            practice = self.jobs.practice_cached(job, d["ydernummer"])
            self._check_distance(citizen, practice, d["waiveHomeVisits"])
            d["practiceOpen"] = practice["openForIntake"]
            if not practice["openForIntake"] and d["exception"]:
                self._check_exception(citizen, practice, d["exception"])
                d["exceptionUsed"] = True
            elif practice["openForIntake"]:
                decisions.check_free_places(
                    practice["ydernummer"], practice["capacity"], practice["patientCount"], self._queued_for(job)
                )
            job.done.add("validated")
        request = self.jobs.luna_request(citizen, d["ydernummer"], d["effective"], d["reason"])
        if d.get("exceptionUsed"):
            request["closedPracticeException"] = d["exception"]
            if d.get("doctorAccepted") is not None:
                request["doctorAccepted"] = d["doctorAccepted"]
        if self.policy.publishes_before_luna():
            self.jobs.once(
                job,
                "event",
                lambda: self.jobs.publish_laegevalg(
                    citizen, d["ydernummer"], d["effective"], d["reason"], d["previous"]
                ),
            )
        registration = self.jobs.register(job, "register", request, citizen)
        effective = date.fromisoformat(registration["effectiveDate"])
        if d["amountOre"]:
            self.jobs.once(job, "fee", lambda: self.fees.charge(citizen, "doctor-change", d["amountOre"], d["key"]))
        self.jobs.once(
            job,
            "event",
            lambda: self.jobs.publish_laegevalg(citizen, d["ydernummer"], effective, d["reason"], d["previous"]),
        )
        self.jobs.once(
            job,
            "children",
            lambda: self.registration.children_follow(citizen, d["ydernummer"], effective, job.correlation_id),
        )

    def _read_early(self, ydernummer: str, correlation_id: str | None) -> tuple[dict[str, Any] | None] | None:
        """The practice read before the lock is taken (the defect capacity-check-not-atomic: not to hold everyone up
        on a call to Luna). None when Luna cannot be reached: the check under the lock reads it then."""
        with self.neighbours.correlated(correlation_id):
            try:
                return (self.neighbours.practice(ydernummer),)
            except Unavailable:
                return None

    def _queued_for(self, job: Job) -> int:
        """Choices of the same practice this SUT accepted (`pending`) and has not yet got Luna to register: each holds
        a place Luna does not count yet."""
        ydernummer = job.data["ydernummer"]
        return sum(
            1
            for other in list(self.state.jobs.values())
            if other is not job
            and other.kind == "choice"
            and other.state == "pending"
            and other.data.get("ydernummer") == ydernummer
            and "register" not in other.outcomes
        )

    # -- the facts the rules turn on ----------------------------------------------------------------------
    def _check_distance(self, citizen: Citizen, practice: dict[str, Any], waive: bool) -> None:
        """DOMAIN.md distance rule: beyond 15 km (5 km in the capital municipalities) only if home visits are waived."""
        home = home_of(citizen)
        if home is None:
            return
        distance = decisions.distance_km(home, practice["location"])
        limit = decisions.distance_limit_km(citizen.municipality_code, self.policy)
        decisions.check_choice_distance(practice["ydernummer"], distance, limit, citizen.municipality_code, waive)

    def _check_exception(self, citizen: Citizen, practice: dict[str, Any], exception: str) -> None:
        """Is the citizen entitled to the closed-practice exception named? The facts it turns on, then the rule."""
        ydernummer = practice["ydernummer"]
        facts = self._exception_facts(citizen, ydernummer, exception, self.clock.today())
        decisions.check_closed_practice_exception(citizen.cpr, ydernummer, exception, facts)

    def _exception_facts(
        self, citizen: Citizen, ydernummer: str, exception: str, today: date
    ) -> decisions.ExceptionFacts:
        """Only the named exception's facts, each looked up only when the rule can need it: every lookup is a call to
        CPR or Luna (a parent's doctor is not asked for someone who is not 15, housemates not without an address)."""
        if exception == "same-address":
            return decisions.ExceptionFacts(
                housemate_has_doctor=decisions.a_shared_home(citizen.address)
                and any(self.jobs.doctor_of(cpr) == ydernummer for cpr in self._housemates(citizen))
            )
        if exception == "turning-15-parent-doctor":
            fifteen = decisions.is_fifteen(citizen.cpr, today)
            return decisions.ExceptionFacts(
                fifteen=fifteen,
                parent_has_doctor=fifteen
                and any(self.jobs.doctor_of(parent) == ydernummer for parent in self._parents(citizen)),
            )
        if exception == "group-2-to-1-last-doctor":
            return decisions.ExceptionFacts(
                leaving_group_2=decisions.leaving_group_2(
                    citizen.group_on(today).group, _group_1_ahead(citizen, today)
                ),
                last_doctor=citizen.laegevalg[-1].ydernummer if citizen.laegevalg else None,
            )
        if exception == "returning-from-service-or-prison":
            return decisions.ExceptionFacts(registration_reason=citizen.registration_reason)
        if exception == "few-open-doctors":
            home = home_of(citizen)
            if home is not None:
                limit = decisions.distance_limit_km(citizen.municipality_code, self.policy)
                open_near = self.neighbours.practices_near(home[0], home[1], limit, open_for_intake=True)
                return decisions.ExceptionFacts(open_doctors_near=len(open_near))
        return decisions.ExceptionFacts()

    def _housemates(self, citizen: Citizen) -> list[str]:
        """Who lives at the citizen's address: CPR's household, and the SUT's own citizens there."""
        address = citizen.address or {}
        found = {
            p["cpr"]
            for p in self.neighbours.household(
                citizen.municipality_code, address.get("street", ""), address.get("postalCode", "")
            )
        }
        found |= {
            c.cpr
            for c in self.state.citizens.values()
            if c.address is not None
            and c.status == "active"
            and decisions.a_shared_home(c.address)
            and c.municipality_code == citizen.municipality_code
            and _same_address(c.address, address)
        }
        found.discard(citizen.cpr)
        return sorted(found)

    def _parents(self, citizen: Citizen) -> list[str]:
        """The parent the citizen follows, and the custody parents CPR names."""
        parents = [citizen.follows] if citizen.follows else []
        person = self.neighbours.person(citizen.cpr)
        if person and person.get("custody"):
            parents += [p for p in person["custody"]["parents"] if p not in parents]
        return parents


def _group_1_ahead(citizen: Citizen, today: date) -> bool:
    """A change back to sikringsgruppe 1 is under way (asked for, not yet in force)."""
    return any(g.group == 1 and g.effective > today for g in citizen.groups)


def _same_address(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def norm(text: Any) -> str:
        return " ".join(str(text or "").casefold().split())

    return norm(a.get("street")) == norm(b.get("street")) and a.get("postalCode") == b.get("postalCode")
