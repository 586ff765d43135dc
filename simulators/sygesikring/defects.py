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

DEFECTS: dict[str, str] = {
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
}

MOD11_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def passes_modulus_11(cpr: str) -> bool:
    """The pre-2007 check digit rule (weights 4,3,2,7,6,5,4,3,2,1). Only the defect uses it: valid CPR numbers may fail it."""
    return len(cpr) == 10 and cpr.isdigit() and sum(int(d) * w for d, w in zip(cpr, MOD11_WEIGHTS)) % 11 == 0


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
