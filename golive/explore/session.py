"""One exploration run's business actions: acted through the Scenario, predicted by the oracle, checked at once.

Why one class serves both the explorer and the feature files it writes: a finding must fail the same way when a test
manager runs it as Gherkin. So the Hypothesis rules (machine.py) and the steps of features/steps/udforskning.py call
the same methods here; each method (1) asks the oracle what must happen, (2) acts through the Scenario API,
(3) settles the world, (4) checks the SUT's answer and every neighbour of the citizens the action touched against the
prediction (observe.py), then (5) the invariants, and records the step as Danish Gherkin (`trace`) for write-back.

Citizens and practices are named by number ("borger 1", "praksis 2"); the Scenario generates their data.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from golive import invariants
from golive.explore import certificates, observe, people, placement
from golive.explore.faults import FAULTS, WINDOW_MINUTES, heal_steps
from golive.explore.inputs import UNKNOWN_YDERNUMMER
from golive.explore.register_actions import Asked, RegisterActions, practice_role
from golive.explore.words import DANISH, GIVEN, WHEN
from golive.oracle import tables
from golive.oracle.answers import Prediction
from golive.oracle.model import Oracle, PracticeModel
from golive.scenario import years_before
from golive.vocabulary import EXCEPTIONS, danish, municipality_code
from simulators import rules
from simulators.world import RemoteWorld

if TYPE_CHECKING:
    import httpx

    from golive.scenario import Scenario

PRACTICE_CHANGES = "luna.practice-changed"  # the topic Luna publishes a practice's intake changes on
# Invariant breaches the explorer notes but does not fail on, each with the reason the oracle disputes it, until the
# invariants' owner (golive/invariants/) settles it: (invariant, words of its message) -> why. None are disputed now
# (luna-agrees reads a cancelled registration's endReason since the explorer found it took one for open).
DISPUTED: dict[tuple[str, str], str] = {}
_SESSIONS: weakref.WeakKeyDictionary[Any, Session] = weakref.WeakKeyDictionary()


def session_for(scenario: Scenario) -> Session:
    """The scenario's exploration session (one per Scenario: a feature file's steps share it)."""
    if scenario not in _SESSIONS:
        _SESSIONS[scenario] = Session(scenario)
    return _SESSIONS[scenario]


class Session(RegisterActions):
    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        # a vendor's world is shared by every run: Luna holds practices the oracle was never told of
        self.oracle = Oracle(scenario.today, knows_every_practice=not isinstance(scenario.world, RemoteWorld))
        self.start = scenario.today
        self.trace: list[tuple[str, str]] = [(GIVEN, f"at dags dato er {scenario.today.isoformat()}")]
        self.unpredicted: list[str] = []  # what the oracle could not predict (nothing was checked for it)
        self.asked: dict[int, Asked] = {}  # a citizen's last request: its prediction (asked again) and day
        self.moved: set[str] = set()
        self.statuses: dict[int, str] = {}  # a citizen's CPR status, as the register holds it (by number)
        self.disputed: list[str] = []  # invariant breaches noted, not failed on (DISPUTED)
        self.actions = 0

    # -- bookkeeping ---------------------------------------------------------------------------------------
    def _sync(self) -> None:
        self.oracle.today = self.s.today

    def _record(self, keyword: str, text: str) -> None:
        self.trace.append((keyword, text))

    def _check(self, prediction: Prediction, response: httpx.Response | None = None, who: str = "") -> None:
        self.actions += 1
        if not self._holding():
            self.s.settle()
        if prediction.unpredicted:
            self.unpredicted.append(prediction.unpredicted)
            return
        # a fault is on (the explorer's, or a written-back step's), or the platform refuses the SUT's certificate
        faulty = bool(self.s.faults.installed) or certificates.refused_now(self.s)
        if prediction.answer is not None and response is not None:
            observe.check_answer(prediction.answer, response, who, pending_ok=faulty)
        if faulty:  # the neighbours are compared once the fault is healed: now only what must hold during it
            self._invariants()
            return
        for cpr in prediction.cprs:
            c = next(c for c in self.oracle.citizens.values() if c.cpr == cpr)
            if c.unknown is None:  # else the oracle cannot say what the neighbours hold (the invariants still judge)
                observe.compare(self.s, c, self.oracle.expected(c.name))
        self._invariants()

    def _invariants(self) -> None:
        breaches = []
        for breach in invariants.broken(self.s):
            why = next(
                (w for (name, words), w in DISPUTED.items() if breach.name == name and words in breach.message), None
            )
            if why is None:
                breaches.append(breach)
            elif why not in self.disputed:
                self.disputed.append(why)
        if breaches:
            raise invariants.InvariantBroken(breaches)

    def _holding(self) -> bool:
        """The bus holds a delivery back until a later message overtakes it (a reordering fault): the world cannot
        settle before that message is sent, so the steps in between are checked unsettled, by the invariants."""
        return self.s.faults.holding()

    @contextmanager
    def under(self, kind: str | None) -> Iterator[None]:
        """The action in the block runs under the fault (faults.py), which is then healed and every neighbour of
        every citizen compared with the prediction: a fault the SUT recovers from changes no final outcome."""
        if kind is None:
            yield
            return
        if kind in certificates.FAULTS:  # Serviceplatformen refuses the SUT's certificate until it gets a good one
            for step in certificates.FAULTS[kind].steps(self.s.today):
                self._record(GIVEN, step)
            certificates.FAULTS[kind].put(self.s, self.s.today)
            yield
            for step in certificates.HEAL_STEPS:
                self._record(WHEN, step)
            certificates.heal(self.s)
            self.check_all()
            self.actions -= 1  # the check after healing is not a business action of its own
            return
        fault, month = FAULTS[kind], self.s.today.strftime("%Y-%m")
        self._record(GIVEN, fault.step.format(month=month))
        fault.put(self.s.faults)
        yield
        for step in heal_steps(fault, month):
            self._record(WHEN, step)
        if fault.window:
            self.s.advance_minutes(WINDOW_MINUTES)
        self.s.faults.up(fault.neighbour)
        self.check_all()
        self.actions -= 1  # the check after healing is not a business action of its own

    def check_all(self) -> None:
        """Every citizen's every neighbour against the oracle (the final Then-step)."""
        self._sync()
        self._check(Prediction(None, tuple(c.cpr for c in self.oracle.citizens.values())))

    # -- arrange --------------------------------------------------------------------------------------------
    def start_on(self, day: date) -> None:
        """The run's first day (before anyone is made): the world's clock set there."""
        self.s.set_today(day)  # always: a vendor's SUT keeps the clock the last example left it at
        self.trace[0] = (GIVEN, f"at dags dato er {day.isoformat()}")
        self.start = self.oracle.today = day

    def add_citizen(
        self,
        number: int,
        *,
        municipality: str = "Aarhus",
        group: int = 1,
        name_kind: str = "plain",
        protected: bool = False,
        modulus11: bool = True,
        turning_15: bool = False,
        age: str = "adult",
        no_fixed: bool = False,
        reason: str = "other",
        own_doctor: bool = True,
    ) -> None:
        """age (fixtures/variation.py's age and century): "adult" (25-60, born in the 1900s), "senior" (70),
        "2000s" (an adult born in 2003, a CPR number of the 2000s), "leap-15" / "leap-40" (born on the latest
        29 February at least 15 / 40 years back: a teenager whose 15th birthday is 1 March in a common year, an
        adult); turning_15 overrides it. reason: why the SUT registers the citizen (REGISTRATION_TRAITS);
        own_doctor False: Luna knows no doctor for the citizen (the first choice is free)."""
        self._sync()
        role = f"borger {number}"
        traits = people.traits(name_kind, protected, modulus11, turning_15, age, no_fixed, reason)
        self._record(
            GIVEN,
            f"borger {number} i sikringsgruppe {group} bosat i {municipality} Kommune "
            + ("med egen læge" if own_doctor else "uden læge")
            + (f" og {' og '.join(traits)}" if traits else ""),
        )
        person = self.s.add_citizen(
            role,
            municipality=municipality,
            group=group,
            name_kind=name_kind,
            protected=protected,
            modulus11=modulus11,
            birth_date=years_before(self.s.today, 15) if turning_15 else people.born(self.s.today, age),
            residence="no-fixed" if no_fixed else "fixed",
            own_doctor=own_doctor,
            reason=None if reason == "other" else reason,
        )
        self.statuses[number] = person.status
        model = people.model(role, person, group, self.s.today, reason)
        if not own_doctor:
            self._check(self.oracle.add_citizen(model, None, None))
            return
        doctor = self.s.practice(f"{role}s læge")
        since = self._seeded_since(person.cpr)
        own = PracticeModel(
            f"{role}s læge", doctor.ydernummer, doctor.location, doctor.open_for_intake, doctor.patient_count, None
        )  # seeded history counts in Luna as the oracle cannot see: no capacity is predicted for it
        self._check(self.oracle.add_citizen(model, own, since))

    def add_practice(self, number: int, near: int, km: float, open_for_intake: bool = True) -> None:
        self._sync()
        role, citizen = f"praksis {number}", self._given(f"borger {near}")
        state = "åben" if open_for_intake else "lukket"
        where = "nye adresse" if citizen in self.moved else "bopæl"
        self._record(GIVEN, f"praksis {number} {state} for tilgang ligger {km:g} km fra borger {near}s {where}")
        at_destination = citizen in self.moved
        origin = (self.s.destination(citizen) if at_destination else self.s.citizen(citizen)).location
        place = placement.placed(origin, km)  # exactly on a limit, as the distance is measured
        practice = self.s.add_practice(
            role, near=citizen, km=km, open_for_intake=open_for_intake, at_destination=at_destination, **place
        )
        self.oracle.add_practice(
            PracticeModel(
                role, practice.ydernummer, practice.location, open_for_intake, practice.patient_count, practice.capacity
            )
        )

    # -- act ------------------------------------------------------------------------------------------------
    def choose_doctor(
        self,
        number: int,
        practice: int | None,
        waive: bool = False,
        effective: date | None = None,
        exception: str | None = None,
    ) -> None:
        """practice None: the doctor the citizen had from the start ("borger Ns læge"; dormant in group 2);
        effective: the effect date asked for (None: the default); exception: the closed-practice exception named
        (its code, golive/vocabulary.py's EXCEPTIONS)."""
        self._sync()
        role, target = self._given(f"borger {number}"), self._given(practice_role(number, practice))
        self._record(
            WHEN,
            f"borger {number} vælger "
            + (f"praksis {practice} som læge" if practice is not None else "sin oprindelige læge")
            + (f" med virkning fra {effective.isoformat()}" if effective else "")
            + (" og giver afkald på sygebesøg" if waive else "")
            + (f" med undtagelsen {danish(EXCEPTIONS, exception)}" if exception else ""),
        )
        predict = lambda: self.oracle.predict_choose_doctor(role, target, waive, effective, exception)  # noqa: E731
        self.asked[number] = predict, self.s.today, len(self.trace)
        prediction = self.asked[number][0]()
        response = self.s.choose_doctor(role, target, waive=waive, effective=effective, exception=exception)
        self._check(prediction, response, f"{role}'s choice of {target}")

    def choose_unknown_practice(self, number: int, ydernummer: str = UNKNOWN_YDERNUMMER) -> None:
        """The citizen asks for an ydernummer no practice of Luna's has: refused as not found, nothing else changes."""
        if any(p.ydernummer == ydernummer for p in self.oracle.practices.values()):
            return  # a generated practice was given it after all: it is no unknown one
        self._sync()
        role = self._given(f"borger {number}")
        self._record(WHEN, f"borger {number} vælger ydernummer {ydernummer}, som Luna ikke kender")
        prediction = self.oracle.predict_choose_unknown(role)
        self.asked.pop(number, None)  # nothing to send again that would tell more
        response = self.s.choose_unknown_practice(role, ydernummer)
        self._check(prediction, response, f"{role}'s choice of ydernummer {ydernummer}")

    def change_group(self, number: int, to_group: int) -> None:
        self._sync()
        role = self._given(f"borger {number}")
        self._record(WHEN, f"borger {number} skifter til sikringsgruppe {to_group}")
        self.asked[number] = (lambda: self.oracle.predict_change_group(role, to_group)), self.s.today, len(self.trace)
        prediction = self.asked[number][0]()
        self._check(prediction, self.s.change_group(role, to_group), f"{role}'s change to group {to_group}")

    def order_card(self, number: int, reason: str) -> None:
        self._sync()
        role = self._given(f"borger {number}")
        self._record(WHEN, f"borger {number} bestiller et sundhedskort med begrundelsen {DANISH.get(reason, reason)}")
        self.asked[number] = (lambda: self.oracle.predict_order_card(role, reason)), self.s.today, len(self.trace)
        prediction = self.asked[number][0]()
        self._check(prediction, self.s.order_card(role, reason), f"{role}'s health card ({reason})")

    def plan_move(self, number: int, km: float) -> None:
        """The citizen will move `km` south of the current home (a new address; the practices there may follow)."""
        role = self._given(f"borger {number}")
        self._record(GIVEN, f"borger {number} skal flytte {km:g} km mod syd")
        if role in self.moved:
            self.s.destinations[role] = self.s.data.address_at(self.s.destinations[role].location, km, 180.0)
        else:
            self.s.plan_move(role, km=km)
        self.moved.add(role)

    def report_move(self, number: int, on: date, choose: int | None = None, with_children: bool = False) -> None:
        """The citizen reports the move in E-flyt, alone or with the children living there (co-movers)."""
        self._sync()
        role = self._given(f"borger {number}")
        self._record(
            WHEN,
            f"borger {number} indsender flytningen pr. {on.isoformat()}"
            + (" med sine børn" if with_children else "")
            + (f" og vælger praksis {choose}" if choose else " uden at vælge læge"),
        )
        destination = self.s.destination(role)
        case = self.s.report_move(role, on, choose=f"praksis {choose}" if choose else None, with_children=with_children)
        prediction = self.oracle.predict_move(
            role,
            case,
            destination.municipality_code,
            destination.location,
            destination.street,
            on,
            f"praksis {choose}" if choose else None,
            children=self.children_of(number) if with_children else (),
        )
        self._check(prediction)

    def add_child(self, number: int, parent: int, turns_15_in: int | None = None) -> None:
        """A child under 15 living with the citizen (custody), with the citizen's doctor in Luna; the SUT learns of
        the child when they move together (E-flyt's co-movers). turns_15_in: 15 years old in so many days."""
        self._sync()
        role, of = f"barn {number}", f"borger {parent}"
        age = f"fylder 15 år om {turns_15_in} dage," if turns_15_in else "under 15 år"
        self._record(GIVEN, f"barn {number} {age} bor hos borger {parent} og har samme læge")
        person = self.s.add_child(role, parent=of, turning=15 if turns_15_in else None, days=turns_15_in or 0)
        self.s.has_doctor(role, f"{of}s læge")
        model = people.model(role, person, 1, self.s.today)
        model.parents = (of,)
        since = self._seeded_since(person.cpr)
        self.oracle.add_child(model, of, self.oracle.practices.get(f"{of}s læge"), since)
        self._check(Prediction(None, (person.cpr,)))

    def add_teenager(self, number: int, parent: int, age: int) -> None:
        """A citizen of 15 to 17 living with the citizen (custody) and sharing the citizen's doctor in Luna, registered
        in the SUT: a housemate for exception (a); at 15 (not 16) one a parent's doctor admits, exception (b)."""
        self._sync()
        role, of = f"borger {number}", f"borger {parent}"
        self._record(GIVEN, f"borger {number} fylder {age} år i dag, bor hos borger {parent} og har samme læge")
        person = self.s.add_child(role, parent=of, turning=age)
        self.s.has_doctor(role, f"{of}s læge")  # before the SUT meets the teenager: it reads Luna then
        self.s.register_in_sut(role)
        self.statuses[number] = person.status
        model = people.model(role, person, 1, self.s.today)
        model.parents = (of,)
        since = self._seeded_since(person.cpr)
        self._check(self.oracle.add_citizen(model, self.oracle.practices[f"{of}s læge"], since))

    def _given(self, role: str) -> str:
        """The role, if an earlier step introduced it; else a FeatureFileMistake in business words (Scenario's)."""
        (self.s.practice if role.startswith("praksis ") or role.endswith("s læge") else self.s.citizen)(role)
        return role

    def _seeded_since(self, cpr: str) -> date:
        """Since when Luna has known the person's doctor, as the Scenario seeded it."""
        return next(date.fromisoformat(d) for c, _, d in self.s.seeded if c == cpr)

    def children_of(self, number: int) -> tuple[str, ...]:
        """The children living with the citizen (their roles), as the harness made them."""
        cpr = self.s.citizen(f"borger {number}").cpr
        return tuple(r for r, p in self.s.citizens.items() if p.custody is not None and p.custody.lives_with == cpr)

    def family_at_home(self, number: int) -> bool:
        """The citizen has children living there, and none has left: a teenager (a numbered citizen) or a child who
        died, emigrated (or, a teenager, moved alone) still stands in the custody the harness made, but moves with
        nobody (what a SUT must do with a dead co-mover DOMAIN.md does not say)."""
        children = self.children_of(number)
        teenagers = [int(role.split()[-1]) for role in children if role.startswith("borger ")]
        young = [int(role.split()[-1]) for role in children if role.startswith("barn ")]
        return (
            bool(children)
            and all(self.cpr_alive(n) and f"borger {n}" not in self.moved for n in teenagers)
            and all(self.child_alive(n) for n in young)
        )

    def close_practice(self, number: int, reason: str) -> None:
        self._sync()
        self._record(WHEN, f"regionen lukker praksis {number} for tilgang, fordi {DANISH.get(reason, reason)}")
        prediction = self.oracle.predict_close_practice(f"praksis {number}", reason)
        self.s.close_practice(f"praksis {number}", reason)
        self._check(prediction)

    def reopen_practice(self, number: int) -> None:
        self._sync()
        self._record(WHEN, f"regionen åbner praksis {number} for tilgang igen")
        # held back by a reordering bus, the reopening reaches the SUT after the practice's next change (overtaken)
        prediction = self.oracle.predict_reopen_practice(f"praksis {number}", overtaken=self._holding())
        self.s.reopen_practice(f"praksis {number}")
        self._check(prediction)

    def practice_changes_overtaken(self, number: int, reason: str) -> None:
        """Two changes of a practice a day apart, the earlier delivered after the later (the bus reorders): the SUT
        must act on the newer change (its changedDate), not on the one that arrived last. A practice open now is
        closed for capacity first, so that the first change is a reopening."""
        if self.oracle.practices[f"praksis {number}"].open:
            self.close_practice(number, "capacity")
            self.advance(1)
        self._record(WHEN, "Servicebussen leverer den næste besked om praksisændringer i forkert rækkefølge")
        self.s.faults.bus_reorder_next(PRACTICE_CHANGES)
        self.reopen_practice(number)
        self.advance(1)
        self.close_practice(number, reason)
        self._record(WHEN, "Servicebussen har leveret alle beskeder om praksisændringer")
        self.s.await_topic_delivered(PRACTICE_CHANGES)
        self._record(WHEN, "Servicebussen er oppe igen")
        self.s.faults.up("servicebus")
        self.check_all()
        self.actions -= 1  # the check after the delivery is not a business action of its own

    def practice_changes_same_day(self, number: int, reason: str) -> None:
        """Two changes of a practice on one day, delivered in order: both stand, the later last (changes dated the
        same day are not stale; only an older one is)."""
        if self.oracle.practices[f"praksis {number}"].open:
            self.close_practice(number, reason)
            self.reopen_practice(number)
        else:
            self.reopen_practice(number)
            self.close_practice(number, reason)

    def look_up(self, number: int, log_in_again: bool, named: bool = True) -> None:
        """A caseworker looks the citizen up (after a new login, or in the open session). The oracle predicts nothing
        about it; the MinLog invariants (golive/invariants/minlog.py) judge what MinLog shows."""
        from golive import caseworker

        if log_in_again:
            self._record(WHEN, "sagsbehandleren logger ind igen" + ("" if named else " uden navn"))
            caseworker.log_in(self.s, named=named)
        self._record(WHEN, f"sagsbehandleren slår borger {number} op")
        caseworker.look_up(self.s, self._given(f"borger {number}"))
        self._check(Prediction(None))

    def advance(self, days: int) -> None:
        self._record(WHEN, f"der er gået {days} dage")
        self.s.advance_days(days)
        self._check(self.oracle.set_today(self.s.today))

    # -- for the machine: what may be done ------------------------------------------------------------------
    def has_own_doctor(self, number: int) -> bool:
        """Did the citizen have a doctor from the start (not made "uden læge")?"""
        return practice_role(number, None) in self.oracle.practices

    def closed_practices(self) -> list[int]:
        """The numbered practices closed for intake now, as the oracle holds them."""
        practices = self.oracle.practices.items()
        return sorted(int(name.split()[-1]) for name, p in practices if name.startswith("praksis ") and not p.open)

    def limit_of(self, number: int) -> int:
        return tables.distance_limit_km(self.oracle.citizens[f"borger {number}"].municipality)

    def edge_day(self, number: int, edge: str) -> date | None:
        """The last day a rule's period counted from the citizen's own history still holds (the day after, it no longer
        does), or None when the citizen has no such history: "group-lock" (a year from the last group change taking
        effect), "moved" (the free changes after moving in), "name-change" (the free card after a new name),
        "turned-15" (the free changes after turning 15), "moved-card" (the free health card after any move)."""
        c = self.oracle.citizens[f"borger {number}"]
        if edge == "group-lock":
            last = next((start for _, start, changed in reversed(c.groups) if changed), None)
            return None if last is None else last + timedelta(days=rules.GROUP_CHANGE_LOCK_DAYS - 1)
        start, days = {
            "moved": (c.moved_in_on, rules.FREE_CHANGE_AFTER_MOVE_DAYS),
            "moved-card": (c.last_move_on, rules.FREE_CHANGE_AFTER_MOVE_DAYS),
            "name-change": (c.name_changed_on, rules.NAME_CHANGE_FREE_CARD_DAYS),
            "turned-15": (tables.fifteenth_birthday(c.born), rules.OWN_DOCTOR_FREE_AFTER_15_DAYS),
        }[edge]
        return None if start is None else start + timedelta(days=days)

    def cpr_alive(self, number: int) -> bool:
        """The citizen is covered and the oracle still knows what the neighbours hold for them."""
        return self.oracle.citizens[f"borger {number}"].end_reason is None and self.predictable(number)

    def predictable(self, number: int) -> bool:
        """The oracle still knows what the neighbours hold for the citizen (not after a CPR status whose consequence
        DOMAIN.md does not give: tables.UNKNOWN_EFFECT)."""
        return self.oracle.citizens[f"borger {number}"].unknown is None

    def status_possible(self, number: int, status: str) -> bool:
        """Would the register take this status for the citizen now (contracts/cpr.openapi.yaml recordPersonEvent)?
        Not the status the record has (nothing would change, nothing be published), not 60 (a CPR number change is an
        event of its own), an active status only on an address (01 on an ordinary road code, 03 on a special one)."""
        current = self.statuses[number]
        if status in (current, tables.CHANGED_NUMBER_STATUS) or current in rules.CPR_RETIRED_STATUSES:
            return False
        if status in rules.CPR_RESIDENT_STATUSES:
            if current in rules.CPR_NO_ADDRESS_STATUSES:
                return False
            if status in ("01", "03"):
                return status == ("03" if self.s.citizen(f"borger {number}").no_fixed_residence else "01")
        return True


def municipality_of(name: str) -> int:
    return municipality_code(name)
