"""The explorer's rules for what the registers do on their own: E-flyt sending a move case again (the same case, or
another under the same case id), and CPR's life events about a child -- before the SUT knows the child (it must change
nothing) and after the child moved with a parent (one of its citizens). A mixin of machine.py's Exploration (Hypothesis
collects the rules of every base class), kept apart so that each module stays readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from golive.explore.inputs import MAX_CHILDREN, MAX_CITIZENS, MUNICIPALITIES
from golive.explore.register_actions import CHILD_EVENTS
from golive.explore.words import MARRIED_SUFFIX

if TYPE_CHECKING:
    from golive.explore.session import Session


class RegisterRules:
    session: Session
    citizens: int
    children: int

    def _citizen(self, index: int) -> int:
        raise NotImplementedError  # Exploration's

    @rule(who=st.integers(0, MAX_CITIZENS - 1), changed=st.booleans())
    def eflyt_sends_again(self, who: int, changed: bool) -> None:
        """E-flyt pushes a citizen's last move case again: the SUT must take the very same case and handle it once, and
        refuse another body under the same case id (the contract: idempotent by caseId). `who` counts among the
        citizens who reported a move."""
        movers = [n for n in range(1, self.citizens + 1) if self.session.has_move_case(n)]
        if movers:
            number = movers[who % len(movers)]
            self.session.resend_move(number, self.session.other_move_date(number) if changed else None)

    @precondition(lambda self: self.children > 0)
    @rule(which=st.integers(0, MAX_CHILDREN - 1), change=st.sampled_from(CHILD_EVENTS))
    def cpr_event_for_child(self, which: int, change: str) -> None:
        """CPR records a child's death, emigration or new name: the SUT holds no record of a child until the child
        moves with a parent, so before that nothing may change anywhere."""
        number = which % self.children + 1
        if not self.session.child_alive(number):
            return  # the register takes no further life events for a record it closed
        if change == "name-change" and self.session.oracle.citizens[f"barn {number}"].full_name.endswith(
            MARRIED_SUFFIX
        ):
            return  # Scenario.cpr_event gives the one married name: a second "change" to it changes nothing
        self.session.child_cpr_event(number, change)

    @rule(who=st.integers(0, MAX_CITIZENS - 1), to=st.sampled_from(MUNICIPALITIES))
    def cpr_tells_of_a_move(self, who: int, to: str) -> None:
        """CPR records a citizen's move E-flyt never told of, into another municipality or within the same: the record
        follows, with the free changes of moving in. For an active citizen with an ordinary address (status 01):
        one "uden fast bopæl" keeps the status 03 the register gives a special road code, and the address the
        explorer draws is an ordinary one. Not for a citizen with address protection: the bus carries no protected
        address, so the SUT keeps the old one while CPR's household has the new one, and which of the two says who
        lives together (exception (a)) DOMAIN.md does not settle (the explorer found the two disagree, seed 1)."""
        number = self._citizen(who)
        protected = self.session.oracle.citizens[f"borger {number}"].protected
        if self.session.cpr_alive(number) and self.session.statuses.get(number) == "01" and not protected:
            self.session.cpr_move(number, to)
