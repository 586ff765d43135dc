"""The same request again: a citizen's double click, or a browser resending a form whose answer never came.

Why a capability of its own: the contract says a doctor choice sent again on the same day is answered with the first
answer and changes nothing (no second fee, no second event), and the SUT treats a group change and a card order the
same way. A vendor who keys that on the wrong thing (the time of day, a request id the browser makes anew) charges the
citizen twice; one who answers a repeat with a refusal ("that is already your doctor") tells the citizen that their
choice failed. Nothing but a repeated request shows either. A mixin of golive/scenario.py's Scenario: the steps read
"Når borgeren sender den samme anmodning igen" / "Så svarer sygesikringen det samme som første gang".
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from golive.blame import SUT, observes
from golive.failures import FeatureFileMistake
from golive.vocabulary import ROLES

if TYPE_CHECKING:
    import httpx

    from fixtures.providers import Person
    from golive.drivers.sut import Sut


class Repeats:
    sut: Sut
    answers: dict[str, httpx.Response]

    def citizen(self, role: str) -> Person:
        raise NotImplementedError  # Scenario's

    def answer(self, role: str) -> httpx.Response:
        raise NotImplementedError  # Scenario's

    def send_again(self, role: str) -> httpx.Response:
        """The citizen's last request (a doctor choice, a group change or a card order) once more, byte for byte."""
        cpr = self.citizen(role).cpr
        if cpr not in self.sut.sent:
            raise FeatureFileMistake(
                f"{role} has not asked the SUT for anything yet: 'sender den samme anmodning igen' must follow a Når "
                f"step in which {role} chooses a doctor, changes group or orders a health card"
            )
        key = ROLES.get(role, role)
        first = self.answer(role)
        self.first_answers[key] = first
        self.answers[key] = again = self.sut.send_again(cpr)
        return again

    @cached_property
    def first_answers(self) -> dict[str, httpx.Response]:
        """The answers to the requests a citizen sent again, by role (the answer before the repeat)."""
        return {}

    @observes(SUT)
    def expect_same_answer(self, role: str) -> None:
        """The repeat got the first answer: the same status and, field for field, the same body."""
        key = ROLES.get(role, role)
        if key not in self.first_answers:
            raise FeatureFileMistake(
                f"{role} has sent no request again: 'svarer sygesikringen det samme som første gang' must follow "
                f"'{role} sender den samme anmodning igen'"
            )
        first, again = self.first_answers[key], self.answer(role)
        assert (again.status_code, _body(again)) == (first.status_code, _body(first)), (
            f"the SUT answered the same request from {role} differently the second time: first {first.status_code} "
            f"{first.text[:300]}, then {again.status_code} {again.text[:300]}"
        )


def _body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text
