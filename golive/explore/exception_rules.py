"""The explorer's rules for a practice closed for intake (lukket for tilgang) and DOMAIN.md's exceptions (a)-(e) that
admit a citizen to one: naming an exception whether its fact holds or not, and two rules that line up the facts of
(a), (b) and (e) at their edges, which the explorer's random choices and closings seldom do. A mixin of machine.py's
Exploration (Hypothesis collects the rules of every base class), kept apart so that each module stays readable.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from golive.explore.inputs import EXCEPTIONS, FEW_OPEN, HOUSEHOLD_EXCEPTIONS, MAX_CITIZENS, MAX_PRACTICES, OWN_DOCTOR
from golive.oracle import closed_practice

if TYPE_CHECKING:
    from golive.explore.session import Session
    from golive.scenario import Scenario


class ClosedPracticeRules:
    session: Session
    scenario: Scenario
    citizens: int
    practices: int

    def _citizen(self, index: int) -> int:
        raise NotImplementedError  # Exploration's

    def _practice(self, index: int) -> int:
        raise NotImplementedError  # Exploration's

    def _under_fault(self, *harness_needs: str) -> AbstractContextManager[None]:
        raise NotImplementedError  # Exploration's

    @precondition(lambda self: self.practices > 0)
    @rule(
        who=st.integers(0, MAX_CITIZENS - 1),
        which=st.integers(OWN_DOCTOR, MAX_PRACTICES - 1),
        exception=st.sampled_from(EXCEPTIONS),
    )
    def choose_doctor_naming_exception(self, who: int, which: int, exception: str) -> None:
        """A choice naming a closed-practice exception: it admits the citizen to a practice closed for intake only
        if its fact holds (the oracle's closed_practice.py), and is not used for an open one. `which` counts among
        the closed practices while there are any (an exception matters only there)."""
        closed, number = self.session.closed_practices(), self._citizen(who)
        practice = None if which == OWN_DOCTOR else closed[which % len(closed)] if closed else self._practice(which)
        if self.session.predictable(number) and (practice is not None or self.session.has_own_doctor(number)):
            if not self.session.answered_today("choice", number, practice, None):  # as choose_doctor; the exception
                self.session.choose_doctor(number, practice, exception=exception)  # does not make it another request

    # Exception (e) at its boundary, as one rule: the explorer's practices seldom fall so that a citizen has exactly
    # the threshold's number of open practices within the limit and a closed one to name it for (each practice is
    # near a random citizen, open or closed, at a random distance).
    @precondition(lambda self: self.practices < MAX_PRACTICES)
    @rule(who=st.integers(0, MAX_CITIZENS - 1), around=st.sampled_from((-1, 0, 1)))
    def few_open_doctors_at_the_threshold(self, who: int, around: int) -> None:
        """Open practices 2 km from the citizen's home made up to one under, at or one over the threshold (fewer
        than FEW_OPEN_DOCTORS_THRESHOLD open ones admit); then a closed one 3 km away, chosen naming exception (e)."""
        number, oracle = self._citizen(who), self.session.oracle
        citizen = oracle.citizens[f"borger {number}"]
        if not self.session.predictable(number) or citizen.home is None or f"borger {number}" in self.session.moved:
            return  # a practice is placed from the home the oracle knows (a planned move places it at the new one)
        room = MAX_PRACTICES - 1  # the last practice is the closed one
        while closed_practice.open_within_limit(oracle, citizen) < FEW_OPEN + around and self.practices < room:
            self.practices += 1
            self.session.add_practice(self.practices, number, 2.0, True)
        self.practices += 1
        self.session.add_practice(self.practices, number, 3.0, False)
        with self._under_fault():
            self.session.choose_doctor(number, self.practices, exception="few-open-doctors")

    # Exceptions (a) and (b) at their facts, as one rule: that the doctor of a housemate or parent is the practice
    # closed for intake, and the citizen names it, random choices and closings seldom line up.
    @precondition(lambda self: self.practices < MAX_PRACTICES)
    @rule(who=st.integers(0, MAX_CITIZENS - 1), exception=st.sampled_from(HOUSEHOLD_EXCEPTIONS))
    def household_doctor_closes(self, who: int, exception: str) -> None:
        """The citizen's custody parent, or someone at the same address (as CPR has it: "uden fast bopæl" too),
        chooses a practice 2 km away, which the region closes as full; the citizen then chooses it naming (a) or (b),
        whether its fact holds or not."""
        number = self._citizen(who)
        mate = self._household_member(number)
        if mate is None or not self.session.cpr_alive(mate) or not self.session.cpr_alive(number):
            return
        self.practices += 1
        self.session.add_practice(self.practices, mate, 2.0, True)
        self.session.choose_doctor(mate, self.practices)
        self.session.close_practice(self.practices, "capacity")
        self.session.choose_doctor(number, self.practices, exception=exception)

    def _household_member(self, number: int) -> int | None:
        """A custody parent, else another citizen at the same address; neither has moved since it was generated."""
        role = f"borger {number}"
        parents = [int(p.split()[-1]) for p in self.session.oracle.citizens[role].parents if p.startswith("borger ")]
        address = self.scenario.citizen(role).address
        same = [
            n
            for n in range(1, self.citizens + 1)
            if n != number
            and address is not None
            and self.scenario.citizen(f"borger {n}").address is not None
            and _home(self.scenario.citizen(f"borger {n}").address) == _home(address)
        ]
        found = [n for n in (*parents, *same) if f"borger {n}" not in self.session.moved]
        return found[0] if found and role not in self.session.moved else None


def _home(address: Any) -> tuple:
    """An address as CPR's household lookup matches it: street, post code and municipality."""
    return (address.street, address.postal_code, address.municipality_code)
