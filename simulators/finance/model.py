"""Finance's state: a municipality's books (finans og bogføring) as the sygesikring system meets them.

Plain Python, no HTTP (moto's models.py). What it enforces is what a real finance system would refuse
and what a careless integration gets wrong: vouchers (bilag) must balance to 0 øre, every line must hit
an account in the chart (Den kommunale kontoplan), a closed month accepts nothing, and a retried post
never books twice — the `Idempotency-Key` decides, under one lock, so sixteen simultaneous retries of
one fee still make one voucher. A debt must name its debtor (CPR), or nobody can be asked to pay it.

Amounts are integers in øre: money is never a float here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import orjson

from simulators import rules
from simulators.core.clock import VirtualClock
from simulators.core.errors import Conflict, NotFound, Unprocessable

DEFAULT_ACCOUNTS = rules.DEFAULT_CHART_OF_ACCOUNTS
REQUIRE_CPR_DEFAULT = True  # [design] a debtor-account line without a CPR is refused unless switched off


class UnknownAccount(Unprocessable):
    code = "unknown-account"
    title = "Unknown account"


class UnbalancedVoucher(Unprocessable):
    code = "unbalanced-voucher"
    title = "Voucher does not balance"


class CprRequired(Unprocessable):
    code = "cpr-required"
    title = "A debtor posting needs the citizen's CPR number"


class WrongMunicipality(Unprocessable):
    code = "wrong-municipality"
    title = "Voucher for another municipality"


class PeriodClosed(Conflict):
    code = "period-closed"
    title = "Accounting period closed"


class IdempotencyKeyReused(Conflict):
    code = "idempotency-key-reused"
    title = "Idempotency key reused with a different request"


class AlreadyReversed(Conflict):
    code = "already-reversed"
    title = "Voucher already reversed"


class ReversalNotReversible(Conflict):
    code = "reversal-not-reversible"
    title = "A reversal cannot be reversed"


class UnknownVoucher(NotFound):
    code = "unknown-voucher"
    title = "Unknown voucher"


@dataclass(frozen=True)
class Account:
    account: str
    name: str
    kind: str  # revenue | expense | asset | liability

    def as_dict(self) -> dict[str, str]:
        return {"account": self.account, "name": self.name, "kind": self.kind}


@dataclass(frozen=True)
class Line:
    account: str
    amount_ore: int  # debit positive, credit negative, never 0
    text: str | None = None

    def as_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"account": self.account, "amountOre": self.amount_ore}
        if self.text:
            doc["text"] = self.text
        return doc


@dataclass
class Voucher:
    voucher_id: str
    posting_date: date
    text: str
    municipality_code: int
    lines: tuple[Line, ...]
    idempotency_key: str
    posted_at: str
    cpr: str | None = None
    source: str | None = None
    reverses: str | None = None
    reversed_by: str | None = None
    reversed_at: str | None = None

    @property
    def period(self) -> str:
        return period_of(self.posting_date)

    @property
    def status(self) -> str:
        return "reversed" if self.reversed_by else "posted"

    def as_dict(self) -> dict[str, Any]:
        debit = sum(line.amount_ore for line in self.lines if line.amount_ore > 0)
        doc: dict[str, Any] = {
            "voucherId": self.voucher_id,
            "period": self.period,
            "status": self.status,
            "postingDate": self.posting_date.isoformat(),
            "text": self.text,
            "municipalityCode": self.municipality_code,
            "lines": [line.as_dict() for line in self.lines],
            "totals": {"debitOre": debit, "creditOre": debit, "lineCount": len(self.lines)},
            "idempotencyKey": self.idempotency_key,
            "postedAt": self.posted_at,
        }
        for key, value in (
            ("cpr", self.cpr),
            ("source", self.source),
            ("reverses", self.reverses),
            ("reversedBy", self.reversed_by),
            ("reversedAt", self.reversed_at),
        ):
            if value:
                doc[key] = value
        return doc


def period_of(day: date) -> str:
    """The accounting period (a month) a posting date belongs to."""
    return f"{day.year:04d}-{day.month:02d}"


def _fingerprint(document: Any) -> bytes:
    """Two requests are 'identical' when their JSON values are: key order and whitespace do not count."""
    return orjson.dumps(document, option=orjson.OPT_SORT_KEYS)


@dataclass
class FinanceModel:
    clock: VirtualClock
    require_cpr: bool = REQUIRE_CPR_DEFAULT
    municipality_code: int | None = None  # None: the books accept every municipality's vouchers
    accounts: dict[str, Account] = field(default_factory=dict)
    vouchers: dict[str, Voucher] = field(default_factory=dict)  # by voucherId, in posting order
    closed_periods: dict[str, str] = field(default_factory=dict)  # period -> closedAt
    reopened_periods: dict[str, str] = field(default_factory=dict)  # period -> reopenedAt
    _keys: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # Idempotency-Key -> (fingerprint, voucherId)
    _sequence: dict[int, int] = field(default_factory=dict)  # last voucher number per year
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        if not self.accounts:
            self._seed_default_chart()

    # -- kernel protocol -------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.accounts.clear()
            self.vouchers.clear()
            self.closed_periods.clear()
            self.reopened_periods.clear()
            self._keys.clear()
            self._sequence.clear()
            self._seed_default_chart()

    def load(self, data: dict[str, Any]) -> dict[str, int]:
        with self._lock:
            for doc in data.get("accounts", []):
                self.accounts[doc["account"]] = Account(doc["account"], doc["name"], doc["kind"])
            for period in data.get("closedPeriods", []):
                self.close_period(period)
        for seeded in data.get("vouchers", []):
            self.post_voucher(seeded["voucher"], seeded["idempotencyKey"])
        return {
            "accounts": len(data.get("accounts", [])),
            "closedPeriods": len(data.get("closedPeriods", [])),
            "vouchers": len(data.get("vouchers", [])),
        }

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "accounts": [a.as_dict() for a in sorted(self.accounts.values(), key=lambda a: a.account)],
                "closedPeriods": sorted(self.closed_periods),
                "vouchers": [v.as_dict() for v in self.vouchers.values()],
                "idempotencyKeys": len(self._keys),
                "settings": {"requireCpr": self.require_cpr, "municipalityCode": self.municipality_code},
            }

    def _seed_default_chart(self) -> None:
        for number, name, kind in DEFAULT_ACCOUNTS:
            self.accounts[number] = Account(number, name, kind)

    # -- vouchers --------------------------------------------------------------------------------
    def post_voucher(self, doc: dict[str, Any], idempotency_key: str) -> tuple[Voucher, bool]:
        """Post a voucher once per key. Returns (voucher, replayed): replayed is True when the key had
        already posted this very request and nothing new was booked."""
        fingerprint = _fingerprint({"operation": "post", "body": doc})
        with self._lock:
            replay = self._replay(idempotency_key, fingerprint)
            if replay is not None:
                return replay, True
            lines = tuple(Line(line["account"], line["amountOre"], line.get("text")) for line in doc["lines"])
            posting_date = date.fromisoformat(doc["postingDate"])
            self._check_accounts(lines)
            self._check_balance(lines)
            self._check_debtor(lines, doc.get("cpr"))
            self._check_municipality(doc["municipalityCode"])
            self._check_open(posting_date)
            voucher = self._book(
                posting_date=posting_date,
                text=doc["text"],
                municipality_code=doc["municipalityCode"],
                lines=lines,
                key=idempotency_key,
                fingerprint=fingerprint,
                cpr=doc.get("cpr"),
                source=doc.get("source"),
            )
        return voucher, False

    def reverse_voucher(
        self, voucher_id: str, idempotency_key: str, doc: dict[str, Any] | None = None
    ) -> tuple[Voucher, bool]:
        """Post the mirror image of a voucher (every line negated) and mark the original reversed.

        A correction in bookkeeping is a new voucher, never an edit: the original stays in its period."""
        doc = doc or {}
        fingerprint = _fingerprint({"operation": "reverse", "voucherId": voucher_id, "body": doc})
        with self._lock:
            replay = self._replay(idempotency_key, fingerprint)
            if replay is not None:
                return replay, True
            original = self.voucher(voucher_id)
            if original.reverses:
                raise ReversalNotReversible(
                    f"{voucher_id} is itself the reversal of {original.reverses}; post the original again instead",
                    voucherId=voucher_id,
                )
            if original.reversed_by:
                raise AlreadyReversed(
                    f"{voucher_id} was already reversed by {original.reversed_by}",
                    voucherId=voucher_id,
                    reversedBy=original.reversed_by,
                )
            posting_date = date.fromisoformat(doc["postingDate"]) if "postingDate" in doc else self.clock.today()
            self._check_open(posting_date)
            reversal = self._book(
                posting_date=posting_date,
                text=doc.get("text") or f"Tilbageførsel af {voucher_id}",
                municipality_code=original.municipality_code,
                lines=tuple(Line(line.account, -line.amount_ore, line.text) for line in original.lines),
                key=idempotency_key,
                fingerprint=fingerprint,
                cpr=original.cpr,
                source=original.source,
                reverses=voucher_id,
            )
            original.reversed_by = reversal.voucher_id
            original.reversed_at = reversal.posted_at
        return reversal, False

    def voucher(self, voucher_id: str) -> Voucher:
        try:
            return self.vouchers[voucher_id]
        except KeyError:
            raise UnknownVoucher(f"no voucher {voucher_id}", voucherId=voucher_id) from None

    def find_vouchers(
        self, cpr: str | None = None, period: str | None = None, account: str | None = None
    ) -> list[Voucher]:
        with self._lock:
            return [
                v
                for v in self.vouchers.values()
                if (cpr is None or v.cpr == cpr)
                and (period is None or v.period == period)
                and (account is None or any(line.account == account for line in v.lines))
            ]

    def _replay(self, key: str, fingerprint: bytes) -> Voucher | None:
        known = self._keys.get(key)
        if known is None:
            return None
        if known[0] != fingerprint:
            raise IdempotencyKeyReused(
                f"Idempotency-Key {key!r} was used for a different request, which posted {known[1]}",
                idempotencyKey=key,
                voucherId=known[1],
            )
        return self.vouchers[known[1]]

    def _book(
        self,
        *,
        posting_date: date,
        text: str,
        municipality_code: int,
        lines: tuple[Line, ...],
        key: str,
        fingerprint: bytes,
        cpr: str | None,
        source: str | None,
        reverses: str | None = None,
    ) -> Voucher:
        number = self._sequence.get(posting_date.year, 0) + 1
        self._sequence[posting_date.year] = number
        voucher = Voucher(
            voucher_id=f"V-{posting_date.year:04d}-{number:06d}",
            posting_date=posting_date,
            text=text,
            municipality_code=municipality_code,
            lines=lines,
            idempotency_key=key,
            posted_at=self.clock.now().isoformat(),
            cpr=cpr,
            source=source,
            reverses=reverses,
        )
        self.vouchers[voucher.voucher_id] = voucher
        self._keys[key] = (fingerprint, voucher.voucher_id)
        return voucher

    # -- the rules a voucher must pass -----------------------------------------------------------
    def _check_accounts(self, lines: tuple[Line, ...]) -> None:
        unknown = sorted({line.account for line in lines if line.account not in self.accounts})
        if unknown:
            raise UnknownAccount(f"not in the chart of accounts: {', '.join(unknown)}", accounts=unknown)

    @staticmethod
    def _check_balance(lines: tuple[Line, ...]) -> None:
        total = sum(line.amount_ore for line in lines)
        if total != 0:
            raise UnbalancedVoucher(f"the lines sum to {total} øre; a voucher must sum to 0", sumOre=total)

    def _check_debtor(self, lines: tuple[Line, ...], cpr: str | None) -> None:
        if self.require_cpr and cpr is None and any(line.account == rules.DEBTOR_ACCOUNT for line in lines):
            raise CprRequired(
                f"a line on the debtor account {rules.DEBTOR_ACCOUNT} needs the voucher's cpr (setting requireCpr)",
                account=rules.DEBTOR_ACCOUNT,
            )

    def _check_municipality(self, municipality_code: int) -> None:
        if self.municipality_code is not None and municipality_code != self.municipality_code:
            raise WrongMunicipality(
                f"these are the books of municipality {self.municipality_code}, not {municipality_code}",
                municipalityCode=municipality_code,
                expected=self.municipality_code,
            )

    def _check_open(self, posting_date: date) -> None:
        period = period_of(posting_date)
        if period in self.closed_periods:
            raise PeriodClosed(
                f"period {period} is closed for posting", period=period, postingDate=posting_date.isoformat()
            )

    # -- periods ---------------------------------------------------------------------------------
    def close_period(self, period: str) -> dict[str, Any]:
        """Close a month for posting; closing a closed month keeps its original closing time."""
        with self._lock:
            self.closed_periods.setdefault(period, self.clock.now().isoformat())
            return self.period_doc(period)

    def reopen_period(self, period: str) -> dict[str, Any]:
        with self._lock:
            if self.closed_periods.pop(period, None) is not None:
                self.reopened_periods[period] = self.clock.now().isoformat()
            return self.period_doc(period)

    def periods(self, year: int | None = None) -> tuple[int, list[dict[str, Any]]]:
        year = year or self.clock.today().year
        with self._lock:
            return year, [self.period_doc(f"{year:04d}-{month:02d}") for month in range(1, 13)]

    def period_doc(self, period: str) -> dict[str, Any]:
        with self._lock:
            closed_at = self.closed_periods.get(period)
            doc: dict[str, Any] = {
                "period": period,
                "status": "closed" if closed_at else "open",
                "voucherCount": sum(1 for v in self.vouchers.values() if v.period == period),
            }
            if closed_at:
                doc["closedAt"] = closed_at
            elif period in self.reopened_periods:
                doc["reopenedAt"] = self.reopened_periods[period]
            return doc

    # -- accounts and debtors --------------------------------------------------------------------
    def account_balances(self) -> list[dict[str, Any]]:
        with self._lock:
            balance = dict.fromkeys(self.accounts, 0)
            for voucher in self.vouchers.values():
                for line in voucher.lines:
                    balance[line.account] = balance.get(line.account, 0) + line.amount_ore
            return [
                {**a.as_dict(), "balanceOre": balance[a.account]}
                for a in sorted(self.accounts.values(), key=lambda a: a.account)
            ]

    def debtor_postings(self, cpr: str) -> dict[str, Any]:
        """What a citizen owes: the debtor-account lines of the citizen's vouchers, reversals included."""
        postings = []
        with self._lock:
            for voucher in self.vouchers.values():
                if voucher.cpr != cpr:
                    continue
                for line in voucher.lines:
                    if line.account != rules.DEBTOR_ACCOUNT:
                        continue
                    posting: dict[str, Any] = {
                        "voucherId": voucher.voucher_id,
                        "postingDate": voucher.posting_date.isoformat(),
                        "period": voucher.period,
                        "amountOre": line.amount_ore,
                        "text": line.text or voucher.text,
                        "voucherStatus": voucher.status,
                    }
                    if voucher.reverses:
                        posting["reverses"] = voucher.reverses
                    postings.append(posting)
        return {
            "cpr": cpr,
            "account": rules.DEBTOR_ACCOUNT,
            "balanceOre": sum(p["amountOre"] for p in postings),
            "postings": postings,
        }
