"""The reference SUT's state and rules: the municipal sygesikring register as an executable specification.

Plain Python, no HTTP (ARCHITECTURE.md principle 2). The municipal sygesikring system administers, for
every citizen it knows, the sikringsgruppe (insurance group 1 or 2), the lægevalg (choice of general
practitioner, a 6-digit ydernummer with an effect date) and health cards (sundhedskort), and charges one fee
for a doctor change, a group change and a replacement card. Every rule below cites DOMAIN.md; every number
comes from simulators/rules.py (or, for this implementation's own choices, .config).

Its neighbours are reached through a *port*, `Neighbours` (the protocol below), implemented over HTTP in
neighbours.py and by a plain fake in the unit tests:

- Luna (the regions' register) is asked about practices and registers every doctor choice. When Luna cannot
  be reached, a choice is accepted as `pending` and finished later (`retry_pending`), and E-flyt gets a
  `pending` receipt first and a final one when it is done: a receipt never claims more than happened.
- Finance gets one balanced voucher per fee (debtor debit, fee revenue credit, in øre), with an
  Idempotency-Key derived from the request, so a retried request can never book twice.
- The Servicebus gets a `sygesikring.*` event for every change, and pushes CPR's and Luna's changes back.
  No payload the SUT publishes carries an address or a name (navne- og adressebeskyttelse).
- E-flyt pushes move cases (flytninger) and gets a receipt (kvittering) for each.

Work that needs a neighbour runs as a *job* of idempotent steps (validate, register in Luna, post the fee,
publish), so a job blocked by an unreachable neighbour can be run again from the top without doing any step
twice. A job started by a citizen's request reports a broken rule to the caller (4xx); a job finished later
in the background records it (and, for a move, tells E-flyt in the receipt).
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date, datetime
from typing import Any, Callable

from simulators import rules
from simulators.core.clock import VirtualClock
from simulators.core.errors import DomainError

from . import config, decisions
from .decisions import fee_kr  # noqa: F401 (re-exported: the fee table, as callers knew it)
from .defects import Defects
from .errors import (CaseConflict, CitizenExists, ClosedPractice, CoverageEnded, DistanceRule,  # noqa: F401 (re-exported)
                     ExceptionNotApplicable, GroupChangeLocked, InvalidCpr, InvalidCprDate, InvalidEffectDate,
                     InvalidFollows, LunaRefused, SameDoctor, SameGroup, UnknownCitizen, UnknownMunicipality,
                     UnknownYder, luna_error)
from .state import Citizen, Fee, GroupPeriod, Job, Period, Register, citizen_doc, citizen_state, derived_key
from .ports import Immediately, Neighbours, Outcome, Refused, Runner, Settlement, Unavailable  # noqa: F401 (re-exported)

LAEGEVALG_TOPIC = "sygesikring.laegevalg-changed"
GROUP_TOPIC = "sygesikring.group-changed"
COVERAGE_TOPIC = "sygesikring.coverage-ended"
HEALTHCARD_TOPIC = "sygesikring.healthcard-ordered"


# -- the model -------------------------------------------------------------------------------------------
class SygesikringModel:
    def __init__(self, clock: VirtualClock, neighbours: Neighbours, defects: Defects | None = None,
                 runner: Runner | None = None, retry_interval_s: float = config.PENDING_RETRY_INTERVAL_S,
                 monotonic: Callable[[], float] = time.monotonic, new_id: Callable[[], str] = lambda: str(uuid.uuid4())) -> None:
        self.clock = clock
        self.neighbours = neighbours
        self.defects = defects or Defects()
        self.runner = runner or Immediately()
        self.retry_interval_s = retry_interval_s
        self.monotonic = monotonic  # the world's scheduler time (virtual in a test world)
        self.new_id = new_id  # the world's identifiers (seeded in a virtual world)
        self._lock = threading.RLock()
        self._last_sweep = 0.0
        self.state = Register()

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
                groups = [GroupPeriod(doc.get("sikringsgruppe", 1), group_date, changed=doc.get("groupWasChanged", False))]
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
                    laegevalg=[Period(p["ydernummer"], date.fromisoformat(p["effectiveDate"])) for p in doc.get("laegevalg", [])],
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
                "cases": [{"caseId": k, "jobId": v["jobId"], "receipts": v["receipts"]} for k, v in self.state.cases.items()],
                "queued": self.neighbours.pending(),
                "ignoredMessages": self.state.ignored_messages[-100:],
                "workerErrors": list(getattr(self.runner, "errors", [])),
            }

    # -- housekeeping on every request -------------------------------------------------------------
    def before_request(self) -> None:
        """Subscribe to the bus if not yet done, and finish queued work if some is waiting (throttled)."""
        self.neighbours.ensure_subscriptions()
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
                    if self._run(job, raise_errors=False) in ("done", "rejected"):
                        finished += 1
            return finished

    def _settle(self, settlement: Settlement) -> None:
        if settlement.kind == "laegevalg":
            job_id, step = settlement.context
            job = self.state.jobs.get(job_id)
            if job is not None:
                job.tickets.pop(step, None)
                job.outcomes[step] = settlement.outcome
        elif settlement.kind == "fee":
            fee = self.state.fees_by_key.get(settlement.context)
            if fee is not None:
                self._apply_fee_outcome(fee, settlement.outcome)
        # end-laegevalg: nothing waits for it; Luna now knows

    # -- citizens ----------------------------------------------------------------------------------
    def register_citizen(self, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        """Make a citizen known: group 1 unless chosen (DOMAIN.md: no choice means group 1).

        A child under 15 names the parent it follows and gets the parent's doctor (DOMAIN.md, Children).
        Luna's registrations, if any, are read in, so a citizen moving in keeps the doctor they have.
        """
        today = self.clock.today()
        cpr = doc["cpr"]
        with self._lock, self.neighbours.correlated(correlation_id):
            self._check_cpr(cpr)
            if cpr in self.state.citizens:
                raise CitizenExists(f"citizen {cpr} is already registered", cpr=cpr)
            municipality_code = int(doc["municipalityCode"])  # JSON may say 461.0
            _check_municipality(municipality_code)
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
                    self._follow(citizen, parent, parent_period.ydernummer,
                                 decisions.luna_effective(parent_period.effective, today), correlation_id)
            else:
                self._import_doctor(citizen, required=False)
            return citizen_doc(citizen, today)

    def citizen_doc(self, cpr: str) -> dict[str, Any]:
        with self._lock:
            return citizen_doc(self._citizen(cpr), self.clock.today())

    def _citizen(self, cpr: str) -> Citizen:
        try:
            return self.state.citizens[cpr]
        except KeyError:
            raise UnknownCitizen(f"no citizen {cpr} in the municipality's sygesikring", cpr=cpr) from None

    def _active(self, cpr: str) -> Citizen:
        citizen = self._citizen(cpr)
        if citizen.status != "active":
            raise CoverageEnded(f"the sygesikring of {cpr} ended {citizen.end_date} ({citizen.end_reason})", cpr=cpr)
        return citizen

    def _check_cpr(self, cpr: str) -> None:
        decisions.check_cpr(cpr, self.defects)

    # -- lægevalg: the citizen's choice --------------------------------------------------------------
    def choose_doctor(self, cpr: str, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        """The citizen chooses a doctor (DOMAIN.md: effect date, distance rule, closed practice, fee, free cases).

        Effect date: today + DOCTOR_CHANGE_EFFECT_DAYS by default; earlier (never before today) only where a rule
        gives a free change that must not wait: a first choice, a move beyond the distance limit, a closing
        practice. Registered in Luna first; the fee and the event follow only what Luna accepted.
        """
        today = self.clock.today()
        with self._lock, self.neighbours.correlated(correlation_id):
            self._check_cpr(cpr)
            citizen = self._active(cpr)
            ydernummer = doc["ydernummer"]
            requested = date.fromisoformat(doc["effectiveDate"]) if "effectiveDate" in doc else None
            key = derived_key("laegevalg", cpr, ydernummer, requested, today)
            if key in self.state.replies:
                return self.state.replies[key]  # the same request again today: same answer, nothing new
            self._import_doctor(citizen, required=False)
            latest = citizen.latest()
            group_1_ahead = _group_1_ahead(citizen, today)
            decisions.check_new_doctor(cpr, ydernummer, (latest.ydernummer, latest.effective) if latest else None,
                                       decisions.leaving_group_2(citizen.group_on(today).group, group_1_ahead))
            exception = doc.get("closedPracticeException")
            terms = decisions.doctor_change_terms(decisions.ChoiceFacts(
                cpr=cpr, first=decisions.is_first_choice(latest is not None, citizen.imported, citizen.registration_reason),
                registration_reason=citizen.registration_reason, entitlements=citizen.entitlements,
                group_1_ahead=group_1_ahead, exception=exception), today)
            free_reason, luna_reason = terms.free_reason, terms.luna_reason
            effective = decisions.doctor_change_effective(requested, terms, today, self.defects)
            fee = decisions.charge(free_reason, effective)
            amount = fee.amount_ore
            job = Job(
                job_id=self.new_id(), kind="choice", cpr=cpr, correlation_id=correlation_id,
                data={
                    "ydernummer": ydernummer, "effective": effective, "reason": luna_reason, "exception": exception,
                    "doctorAccepted": doc.get("doctorAccepted"), "waiveHomeVisits": doc.get("waiveHomeVisits", False),
                    "freeReason": free_reason, "amountOre": amount, "key": key,
                    "previous": latest.ydernummer if latest else None,
                },
            )
            consumed = self._consume_entitlement(citizen, free_reason)
            job.data["consumed"] = consumed
            self.state.jobs[job.job_id] = job
            state = self._run(job, raise_errors=True)
            if state == "pending" and not self.defects.keeps_queued_choice():
                self.state.jobs.pop(job.job_id, None)  # answered pending, kept nowhere: nothing finishes it when Luna is back
            if state == "pending" and not any(p.job_id == job.job_id for p in citizen.laegevalg):
                self._put_period(citizen, job, "register", ydernummer, effective, "pending", luna_reason)
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
        if decisions.uses_up_entitlement(free_reason) and free_reason in citizen.entitlements:
            return free_reason, citizen.entitlements.pop(free_reason)
        return None

    def _run_choice(self, job: Job) -> None:
        d = job.data
        citizen = self._citizen(job.cpr)
        if "validated" not in job.done:
            practice = self._practice(d["ydernummer"])
            self._check_distance(citizen, practice, d["waiveHomeVisits"])
            d["practiceOpen"] = practice["openForIntake"]
            if not practice["openForIntake"] and d["exception"]:
                self._check_exception(citizen, practice, d["exception"])
                d["exceptionUsed"] = True
            job.done.add("validated")
        request = self._luna_request(citizen, d["ydernummer"], d["effective"], d["reason"])
        if d.get("exceptionUsed"):
            request["closedPracticeException"] = d["exception"]
            if d.get("doctorAccepted") is not None:
                request["doctorAccepted"] = d["doctorAccepted"]
        if self.defects.publishes_before_luna():
            self._once(job, "event", lambda: self._publish_laegevalg(citizen, d["ydernummer"], d["effective"], d["reason"], d["previous"]))
        registration = self._register(job, "register", request, citizen)
        effective = date.fromisoformat(registration["effectiveDate"])
        if d["amountOre"]:
            self._once(job, "fee", lambda: self._charge(citizen, "doctor-change", d["amountOre"], d["key"]))
        self._once(job, "event", lambda: self._publish_laegevalg(citizen, d["ydernummer"], effective, d["reason"], d["previous"]))
        self._once(job, "children", lambda: self._children_follow(citizen, d["ydernummer"], effective, job.correlation_id))

    def _check_distance(self, citizen: Citizen, practice: dict[str, Any], waive: bool) -> None:
        """DOMAIN.md distance rule: beyond 15 km (5 km in the capital municipalities) only if home visits are waived."""
        home = self._home(citizen)
        if home is None:
            return
        distance = decisions.distance_km(home, practice["location"])
        limit = self._limit(citizen.municipality_code)
        decisions.check_choice_distance(practice["ydernummer"], distance, limit, citizen.municipality_code, waive)

    def _limit(self, municipality_code: int) -> int:
        return decisions.distance_limit_km(municipality_code, self.defects)

    def _home(self, citizen: Citizen) -> tuple[float, float] | None:
        """The citizen's location; without one, the municipality's reference point [design: an approximation]."""
        if citizen.location is not None:
            return citizen.location
        return _municipality_point(citizen.municipality_code)

    def _check_exception(self, citizen: Citizen, practice: dict[str, Any], exception: str) -> None:
        """Is the citizen entitled to the closed-practice exception named? The facts it turns on, then the rule."""
        ydernummer = practice["ydernummer"]
        facts = self._exception_facts(citizen, ydernummer, exception, self.clock.today())
        decisions.check_closed_practice_exception(citizen.cpr, ydernummer, exception, facts)

    def _exception_facts(self, citizen: Citizen, ydernummer: str, exception: str, today: date) -> decisions.ExceptionFacts:
        """Only the named exception's facts, each looked up only when the rule can need it: every lookup is a call to
        CPR or Luna (a parent's doctor is not asked for someone who is not 15, housemates not without an address)."""
        if exception == "same-address":
            return decisions.ExceptionFacts(housemate_has_doctor=bool(citizen.address) and any(
                self._doctor_of(cpr) == ydernummer for cpr in self._housemates(citizen)))
        if exception == "turning-15-parent-doctor":
            fifteen = decisions.is_fifteen(citizen.cpr, today)
            return decisions.ExceptionFacts(fifteen=fifteen, parent_has_doctor=fifteen and any(
                self._doctor_of(parent) == ydernummer for parent in self._parents(citizen)))
        if exception == "group-2-to-1-last-doctor":
            return decisions.ExceptionFacts(
                leaving_group_2=decisions.leaving_group_2(citizen.group_on(today).group, _group_1_ahead(citizen, today)),
                last_doctor=citizen.laegevalg[-1].ydernummer if citizen.laegevalg else None)
        if exception == "returning-from-service-or-prison":
            return decisions.ExceptionFacts(registration_reason=citizen.registration_reason)
        if exception == "few-open-doctors":
            home = self._home(citizen)
            if home is not None:
                limit = self._limit(citizen.municipality_code)
                open_near = self.neighbours.practices_near(home[0], home[1], limit, open_for_intake=True)
                return decisions.ExceptionFacts(open_doctors_near=len(open_near))
        return decisions.ExceptionFacts()

    def _housemates(self, citizen: Citizen) -> list[str]:
        address = citizen.address or {}
        found = {p["cpr"] for p in self.neighbours.household(citizen.municipality_code, address.get("street", ""), address.get("postalCode", ""))}
        found |= {c.cpr for c in self.state.citizens.values() if c.address and c.municipality_code == citizen.municipality_code
                  and _same_address(c.address, address)}
        found.discard(citizen.cpr)
        return sorted(found)

    def _parents(self, citizen: Citizen) -> list[str]:
        parents = [citizen.follows] if citizen.follows else []
        person = self.neighbours.person(citizen.cpr)
        if person and person.get("custody"):
            parents += [p for p in person["custody"]["parents"] if p not in parents]
        return parents

    def _doctor_of(self, cpr: str) -> str | None:
        """A person's doctor: the SUT's own record, else Luna's."""
        known = self.state.citizens.get(cpr)
        if known is not None and known.latest() is not None:
            return known.latest().ydernummer
        luna = self.neighbours.citizen_laegevalg(cpr)
        if not luna:
            return None
        registrations = ([luna["current"]] if luna.get("current") else []) + list(luna.get("future", []))
        return registrations[-1]["ydernummer"] if registrations else None

    # -- children follow their parent ---------------------------------------------------------------
    def _children_follow(self, parent: Citizen, ydernummer: str, effective: date, correlation_id: str | None) -> None:
        """DOMAIN.md: children under 15 follow the custody parent's doctor — when the parent changes, they change."""
        today = self.clock.today()
        children = decisions.who_follows(parent.cpr, ydernummer, [
            decisions.ChildFacts(c.cpr, c.follows, c.status == "active", c.latest().ydernummer if c.latest() else None)
            for c in self.state.citizens.values()], today)
        for child in children:
            self._follow(self.state.citizens[child], parent, ydernummer, decisions.luna_effective(effective, today), correlation_id)

    def _follow(self, child: Citizen, parent: Citizen, ydernummer: str, effective: date, correlation_id: str | None) -> None:
        if not self.defects.children_follow():
            return
        job = Job(job_id=self.new_id(), kind="follow", cpr=child.cpr, correlation_id=correlation_id,
                  data={"parent": parent.cpr, "ydernummer": ydernummer, "effective": effective,
                        "previous": child.latest().ydernummer if child.latest() else None})
        self.state.jobs[job.job_id] = job
        self._run(job, raise_errors=False)

    def _run_follow(self, job: Job) -> None:
        d = job.data
        child = self._citizen(job.cpr)
        practice = self._practice_cached(job, d["ydernummer"])
        effective = decisions.luna_effective(d["effective"], self.clock.today())
        request = self._luna_request(child, d["ydernummer"], effective, config.REASON_CHILD_FOLLOWS, follows=d["parent"])
        if not practice["openForIntake"]:
            request["closedPracticeException"] = "same-address"  # the parent, at the same address, has this doctor
        registration = self._register(job, "register", request, child)
        self._once(job, "event", lambda: self._publish_laegevalg(
            child, d["ydernummer"], date.fromisoformat(registration["effectiveDate"]), config.REASON_CHILD_FOLLOWS, d["previous"]))

    # -- sikringsgruppe -----------------------------------------------------------------------------
    def change_group(self, cpr: str, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        """DOMAIN.md: a group change takes effect GROUP_CHANGE_EFFECT_DAYS after the fee is registered (today),
        and no new change is allowed for GROUP_CHANGE_LOCK_DAYS after the last one took effect."""
        today = self.clock.today()
        to_group = doc["toGroup"]
        with self._lock, self.neighbours.correlated(correlation_id):
            self._check_cpr(cpr)
            citizen = self._active(cpr)
            key = derived_key("group", cpr, str(to_group), None, today)
            if key in self.state.replies:
                return self.state.replies[key]
            from_group = citizen.groups[-1].group  # the group after any change already under way
            last = next((g for g in reversed(citizen.groups) if g.changed), None)
            decisions.check_group_change(cpr, to_group, from_group, last.effective if last else None, today)
            effective = decisions.group_change_effective(today)
            fee = decisions.charge(decisions.group_change_free_reason(cpr, citizen.moved_in_on, today), effective)
            citizen.groups.append(GroupPeriod(to_group, effective, changed=True))
            if fee.amount_ore:
                self._charge(citizen, "group-change", fee.amount_ore, key)
            self.neighbours.publish(GROUP_TOPIC, {
                "cpr": cpr, "fromGroup": from_group, "toGroup": to_group,
                "effectiveDate": self.defects.group_event_date(effective), "municipalityCode": citizen.municipality_code,
            }, key=cpr)
            result = {"cpr": cpr, "fromGroup": from_group, "toGroup": to_group, "effectiveDate": effective.isoformat(),
                      "fee": fee.as_dict()}
            self.state.replies[key] = result
            return result

    # -- health cards -----------------------------------------------------------------------------
    def order_health_card(self, cpr: str, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        """DOMAIN.md: a replacement card costs the fee; first card, moving, name change (3 months), turning 15 and
        a CPR number change are free. The reason the caller gives is *checked* against the record: a free reason
        that does not hold is charged like a lost card."""
        today = self.clock.today()
        reason = doc["reason"]
        with self._lock, self.neighbours.correlated(correlation_id):
            self._check_cpr(cpr)
            citizen = self._active(cpr)
            key = derived_key("healthcard", cpr, reason, None, today)
            if key in self.state.replies:
                return self.state.replies[key]
            fee = decisions.charge(decisions.card_free_reason(reason, decisions.CardFacts(
                cpr=citizen.cpr, earlier_cards=tuple(date.fromisoformat(c["orderedOn"]) for c in citizen.cards),
                last_move_on=citizen.last_move_on, name_changed_on=citizen.name_changed_on,
                cpr_changed_on=citizen.cpr_changed_on), today), today)
            amount = fee.amount_ore
            card_id = self.new_id()
            citizen.cards.append({"cardId": card_id, "reason": reason, "orderedOn": today.isoformat(), "feeOre": amount})
            if amount:
                self._charge(citizen, "health-card", amount, key)
            self.neighbours.publish(HEALTHCARD_TOPIC, {
                "cpr": cpr, "reason": reason, "feeOre": amount, "municipalityCode": citizen.municipality_code,
            }, key=cpr)
            result = {"cardId": card_id, "cpr": cpr, "reason": reason,
                      "fee": fee.as_dict(), "status": "ordered"}
            self.state.replies[key] = result
            return result

    # -- fees -------------------------------------------------------------------------------------
    def _charge(self, citizen: Citizen, reason: str, amount_ore: int, key: str) -> Fee:
        """One balanced voucher (DOMAIN.md Finance): debit the citizen's debt, credit the fee revenue, in øre."""
        today = self.clock.today()
        voucher_amount = self.defects.voucher_amount(amount_ore)
        name = self._debtor_name(citizen)
        text = config.FEE_TEXTS[reason] + (f", {name}" if name else "")
        voucher = {
            "postingDate": today.isoformat(),
            "text": text[:200],
            "municipalityCode": citizen.municipality_code,
            "cpr": citizen.cpr,
            "source": config.VOUCHER_SOURCE,
            "lines": [
                {"account": rules.DEBTOR_ACCOUNT, "amountOre": voucher_amount, "text": "Borgerens gæld"},
                {"account": self.defects.fee_account(rules.FEE_REVENUE_ACCOUNT),
                 "amountOre": -voucher_amount, "text": config.FEE_TEXTS[reason]},
            ],
        }
        fee = Fee(amount_ore=amount_ore, reason=reason, posting_date=today, key=key)
        citizen.fees.append(fee)
        self.state.fees_by_key[key] = fee
        self._apply_fee_outcome(fee, self.neighbours.post_fee(voucher, key, context=key))
        return fee

    def _apply_fee_outcome(self, fee: Fee, outcome: Outcome) -> None:
        if outcome.done and outcome.document:
            fee.state, fee.voucher_id, fee.error = "posted", outcome.document.get("voucherId"), None
        elif outcome.pending:
            fee.state = "queued"
        elif outcome.refused is not None:
            fee.state, fee.error = "failed", f"{outcome.refused.status} {outcome.refused.code}: {outcome.refused.detail}"

    def _debtor_name(self, citizen: Citizen) -> str | None:
        """The debtor's name for the voucher, from CPR (best effort: a voucher without a name is still a voucher)."""
        try:
            person = self.neighbours.person(citizen.cpr)
        except Unavailable:
            return None
        if not person:
            return None
        name = person["name"]["full"]
        return self.defects.debtor_name(name)

    # -- moves from E-flyt ---------------------------------------------------------------------------
    def receive_move(self, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, str]:
        """Accept a move case (idempotent by caseId) and handle it afterwards; the receipt goes to E-flyt."""
        case_id = doc["caseId"]
        with self._lock:
            known = self.state.cases.get(case_id)
            if known is not None:
                if known["notification"] != doc:
                    raise CaseConflict(f"case {case_id} was already received with a different body", caseId=case_id)
                return {"caseId": case_id, "status": "received"}
            job = Job(job_id=self.new_id(), kind="move", cpr=doc["cpr"], correlation_id=correlation_id,
                      data={"caseId": case_id, "notification": doc})
            self.state.cases[case_id] = {"notification": doc, "jobId": job.job_id, "receipts": []}
            self.state.jobs[job.job_id] = job
        self.runner.submit(lambda: self._run_locked(job))
        return {"caseId": case_id, "status": "received"}

    def _run_locked(self, job: Job) -> None:
        with self._lock:
            if job.job_id in self.state.jobs and job.state in ("running", "pending"):
                self._run(job, raise_errors=False)

    def _run_move(self, job: Job) -> None:
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
                self._check_cpr(cpr)
            job.done.add("checked")
        if "applied" not in job.done:
            people = [self._citizen_for_move(cpr, destination["municipalityCode"], today) for cpr in [n["cpr"], *co_movers]]
            for person in people:
                self._import_doctor(person, required=True)  # blocks (pending) while Luna is away: nothing applied yet
            mover = people[0]
            d["previous"] = mover.latest().ydernummer if mover.latest() else None
            d["children"] = decisions.children_moving_along([p.cpr for p in people[1:]], move_date)
            for person in people:
                self._apply_move(person, n, move_date)
            for child in d["children"]:
                self.state.citizens[child].follows = mover.cpr
            job.done.add("applied")
        mover = self._citizen(job.cpr)
        limit = self._limit(destination["municipalityCode"])
        home = self._home(mover)
        if "assessed" not in job.done:
            d["beyond"] = None
            if d["previous"] is not None and home is not None:
                current = self._practice_cached(job, d["previous"], missing_ok=True)
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
            practice = self._practice_cached(job, ydernummer)
            if home is not None:
                decisions.check_move_choice_distance(ydernummer, decisions.distance_km(home, practice["location"]), limit)
            request = self._luna_request(mover, ydernummer, decisions.luna_effective(move_date, today), config.REASON_MOVE)
            registration = self._register(job, "register", request, mover)
            target, target_effective = ydernummer, date.fromisoformat(registration["effectiveDate"])
            d["registered"] = {"ydernummer": ydernummer, "effectiveDate": registration["effectiveDate"]}
            if "entitlement-used" not in job.done:
                mover.entitlements.pop("moved", None)
                job.done.add("entitlement-used")
            fee = decisions.move_choice_charge(target_effective, self.defects)
            if fee.amount_ore:
                self._once(job, "fee", lambda: self._charge(mover, "doctor-change", fee.amount_ore,
                                                            derived_key("laegevalg", mover.cpr, ydernummer, target_effective, today)))
            self._once(job, "event", lambda: self._publish_laegevalg(mover, ydernummer, target_effective, config.REASON_MOVE, d["previous"]))
        elif choice:
            d["kept"] = True
        if target is None or not self.defects.children_follow():
            return
        for child_cpr in d["children"]:
            child = self._citizen(child_cpr)
            step = f"child:{child_cpr}"
            if step not in job.outcomes and child.latest() is not None and child.latest().ydernummer == target:
                continue
            previous = d.setdefault("childPrevious", {}).setdefault(child_cpr, child.latest().ydernummer if child.latest() else None)
            practice = self._practice_cached(job, target)
            request = self._luna_request(child, target, decisions.luna_effective(target_effective, today),
                                         config.REASON_CHILD_FOLLOWS, follows=mover.cpr)
            if not practice["openForIntake"]:
                request["closedPracticeException"] = "same-address"
            try:
                registration = self._register(job, step, request, child)
            except DomainError as refused:
                d.setdefault("childErrors", {})[child_cpr] = refused.detail
                continue
            effective = date.fromisoformat(registration["effectiveDate"])
            self._once(job, f"event:{child_cpr}", lambda: self._publish_laegevalg(child, target, effective, config.REASON_CHILD_FOLLOWS, previous))

    def _citizen_for_move(self, cpr: str, municipality_code: int, today: date) -> Citizen:
        citizen = self.state.citizens.get(cpr)
        if citizen is None:  # moving in from another municipality (or not known yet): normal here
            citizen = Citizen(cpr=cpr, municipality_code=municipality_code, groups=[GroupPeriod(1, today)], registration_reason="moved-in")
            self.state.citizens[cpr] = citizen
        elif citizen.status != "active":
            raise CoverageEnded(f"the sygesikring of {cpr} ended {citizen.end_date} ({citizen.end_reason})", cpr=cpr)
        return citizen

    def _apply_move(self, citizen: Citizen, n: dict[str, Any], move_date: date) -> None:
        destination = n["to"]
        if decisions.moves_in(n["from"]["municipalityCode"], destination["municipalityCode"], citizen.municipality_code):
            citizen.moved_in_on = move_date
        citizen.municipality_code = self.defects.municipality_after_move(citizen.municipality_code, destination["municipalityCode"])
        citizen.address = dict(destination["address"])
        location = destination.get("location")
        citizen.location = (location["lat"], location["lon"]) if location else None
        citizen.last_move_on = move_date

    def _finish_move(self, job: Job, state: str) -> None:
        """The receipt to E-flyt, telling exactly what happened (sent again only when the outcome changes)."""
        d = job.data
        case = self.state.cases.get(d["caseId"])
        if case is None:
            return
        if state == "pending" and self.defects.pending_receipt_claims_choice() and _move_choice(d):
            choice = _move_choice(d)  # the receipt tells what was asked for, as if Luna had taken it
            receipt: dict[str, Any] = {"status": "completed", "message": "Flytning registreret",
                                       "laegevalg": {"ydernummer": choice["ydernummer"], "effectiveDate": d["notification"]["moveDate"]}}
        elif state == "pending":
            receipt = {"status": "pending", "message": "Flytning modtaget; lægevalget afventer registrering i Luna"}
        elif state == "rejected":
            receipt = {"status": "rejected", "message": f"Lægevalg afvist: {job.error}"}
        else:
            parts = ["Flytning registreret"]
            if d.get("registered"):
                r = d["registered"]
                parts.append(f"nyt lægevalg {r['ydernummer']} fra {r['effectiveDate']} uden gebyr")
            elif d.get("kept"):
                parts.append(f"flytningen er inden for afstandsgrænsen; borgeren beholder læge {d['previous']} "
                             f"(lægeskift koster gebyr)")
            elif d.get("previous"):
                parts.append(f"borgeren beholder læge {d['previous']}")
            for child, error in sorted(d.get("childErrors", {}).items()):
                parts.append(f"barnet {child} kunne ikke følge forælderens læge: {error}")
            receipt = {"status": "completed", "message": "; ".join(parts)}
            if d.get("registered"):
                receipt["laegevalg"] = dict(d["registered"])
        last = case["receipts"][-1] if case["receipts"] else None
        if last is not None and (last["status"], last.get("laegevalg")) == (receipt["status"], receipt.get("laegevalg")):
            return
        case["receipts"].append(receipt)
        self.neighbours.send_receipt(d["caseId"], receipt)

    # -- Servicebus deliveries --------------------------------------------------------------------
    def receive_delivery(self, doc: dict[str, Any], correlation_id: str | None = None) -> None:
        """Act once per message id (delivery is at least once); a payload that cannot be used is acknowledged and noted."""
        key = (doc["topic"], doc["messageId"])
        with self._lock, self.neighbours.correlated(doc.get("correlationId") or correlation_id):
            if key in self.state.seen_messages and not self.defects.acts_on_repeats():
                return
            self.state.seen_messages.add(key)
            payload = doc["payload"]
            try:
                if doc["topic"] == "cpr.person-changed":
                    self._person_changed(payload)
                elif doc["topic"] == "luna.practice-changed":
                    self._practice_changed(payload)
                else:
                    self._ignore(doc, "not a topic the SUT acts on (E-flyt pushes moves directly; sygesikring.* are its own)")
            except (KeyError, TypeError, ValueError) as exc:
                self._ignore(doc, f"unusable payload: {type(exc).__name__}: {exc}")

    def _ignore(self, doc: dict[str, Any], why: str) -> None:
        self.state.ignored_messages.append({"messageId": doc["messageId"], "topic": doc["topic"], "why": why})

    def _person_changed(self, p: dict[str, Any]) -> None:
        change = p["changeType"]
        citizen = self.state.citizens.get(p["cpr"])
        if not isinstance(change, str) or citizen is None:
            return  # not one of the municipality's citizens
        effective = date.fromisoformat(p["effectiveDate"])
        status = p.get("status")
        action = decisions.person_change_action(change, status, self.defects)
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
        if citizen.status != "active" and not self.defects.acts_on_repeats():
            return  # already ended: a second word of the same death changes nothing
        citizen.status, citizen.end_reason, citizen.end_date = "ended", reason, end_date
        for job in [j for j in self.state.jobs.values() if j.cpr == citizen.cpr and j.kind in ("choice", "follow")]:
            job.state, job.error = "rejected", f"coverage ended ({reason})"
            self._retire(job)
        self.neighbours.end_laegevalg(citizen.cpr, end_date, reason, context=("end", citizen.cpr))
        self.neighbours.publish(COVERAGE_TOPIC, {
            "cpr": citizen.cpr, "reason": reason, "endDate": end_date.isoformat(), "municipalityCode": citizen.municipality_code,
        }, key=citizen.cpr)

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

    def _practice_changed(self, p: dict[str, Any]) -> None:
        """A closing practice (or a leaving doctor) gives its patients a free re-choice (DOMAIN.md free cases); a
        practice that opens again takes it back [design: the ground for the free change is gone].

        The bus does not promise order: an event older (by Luna's changedDate) than one already applied for the
        same practice is stale and ignored, so a late "reopened" cannot resurrect a practice that closed for good.
        """
        changed = date.fromisoformat(p["changedDate"]) if p.get("changedDate") else None
        newest = self.state.practice_changed_on.get(p["ydernummer"])
        if decisions.practice_event_stale(changed, newest, self.defects):
            self._ignore({"messageId": "-", "topic": "luna.practice-changed"}, f"stale: {changed} is older than {newest}")
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

    # -- jobs: the machinery --------------------------------------------------------------------------
    def _run(self, job: Job, raise_errors: bool) -> str:
        """Run a job's steps; 'done', 'pending' (a neighbour is away) or 'rejected' (a rule or a neighbour said no)."""
        runner = {"choice": self._run_choice, "move": self._run_move, "follow": self._run_follow}[job.kind]
        with self.neighbours.correlated(job.correlation_id):
            try:
                runner(job)
            except Unavailable as exc:
                job.state, job.error = "pending", str(exc)
                if job.kind == "move":
                    self._finish_move(job, "pending")
                return "pending"
            except DomainError as exc:
                job.state, job.error = "rejected", exc.detail
                self._undo(job)
                self._retire(job)
                if job.kind == "move":
                    self._finish_move(job, "rejected")
                if raise_errors:
                    raise
                return "rejected"
            job.state, job.error = "done", None
            self._retire(job)
            if job.kind == "move":
                self._finish_move(job, "done")
            return "done"

    def _retire(self, job: Job) -> None:
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

    def _once(self, job: Job, step: str, action: Callable[[], Any]) -> None:
        if step not in job.done:
            action()
            job.done.add(step)

    def _register(self, job: Job, step: str, request: dict[str, Any], citizen: Citizen) -> dict[str, Any]:
        """Register in Luna once per step: a queued registration blocks the job; a refusal becomes the SUT's error."""
        outcome = job.outcomes.get(step)
        if outcome is None:
            if step in job.tickets:
                raise Unavailable("waiting for Luna to accept a queued registration")
            outcome = self.neighbours.register_laegevalg(request, context=(job.job_id, step))
            if outcome.pending:
                job.tickets[step] = outcome.ticket or ""
                self._put_period(citizen, job, step, request["ydernummer"], _wire_date(request["effectiveDate"]),
                                 "pending", request["reason"], request.get("followsCpr"))
                raise Unavailable("Luna is unavailable; the registration is queued")
            job.outcomes[step] = outcome
        if outcome.refused is not None:
            raise luna_error(outcome.refused)
        document = outcome.document or {}
        if not any(p.job_id == job.job_id and p.step == step and p.status == "registered" for p in citizen.laegevalg):
            self._put_period(citizen, job, step, document.get("ydernummer", request["ydernummer"]),
                             date.fromisoformat(document.get("effectiveDate", request["effectiveDate"])),
                             "registered", request["reason"], request.get("followsCpr"))
        return {"ydernummer": document.get("ydernummer", request["ydernummer"]),
                "effectiveDate": document.get("effectiveDate", request["effectiveDate"])}

    def _put_period(self, citizen: Citizen, job: Job, step: str, ydernummer: str, effective: date, status: str,
                    reason: str, follows: str | None = None) -> None:
        """Record a choice on the citizen; a registered one supersedes choices from the same day or later (as Luna does)."""
        citizen.laegevalg = [p for p in citizen.laegevalg if not (p.job_id == job.job_id and p.step == step)]
        if status == "registered":
            for earlier in citizen.laegevalg:
                if earlier.effective >= effective:
                    earlier.superseded = True
            if job.kind == "follow" or reason == config.REASON_CHILD_FOLLOWS:
                citizen.follows = follows or citizen.follows
        citizen.laegevalg.append(Period(ydernummer, effective, status, reason, follows, job.job_id, step))

    def _practice(self, ydernummer: str) -> dict[str, Any]:
        practice = self.neighbours.practice(ydernummer)
        if practice is None:
            raise UnknownYder(f"no practice with ydernummer {ydernummer}", ydernummer=ydernummer)
        return practice

    def _practice_cached(self, job: Job, ydernummer: str, missing_ok: bool = False) -> dict[str, Any] | None:
        cache = job.data.setdefault("practices", {})
        if ydernummer not in cache:
            cache[ydernummer] = self.neighbours.practice(ydernummer)
        if cache[ydernummer] is None and not missing_ok:
            raise UnknownYder(f"no practice with ydernummer {ydernummer}", ydernummer=ydernummer)
        return cache[ydernummer]

    def _import_doctor(self, citizen: Citizen, required: bool) -> None:
        """Read Luna's registrations for a citizen the SUT has no doctor for (moving in, registered before)."""
        if citizen.imported or citizen.laegevalg:
            return
        try:
            found = self.neighbours.citizen_laegevalg(citizen.cpr)
        except Unavailable:
            if required:
                raise
            return
        for registration in ([found["current"]] if found and found.get("current") else []) + list((found or {}).get("future", [])):
            citizen.laegevalg.append(Period(registration["ydernummer"], date.fromisoformat(registration["effectiveDate"]),
                                            reason=registration.get("reason", config.REASON_CHANGE),
                                            follows_cpr=registration.get("followsCpr")))
        citizen.imported = True

    def _luna_request(self, citizen: Citizen, ydernummer: str, effective: date, reason: str, follows: str | None = None) -> dict[str, Any]:
        when = self.defects.luna_date(effective)
        request: dict[str, Any] = {"cpr": citizen.cpr, "ydernummer": ydernummer, "effectiveDate": when,
                                   "reason": reason, "municipalityCode": citizen.municipality_code}
        if follows:
            request["followsCpr"] = follows
        return request

    def _publish_laegevalg(self, citizen: Citizen, ydernummer: str, effective: date, reason: str, previous: str | None) -> None:
        payload: dict[str, Any] = {
            "cpr": citizen.cpr, "ydernummer": ydernummer, "effectiveDate": effective.isoformat(), "reason": reason,
            "municipalityCode": citizen.municipality_code, "sikringsgruppe": citizen.group_on(self.clock.today()).group,
        }
        if previous and previous != ydernummer:
            payload["previousYdernummer"] = previous
        address = self.defects.event_address(citizen.address)  # none: no partner may learn where a citizen lives
        if address is not None:
            payload["address"] = address
        self.neighbours.publish(LAEGEVALG_TOPIC, payload, key=citizen.cpr)

# -- helpers ---------------------------------------------------------------------------------------
def _move_choice(job_data: dict[str, Any]) -> dict[str, Any] | None:
    """The doctor chosen in a move case's notification, if any."""
    return job_data["notification"].get("doctorChoice")


def _wire_date(text: str) -> date:
    """A date as this SUT wrote it to Luna: ISO, or DD-MM-YYYY with the defect effect-date-danish-format on (so a
    queued registration under that defect is still recorded, not a crash)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return datetime.strptime(text, "%d-%m-%Y").date()


def _group_1_ahead(citizen: Citizen, today: date) -> bool:
    """A change back to sikringsgruppe 1 is under way (asked for, not yet in force)."""
    return any(g.group == 1 and g.effective > today for g in citizen.groups)


def _same_address(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def norm(text: Any) -> str:
        return " ".join(str(text or "").casefold().split())

    return norm(a.get("street")) == norm(b.get("street")) and a.get("postalCode") == b.get("postalCode")


def _municipality_point(code: int) -> tuple[float, float] | None:
    from fixtures import refdata

    found = refdata.municipalities().get(code)
    return (found.lat, found.lon) if found else None


def _check_municipality(code: int) -> None:
    from fixtures import refdata

    if code not in refdata.municipalities():
        raise UnknownMunicipality(f"{code} is not one of the 98 municipality codes", municipalityCode=code)

