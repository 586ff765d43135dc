"""Move cases (flytninger) from E-flyt, and the receipt (kvittering) for each.

E-flyt pushes a case — the mover, co-movers, the new address and, on a move between municipalities, maybe a doctor
chosen in the self-service — and gets 202 at once; the case runs afterwards as a job (the runner: the world's
scheduler, or at once in a unit test). The rule core says whether the move takes the citizen beyond the distance
limit from the current doctor (a free change for FREE_CHANGE_AFTER_MOVE_DAYS), whether a doctor chosen in E-flyt
is registered, and which co-movers are children who follow. E-flyt hears what happened: `pending` while Luna is
away, then `completed` or `rejected` — a receipt never claims more than happened.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from simulators.core.errors import DomainError

from .. import config, decisions
from ..context import Context, Part
from ..defects import Defects
from ..errors import CaseConflict, CoverageEnded
from ..fees import Fees
from ..jobs import Jobs
from ..ports import Runner
from ..state import Citizen, GroupPeriod, Job, derived_key, home_of


class Move(Part):
    def __init__(self, ctx: Context, jobs: Jobs, fees: Fees, runner: Runner) -> None:
        super().__init__(ctx)
        self.jobs = jobs
        self.fees = fees
        self.runner = runner

    def receive_move(self, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, str]:
        """Accept a move case (idempotent by caseId) and handle it afterwards; the receipt goes to E-flyt."""
        case_id = doc["caseId"]
        with self.lock:
            known = self.state.cases.get(case_id)
            if known is not None:
                if known["notification"] != doc:
                    raise CaseConflict(f"case {case_id} was already received with a different body", caseId=case_id)
                return {"caseId": case_id, "status": "received"}
            job = Job(
                job_id=self.new_id(),
                kind="move",
                cpr=doc["cpr"],
                correlation_id=correlation_id,
                data={"caseId": case_id, "notification": doc},
            )
            self.state.cases[case_id] = {"notification": doc, "jobId": job.job_id, "receipts": []}
            self.state.jobs[job.job_id] = job
        self.runner.submit(lambda: self.jobs.run_locked(job))
        return {"caseId": case_id, "status": "received"}

    def run(self, job: Job) -> None:
        """DOMAIN.md Move: the citizen may always keep the doctor; a move beyond the distance limit gives a free change
        within FREE_CHANGE_AFTER_MOVE_DAYS; children under 15 follow the parent.

        A doctor chosen in E-flyt is registered free, effective from the move date — or today, if the move was
        reported late, since Luna registers nothing in the past [design] — when the move takes the citizen beyond
        the limit from the current doctor (or the citizen has none). Otherwise the citizen keeps the doctor and
        the receipt says so. E-flyt offers no waiver of home visits, so a chosen doctor beyond the limit from the
        new home is refused.
        """
        d = job.data
        n = d["notification"]
        today = self.clock.today()
        move_date = date.fromisoformat(n["moveDate"])
        destination = n["to"]
        co_movers = [c["cpr"] for c in n.get("coMovers", [])]
        if "checked" not in job.done:
            for cpr in [n["cpr"], *co_movers]:
                decisions.check_cpr(cpr, self.policy)
            job.done.add("checked")
        if "applied" not in job.done:
            people = [
                self._citizen_for_move(cpr, destination["municipalityCode"], today) for cpr in [n["cpr"], *co_movers]
            ]
            for person in people:
                self.jobs.import_doctor(
                    person, required=True
                )  # blocks (pending) while Luna is away: nothing applied yet
            mover = people[0]
            d["previous"] = mover.latest_ydernummer()
            # under 15 on the day the registration takes effect (a move reported late is registered from today)
            d["children"] = decisions.children_moving_along(
                [p.cpr for p in people[1:]], decisions.luna_effective(move_date, today)
            )
            for person in people:
                self._apply_move(person, n, move_date)
            for child in d["children"]:
                self.state.citizens[child].follows = mover.cpr
            job.done.add("applied")
        mover = self.state.citizen(job.cpr)
        limit = decisions.distance_limit_km(destination["municipalityCode"], self.policy)
        home = home_of(mover)
        if "assessed" not in job.done:
            d["beyond"] = None
            if d["previous"] is not None and home is not None:
                current = self.jobs.practice_cached(job, d["previous"], missing_ok=True)
                if current is not None:
                    distance = decisions.distance_km(home, current["location"])
                    d["distanceKm"] = round(distance, 2)
                    d["beyond"] = decisions.beyond_limit(distance, limit)
            if d["beyond"]:
                mover.entitlements["moved"] = decisions.free_change_after_move_until(move_date)
            job.done.add("assessed")
        target, target_effective = d["previous"], decisions.luna_effective(move_date, today)
        choice = n.get("doctorChoice")
        if choice and decisions.move_registers_choice(d["previous"], d["beyond"]):
            ydernummer = choice["ydernummer"]
            practice = self.jobs.practice_cached(job, ydernummer)
            if home is not None:
                decisions.check_move_choice_distance(
                    ydernummer, decisions.distance_km(home, practice["location"]), limit
                )
            request = self.jobs.luna_request(
                mover, ydernummer, decisions.luna_effective(move_date, today), config.REASON_MOVE
            )
            registration = self.jobs.register(job, "register", request, mover)
            target, target_effective = ydernummer, date.fromisoformat(registration["effectiveDate"])
            d["registered"] = {"ydernummer": ydernummer, "effectiveDate": registration["effectiveDate"]}
            if "entitlement-used" not in job.done:
                mover.entitlements.pop("moved", None)
                job.done.add("entitlement-used")
            fee = decisions.move_choice_charge(target_effective, self.policy)
            if fee.amount_ore:
                key = derived_key("laegevalg", mover.cpr, ydernummer, target_effective, today)
                self.jobs.once(job, "fee", lambda: self.fees.charge(mover, "doctor-change", fee.amount_ore, key))
            self.jobs.once(
                job,
                "event",
                lambda: self.jobs.publish_laegevalg(
                    mover, ydernummer, target_effective, config.REASON_MOVE, d["previous"]
                ),
            )
        elif choice:
            d["kept"] = True
        if target is None or not self.policy.children_follow():
            return
        for child_cpr in d["children"]:
            child = self.state.citizen(child_cpr)
            step = f"child:{child_cpr}"
            if step not in job.outcomes and child.latest_ydernummer() == target:
                continue
            previous = d.setdefault("childPrevious", {}).setdefault(child_cpr, child.latest_ydernummer())
            practice = self.jobs.practice_cached(job, target)
            request = self.jobs.luna_request(
                child,
                target,
                decisions.luna_effective(target_effective, today),
                config.REASON_CHILD_FOLLOWS,
                follows=mover.cpr,
            )
            if not practice["openForIntake"]:
                request["closedPracticeException"] = "same-address"
            try:
                registration = self.jobs.register(job, step, request, child)
            except DomainError as refused:
                d.setdefault("childErrors", {})[child_cpr] = refused.detail
                continue
            effective = date.fromisoformat(registration["effectiveDate"])
            self.jobs.once(
                job,
                f"event:{child_cpr}",
                functools.partial(  # bound now: `once` runs it at once, inside this iteration
                    self.jobs.publish_laegevalg, child, target, effective, config.REASON_CHILD_FOLLOWS, previous
                ),
            )

    def _citizen_for_move(self, cpr: str, municipality_code: int, today: date) -> Citizen:
        """A mover the municipality does not know yet is moving in (normal here); one whose coverage ended cannot
        move."""
        citizen = self.state.citizens.get(cpr)
        if citizen is None:  # moving in from another municipality (or not known yet): normal here
            citizen = Citizen(
                cpr=cpr,
                municipality_code=municipality_code,
                groups=[GroupPeriod(1, today)],
                registration_reason="moved-in",
            )
            self.state.citizens[cpr] = citizen
        elif citizen.status != "active":
            raise CoverageEnded(f"the sygesikring of {cpr} ended {citizen.end_date} ({citizen.end_reason})", cpr=cpr)
        return citizen

    def _apply_move(self, citizen: Citizen, n: dict[str, Any], move_date: date) -> None:
        """The new address, municipality and location; a move into the municipality opens the free-change windows."""
        destination = n["to"]
        if decisions.moves_in(
            n["from"]["municipalityCode"], destination["municipalityCode"], citizen.municipality_code
        ):
            citizen.moved_in_on = move_date
        citizen.municipality_code = self.policy.municipality_after_move(
            citizen.municipality_code, destination["municipalityCode"]
        )
        citizen.address = dict(destination["address"])
        location = destination.get("location")
        citizen.location = (location["lat"], location["lon"]) if location else None
        citizen.last_move_on = move_date

    def finish(self, job: Job, state: str) -> None:
        """The receipt to E-flyt, telling exactly what happened (sent again only when the outcome changes)."""
        d = job.data
        case = self.state.cases.get(d["caseId"])
        if case is None:
            return
        receipt = move_receipt(state, d, job.error, self.policy)
        last = case["receipts"][-1] if case["receipts"] else None
        if last is not None and (last["status"], last.get("laegevalg")) == (
            receipt["status"],
            receipt.get("laegevalg"),
        ):
            return
        case["receipts"].append(receipt)
        self.neighbours.send_receipt(d["caseId"], receipt)


def move_receipt(state: str, d: dict[str, Any], error: str | None, policy: Defects) -> dict[str, Any]:
    """What the receipt tells E-flyt about the case's job in `state` (done, pending, rejected): exactly what
    happened."""
    choice = d["notification"].get("doctorChoice")
    if state == "pending" and policy.pending_receipt_claims_choice() and choice:
        # the receipt tells what was asked for, as if Luna had taken it
        return {
            "status": "completed",
            "message": "Flytning registreret",
            "laegevalg": {"ydernummer": choice["ydernummer"], "effectiveDate": d["notification"]["moveDate"]},
        }
    if state == "pending":
        return {"status": "pending", "message": "Flytning modtaget; lægevalget afventer registrering i Luna"}
    if state == "rejected":
        return {"status": "rejected", "message": f"Lægevalg afvist: {error}"}
    parts = ["Flytning registreret"]
    if d.get("registered"):
        r = d["registered"]
        parts.append(f"nyt lægevalg {r['ydernummer']} fra {r['effectiveDate']} uden gebyr")
    elif d.get("kept"):
        parts.append(
            f"flytningen er inden for afstandsgrænsen; borgeren beholder læge {d['previous']} (lægeskift koster gebyr)"
        )
    elif d.get("previous"):
        parts.append(f"borgeren beholder læge {d['previous']}")
    for child, child_error in sorted(d.get("childErrors", {}).items()):
        parts.append(f"barnet {child} kunne ikke følge forælderens læge: {child_error}")
    receipt: dict[str, Any] = {"status": "completed", "message": "; ".join(parts)}
    if d.get("registered"):
        receipt["laegevalg"] = dict(d["registered"])
    return receipt
