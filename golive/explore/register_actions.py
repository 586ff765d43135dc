"""The explorer's actions that send something again or come from the registers on their own, beside a citizen's
requests: the citizen's last request again, E-flyt sending a move case again, CPR's moves and new numbers, CPR's life
events and status changes (about a citizen, or a child the SUT may not know yet). A mixin of session.py's Session
(the same five parts: record the step, ask the oracle, act through the Scenario, settle, check), kept apart so that
each module stays readable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from golive.cpr_changes import cpr_move, new_number
from golive.explore.words import DANISH, MARRIED_SUFFIX, WHEN
from golive.vocabulary import municipality_code
from simulators import refdata

if TYPE_CHECKING:
    import httpx

    from golive.oracle.answers import Prediction
    from golive.oracle.model import Oracle
    from golive.scenario import Scenario

# a citizen's request: the oracle's prediction of it, the day asked, and the length of the trace right after it
Asked = tuple[Callable[[], "Prediction"], date, int]

# the life events CPR may record about a child (a status change is drawn for citizens only)
CHILD_EVENTS = ("death", "emigration", "name-change")


class RegisterActions:
    s: Scenario
    oracle: Oracle
    asked: dict[int, Asked]
    trace: list[tuple[str, str]]
    statuses: dict[int, str]

    def _sync(self) -> None:
        raise NotImplementedError  # Session's

    def _record(self, keyword: str, text: str) -> None:
        raise NotImplementedError  # Session's

    def _given(self, role: str) -> str:
        raise NotImplementedError  # Session's

    def _check(self, prediction: Prediction, response: httpx.Response | None = None, who: str = "") -> None:
        raise NotImplementedError  # Session's

    # -- CPR's life events and statuses ----------------------------------------------------------------------
    def cpr_event(self, number: int, change: str, effective: date | None = None) -> None:
        """effective: the day CPR dates the event, before today (None: today), e.g. a death registered days later."""
        self._sync()
        role = self._given(f"borger {number}")
        dated = f" med virkning fra {effective.isoformat()}" if effective else ""
        self._record(WHEN, f"CPR registrerer {DANISH.get(change, change)} for borger {number}{dated}")
        person = self.s.citizen(role)
        new_name = None
        if change == "name-change":
            new_name = f"{person.first} {person.last}{MARRIED_SUFFIX}"  # what Scenario.cpr_event records
        prediction = self.oracle.predict_cpr_event(role, change, new_name, effective=effective)
        self.s.cpr_event(role, change, effective=effective)
        self._check(prediction)

    def cpr_status(self, number: int, status: str) -> None:
        """CPR changes the citizen's status (DOMAIN.md's status codes), published on the Servicebus."""
        self._sync()
        role = self._given(f"borger {number}")
        self._record(WHEN, f"CPR ændrer status for borger {number} til {status}")
        prediction = self.oracle.predict_cpr_event(role, "status-change", status=status)
        self.s.cpr_event(role, "status-change", status=status)
        self.statuses[number] = status
        self._check(prediction)

    # -- the citizen ----------------------------------------------------------------------------------------
    def answered_today(self, kind: str, number: int, what: object, *more: object) -> bool:
        """Was this request (kind "choice", "group" or "card") answered with success today already? The machine's
        rules do not ask it again: what makes two requests "the same" is the SUT's to define beyond the contract's
        words (the reference SUT keys a choice by practice and effect date, not by a named exception or a waiver),
        and a repeat after other work the same day meets that definition. The repeat the contract does define, the
        same request sent twice at once, is `send_again`."""
        c = self.oracle.citizens[f"borger {number}"]
        if kind == "choice":  # what: the practice's number (None: the citizen's original doctor); more: the effect date
            what = self.oracle.practices[practice_role(number, what)].ydernummer  # type: ignore[arg-type]
        return (kind, c.cpr, what, self.s.today, *(m for m in more if m)) in self.oracle.replies

    def just_asked(self, number: int) -> bool:
        """The citizen's request was the last thing that happened, and its answer stands (not `pending`)."""
        asked = self.asked.get(number)
        return (
            asked is not None
            and asked[1] == self.s.today
            and len(self.trace) == asked[2]
            and _final(self.s.answer(f"borger {number}"))
        )

    def send_again(self, number: int) -> None:
        """The citizen sends their last request (a doctor, a group, a card) again, byte for byte: a double click. The
        oracle predicts it as any request (the same day: the answer it gave, and nothing new anywhere); on the same
        day a granted answer that stands must also come again, field for field (the contract)."""
        self._sync()
        role = self._given(f"borger {number}")
        self._record(WHEN, f"borger {number} sender den samme anmodning igen")
        prediction = self.asked[number][0]()
        first = self.s.answer(role)
        again = self.s.send_again(role)
        self._check(prediction, again, f"{role}'s same request again")
        if _final(first) and again.status_code < 300:
            self.s.expect_same_answer(role)

    # -- E-flyt ----------------------------------------------------------------------------------------------
    def has_move_case(self, number: int) -> bool:
        return f"borger {number}" in self.s.cases

    def resend_move(self, number: int, move_date: date | None = None) -> None:
        """E-flyt pushes the citizen's last move case to the SUT again, as E-flyt does when the SUT's answer was lost:
        exactly as before, or (move_date) the same case id with another move date -- another case under a name
        already taken."""
        self._sync()
        role = self._given(f"borger {number}")
        self._record(
            WHEN,
            f"E-flyt sender borger {number}s flytningssag igen"
            + (f" med flyttedato {move_date.isoformat()}" if move_date else ""),
        )
        self.s.settle()  # the first push has been taken and handled
        notification = self.s.eflyt.notification(self.s.case_id(role))
        changed = move_date is not None and notification["moveDate"] != move_date.isoformat()
        if move_date is not None:
            notification["moveDate"] = move_date.isoformat()
        prediction = self.oracle.predict_move_again(role, changed)
        self._check(prediction, self.s.sut.receive_move(notification), f"E-flyt's repeat of {role}'s move case")

    def other_move_date(self, number: int) -> date:
        """A move date other than the last case's (the day after it)."""
        last = self.oracle.citizens[f"borger {number}"].last_move_on
        return (last or self.s.today) + timedelta(days=1)

    # -- CPR ------------------------------------------------------------------------------------------------
    def cpr_move(self, number: int, municipality: str) -> None:
        """CPR records that the citizen moved to a new address in the municipality (golive/cpr_changes.py)."""
        self._sync()
        role = self._given(f"borger {number}")
        self._record(WHEN, f"CPR registrerer, at borger {number} flytter til {municipality} Kommune")
        code = municipality_code(municipality)
        address = cpr_move(self.s, role, code)
        town_hall = refdata.municipalities()[code]
        self._check(self.oracle.predict_address_change(role, code, (town_hall.lat, town_hall.lon), address.street))

    def may_get_new_number(self, number: int) -> bool:
        """A citizen CPR may give a new number in a run the oracle can follow: covered, and every live doctor of
        theirs a practice without a predicted capacity (Luna holds their registrations under both numbers then,
        golive/cpr_changes.py, so a practice near its capacity would count the citizen twice)."""
        c = self.oracle.citizens[f"borger {number}"]
        if c.end_reason is not None or c.unknown is not None:
            return False
        practices = [self.oracle.practice_by_yder(ydernummer) for ydernummer, _, _ in c.doctors]
        return all(p is not None and p.capacity is None for p in practices)

    def new_cpr_number(self, number: int) -> None:
        """CPR gives the citizen a new CPR number: the SUT's record moves to it (and the next card is free, once)."""
        self._sync()
        role = self._given(f"borger {number}")
        self._record(WHEN, f"CPR giver borger {number} et nyt personnummer")
        new = new_number(self.s, role)
        self.asked.pop(number, None)  # a request under the old number is not the citizen's to send again
        self._check(self.oracle.predict_cpr_event(role, "cpr-change", new_cpr=new))

    def quiet_since(self, number: int) -> date:
        """The last day anything about the citizen happened or takes effect (a registration, a doctor or group
        period, a card, a move, a name or number change): CPR may date a life event back to it, not before -- a death
        dated before a choice the citizen made would ask what the SUT does with work done for the dead, which
        DOMAIN.md does not say."""
        c = self.oracle.citizens[f"borger {number}"]
        days = [c.registered_on, *(start for _, start, _ in c.doctors), *(start for _, start, _ in c.groups), *c.cards]
        days += [d for d in (c.moved_in_on, c.last_move_on, c.name_changed_on, c.cpr_changed_on) if d is not None]
        return max(days)

    # -- CPR about a child -----------------------------------------------------------------------------------
    def child_alive(self, number: int) -> bool:
        """CPR holds the child alive and in the country (a dead or emigrated child moves with nobody)."""
        return self.oracle.citizens[f"barn {number}"].end_reason is None

    def child_cpr_event(self, number: int, change: str) -> None:
        """CPR records a life event about the child: before the child has moved with a parent the SUT holds no record
        of it and must change nothing; after, the child is one of its citizens like any other."""
        self._sync()
        role = self._given(f"barn {number}")
        self._record(WHEN, f"CPR registrerer {DANISH.get(change, change)} for barn {number}")
        person = self.s.citizen(role)
        new_name = f"{person.first} {person.last}{MARRIED_SUFFIX}" if change == "name-change" else None
        prediction = self.oracle.predict_cpr_event(role, change, new_name)
        self.s.cpr_event(role, change)
        self._check(prediction)


def _final(answer: httpx.Response) -> bool:
    """A granted answer that stands: not `pending` (queued for Luna, which may still refuse it; the SUT then forgets
    the request, and the same one again is a new request)."""
    try:
        return answer.status_code < 300 and answer.json().get("status") != "pending"
    except ValueError:
        return False


def practice_role(number: int, practice: int | None) -> str:
    """A practice by number, or (None) the citizen's original doctor, as the Scenario names it."""
    return f"borger {number}s læge" if practice is None else f"praksis {practice}"
