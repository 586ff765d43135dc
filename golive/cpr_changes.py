"""Changes CPR records to a person that the harness's copy of the person follows: a move to a new address (CPR's
`address-change`, the move E-flyt never told the SUT of) and a new CPR number (`cpr-change`).

Why the copy follows: it is the harness's CPR data. After a move the person's home ("bopæl" in a step) is the new
address, and a later move reported in E-flyt starts from it, as E-flyt (prefilled from CPR) would; after a new number
every step names the person by it, as the SUT and its neighbours now do. The person as CPR held them before is kept
(`Scenario.formerly`): a protected address stays protected data after a move, and what the neighbours booked under an
old number is still the person's (the invariants read both).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fixtures.providers import Address, Person
    from golive.scenario import Scenario


def cpr_move(scenario: Scenario, role: str, municipality_code: int) -> Address:
    """CPR records that the person moved to a new (ordinary) address in the municipality; returns the address."""
    person = scenario.citizen(role)
    address = scenario.data.address(municipality_code)
    scenario.cpr_event(role, "address-change", address=address.as_cpr_address(), municipality_code=municipality_code)
    _follow(scenario, person, replace(person, address=address, municipality_code=municipality_code))
    return address


def new_number(scenario: Scenario, role: str) -> str:
    """CPR gives the person a new CPR number (same birth date and sex); returns it.

    Luna learns of the new number from CPR, not from the SUT [design: the regions' system reads the register itself],
    so the harness, standing for that link, gives Luna the person's live registrations (in force and to come) under
    the new number too, as history the scenario did not cause (`Scenario.seeded`)."""
    person = scenario.citizen(role)
    new = scenario.data.cpr(person.birth_date, person.sex)
    scenario.cpr_event(role, "cpr-change", new_cpr=new)
    carried = scenario.luna.carry_over(person.cpr, new, person.municipality_code)
    scenario.seeded |= {(new, ydernummer, day) for ydernummer, day in carried}
    _follow(scenario, person, replace(person, cpr=new))
    for key, other in list(scenario.citizens.items()):  # a child's custody names the parent by the new number
        custody = other.custody
        if custody is not None and person.cpr in (custody.lives_with, *custody.parents):
            renamed = replace(
                custody,
                parents=tuple(new if p == person.cpr else p for p in custody.parents),
                lives_with=new if custody.lives_with == person.cpr else custody.lives_with,
            )
            scenario.citizens[key] = replace(other, custody=renamed)
    return new


def _follow(scenario: Scenario, before: Person, after: Person) -> None:
    key = next(k for k, p in scenario.citizens.items() if p is before)
    scenario.formerly.setdefault(key, []).append(before)
    scenario.citizens[key] = after
