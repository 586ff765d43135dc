"""The region's changes to a practice in Luna (closed for new patients, opened again), which reach the SUT only over
the Servicebus.

Why a step returns only once the bus has pushed its change: the next step (a patient choosing another doctor) is
judged by what the SUT made of the change, and a change still on its way is no change to the SUT. Each change is
waited for as one more pushed message about the practice, not as "a message like it": a practice closed, reopened and
closed again for the same reason on one day sends two alike, and the first one found pushed would let the step return
before the second had arrived. Two exceptions return at once: Luna publishes nothing when the practice already was so
(the contract), and a reordering fault holds the message back on purpose until a later one overtakes it.
A mixin of golive/scenario.py's Scenario.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from golive.blame import observing
from golive.drivers.luna import PRACTICE_CHANGED, REOPENING
from golive.drivers.servicebus import pushed
from golive.vocabulary import CLOSING_REASONS
from simulators import registry

if TYPE_CHECKING:
    from fixtures.providers import Practice
    from golive.drivers.faults import Faults
    from golive.drivers.luna import Luna
    from golive.drivers.servicebus import Servicebus


class PracticeEvents:
    faults: Faults
    waits: Any

    @property
    def luna(self) -> Luna:
        raise NotImplementedError  # Scenario's

    @property
    def bus(self) -> Servicebus:
        raise NotImplementedError  # Scenario's

    def practice(self, role: str) -> Practice:
        raise NotImplementedError  # Scenario's

    def _await_subscriber(self, topic: str) -> None:
        raise NotImplementedError  # Scenario's

    def close_practice(self, practice: str, why: str) -> None:
        """The region closes the practice in Luna for a reason in words (vocabulary CLOSING_REASONS)."""
        self._change_intake(self.practice(practice).ydernummer, False, CLOSING_REASONS.get(why, why))

    def reopen_practice(self, practice: str) -> None:
        """The region opens the practice in Luna for new patients again."""
        self._change_intake(self.practice(practice).ydernummer, True, REOPENING)

    def _change_intake(self, ydernummer: str, open_for_intake: bool, reason: str) -> None:
        self._await_subscriber(PRACTICE_CHANGED)

        def delivered() -> int:
            return sum(
                1
                for m in self.bus.messages(topic=PRACTICE_CHANGED)
                if (m.get("payload") or {}).get("ydernummer") == ydernummer and pushed(m)
            )

        before = delivered()
        if open_for_intake:
            changed = self.luna.reopen_for_intake(ydernummer)
        else:
            changed = self.luna.close_for_intake(ydernummer, reason)
        if not changed or self.faults.holding():
            return
        with observing(registry.BUS):
            self.waits.until(
                lambda: delivered() > before, what=f"{PRACTICE_CHANGED} about {ydernummer} pushed to its subscribers"
            )
