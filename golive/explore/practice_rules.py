"""The explorer's rules for practices changing under their patients: two changes of a practice a day apart with the
bus delivering the older last, or two on one day in order, and its patients choosing another practice after them
(what a practice's change gives its patients shows only in a choice they make after it). A mixin of machine.py's
Exploration (Hypothesis collects the rules of every base class), kept apart so that each module stays readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from golive.explore.inputs import CLOSING, MAX_CITIZENS, MAX_PRACTICES

if TYPE_CHECKING:
    from golive.explore.session import Session


class PracticeChangeRules:
    session: Session
    vendor: ClassVar[Any]
    practices: int
    citizens: int

    def _citizen(self, index: int) -> int:
        raise NotImplementedError  # Exploration's

    def _practice(self, index: int) -> int:
        raise NotImplementedError  # Exploration's

    def choose_doctor(self, who: int, which: int, waive: bool, effect: int | None = None) -> None:
        raise NotImplementedError  # Exploration's rule

    def close_or_reopen(self, which: int, reason: str) -> None:
        raise NotImplementedError  # Exploration's rule

    @precondition(lambda self: self.practices > 0 and self.vendor is None)
    @rule(which=st.integers(0, MAX_PRACTICES - 1), reason=st.sampled_from(CLOSING))
    def practice_changes_overtaken(self, which: int, reason: str) -> None:
        """The region reopens a practice and changes it again a day later; the bus delivers the reopening last."""
        self.session.practice_changes_overtaken(self._practice(which), reason)

    @precondition(lambda self: self.practices > 1)
    @rule(
        who=st.integers(0, MAX_CITIZENS - 1),
        which=st.integers(0, MAX_PRACTICES - 1),
        reason=st.sampled_from(CLOSING),
        to=st.integers(0, MAX_PRACTICES - 1),
        waive=st.booleans(),
        same_day=st.booleans(),
    )
    def patients_choose_after_change(
        self, who: int, which: int, reason: str, to: int, waive: bool, same_day: bool
    ) -> None:
        """The region changes a practice that is a citizen's doctor twice, the bus delivering the changes out of
        order (against a vendor's SUT: closes or reopens it once), then its patients choose another practice. Why one
        rule: what the changes did to its patients (a practice that ends gives them a free re-choice, one closed for
        capacity does not, a reopening takes it back) shows only in a choice they make after them, and drawing a
        patient, the changes and the later choice as separate rules is too rare (a single change followed by a
        choice is common enough among the separate rules). same_day: the two changes on one day, in order (the later
        stands). The citizen first chooses the practice (waiving home
        visits, so distance does not stand in the way) when it is not their doctor yet; after the changes, one citizen
        who is not its patient chooses too (what a practice's change gives its patients it gives nobody else)."""
        number, practice = self._citizen(who), self._practice(which)
        oracle = self.session.oracle
        ydernummer = oracle.practices[f"praksis {practice}"].ydernummer
        if oracle.citizens[f"borger {number}"].doctor != ydernummer:
            if not oracle.practices[f"praksis {practice}"].open:
                self.session.reopen_practice(practice)  # a practice closed for intake takes no patient to change
            self.choose_doctor(who, which, True)
            if oracle.citizens[f"borger {number}"].doctor != ydernummer:
                return  # refused (full, coverage ended): the practice has no patient to speak of
        if same_day:
            self.session.practice_changes_same_day(practice, reason)
        elif self.vendor is None:
            self.session.practice_changes_overtaken(practice, reason)
        else:
            self.close_or_reopen(which, reason)
        # they choose among the other practices open for intake (a closed one would only be refused)
        others = [n for n in range(1, self.practices + 1) if n != practice and oracle.practices[f"praksis {n}"].open]
        if not others:
            return
        target = others[to % len(others)]
        bystanders = []
        for patient in range(1, self.citizens + 1):
            if oracle.citizens[f"borger {patient}"].doctor == ydernummer:
                self.choose_doctor(patient - 1, target - 1, waive)
            elif oracle.citizens[f"borger {patient}"].active:
                bystanders.append(patient)
        if bystanders:  # and one who is not its patient: a practice's change gives nothing to anybody else
            self.choose_doctor(bystanders[to % len(bystanders)] - 1, target - 1, waive)
