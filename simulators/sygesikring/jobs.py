"""The reference SUT's jobs: work that needs neighbours, as idempotent steps, and the steps they share.

A choice, a move case or a child following a parent runs as a `Job` (state.py) of steps — validate, register in
Luna, post the fee, publish — each done once however often the job is run (`once`, and `register`, which keeps
Luna's answer per step). A job blocked by an unreachable neighbour is `pending` and is simply run again from the
top by the next sweep (model.retry_pending); a rule broken along the way rejects it and undoes what it left on the
citizen. The flows register how to run each kind of job (`runners`) and, if they want to know how it went,
a hook (`on_finish`: the move case's receipt).

The Luna steps live here too, because every kind of job takes them: read a practice or a citizen's registrations,
write a registration and record it as a period, publish the lægevalg event.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal, overload

from simulators.core.errors import DomainError

from . import config
from .context import Context, Part
from .errors import UnknownYder, luna_error
from .ports import Unavailable
from .state import Citizen, Job, Period

LAEGEVALG_TOPIC = "sygesikring.laegevalg-changed"


class Jobs(Part):
    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.runners: dict[str, Callable[[Job], None]] = {}  # kind -> the flow's steps
        self.on_finish: dict[str, Callable[[Job, str], None]] = {}  # kind -> told 'done', 'pending' or 'rejected'

    def run(self, job: Job, raise_errors: bool) -> str:
        """Run a job's steps; 'done', 'pending' (a neighbour is away) or 'rejected' (a rule or a neighbour said no)."""
        with self.neighbours.correlated(job.correlation_id):
            try:
                self.runners[job.kind](job)
            except Unavailable as exc:
                job.state, job.error = "pending", str(exc)
                self._finished(job, "pending")
                return "pending"
            except DomainError as exc:
                job.state, job.error = "rejected", exc.detail
                self._undo(job)
                self.retire(job)
                self._finished(job, "rejected")
                if raise_errors:
                    raise
                return "rejected"
            job.state, job.error = "done", None
            self.retire(job)
            self._finished(job, "done")
            return "done"

    def _finished(self, job: Job, state: str) -> None:
        """Tell the flow how its job went, if it wants to know (a move case's receipt to E-flyt)."""
        hook = self.on_finish.get(job.kind)
        if hook is not None:
            hook(job, state)

    def run_locked(self, job: Job) -> None:
        """Run a job handed to the runner (a move case after its 202), unless it finished meanwhile."""
        with self.lock:
            if job.job_id in self.state.jobs and job.state in ("running", "pending"):
                self.run(job, raise_errors=False)

    def retire(self, job: Job) -> None:
        """Done with, one way or another: kept among the last 1000 finished jobs for /__admin/state."""
        self.state.jobs.pop(job.job_id, None)
        self.state.finished.append(job.as_dict())
        del self.state.finished[:-1000]

    def _undo(self, job: Job) -> None:
        """A refused choice leaves no trace on the citizen: no pending period, the free entitlement given back."""
        citizen = self.state.citizens.get(job.cpr)
        if citizen is None:
            return
        citizen.laegevalg = [p for p in citizen.laegevalg if p.job_id != job.job_id or p.status == "registered"]
        consumed = job.data.get("consumed")
        if consumed:
            citizen.entitlements.setdefault(consumed[0], consumed[1])
        if job.kind == "choice":
            self.state.replies.pop(job.data["key"], None)

    def once(self, job: Job, step: str, action: Callable[[], Any]) -> None:
        """A step that must happen once per job however often the job is run (a fee, an event)."""
        if step not in job.done:
            action()
            job.done.add(step)

    def register(self, job: Job, step: str, request: dict[str, Any], citizen: Citizen) -> dict[str, Any]:
        """Register in Luna once per step: a queued registration blocks the job; a refusal becomes the SUT's error."""
        outcome = job.outcomes.get(step)
        if outcome is None:
            if step in job.tickets:
                raise Unavailable("waiting for Luna to accept a queued registration")
            outcome = self.neighbours.register_laegevalg(request, context=(job.job_id, step))
            if outcome.pending:
                job.tickets[step] = outcome.ticket or ""
                self.put_period(
                    citizen,
                    job,
                    step,
                    request["ydernummer"],
                    _wire_date(request["effectiveDate"]),
                    "pending",
                    request["reason"],
                    request.get("followsCpr"),
                )
                raise Unavailable("Luna is unavailable; the registration is queued")
            job.outcomes[step] = outcome
        if outcome.refused is not None:
            raise luna_error(outcome.refused)
        document = outcome.document or {}
        if not any(p.job_id == job.job_id and p.step == step and p.status == "registered" for p in citizen.laegevalg):
            self.put_period(
                citizen,
                job,
                step,
                document.get("ydernummer", request["ydernummer"]),
                date.fromisoformat(document.get("effectiveDate", request["effectiveDate"])),
                "registered",
                request["reason"],
                request.get("followsCpr"),
            )
        return {
            "ydernummer": document.get("ydernummer", request["ydernummer"]),
            "effectiveDate": document.get("effectiveDate", request["effectiveDate"]),
        }

    # -- Luna, and the lægevalg event ----------------------------------------------------------------------

    def put_period(
        self,
        citizen: Citizen,
        job: Job,
        step: str,
        ydernummer: str,
        effective: date,
        status: str,
        reason: str,
        follows: str | None = None,
    ) -> None:
        """Record a choice on the citizen; a registered one supersedes choices from the same day or later (as Luna
        does)."""
        citizen.laegevalg = [p for p in citizen.laegevalg if not (p.job_id == job.job_id and p.step == step)]
        if status == "registered":
            for earlier in citizen.laegevalg:
                if earlier.effective >= effective:
                    earlier.superseded = True
            if job.kind == "follow" or reason == config.REASON_CHILD_FOLLOWS:
                citizen.follows = follows or citizen.follows
        citizen.laegevalg.append(Period(ydernummer, effective, status, reason, follows, job.job_id, step))

    def practice(self, ydernummer: str) -> dict[str, Any]:
        """The practice (yder) from Luna; an unknown ydernummer is the caller's error."""
        practice = self.neighbours.practice(ydernummer)
        if practice is None:
            raise UnknownYder(f"no practice with ydernummer {ydernummer}", ydernummer=ydernummer)
        return practice

    @overload
    def practice_cached(self, job: Job, ydernummer: str, missing_ok: Literal[False] = False) -> dict[str, Any]: ...

    @overload
    def practice_cached(self, job: Job, ydernummer: str, missing_ok: Literal[True]) -> dict[str, Any] | None: ...

    def practice_cached(self, job: Job, ydernummer: str, missing_ok: bool = False) -> dict[str, Any] | None:
        """The practice as Luna described it the first time this job asked (a job run again asks no more)."""
        cache = job.data.setdefault("practices", {})
        if ydernummer not in cache:
            cache[ydernummer] = self.neighbours.practice(ydernummer)
        if cache[ydernummer] is None and not missing_ok:
            raise UnknownYder(f"no practice with ydernummer {ydernummer}", ydernummer=ydernummer)
        return cache[ydernummer]

    def import_doctor(self, citizen: Citizen, required: bool) -> None:
        """Read Luna's registrations for a citizen the SUT has no doctor for (moving in, registered before)."""
        if citizen.imported or citizen.laegevalg:
            return
        try:
            found = self.neighbours.citizen_laegevalg(citizen.cpr)
        except Unavailable:
            if required:
                raise
            return
        for registration in ([found["current"]] if found and found.get("current") else []) + list(
            (found or {}).get("future", [])
        ):
            citizen.laegevalg.append(
                Period(
                    registration["ydernummer"],
                    date.fromisoformat(registration["effectiveDate"]),
                    reason=registration.get("reason", config.REASON_CHANGE),
                    follows_cpr=registration.get("followsCpr"),
                )
            )
        citizen.imported = True

    def luna_request(
        self, citizen: Citizen, ydernummer: str, effective: date, reason: str, follows: str | None = None
    ) -> dict[str, Any]:
        """A registration for Luna (SYdernr from SIkraftDatoYder, SFolgerskabsPerson as followsCpr)."""
        when = self.policy.luna_date(effective)
        request: dict[str, Any] = {
            "cpr": citizen.cpr,
            "ydernummer": ydernummer,
            "effectiveDate": when,
            "reason": reason,
            "municipalityCode": citizen.municipality_code,
        }
        if follows:
            request["followsCpr"] = follows
        return request

    def publish_laegevalg(
        self, citizen: Citizen, ydernummer: str, effective: date, reason: str, previous: str | None
    ) -> None:
        """sygesikring.laegevalg-changed: who, which doctor from when, and why — never a name or an address."""
        payload: dict[str, Any] = {
            "cpr": citizen.cpr,
            "ydernummer": ydernummer,
            "effectiveDate": effective.isoformat(),
            "reason": reason,
            "municipalityCode": citizen.municipality_code,
            "sikringsgruppe": citizen.group_on(self.clock.today()).group,
        }
        if previous and previous != ydernummer:
            payload["previousYdernummer"] = previous
        address = self.policy.event_address(citizen.address)  # none: no partner may learn where a citizen lives
        if address is not None:
            payload["address"] = address
        self.neighbours.publish(LAEGEVALG_TOPIC, payload, key=citizen.cpr)

    def doctor_of(self, cpr: str) -> str | None:
        """A person's doctor: the SUT's own record, else Luna's."""
        known = self.state.citizens.get(cpr)
        if known is not None and known.latest_ydernummer() is not None:
            return known.latest_ydernummer()
        luna = self.neighbours.citizen_laegevalg(cpr)
        if not luna:
            return None
        registrations = ([luna["current"]] if luna.get("current") else []) + list(luna.get("future", []))
        return registrations[-1]["ydernummer"] if registrations else None


def _wire_date(text: str) -> date:
    """A date as this SUT wrote it to Luna: ISO, or DD-MM-YYYY with the defect effect-date-danish-format on (so a
    queued registration under that defect is still recorded, not a crash)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return datetime.strptime(text, "%d-%m-%Y").date()
