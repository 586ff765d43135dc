"""A switchboard of named, realistic integration defects the reference SUT can be told to commit.

Why: the harness proves its worth by catching real failures (ARCHITECTURE.md principle 7). Each defect here
is one a vendor's sygesikring system could plausibly ship — most of them did happen somewhere: fees in the
wrong unit, double postings on retry, modulus-11 checks on CPR numbers issued after 2007, names cut to the
register's 34 characters. A scenario turns one on through the settings (`PATCH /__admin/settings
{"defects": ["fee-in-kroner"]}`) and expects some Then-step to fail.

The code that commits a defect asks `defects.on("<name>")` at exactly the place the mistake would be made,
so that turning it on changes one observable outcome and nothing else. The names are the enum of the
contract's `Settings.defects`; an unknown name is refused there (422) and here (ValueError).
"""

from __future__ import annotations

import threading
from typing import Iterable

from simulators import rules
from simulators.cpr.model import passes_modulus_11  # the one modulus-11 (only the defect uses it)

DEFECTS: dict[str, str] = {
    "effect-date-danish-format": (
        "The effect date of a lægevalg is sent to Luna the Danish way, DD-MM-YYYY (15-03-2024), where the "
        "contract wants an ISO date: Luna refuses every registration as a contract violation."
    ),
    "group-date-as-datetime": (
        "The effect date on sygesikring.group-changed is serialised as a local date-time "
        "(2024-03-15T00:00:00+01:00) where the event wants a date: the Servicebus refuses the event."
    ),
    "fee-without-idempotency-key": (
        "Fee postings to Finance carry no Idempotency-Key header, which Finance requires: the fee is never booked."
    ),
    "fee-charged-on-move": (
        "A doctor chosen with a move beyond the distance limit is charged the fee, though a move makes the change free."
    ),
    "emigration-ignored": (
        "CPR's emigration event (status 80) is taken for an address change: the sygesikring and the lægevalg "
        "in Luna go on for a citizen who has left the country."
    ),
    "move-keeps-old-municipality-code": (
        "An inter-municipal move updates the address but not the municipality code, so the lægevalg event on "
        "the Servicebus names the municipality the citizen left."
    ),
    "fee-on-wrong-account": (
        "The fee is credited to the health-card expense account (4.62.81.4.5) instead of the fee revenue account."
    ),
    "fee-in-kroner": (
        "The fee is posted to Finance in kroner (225) where the voucher's amountOre wants øre (22500)."
    ),
    "fee-posted-twice-on-retry": (
        "Every retry of a fee posting gets a new Idempotency-Key, so a response lost after Finance booked "
        "the voucher books the fee a second time."
    ),
    "modulus11-rejects-valid-cpr": (
        "CPR numbers are checked with modulus 11, refusing valid numbers issued after 1 Oct 2007."
    ),
    "protected-address-on-bus": (
        "Lægevalg events carry the citizen's address (for the health-card producer), ignoring navne- og "
        "adressebeskyttelse: a protected address leaves the municipality."
    ),
    "name-truncated-34": (
        "The debtor's name on the fee voucher is cut to the national register's 34 characters."
    ),
    "child-not-following-parent": (
        "Children under 15 moving with a parent keep their old doctor instead of following the parent's."
    ),
    "copenhagen-15km": (
        "The 15 km distance limit is applied everywhere, also in København, Frederiksberg, Tårnby and Dragør "
        "where it is 5 km."
    ),
    "effect-date-off-by-one": (
        "A doctor change takes effect after 13 days instead of 14 (a UTC timestamp at midnight read as the "
        "previous local day)."
    ),
    "event-before-luna-accepted": (
        "sygesikring.laegevalg-changed is published before Luna accepted the registration, so partners hear "
        "of choices Luna refused."
    ),
    "fee-not-retried": (
        "A fee posting is sent to Finance once: a 5xx (Finance busy for a moment) marks the fee failed and it is "
        "never booked — no retry, no queue."
    ),
    "duplicate-delivery-processed-twice": (
        "Servicebus deliveries are acted on every time they arrive (no memory of message ids, no check of the "
        "citizen's state): a death delivered twice ends the coverage twice, with two events and two calls to Luna."
    ),
    "stale-practice-event-applied": (
        "luna.practice-changed events are applied in arrival order, ignoring their changedDate: a late "
        "'reopened' overrides a newer 'closed for good' and takes the patients' free re-choice away."
    ),
    "receipt-completed-before-luna": (
        "While Luna is down, E-flyt gets a 'completed' receipt naming the chosen doctor although the choice is "
        "only queued: the receipt claims more than happened."
    ),
    "queued-choice-forgotten": (
        "A doctor choice made while Luna is down is answered 'pending' but not kept as work to finish: nothing "
        "sends it to Luna when Luna is back."
    ),
    "connection-reset-taken-as-refusal": (
        "A dropped connection to Luna is read as Luna's refusal: the citizen's choice is refused (422) instead "
        "of being retried."
    ),
    "luna-registration-retried-blindly": (
        "A registration whose answer was lost (Luna too slow, connection cut) is sent again without first "
        "looking whether Luna already has it: Luna registers the choice twice."
    ),
    "event-lost-when-bus-down": (
        "Events are published to the Servicebus once, fire and forget: while the bus is down they are lost "
        "and the partners never hear of the change."
    ),
    "receipt-lost-when-eflyt-down": (
        "The receipt to E-flyt is sent once; while E-flyt cannot take it, it is lost and the move case "
        "never gets its answer."
    ),
}

# The account `fee-on-wrong-account` credits: the sygesikring health-card expense account, the fee revenue
# account's neighbour in the chart (same function 4.62.81), so Finance accepts it — a *known* wrong account.
WRONG_FEE_ACCOUNT = next(account for account, _, kind in rules.DEFAULT_CHART_OF_ACCOUNTS
                         if kind == "expense" and account.rsplit(".", 2)[0] == rules.FEE_REVENUE_ACCOUNT.rsplit(".", 2)[0])


class Defects:
    """Which defects are on. Thread-safe; replaced wholesale when the settings change."""

    def __init__(self, enabled: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._on: frozenset[str] = frozenset()
        self.set(enabled)

    def set(self, enabled: Iterable[str]) -> None:
        names = frozenset(enabled)
        unknown = sorted(names - DEFECTS.keys())
        if unknown:
            raise ValueError(f"unknown defect(s) {unknown}; known: {sorted(DEFECTS)}")
        with self._lock:
            self._on = names

    def on(self, name: str) -> bool:
        if name not in DEFECTS:
            raise KeyError(f"no defect named {name!r}")  # a typo in the SUT itself must not pass silently
        return name in self._on

    @property
    def enabled(self) -> list[str]:
        return sorted(self._on)
