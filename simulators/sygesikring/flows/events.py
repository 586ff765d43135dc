"""What CPR and Luna tell the SUT through the Servicebus.

The SUT subscribes to cpr.person-changed and luna.practice-changed (config.SUBSCRIBED_TOPICS); the bus pushes each
message at least once, so a message id is acted on once (unless the policy says otherwise), and a payload that
cannot be used is acknowledged and noted, never a crash. Death and emigration end the sygesikring and the lægevalg
in Luna; a new CPR number moves the record; a name change opens the window for a free card; a closing practice
gives its patients a free re-choice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import decisions
from ..context import Context, Part
from ..jobs import Jobs
from ..state import Citizen

COVERAGE_TOPIC = "sygesikring.coverage-ended"


class Deliveries(Part):
    def __init__(self, ctx: Context, jobs: Jobs) -> None:
        super().__init__(ctx)
        self.jobs = jobs

    def receive_delivery(self, doc: dict[str, Any], correlation_id: str | None = None) -> None:
        """Act once per message id (delivery is at least once); a payload that cannot be used is acknowledged and
        noted."""
        key = (doc["topic"], doc["messageId"])
        with self.lock, self.neighbours.correlated(doc.get("correlationId") or correlation_id):
            if key in self.state.seen_messages and not self.policy.acts_on_repeats():
                return
            self.state.seen_messages.add(key)
            payload = doc["payload"]
            try:
                if doc["topic"] == "cpr.person-changed":
                    self._person_changed(payload)
                elif doc["topic"] == "luna.practice-changed":
                    self._practice_changed(payload)
                else:
                    self._ignore(
                        doc, "not a topic the SUT acts on (E-flyt pushes moves directly; sygesikring.* are its own)"
                    )
            except (KeyError, TypeError, ValueError) as exc:
                self._ignore(doc, f"unusable payload: {type(exc).__name__}: {exc}")

    def _ignore(self, doc: dict[str, Any], why: str) -> None:
        self.state.ignored_messages.append({"messageId": doc["messageId"], "topic": doc["topic"], "why": why})

    # -- CPR ------------------------------------------------------------------------------------------------
    def _person_changed(self, p: dict[str, Any]) -> None:
        """cpr.person-changed, for one of the municipality's citizens (decisions.person_change_action says what it
        means)."""
        change = p["changeType"]
        citizen = self.state.citizens.get(p["cpr"])
        if not isinstance(change, str) or citizen is None:
            return  # not one of the municipality's citizens
        effective = date.fromisoformat(p["effectiveDate"])
        status = p.get("status")
        action = decisions.person_change_action(change, status, self.policy)
        if action in ("death", "emigration"):
            self._end_coverage(citizen, action, effective)
        elif action == "cpr-change":
            self._cpr_changed(citizen, p["newCpr"], effective)
        elif action == "name-change":
            citizen.name_changed_on = effective
        elif action == "protection-change":
            citizen.address_protected = bool(p["addressProtected"])
        elif action == "address-change":
            citizen.address_protected = bool(p.get("addressProtected", citizen.address_protected))
            if "address" in p:
                citizen.address = dict(p["address"])
            code = p.get("municipalityCode")
            if isinstance(code, int) and code != citizen.municipality_code:
                citizen.municipality_code, citizen.location = code, None  # E-flyt had not told us: location unknown
                citizen.moved_in_on = citizen.last_move_on = effective

    def _end_coverage(self, citizen: Citizen, reason: str, end_date: date) -> None:
        """Death or emigration ends the sygesikring and the lægevalg in Luna; partners hear it on the bus."""
        if citizen.status != "active" and not self.policy.acts_on_repeats():
            return  # already ended: a second word of the same death changes nothing
        citizen.status, citizen.end_reason, citizen.end_date = "ended", reason, end_date
        for job in [j for j in self.state.jobs.values() if j.cpr == citizen.cpr and j.kind in ("choice", "follow")]:
            job.state, job.error = "rejected", f"coverage ended ({reason})"
            self.jobs.retire(job)
        if self.policy.tells_luna_of_end():
            self.neighbours.end_laegevalg(citizen.cpr, end_date, reason, context=("end", citizen.cpr))
        self.neighbours.publish(
            COVERAGE_TOPIC,
            {
                "cpr": citizen.cpr,
                "reason": reason,
                "endDate": end_date.isoformat(),
                "municipalityCode": citizen.municipality_code,
            },
            key=citizen.cpr,
        )

    def _cpr_changed(self, citizen: Citizen, new_cpr: str, effective: date) -> None:
        """The record moves to the new number (a free health card follows); children now follow the new number."""
        if new_cpr in self.state.citizens:
            return
        old = citizen.cpr
        del self.state.citizens[old]
        citizen.cpr, citizen.previous_cpr, citizen.cpr_changed_on = new_cpr, old, effective
        self.state.citizens[new_cpr] = citizen
        for other in self.state.citizens.values():
            if other.follows == old:
                other.follows = new_cpr
        for job in self.state.jobs.values():
            if job.cpr == old:
                job.cpr = new_cpr

    # -- Luna -----------------------------------------------------------------------------------------------
    def _practice_changed(self, p: dict[str, Any]) -> None:
        """A closing practice (or a leaving doctor) gives its patients a free re-choice (DOMAIN.md free cases); a
        practice that opens again takes it back [design: the ground for the free change is gone]. A stale event
        (decisions.practice_event_stale) is ignored.
        """
        changed = date.fromisoformat(p["changedDate"]) if p.get("changedDate") else None
        newest = self.state.practice_changed_on.get(p["ydernummer"])
        if decisions.practice_event_stale(changed, newest, self.policy):
            self._ignore(
                {"messageId": "-", "topic": "luna.practice-changed"}, f"stale: {changed} is older than {newest}"
            )
            return
        if changed is not None:
            self.state.practice_changed_on[p["ydernummer"]] = max(changed, newest or changed)
        if p["openForIntake"] is True:
            for citizen in self.state.citizens.values():
                latest = citizen.latest()
                if latest is not None and latest.ydernummer == p["ydernummer"]:
                    citizen.entitlements.pop("practice-closed", None)
            return
        if not decisions.practice_gone(p["reason"]):
            return
        for citizen in self.state.citizens.values():
            latest = citizen.latest()
            if citizen.status == "active" and latest is not None and latest.ydernummer == p["ydernummer"]:
                citizen.entitlements["practice-closed"] = None
