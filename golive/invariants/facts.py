"""What the invariants read, read once per check: the journals about the scenario's people, Finance's vouchers,
Luna's and the SUT's view of each citizen, and the SUT's unfinished work.

Why one read: the explorer checks the invariants after every step (≥1,000 actions a second), so each source is
asked once and every invariant works on the same snapshot. Everything comes through the drivers and the admin
API every system shares (the same for a vendor's SUT), nothing from a simulator's model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from golive.exchanges import origins_of
from golive.failures import SCENARIO_AGENT, SUT
from golive.reads import kept
from simulators import registry

SCENARIO_AGENT_PREFIX = SCENARIO_AGENT.split("/")[0] + "/"


T = TypeVar("T")


@dataclass
class Citizen:
    """One of the scenario's people, as the invariants need them."""

    role: str
    cpr: str
    name: str
    protected: bool
    streets: tuple[str, ...]  # every address the person lives or moves at (the protected data, when protected)
    numbers: tuple[str, ...] = ()  # every CPR number the person has had, today's (`cpr`) first

    def is_named(self, cpr: object) -> bool:
        """A document names the person by any number they have had (what was done under an old one is theirs)."""
        return cpr == self.cpr or cpr in self.numbers


@dataclass
class Facts:
    citizens: list[Citizen]
    entries: list[dict]  # every journal entry of every system about the scenario's people, in time order
    calls: list[dict]  # every neighbour's journal entries carrying the scenario's correlation id
    violations: list[dict]
    vouchers: dict[str, list[dict]]  # cpr -> the vouchers Finance booked with that debtor
    records: dict[str, dict]  # cpr -> the SUT's record of the citizen (only those the SUT holds)
    luna: dict[str, list[dict]]  # cpr -> every registration Luna holds (current, future, previous)
    unfinished: bool | None  # the SUT still has queued or running work (None: it does not tell)
    cases: dict[str, dict] = field(default_factory=dict)  # role -> E-flyt's record of the person's last move case
    neighbours: tuple[str, ...] = field(default_factory=lambda: tuple(registry.neighbours()))
    origins: dict[str, str] = field(default_factory=dict)  # scheme://host:port -> system, for a served world's URLs
    answered: list[dict] = field(default_factory=list)  # the SUT's entries under the scenario's correlation id
    luna_earlier: dict[str, list[dict]] = field(default_factory=dict)  # cpr -> Luna's registrations under old numbers

    @classmethod
    def read(cls, context: Any) -> Facts:
        citizens = []
        for role, person in context.citizens.items():
            # "Uden fast bopæl" (road code 9999) names no address: it is no protected data
            streets = [person.address.street] if person.address and not person.address.no_fixed_residence else []
            moved = context.destinations.get(role)
            if moved is not None:
                streets.append(moved.street)
            formerly = context.formerly.get(role, ())  # the person before a move or a new number CPR recorded
            streets += [p.address.street for p in formerly if p.address and not p.address.no_fixed_residence]
            numbers = tuple(context.numbers(role))  # Expectations.numbers: today's first
            streets = [s for s in streets if s]
            citizens.append(Citizen(role, person.cpr, person.full_name, person.address_protected, (*streets,), numbers))
        records: dict[str, dict] = {}
        luna: dict[str, list[dict]] = {}
        luna_earlier: dict[str, list[dict]] = {}
        vouchers: dict[str, list[dict]] = {}
        for c in citizens:
            status, record = sut_record(context, c.cpr)
            if status == 200:
                records[c.cpr] = record
            # A neighbour still down (a fault the scenario left on) cannot be read: its view is left out.
            held = _read(context, "luna", c.cpr, "registrations", context.luna.registrations)
            if held is not None:
                luna[c.cpr] = held
            earlier = [
                _read(context, "luna", cpr, "registrations", context.luna.registrations) for cpr in c.numbers[1:]
            ]
            if earlier and all(e is not None for e in earlier):
                luna_earlier[c.cpr] = [r for found in earlier for r in found or ()]
            # Finance books under the number the person had then: every number CPR gave them counts
            booked = [_read(context, "finance", cpr, "vouchers", context.finance.vouchers) for cpr in c.numbers]
            if all(b is not None for b in booked):
                vouchers[c.cpr] = [v for found in booked for v in found or ()]
        cases = {}
        for role, case_id in getattr(context, "cases", {}).items():
            found = _read(context, SUT, case_id, "case", context.eflyt.case)  # E-flyt down: left out
            if found is not None:
                cases[role] = found
        state = kept(context, SUT, "", "state", context.sut.admin.state)
        unfinished = None if state is None else bool(state.get("jobs") or state.get("queued"))
        entries = context.exchanges()
        # Every system's entries under the scenario's correlation id, read once: what the SUT sent under it (a call
        # a fault struck is journaled without the body it could not read, so only its correlation id ties it to the
        # scenario: the flooding count), and the violations of any request without a CPR number — with those in the
        # entries already read, the same set as Scenario.violations() for a fraction of the journal reads.
        correlated = {
            name: admin.journal(correlation_id=context.correlation_id) for name, admin in context.admins.items()
        }
        calls = [e for name, found in correlated.items() if name != SUT for e in found]
        violating = {(e["simulator"], e["seq"]): e for e in entries if e.get("violations")}
        violating.update(
            {(e["simulator"], e["seq"]): e for found in correlated.values() for e in found if e.get("violations")}
        )
        return cls(
            citizens=citizens,
            calls=calls,
            entries=entries,
            violations=sorted(violating.values(), key=lambda e: (e["at"], e["simulator"], e["seq"])),
            vouchers=vouchers,
            records=records,
            luna=luna,
            unfinished=unfinished,
            cases=cases,
            origins=origins_of(context.world) if hasattr(context, "world") else {},
            answered=correlated.get(SUT, []),
            luna_earlier=luna_earlier,
        )

    # -- views of the journal -----------------------------------------------------------------------------
    def sent_by_sut(self, entries: list[dict] | None = None) -> list[dict]:
        """What the SUT sent a neighbour: requests the neighbours journaled that the scenario itself did not send
        (its own user agent), the Servicebus's only for the SUT's own topics (CPR and Luna publish there too)."""
        out = []
        for e in self.entries if entries is None else entries:
            simulator = e.get("simulator")
            if simulator == SUT or simulator not in self.neighbours or e.get("kind", "http") != "http":
                continue
            agent = str((e.get("requestHeaders") or {}).get("user-agent", ""))
            if agent.startswith(SCENARIO_AGENT_PREFIX):
                continue
            if simulator == "servicebus" and not str(e.get("path", "")).startswith("/topics/sygesikring."):
                continue
            out.append(e)
        return out

    def sut_answers(self, *operations: str) -> list[dict]:
        """The SUT's answers to the scenario's requests of these operations."""
        return [
            e
            for e in self.entries
            if e.get("simulator") == SUT and e.get("kind", "http") == "http" and e.get("operation") in operations
        ]


def mentions(entry: dict, cpr: str) -> bool:
    return cpr in (entry.get("cprs") or [])


def sut_record(context: Any, cpr: str) -> tuple[int, Any]:
    """The SUT's record of the citizen as (status, document): 404 when it does not know the citizen (yet)."""

    def read() -> tuple[int, Any]:
        response = context.sut.client.get(f"/citizens/{cpr}/sygesikring")
        return response.status_code, response.json() if response.status_code == 200 else None

    return kept(context, SUT, cpr, "record", read)


def _read(context: Any, system: str, cpr: str, what: str, read: Callable[[str], T]) -> T | None:
    """A neighbour's view (kept while nothing changed it), or None when the neighbour cannot be read (left down)."""
    try:
        return kept(context, system, cpr, what, lambda: read(cpr))
    except (httpx.HTTPError, KeyError, ValueError, AssertionError):
        return None
