"""Finance, the municipality's bookkeeping (contracts/finance.openapi.yaml): the vouchers the SUT posted.

The shape here: the voucher list, filtered by the debtor's CPR number. (Closing an accounting month is a fault as the
SUT meets it: golive/drivers/faults.py.)
"""

from __future__ import annotations

from golive.drivers.admin import Driver


class Finance(Driver):
    def vouchers(self, cpr: str) -> list[dict]:
        """Every voucher Finance booked with the person as debtor."""
        return self.client.get("/vouchers", params={"cpr": cpr}).json()["vouchers"]
