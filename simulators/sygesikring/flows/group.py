"""Change of sikringsgruppe (insurance group): 1, a fixed doctor and free treatment, or 2, free choice with a grant.

The rule core decides whether the change is allowed (not the group the citizen is in or on the way to; not within
GROUP_CHANGE_LOCK_DAYS of the last change), from when it takes effect, and whether it is free; the fee is booked at
once, and partners hear of it on the bus (sygesikring.group-changed).
"""

from __future__ import annotations

from typing import Any

from .. import decisions
from ..context import Context, Part
from ..fees import Fees
from ..state import GroupPeriod, derived_key

GROUP_TOPIC = "sygesikring.group-changed"


class GroupChange(Part):
    def __init__(self, ctx: Context, fees: Fees) -> None:
        super().__init__(ctx)
        self.fees = fees

    def change_group(self, cpr: str, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        """DOMAIN.md: a group change takes effect GROUP_CHANGE_EFFECT_DAYS after the fee is registered (today),
        and no new change is allowed for GROUP_CHANGE_LOCK_DAYS after the last one took effect."""
        today = self.clock.today()
        to_group = doc["toGroup"]
        with self.lock, self.neighbours.correlated(correlation_id):
            decisions.check_cpr(cpr, self.policy)
            citizen = self.state.active(cpr)
            key = derived_key("group", cpr, str(to_group), None, today)
            if key in self.state.replies:
                return self.state.replies[key]
            from_group = citizen.groups[-1].group  # the group after any change already under way
            last = next((g for g in reversed(citizen.groups) if g.changed), None)
            decisions.check_group_change(
                cpr, to_group, from_group, last.effective if last else None, today, self.policy
            )
            effective = decisions.group_change_effective(today)
            free_reason = decisions.group_change_free_reason(cpr, citizen.moved_in_on, today)
            fee = decisions.charge(free_reason, self.policy.fee_day(effective, today))
            citizen.groups.append(GroupPeriod(to_group, effective, changed=True))
            if fee.amount_ore:
                self.fees.charge(citizen, "group-change", fee.amount_ore, key)
            self.neighbours.publish(
                GROUP_TOPIC,
                {
                    "cpr": cpr,
                    "fromGroup": from_group,
                    "toGroup": to_group,
                    "effectiveDate": self.policy.group_event_date(effective),
                    "municipalityCode": citizen.municipality_code,
                },
                key=cpr,
            )
            result = {
                "cpr": cpr,
                "fromGroup": from_group,
                "toGroup": to_group,
                "effectiveDate": effective.isoformat(),
                "fee": fee.as_dict(),
            }
            self.state.replies[key] = result
            return result
