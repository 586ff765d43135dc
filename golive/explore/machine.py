"""The explorer: a Hypothesis state machine whose rules are business actions, each checked by the oracle at once.

Every example runs in a fresh in-process World(seed, reference_sut=True) (cheap: a few milliseconds) with its own
Scenario and Session (session.py). The rules choose among the citizens and practices made so far by index, so a
failing run shrinks to few citizens, few practices and few steps. Numbers come from the variation model and from the
boundaries of every numeric and date rule: distances just under, at and over 5 and 15 km; days just before, at and
after 14, 30, 60 and 365 days from now or from an event the model recorded (a move, a group change, a name change);
the turn of the year.

Configured by `Exploration.configure(...)` (the world's seed, the defects the SUT is told to commit) before Hypothesis
runs it: run.py does that.
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from golive.explore import SCENARIO_NAME, statistics
from golive.explore.exception_rules import ClosedPracticeRules
from golive.explore.faults import LUNA_FAULTS
from golive.explore.inputs import (
    CARD_EDGES,
    CARD_REASONS,
    CITIZEN,
    CLOSING,
    CPR_EVENTS,
    CPR_STATUSES,
    DAYS,
    DAYS_AGO,
    DISTANCES,
    EDGES,
    EFFECT,
    FAULT,
    MAX_CHILDREN,
    MAX_CITIZENS,
    MAX_PRACTICES,
    MOVE_OFFSETS,
    OWN_DOCTOR,
    PERIODS,
    STARTS,
    TEENAGE,
    TURNS_15_IN,
    UNKNOWN_PRACTICE,
    YEAR_END_DAYS,
)
from golive.explore.practice_rules import PracticeChangeRules
from golive.explore.register_rules import RegisterRules
from golive.explore.session import Session
from golive.scenario import Scenario
from simulators import rules
from simulators.world import RemoteWorld, World


@dataclass(frozen=True)
class Vendor:
    """A vendor's SUT at `sut_url`, configured with the simulators served at `simulators` (name -> base URL)."""

    sut_url: str
    simulators: dict[str, str]
    run: str = field(default_factory=lambda: f"{time.time_ns():x}")  # this run's people differ from the last run's


