"""Health cards (sundhedskort): ordered by the citizen, free or for the fee.

The reason the caller gives is checked against the record by the rule core (decisions.card_free_reason); the card
is recorded, the fee (if any) booked, and the card producer hears of it on the bus (sygesikring.healthcard-ordered).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import decisions
from ..context import Context, Part
from ..fees import Fees
from ..state import derived_key

HEALTHCARD_TOPIC = "sygesikring.healthcard-ordered"


class HealthCards(Part):
    def __init__(self, ctx: Context, fees: Fees) -> None:
        super().__init__(ctx)
        self.fees = fees

    def order_health_card(self, cpr: str, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        """DOMAIN.md: a replacement card costs the fee; first card, moving, name change (3 months), turning 15 and
        a CPR number change are free. The reason the caller gives is *checked* against the record: a free reason
        that does not hold is charged like a lost card."""
        today = self.clock.today()
        reason = doc["reason"]
        with self.lock, self.neighbours.correlated(correlation_id):
            decisions.check_cpr(cpr, self.policy)
            citizen = self.state.active(cpr)
            key = derived_key("healthcard", cpr, reason, None, today)
            if key in self.state.replies:
                return self.state.replies[key]
            facts = decisions.CardFacts(
                cpr=citizen.cpr,
                earlier_cards=tuple(date.fromisoformat(c["orderedOn"]) for c in citizen.cards),
                last_move_on=citizen.last_move_on,
                name_changed_on=citizen.name_changed_on,
                cpr_changed_on=citizen.cpr_changed_on,
            )
            fee = decisions.charge(decisions.card_free_reason(reason, facts, today), today)
            amount = fee.amount_ore
            card_id = self.new_id()
            citizen.cards.append(
                {"cardId": card_id, "reason": reason, "orderedOn": today.isoformat(), "feeOre": amount}
            )
            posted = self.policy.card_fee_posted(amount, decisions.fee_ore(today.year))
            if posted:
                self.fees.charge(citizen, "health-card", posted, key)
            self.neighbours.publish(
                HEALTHCARD_TOPIC,
                {
                    "cpr": cpr,
                    "reason": reason,
                    "feeOre": amount,
                    "municipalityCode": citizen.municipality_code,
                },
                key=cpr,
            )
            result = {"cardId": card_id, "cpr": cpr, "reason": reason, "fee": fee.as_dict(), "status": "ordered"}
            self.state.replies[key] = result
            return result
