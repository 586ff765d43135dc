"""Finance's HTTP layer: one small handler per contract operation, translating to and from the model.

The only HTTP knowledge here is which status says what: 201 for a new voucher with its Location, 200
and `Idempotent-Replayed: true` when the Idempotency-Key had already posted the same request.
"""

from __future__ import annotations

from typing import Any

from simulators.core import Call

REPLAYED_HEADER = "Idempotent-Replayed"
KEY_HEADER = "idempotency-key"  # the kernel lower-cases header parameter names


def _posted(voucher: Any, replayed: bool):
    if replayed:
        return 200, voucher.as_dict(), {REPLAYED_HEADER: "true"}
    return 201, voucher.as_dict(), {"Location": f"/vouchers/{voucher.voucher_id}"}


def post_voucher(call: Call):
    return _posted(*call.model.post_voucher(call.body, call.params[KEY_HEADER]))


def list_vouchers(call: Call):
    p = call.params
    found = call.model.find_vouchers(cpr=p.get("cpr"), period=p.get("period"), account=p.get("account"))
    return 200, {"count": len(found), "vouchers": [v.as_dict() for v in found]}


def get_voucher(call: Call):
    return 200, call.model.voucher(call.params["voucherId"]).as_dict()


def reverse_voucher(call: Call):
    return _posted(*call.model.reverse_voucher(call.params["voucherId"], call.params[KEY_HEADER], call.body))


def list_accounts(call: Call):
    accounts = call.model.account_balances()
    return 200, {"count": len(accounts), "accounts": accounts}


def list_periods(call: Call):
    year, periods = call.model.periods(call.params.get("year"))
    return 200, {"year": year, "periods": periods}


def close_period(call: Call):
    return 200, call.model.close_period(call.params["period"])


def reopen_period(call: Call):
    return 200, call.model.reopen_period(call.params["period"])


def get_debtor_postings(call: Call):
    return 200, call.model.debtor_postings(call.params["cpr"])


HANDLERS = {
    "postVoucher": post_voucher,
    "listVouchers": list_vouchers,
    "getVoucher": get_voucher,
    "reverseVoucher": reverse_voucher,
    "listAccounts": list_accounts,
    "listPeriods": list_periods,
    "closePeriod": close_period,
    "reopenPeriod": reopen_period,
    "getDebtorPostings": get_debtor_postings,
}