class Exploration(ClosedPracticeRules, PracticeChangeRules, RegisterRules, RuleBasedStateMachine):
    seed: ClassVar[int] = 0
    defects: ClassVar[tuple[str, ...]] = ()
    last: ClassVar[Session | None] = None  # the session of the example that ran last (a failure's, when one fails)
    previous: ClassVar[Session | None] = None  # the one before (a vendor's failure, when its replay went elsewhere)
    examples: ClassVar[int] = 0
    actions: ClassVar[int] = 0
    steps: ClassVar[statistics.Tally] = statistics.Tally()

    vendor: ClassVar[Vendor | None] = None  # a vendor's SUT over HTTP, with the simulators served for it

    @classmethod
    def configure(cls, seed: int, defects: tuple[str, ...] = (), vendor: Vendor | None = None) -> type[Exploration]:
        fields = {"seed": seed, "defects": tuple(defects), "examples": 0, "actions": 0, "vendor": vendor}
        fields["steps"] = statistics.Tally()  # every example's steps (golive/explore/statistics.py)
        return type("Exploration", (cls,), fields)

    def __init__(self) -> None:
        super().__init__()
        name = SCENARIO_NAME
        if self.vendor is None:
            self.world: World | RemoteWorld = World(seed=self.seed, reference_sut=True)
        else:  # a vendor's SUT cannot be reset: every example makes people of its own (the name seeds their data)
            self.world = RemoteWorld(self.vendor.simulators, self.vendor.sut_url)
            name = f"{SCENARIO_NAME}-{self.vendor.run}-{self.seed}-{type(self).examples}"
        self.scenario = Scenario(self.world, seed=self.seed, name=name)
        if self.defects:
            self.scenario.switch_on(*self.defects)
        self.session = Session(self.scenario)
        self.citizens = 0
        self.children = 0
        self.practices = 0
        self.anchors: list[date] = [self.scenario.today]
        self.armed: str | None = None  # a fault (faults.py) the next business action runs under
        type(self).previous, type(self).last = type(self).last, self.session
        type(self).examples += 1

    def teardown(self) -> None:
        type(self).actions += self.session.actions
        type(self).steps.add(self.session.trace)
        self.scenario.close()
        self.world.close()

    # -- arrange --------------------------------------------------------------------------------------------
    # mypy cannot tell **CITIZEN from the keyword-only target/targets of Hypothesis' overloads
    @initialize(start=st.sampled_from(STARTS), **CITIZEN)  # type: ignore[call-overload]
    def first_citizen(self, start: date, **spec: Any) -> None:
        self.session.start_on(start)
        self.add_citizen(**spec)

    @precondition(lambda self: self.citizens < MAX_CITIZENS)
    @rule(**CITIZEN)  # type: ignore[call-overload]
    def add_citizen(self, odd_cpr: bool, no_doctor: bool, **spec: Any) -> None:
        """odd_cpr: a CPR number without modulus 11 (drawn as True so that shrinking prefers the ordinary one);
        no_doctor likewise."""
        self.citizens += 1
        self.session.add_citizen(self.citizens, modulus11=not odd_cpr, own_doctor=not no_doctor, **spec)

    @precondition(lambda self: self.children < MAX_CHILDREN)
    @rule(parent=st.integers(0, MAX_CITIZENS - 1), turns_15_in=st.sampled_from(TURNS_15_IN))
    def add_child(self, parent: int, turns_15_in: int | None = None) -> None:
        """A child under 15 living with the citizen and sharing the citizen's doctor (not yet known to the SUT), some
        turning 15 between a move's report and its date (inputs.TURNS_15_IN)."""
        number = self._household_of(parent)
        if number is not None:
            self.children += 1
            self.session.add_child(self.children, number, turns_15_in)

    @precondition(lambda self: self.citizens < MAX_CITIZENS)
    @rule(parent=st.integers(0, MAX_CITIZENS - 1), age=st.sampled_from(TEENAGE))
    def add_teenager(self, parent: int, age: int) -> None:
        """A citizen of 15 or 16 living with the citizen, sharing the citizen's doctor, and registered in the SUT."""
        number = self._household_of(parent)
        if number is not None:
            self.citizens += 1
            self.session.add_teenager(self.citizens, number, age)

    def _household_of(self, parent: int) -> int | None:
        """The citizen, if a child can live with them with the same doctor (None: not this one)."""
        number = self._citizen(parent)
        model = self.session.oracle.citizens[f"borger {number}"]
        if not self.session.cpr_alive(number) or f"borger {number}" in self.session.moved:
            return None  # a child lives with a living parent at the parent's address
        address = self.scenario.citizen(f"borger {number}").address
        if address is None or address.no_fixed_residence:
            return None  # persons without a fixed residence share no household (the variation model's constraint)
        own = self.session.oracle.practices.get(f"borger {number}s læge")
        if own is None or model.doctor != own.ydernummer:
            return None  # "has the same doctor": the parent's is still the one Luna knew before the run
        return number

    @precondition(lambda self: self.practices < MAX_PRACTICES)
    @rule(near=st.integers(0, MAX_CITIZENS - 1), km=st.sampled_from(DISTANCES), open_for_intake=st.booleans())
    def add_practice(self, near: int, km: float, open_for_intake: bool) -> None:
        self.practices += 1
        self.session.add_practice(self.practices, self._citizen(near), km, open_for_intake)

    # -- act ------------------------------------------------------------------------------------------------
    @precondition(lambda self: self.practices > 0)
    @rule(
        who=st.integers(0, MAX_CITIZENS - 1),
        which=st.integers(UNKNOWN_PRACTICE, MAX_PRACTICES - 1),
        waive=st.booleans(),
        effect=EFFECT,
    )
    def choose_doctor(self, who: int, which: int, waive: bool, effect: int | None = None) -> None:
        if which == UNKNOWN_PRACTICE:  # not under a fault: the SUT could not ask Luna, and might queue it as pending
            if self.armed is None and self.session.predictable(self._citizen(who)):
                self.session.choose_unknown_practice(self._citizen(who))
            return
        number, practice = self._citizen(who), None if which == OWN_DOCTOR else self._practice(which)
        if not self.session.predictable(number) or (practice is None and not self.session.has_own_doctor(number)):
            return  # the oracle cannot say what the SUT holds for them (Session.predictable), or no doctor to re-choose
        effective = None if effect is None else self.scenario.today + timedelta(days=effect)
        if self.session.answered_today("choice", number, practice, effective):
            return  # a repeat after other work: see RegisterActions.answered_today (send_again repeats at once)
        with self._under_fault():
            self.session.choose_doctor(number, practice, waive, effective)

    @rule(who=st.integers(0, MAX_CITIZENS - 1), to_group=st.sampled_from((1, 2)))
    def change_group(self, who: int, to_group: int) -> None:
        if not self.session.predictable(self._citizen(who)):
            return  # the oracle cannot say what the SUT holds for them (Session.predictable)
        if self.session.answered_today("group", self._citizen(who), to_group):
            return  # a repeat after other work: see RegisterActions.answered_today
        with self._under_fault():
            self.session.change_group(self._citizen(who), to_group)
        self.anchors.append(self.scenario.today + timedelta(days=rules.GROUP_CHANGE_EFFECT_DAYS))  # the lock counts
        # from the day the change takes effect

    @rule(who=st.integers(0, MAX_CITIZENS - 1), reason=st.sampled_from(CARD_REASONS))
    def order_card(self, who: int, reason: str) -> None:
        if not self.session.predictable(self._citizen(who)):
            return  # the oracle cannot say what the SUT holds for them (Session.predictable)
        if self.session.answered_today("card", self._citizen(who), reason):
            return  # a repeat after other work: see RegisterActions.answered_today
        with self._under_fault():
            self.session.order_card(self._citizen(who), reason)

    @rule(who=st.integers(0, MAX_CITIZENS - 1))
    def send_again(self, who: int) -> None:
        """The citizen's request once more, right after the answer (a double click): the first answer again, and
        nothing new anywhere (the contract)."""
        number = self._citizen(who)
        if self.session.predictable(number) and self.session.just_asked(number):
            self.session.send_again(number)

    @rule(
        who=st.integers(0, MAX_CITIZENS - 1),
        km=st.sampled_from(DISTANCES),
        offset=st.sampled_from(MOVE_OFFSETS),
        choose=st.one_of(st.none(), st.tuples(st.sampled_from(DISTANCES), st.booleans())),
        with_children=st.booleans(),
    )
    def move(self, who: int, km: float, offset: int, choose: tuple[float, bool] | None, with_children: bool) -> None:
        """A move south by `km`; with a doctor chosen in E-flyt: a new practice `choose[0]` km from the new home.
        with_children: a household's move, so `who` is read among the parents with children living with them (when
        there are any): drawing a parent by chance among all citizens would make a family's move rare."""
        number = self._citizen(who)
        parents = [n for n in range(1, self.citizens + 1) if self.session.children_of(n)] if with_children else []
        if parents and number not in parents:
            number = parents[who % len(parents)]
        if not self.session.cpr_alive(number):
            return  # the CPR register keeps no address for the dead or emigrated: E-flyt takes no move for them
        on = self.scenario.today + timedelta(days=offset)
        last = self.session.oracle.citizens[f"borger {number}"].last_move_on
        if last is not None and on <= last:
            return  # [design] moves of one citizen come in the order they happen, one per day
        self.session.plan_move(number, km)
        chosen = None
        if choose is not None and self.practices < MAX_PRACTICES:
            self.practices += 1
            chosen = self.practices
            self.session.add_practice(chosen, number, choose[0], choose[1])
        with self._under_fault():
            self.session.report_move(number, on, chosen, with_children and self.session.family_at_home(number))
        self.anchors.append(on)

    @precondition(lambda self: self.children > 0 and self.practices < MAX_PRACTICES)
    @rule(
        who=st.integers(0, MAX_CITIZENS - 1),
        km=st.sampled_from(DISTANCES),
        offset=st.sampled_from(MOVE_OFFSETS),
        effect=EFFECT,
    )
    def family_moves_then_parent_chooses(self, who: int, km: float, offset: int, effect: int | None = None) -> None:
        """A parent moves with the children at home (so the SUT learns of them, following the parent), then chooses a
        doctor 2 km from the new home, waiving home visits: the children under 15 follow (DOMAIN.md, Children). Drawn
        apart, a family's move and the parent's next choice seldom meet (the mutants of who_follows survived them).
        effect: the effect date the parent asks for (a free change after a move may take effect at once): the
        children follow from the parent's date, not from the usual 14 days on."""
        parents = [
            n for n in range(1, self.citizens + 1) if self.session.cpr_alive(n) and self.session.family_at_home(n)
        ]
        if not parents:
            return
        number = parents[who % len(parents)]
        on = self.scenario.today + timedelta(days=offset)
        last = self.session.oracle.citizens[f"borger {number}"].last_move_on
        if last is not None and on <= last:
            return  # as in move: one citizen's moves come in order
        self.session.plan_move(number, km)
        self.session.report_move(number, on, None, True)
        self.anchors.append(on)
        self.practices += 1
        self.session.add_practice(self.practices, number, 2.0, True)
        effective = None if effect is None else self.scenario.today + timedelta(days=effect)
        self.session.choose_doctor(number, self.practices, waive=True, effective=effective)

    @rule(
        who=st.integers(0, MAX_CITIZENS - 1),
        change=st.sampled_from(CPR_EVENTS),
        status=st.sampled_from(CPR_STATUSES),
        days_ago=st.sampled_from(DAYS_AGO),
    )
    def cpr_event(self, who: int, change: str, status: str, days_ago: int = 0) -> None:
        """status: the status a status change sets (drawn for every event, used by that one); days_ago: how long
        before today CPR dates a death, an emigration or a name change (as far back as Session.quiet_since)."""
        number = self._citizen(who)
        if not self.session.cpr_alive(number):
            return  # the register takes no further life events for a record it closed
        if change == "name-change" and self.session.oracle.citizens[f"borger {number}"].name_changed_on:
            return  # Scenario.cpr_event gives the one married name: a second "change" to it changes nothing
        if change == "status-change" and not self.session.status_possible(number, status):
            return  # the register would refuse it, or nothing would change
        if change == "cpr-change" and not self.session.may_get_new_number(number):
            return
        # Luna's faults too for a new number: the harness, standing for CPR's link to Luna, reads and seeds Luna
        with self._under_fault("bus-takes-no-messages", *(LUNA_FAULTS if change == "cpr-change" else ())):
            if change == "status-change":
                self.session.cpr_status(number, status)
            elif change == "cpr-change":
                self.session.new_cpr_number(number)
            else:
                on = self.scenario.today - timedelta(days=days_ago)
                dated = days_ago > 0 and on >= self.session.quiet_since(number)
                self.session.cpr_event(number, change, on if dated else None)
        self.anchors.append(self.scenario.today)

    @precondition(lambda self: self.practices > 0)
    @rule(which=st.integers(0, MAX_PRACTICES - 1), reason=st.sampled_from(CLOSING))
    def close_or_reopen(self, which: int, reason: str) -> None:
        number = self._practice(which)
        with self._under_fault("luna-down", "bus-takes-no-messages"):
            if self.session.oracle.practices[f"praksis {number}"].open:
                self.session.close_practice(number, reason)
            else:
                self.session.reopen_practice(number)

    # -- neighbours failing ---------------------------------------------------------------------------------
    # Not against a vendor's SUT: on wall time its retries never let the traffic stand still while a fault lasts.
    @precondition(lambda self: self.armed is None and self.vendor is None)
    @rule(kind=FAULT)
    def neighbour_fails(self, kind: str) -> None:
        """The next business action runs under this fault (faults.py), which is healed after it."""
        self.armed = kind

    # A business action under a fault, as one rule. Why: arming a fault (neighbour_fails) and then drawing the very
    # action it matters for is rare among many rules (a receipt only goes with a move; a registration only with a
    # choice; a life event delivered twice only with a CPR event), so the actions whose work goes through a failing
    # neighbour get rules of their own. The trace is the same as arming and then acting: the fault's step, the
    # action, the healing.
    @precondition(lambda self: self.practices > 0 and self.vendor is None)
    @rule(
        kind=FAULT,
        who=st.integers(0, MAX_CITIZENS - 1),
        which=st.integers(OWN_DOCTOR, MAX_PRACTICES - 1),
        waive=st.booleans(),
        effect=EFFECT,
    )
    def choose_doctor_under_fault(self, kind: str, who: int, which: int, waive: bool, effect: int | None) -> None:
        self.armed = kind
        self.choose_doctor(who, which, waive, effect)

    @precondition(lambda self: self.vendor is None)
    @rule(
        kind=FAULT,
        who=st.integers(0, MAX_CITIZENS - 1),
        km=st.sampled_from(DISTANCES),
        offset=st.sampled_from(MOVE_OFFSETS),
        choose=st.one_of(st.none(), st.tuples(st.sampled_from(DISTANCES), st.booleans())),
        with_children=st.booleans(),
    )
    def move_under_fault(
        self, kind: str, who: int, km: float, offset: int, choose: tuple[float, bool] | None, with_children: bool
    ) -> None:
        self.armed = kind
        self.move(who, km, offset, choose, with_children)

    @precondition(lambda self: self.vendor is None)
    @rule(kind=FAULT, who=st.integers(0, MAX_CITIZENS - 1), to_group=st.sampled_from((1, 2)))
    def change_group_under_fault(self, kind: str, who: int, to_group: int) -> None:
        self.armed = kind
        self.change_group(who, to_group)

    @precondition(lambda self: self.vendor is None)
    @rule(kind=FAULT, who=st.integers(0, MAX_CITIZENS - 1), reason=st.sampled_from(CARD_REASONS))
    def order_card_under_fault(self, kind: str, who: int, reason: str) -> None:
        self.armed = kind
        self.order_card(who, reason)

    @precondition(lambda self: self.vendor is None)
    @rule(
        kind=FAULT,
        who=st.integers(0, MAX_CITIZENS - 1),
        change=st.sampled_from(CPR_EVENTS),
        status=st.sampled_from(CPR_STATUSES),
    )
    def cpr_event_under_fault(self, kind: str, who: int, change: str, status: str) -> None:
        self.armed = kind
        self.cpr_event(who, change, status)

    def _under_fault(self, *harness_needs: str) -> AbstractContextManager[None]:
        """The armed fault, unless it strikes what the harness itself does for this action (the region changes a
        practice in Luna, which publishes it on the bus; CPR publishes its events): it then waits for the next."""
        if self.armed in harness_needs:
            return self.session.under(None)
        kind, self.armed = self.armed, None
        return self.session.under(kind)

    @rule(
        who=st.integers(0, MAX_CITIZENS - 1),
        log_in_again=st.booleans(),
        named=st.booleans(),
        then=st.one_of(st.none(), st.integers(0, MAX_CITIZENS - 1)),
    )
    def caseworker_looks_up(self, who: int, log_in_again: bool, named: bool, then: int | None) -> None:
        """A caseworker looks the citizen up (issue 17), after a new login with or without the display name, and
        maybe another right after in the same session: MinLog must show each look-up, about its own citizen, naming
        the caseworker, and nothing the caseworker did not do."""
        self.session.look_up(self._citizen(who), log_in_again, named=named)
        if then is not None:
            self.session.look_up(self._citizen(then), False)

    # -- time -----------------------------------------------------------------------------------------------
    @rule(days=st.sampled_from(DAYS))
    def time_passes(self, days: int) -> None:
        self.session.advance(days)

    @rule(anchor=st.integers(0, 20), period=st.sampled_from(PERIODS), off=st.sampled_from((-1, 0, 1)))
    def to_boundary(self, anchor: int, period: int, off: int) -> None:
        """To the day before, of or after a period's end counted from an event the run recorded."""
        target = self.anchors[anchor % len(self.anchors)] + timedelta(days=period + off)
        if target > self.scenario.today:
            self.session.advance((target - self.scenario.today).days)

    @rule(days_before=st.sampled_from(YEAR_END_DAYS))
    def to_year_end(self, days_before: int) -> None:
        """To a day near 31 December: a change asked for then may take effect in the next year, whose fee differs."""
        today = self.scenario.today
        target = date(today.year, 12, 31) - timedelta(days=days_before)
        if target > today:
            self.session.advance((target - today).days)

    @rule(who=st.integers(0, MAX_CITIZENS - 1), edge=st.sampled_from(EDGES), off=st.sampled_from((0, 1, -1)))
    def at_edge(self, who: int, edge: str, off: int) -> None:
        """On the last day a rule's period holds for the citizen (off 0), the day after (1) or before (-1), the action
        the rule decides: boundary values of every period counted from the citizen's own history."""
        number = self._citizen(who)
        last = self.session.edge_day(number, edge)
        if last is None or not self.session.cpr_alive(number):
            return
        day = last + timedelta(days=off)
        if day < self.scenario.today:
            return
        if day > self.scenario.today:
            self.session.advance((day - self.scenario.today).days)
        if edge in ("group-lock", "moved"):
            to_group = 2 if self.session.oracle.citizens[f"borger {number}"].groups[-1][0] == 1 else 1
            if not self.session.answered_today("group", number, to_group):
                self.session.change_group(number, to_group)
        elif not self.session.answered_today("card", number, CARD_EDGES[edge]):
            self.session.order_card(number, CARD_EDGES[edge])

    # -- choosing among what exists -------------------------------------------------------------------------
    def _citizen(self, index: int) -> int:
        return index % self.citizens + 1

    def _practice(self, index: int) -> int:
        return index % self.practices + 1
