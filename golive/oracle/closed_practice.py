"""The facts DOMAIN.md's closed-practice exceptions (a)-(e) turn on, read from the oracle's model (tables.py holds
the rule that says which fact admits whom: closed_practice_admits).

Kept apart from model.py because each fact looks across the model (housemates, parents, every practice near the
home), where the rest of a prediction reads one citizen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from golive.oracle import tables

if TYPE_CHECKING:
    from golive.oracle.model import CitizenModel, Oracle, PracticeModel


def facts(oracle: Oracle, c: CitizenModel, p: PracticeModel) -> dict[str, bool]:
    """Whether each exception's fact holds for the citizen and the practice today."""
    today = oracle.today
    return {
        "same-address": c.street is not None and any(o.doctor == p.ydernummer for o in housemates(oracle, c)),
        "turning-15-parent-doctor": tables.is_fifteen(c.born, today)
        and any(oracle.citizens[parent].doctor == p.ydernummer for parent in c.parents if parent in oracle.citizens),
        "group-2-to-1-last-doctor": (c.group_on(today) == 2 or c.group_1_ahead(today)) and c.doctor == p.ydernummer,
        "returning-from-service-or-prison": c.reason == "returned",
        "few-open-doctors": c.home is not None and tables.few_open_doctors(open_within_limit(oracle, c)),
    }


def housemates(oracle: Oracle, c: CitizenModel) -> list[CitizenModel]:
    """Who lives where the SUT has the citizen live, as the SUT can learn it: those CPR has at that address (its
    household search), and those of its own citizens it has there itself (after a move reported in E-flyt the two
    differ: CPR still has the mover at the old address)."""
    home = (c.street, c.municipality)
    return [
        o
        for o in oracle.citizens.values()
        if o is not c and o.active and (o.in_cpr_at == home or (o.known and (o.street, o.municipality) == home))
    ]


def open_within_limit(oracle: Oracle, c: CitizenModel) -> int:
    """The practices open for intake within the citizen's distance limit of home (none without a home)."""
    if c.home is None:
        return 0
    limit = oracle.limit(c)
    return sum(
        1
        for o in oracle.practices.values()
        if o.open and tables.within_limit(tables.distance_km(c.home, o.location), limit)
    )
