"""Registering a citizen, and children following a parent's doctor.

A citizen is made known by the municipality (born, moved in, immigrated, returned): sikringsgruppe 1 unless chosen
(DOMAIN.md: no choice means group 1). Luna's registrations are read in, so a citizen moving in keeps the doctor
they have. A child under 15 names the parent it follows (SFolgerskabsPerson, "the person followed") and gets that
parent's doctor; whenever the parent's doctor changes, the children who follow change with it, each as a job of
its own (decisions.who_follows says who).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import config, decisions
from ..context import Context, Part
from ..errors import CitizenExists, UnknownMunicipality
from ..jobs import Jobs
from ..state import Citizen, GroupPeriod, Job, citizen_doc


class Registration(Part):
    def __init__(self, ctx: Context, jobs: Jobs) -> None:
        super().__init__(ctx)
        self.jobs = jobs

    def register_citizen(self, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        """Make a citizen known: group 1 unless chosen (DOMAIN.md: no choice means group 1).

        A child under 15 names the parent it follows and gets the parent's doctor (DOMAIN.md, Children).
        Luna's registrations, if any, are read in, so a citizen moving in keeps the doctor they have.
        """
        today = self.clock.today()
        cpr = doc["cpr"]
        with self.lock, self.neighbours.correlated(correlation_id):
            decisions.check_cpr(cpr, self.policy)
            if cpr in self.state.citizens:
                raise CitizenExists(f"citizen {cpr} is already registered", cpr=cpr)
            municipality_code = int(doc["municipalityCode"])  # JSON may say 461.0
            check_municipality(municipality_code)
            follows = doc.get("follows")
            parent = None
            if follows is not None:
                parent = self.state.citizens.get(follows)
                decisions.check_follows(cpr, follows, parent is not None, today)
            location = doc.get("location")
            citizen = Citizen(
                cpr=cpr,
                municipality_code=municipality_code,
                groups=[GroupPeriod(int(doc.get("sikringsgruppe", 1)), today)],
                registration_reason=doc.get("reason", "other"),
                follows=follows,
                address=dict(doc["address"]) if "address" in doc else None,
                location=(location["lat"], location["lon"]) if location else None,
                address_protected=doc.get("addressProtected", False),
                moved_in_on=today if doc.get("reason") in ("moved-in", "immigration") else None,
            )
            self.state.citizens[cpr] = citizen
            if parent is not None:
                parent_period = parent.latest()
                if parent_period is not None:
                    self._follow(
                        citizen,
                        parent,
                        parent_period.ydernummer,
                        decisions.luna_effective(parent_period.effective, today),
                        correlation_id,
                    )
            else:
                self.jobs.import_doctor(citizen, required=False)
            return citizen_doc(citizen, today)

    def citizen_doc(self, cpr: str) -> dict[str, Any]:
        """The contract's view of a citizen today."""
        with self.lock:
            return citizen_doc(self.state.citizen(cpr), self.clock.today())

    # -- children follow their parent ---------------------------------------------------------------------
    def children_follow(self, parent: Citizen, ydernummer: str, effective: date, correlation_id: str | None) -> None:
        """DOMAIN.md: children under 15 follow the custody parent's doctor — when the parent changes, they change."""
        today = self.clock.today()
        children = decisions.who_follows(
            parent.cpr,
            ydernummer,
            [
                decisions.ChildFacts(c.cpr, c.follows, c.status == "active", c.latest_ydernummer())
                for c in self.state.citizens.values()
            ],
            today,
        )
        for child in children:
            self._follow(
                self.state.citizens[child],
                parent,
                ydernummer,
                decisions.luna_effective(effective, today),
                correlation_id,
            )

    def _follow(
        self, child: Citizen, parent: Citizen, ydernummer: str, effective: date, correlation_id: str | None
    ) -> None:
        if not self.policy.children_follow():
            return
        job = Job(
            job_id=self.new_id(),
            kind="follow",
            cpr=child.cpr,
            correlation_id=correlation_id,
            data={
                "parent": parent.cpr,
                "ydernummer": ydernummer,
                "effective": effective,
                "previous": child.latest_ydernummer(),
            },
        )
        self.state.jobs[job.job_id] = job
        self.jobs.run(job, raise_errors=False)

    def run_follow(self, job: Job) -> None:
        """The child's registration in Luna, then the event. A closed practice admits the child: the parent, at the
        same address, has this doctor (DOMAIN.md exception (a))."""
        d = job.data
        child = self.state.citizen(job.cpr)
        practice = self.jobs.practice_cached(job, d["ydernummer"])
        effective = decisions.luna_effective(d["effective"], self.clock.today())
        request = self.jobs.luna_request(
            child, d["ydernummer"], effective, config.REASON_CHILD_FOLLOWS, follows=d["parent"]
        )
        if not practice["openForIntake"]:
            request["closedPracticeException"] = "same-address"
        registration = self.jobs.register(job, "register", request, child)
        self.jobs.once(
            job,
            "event",
            lambda: self.jobs.publish_laegevalg(
                child,
                d["ydernummer"],
                date.fromisoformat(registration["effectiveDate"]),
                config.REASON_CHILD_FOLLOWS,
                d["previous"],
            ),
        )


def check_municipality(code: int) -> None:
    """One of the 98 municipality codes (reference data, read as the other simulators read it)."""
    from simulators import refdata

    if code not in refdata.municipalities():
        raise UnknownMunicipality(f"{code} is not one of the 98 municipality codes", municipalityCode=code)
