"""The fee (gebyr): one balanced voucher to Finance per charge.

DOMAIN.md, Finance: amounts in øre, vouchers balance (the citizen's debt debited, the fee revenue credited), a
posting is idempotent by key — the key derived from the request (state.derived_key), so a retried request can
never book twice. Whether a change is free, and the amount, is decided by the rule core (decisions.charge); here
is only how a charge is booked. What the voucher carries goes through the policy where a defect changes it (the
unit, the account, the debtor's name).
"""

from __future__ import annotations

from simulators import rules

from . import config
from .context import Part
from .ports import Outcome, Unavailable
from .state import Citizen, Fee


class Fees(Part):
    def charge(self, citizen: Citizen, reason: str, amount_ore: int, key: str) -> Fee:
        """One balanced voucher (DOMAIN.md Finance): debit the citizen's debt, credit the fee revenue, in øre."""
        today = self.clock.today()
        voucher_amount = self.policy.voucher_amount(amount_ore)
        name = self._debtor_name(citizen)
        text = self.policy.voucher_text(config.FEE_TEXTS[reason] + (f", {name}" if name else ""), citizen.address)
        voucher = {
            "postingDate": today.isoformat(),
            "text": text[:200],
            "municipalityCode": citizen.municipality_code,
            "cpr": citizen.cpr,
            "source": config.VOUCHER_SOURCE,
            "lines": [
                {"account": rules.DEBTOR_ACCOUNT, "amountOre": voucher_amount, "text": "Borgerens gæld"},
                {
                    "account": self.policy.fee_account(rules.FEE_REVENUE_ACCOUNT),
                    "amountOre": self.policy.credit_amount(voucher_amount),
                    "text": config.FEE_TEXTS[reason],
                },
            ],
        }
        fee = Fee(amount_ore=amount_ore, reason=reason, posting_date=today, key=key)
        citizen.fees.append(fee)
        self.state.fees_by_key[key] = fee
        self.apply_outcome(fee, self.neighbours.post_fee(voucher, key, context=key))
        return fee

    def apply_outcome(self, fee: Fee, outcome: Outcome) -> None:
        """Finance's answer, now or when a queued posting is settled: posted, still queued, or failed (and why)."""
        if outcome.done and outcome.document:
            fee.state, fee.voucher_id, fee.error = "posted", outcome.document.get("voucherId"), None
        elif outcome.pending:
            fee.state = "queued"
        elif outcome.refused is not None:
            fee.state, fee.error = (
                "failed",
                f"{outcome.refused.status} {outcome.refused.code}: {outcome.refused.detail}",
            )

    def _debtor_name(self, citizen: Citizen) -> str | None:
        """The debtor's name for the voucher, from CPR (best effort: a voucher without a name is still a voucher)."""
        try:
            person = self.neighbours.person(citizen.cpr)
        except Unavailable:
            return None
        if not person:
            return None
        name = person["name"]["full"]
        return self.policy.debtor_letters(self.policy.debtor_name(name))
