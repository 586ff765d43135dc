"""A move CPR records (its `address-change`), the move E-flyt never told the SUT of: the register gets the new
address and publishes cpr.person-changed, and the harness's copy of the person follows the register.

Why the copy follows: it is the harness's CPR data. After the move the person's home ("bopæl" in a step) is the new
address, and a later move reported in E-flyt starts from it, as E-flyt (prefilled from CPR) would. The address before
is kept (`Scenario.former_addresses`): protected address data stays protected after a move, so the invariants still
look for it on every channel.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fixtures.providers import Address
    from golive.scenario import Scenario


def cpr_move(scenario: Scenario, role: str, municipality_code: int) -> Address:
    """CPR records that the person moved to a new (ordinary) address in the municipality; returns the address."""
    person = scenario.citizen(role)
    key = next(k for k, p in scenario.citizens.items() if p is person)
    address = scenario.data.address(municipality_code)
    scenario.cpr_event(role, "address-change", address=address.as_cpr_address(), municipality_code=municipality_code)
    if person.address is not None:
        scenario.former_addresses.setdefault(key, []).append(person.address)
    scenario.citizens[key] = replace(person, address=address, municipality_code=municipality_code)
    return address
