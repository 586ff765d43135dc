"""What several of golive's own tests share: Luna's example practice and the fee voucher the SUT posts."""

from __future__ import annotations

from typing import Any

from simulators import rules
from simulators.luna import example_practice

PRACTICE = example_practice()

CPR = "0101804321"  # synthetic
FEE_ORE = rules.FEE_KR_BY_YEAR[2024] * 100  # the 2024 fee in øre (DOMAIN.md: 225 kr.)


def fee_voucher(amount: int = FEE_ORE, **overrides: Any) -> dict[str, Any]:
    """The fee posting the SUT makes: debit the citizen's debt, credit fee revenue."""
    return {
        "postingDate": "2024-03-01",
        "text": "Gebyr for lægeskift",
        "municipalityCode": 751,
        "cpr": CPR,
        "source": "sygesikring",
        "lines": [
            {"account": rules.DEBTOR_ACCOUNT, "amountOre": amount, "text": "Borgerens gæld"},
            {"account": rules.FEE_REVENUE_ACCOUNT, "amountOre": -amount, "text": "Gebyr"},
        ],
        **overrides,
    }
