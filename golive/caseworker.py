"""A caseworker (sagsbehandler) at the SUT, and what the citizens' MinLog must show for it (issue 17).

Why its own module: MinLog came after the Scenario was full, and what a caseworker does and what MinLog must then
show belong together. `Desk` keeps, per scenario, the caseworker's sessions and every look-up the scenario made
(the harness's own record: the only look-ups a citizen's log may show); the steps call the functions below with the
scenario, which reach the SUT and MinLog only through their drivers, as the Scenario does.

The rule checked (DOMAIN.md, "Security context"): one MinLog entry per real look-up of a citizen by a caseworker,
none for a login, a batch run, a bus delivery or background work, and an entry's text about its own citizen only.
The same rule, read from the journals instead, is the invariant golive/invariants/minlog.py.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from golive.blame import SUT, observing
from golive.drivers import ok
from golive.drivers.minlog import MinLog
from golive.vocabulary import municipality_code

MINLOG = "minlog"
CASEWORKER_NAME = "Sagsbehandler i {municipality} Kommune"  # [design] how the citizen sees the caseworker named


@dataclass
class Desk:
    """The scenario's caseworker: their id, open session, and every look-up made (citizen, session)."""

    caseworker: str
    municipality: str = "Aarhus"
    session: str | None = None
    lookups: Counter[tuple[str, str]] = field(default_factory=Counter)


def desk(context: Any) -> Desk:
    """The scenario's caseworker, made on first use: an id of the scenario's own, so runs in parallel never meet."""
    found = getattr(context, "caseworker_desk", None)
    if found is None:
        found = Desk(caseworker=f"SB-{context.tag[:6].upper()}")
        context.caseworker_desk = found
    return found


def minlog(context: Any) -> MinLog:
    return MinLog(context.clients[MINLOG])


# -- what the caseworker and the SUT do --------------------------------------------------------------------------
def log_in(context: Any, municipality: str | None = None, *, named: bool = True) -> None:
    """The caseworker logs in to the SUT (a new session; a login looks nobody up). `named`: with the display name
    MinLog shows the citizen (the contract makes it optional: without it, MinLog shows the user id)."""
    d = desk(context)
    d.municipality = municipality or d.municipality
    name = CASEWORKER_NAME.format(municipality=d.municipality) if named else None
    with observing(SUT):
        d.session = context.sut.open_session(d.caseworker, name, municipality_code(d.municipality))["sessionId"]


def make_known(context: Any, role: str) -> None:
    """The SUT registers the person (a child: as following the parent they live with)."""
    person = context.citizen(role)
    lives_with = person.custody.lives_with if person.custody is not None else None
    parent = next((r for r, p in context.citizens.items() if lives_with and p.cpr == lives_with), None)
    context.register_in_sut(role, follows=parent)


def look_up(context: Any, role: str) -> None:
    """The caseworker looks the citizen up (logging in first if they have not)."""
    d = desk(context)
    if d.session is None:
        log_in(context)
    assert d.session is not None
    cpr = context.citizen(role).cpr
    with observing(SUT):
        ok(context.sut.look_up(d.session, cpr), 200)
    d.lookups[(cpr, d.session)] += 1


def nightly_batch(context: Any) -> None:
    """A night passes: the virtual clock moves to the next day, and the SUT's nightly batch runs and finishes."""
    context.advance_days(1)
    context.settle()
    context.now()  # the clock as the world has it after the night (and a harness error if a simulator hung)


# -- what MinLog must show -----------------------------------------------------------------------------------------
def _entries(context: Any, cpr: str) -> list[dict]:
    context.settle()  # MinLog entries leave the SUT through its outbox
    with observing(MINLOG):
        return minlog(context).entries(cpr)


def _show(entries: list[dict]) -> str:
    return "; ".join(
        f"{e.get('at')} by {e.get('user')} (session {e.get('sessionId', '-')}): {e.get('action')}" for e in entries
    )


def expect_lookups(context: Any, role: str, count: int) -> None:
    """The citizen's MinLog shows exactly `count` look-ups by the scenario's caseworker."""
    d = desk(context)
    cpr = context.citizen(role).cpr
    by_caseworker = [e for e in _entries(context, cpr) if e.get("user") == d.caseworker]
    made = sum(n for (looked_up, _), n in d.lookups.items() if looked_up == cpr)
    with observing(MINLOG):
        assert len(by_caseworker) == count, (
            f"{role}'s MinLog shows {len(by_caseworker)} look-up(s) by the caseworker {d.caseworker}, expected "
            f"{count} (the caseworker looked {role} up {made} time(s)): {_show(by_caseworker) or 'none'}"
        )


def expect_no_background_entries(context: Any) -> None:
    """No citizen of the scenario has a MinLog entry that no look-up of the caseworker accounts for: none for a
    login, a batch run, a bus delivery or the SUT's own background work."""
    d = desk(context)
    problems = []
    for role, person in context.citizens.items():
        entries = _entries(context, person.cpr)
        made = Counter({session: n for (cpr, session), n in d.lookups.items() if cpr == person.cpr})
        shown = Counter(str(e.get("sessionId", "")) for e in entries)
        extra = shown - made
        if extra:
            unexplained = [e for e in entries if e.get("sessionId", "") in extra]
            problems.append(
                f"{role}'s MinLog shows {sum(extra.values())} look-up(s) nobody made (the caseworker looked {role} "
                f"up {sum(made.values())} time(s)): {_show(unexplained)}"
            )
    with observing(MINLOG):
        assert not problems, "; ".join(problems)


def expect_no_other_citizen_named(context: Any) -> None:
    """No entry in a citizen's MinLog names another of the scenario's citizens (CPR number or name) in its text."""
    problems = []
    people = list(context.citizens.items())
    for role, person in people:
        for entry in _entries(context, person.cpr):
            text = " ".join(str(entry.get(k, "")) for k in ("action", "purpose", "userName"))
            for other_role, other in people:
                if other.cpr != person.cpr and (other.cpr in text or other.full_name in text):
                    problems.append(f"an entry in {role}'s MinLog names {other_role}: '{entry.get('action')}'")
    with observing(MINLOG):
        assert not problems, "; ".join(problems)
