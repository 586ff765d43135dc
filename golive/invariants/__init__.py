"""Cross-system invariants: what must hold across every neighbour once a scenario (or an explored step) has settled.

Why: a hand-written scenario checks what its author thought of — the bus, for a protected address; that a choice
arrives, for a Luna outage. An invariant checks a property on *every* channel after *every* scenario, so a defect
no Then-step looks for (a protected address in a voucher text, a retry storm against a neighbour that is down, a
Luna registration after the citizen died) is caught anyway (issue 13). Each invariant reads only the journals and
the public read APIs the drivers offer, never the reference SUT's insides (ARCHITECTURE.md principle 10), and
blames the neighbour through which the divergence showed (golive/blame.py), so the verdict table reads it.

The public interface (the explorer calls it after every step; the pytest plugin after every scenario):

- `broken(context) -> list[Breach]`: every broken invariant, as data;
- `check(context)`: raises `InvariantBroken` (an AssertionError carrying the blame) listing them in business words.

`context` is a golive.scenario.Scenario whose world has settled. The invariants themselves live in the modules
beside this one, each a function of the `Facts` read once (facts.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from golive import blame


@dataclass(frozen=True)
class Breach:
    """One broken invariant: which (its name), through which neighbour (the party blamed), in business words."""

    name: str
    neighbour: str
    message: str


class InvariantBroken(AssertionError):
    """Some cross-system invariant broke; the message lists each in business words, the blame names the neighbours."""

    def __init__(self, breaches: list[Breach]) -> None:
        self.breaches = breaches
        lines = [f"invariant brudt: {breaches[0].message}"] + [f"- [{b.name}] {b.message}" for b in breaches]
        super().__init__("\n".join(lines))
        blame.attribute(self, *(b.neighbour for b in breaches))


Invariant = Callable[[Any], Iterable[Breach]]  # a function of the scenario's Facts


def _invariants() -> dict[str, Invariant]:
    from golive.invariants import channels, lifecycle, minlog, money

    return {
        "protected-data": channels.protected_data_stays_home,
        "contract": channels.contract_valid,
        "no-flooding": channels.neighbours_not_flooded,
        "journal-complete": channels.no_journal_entry_lost,
        "sut-no-crash": channels.sut_never_crashes,
        "one-voucher-per-fee": money.one_voucher_per_fee,
        "vouchers-balance": money.vouchers_balance,
        "finance-agrees": money.sut_and_finance_agree,
        "nothing-after-coverage-ended": lifecycle.nothing_after_coverage_ended,
        "luna-agrees": lifecycle.luna_and_sut_agree,
        "bus-tells-luna": lifecycle.bus_tells_what_luna_registered,
        "eflyt-hears-back": lifecycle.eflyt_hears_back,
        "minlog-only-lookups": minlog.no_entry_without_lookup,
        "minlog-own-citizen-only": minlog.no_other_citizen_in_entry,
        "minlog-names-the-caseworker": minlog.entry_names_the_caseworker,
        "minlog-dated-at-lookup": minlog.entry_dated_at_its_lookup,
    }


NAMES = (  # the invariants by name, in checking order (tests hold _invariants() to it)
    "protected-data",
    "contract",
    "no-flooding",
    "journal-complete",
    "sut-no-crash",
    "one-voucher-per-fee",
    "vouchers-balance",
    "finance-agrees",
    "nothing-after-coverage-ended",
    "luna-agrees",
    "bus-tells-luna",
    "eflyt-hears-back",
    "minlog-only-lookups",
    "minlog-own-citizen-only",
    "minlog-names-the-caseworker",
    "minlog-dated-at-lookup",
)


def broken(context: Any, *, skip: Iterable[str] = ()) -> list[Breach]:
    """Every broken invariant of the settled world as `context` sees it (skip: names not to check)."""
    from golive.invariants.facts import Facts

    facts = Facts.read(context)
    left_out = set(skip)
    found: list[Breach] = []
    for name, invariant in _invariants().items():
        if name not in left_out:
            found.extend(invariant(facts))
    return found


def check(context: Any, *, skip: Iterable[str] = ()) -> None:
    """Raise InvariantBroken listing every broken invariant; nothing when all hold."""
    breaches = broken(context, skip=skip)
    if breaches:
        raise InvariantBroken(breaches)
