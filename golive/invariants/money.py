"""Invariants about the fee (gebyr) in Finance: one voucher per fee the SUT charged and none for a free change, and
every voucher balanced, in øre, on the configured accounts — as far as the journals tell without the oracle."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from golive.invariants import Breach
from golive.invariants.facts import Citizen, Facts
from simulators import rules

FINANCE = "finance"
CHARGING_OPERATIONS = ("chooseDoctor", "changeGroup", "orderHealthCard")  # the SUT's answers that carry a `fee`
FEE_ACCOUNTS = frozenset({rules.DEBTOR_ACCOUNT, rules.FEE_REVENUE_ACCOUNT})  # debit the debtor, credit fee revenue
Made = tuple[datetime | None, date | None]  # a Luna registration: when it was made (virtual time), from which day


def _charged(facts: Facts, c: Citizen) -> tuple[Counter[int], Counter[int]]:
    """The fees (øre) the SUT told the citizen it charged: its 2xx answers whose fee is not free (a `pending` choice's
    only once Luna holds it: one Luna refused when it was back is no charge). Two counts: the fees surely charged, and
    those that may be (pending choices while Luna cannot be read: whether Luna took them is unknown, so they excuse
    a voucher but are not owed one)."""
    amounts: Counter[int] = Counter()
    maybe: Counter[int] = Counter()
    made = _registrations(facts, c)  # ydernummer -> Luna's registrations of the citizen there (None: unreadable)
    answers = []
    asked: set[tuple[object, str, str]] = set()
    for e in facts.sut_answers(*CHARGING_OPERATIONS):
        body = e.get("responseBody")
        status = e.get("status")
        if status is not None and 200 <= int(status) < 300 and isinstance(body, dict) and c.is_named(body.get("cpr")):
            answer = _same_answer(e)
            if answer in asked:  # the first answer again: a repeat (no new fee, the contract) or an alike new request
                maybe.update(_fee(body))
                continue
            asked.add(answer)
            answers.append((e, body))
    if made is not None:  # a choice made at once owns its registration: no pending choice may claim it (first pass)
        for e, body in answers:
            if body.get("status") == "registered":
                _claim(made, body.get("ydernummer"), asked_at(e))
    for e, body in answers:
        if made is not None and body.get("status") == "pending":
            # Queued for Luna: charged only once the choice is made. Each registration Luna made of that practice
            # since the choice was asked for makes one pending choice a charge (an older one, from an earlier choice
            # of the same practice, does not); one Luna refused when it was back is no charge.
            if not _claim(made, body.get("ydernummer"), asked_at(e)):
                continue
        (maybe if body.get("status") == "pending" and made is None else amounts).update(_fee(body))
    return amounts, maybe


def _fee(body: dict) -> list[int]:
    """The fee an answer charges, in øre (none when free)."""
    fee = body.get("fee") or {}
    return [int(fee["amountOre"])] if not fee.get("free") and int(fee.get("amountOre") or 0) > 0 else []


def _claim(made: dict[object, list[Made]], ydernummer: object, asked: datetime | None) -> bool:
    """Take the oldest registration Luna made of the practice since the choice was asked for, if there is one. One in
    force from before that day is history (Luna registers no choice in the past), made in the same instant or not."""
    since = [
        (at, effective)
        for at, effective in made.get(ydernummer, [])
        if asked is None or ((at is None or at >= asked) and (effective is None or effective >= asked.date()))
    ]
    if since:
        made[ydernummer].remove(since[0])
    return bool(since)


def _registrations(facts: Facts, c: Citizen) -> dict[object, list[Made]] | None:
    """When Luna registered the citizen at each practice (virtual time, oldest first) and from which day, under every
    number CPR gave them (a choice made before a new number is registered under the old one; the new number holds
    only what was carried over, which is no registration of its own); None when Luna could not be read (then a
    pending choice's fee may be owed or not)."""
    held = facts.luna.get(c.cpr)
    if held is None:
        return None
    earlier = getattr(facts, "luna_earlier", {}).get(c.cpr, [])  # a Facts made by hand (tests) may have none
    before = {(r.get("ydernummer"), r.get("effectiveDate")) for r in earlier}
    held = [*earlier, *(r for r in held if (r.get("ydernummer"), r.get("effectiveDate")) not in before)]
    made: dict[object, list[Made]] = {}
    for r in held:
        registered = moment(r.get("registeredAt"))
        effective = moment(r.get("effectiveDate"))
        made.setdefault(r.get("ydernummer"), []).append((registered, effective.date() if effective else None))
    return made


def _same_answer(entry: dict) -> tuple[object, str, str]:
    """The contract: the same request again on the same day is answered with the first answer and changes nothing.
    So one answer given twice on a day, to the same resource, may be one charge (a repeat) or two (another request
    alike in all the answer tells: the default effect date asked for in words); it excuses a voucher but is owed
    none. Whether a repeat charged again is the oracle's to say (it predicts the first answer and nothing new)."""
    body = json.dumps(entry.get("responseBody"), sort_keys=True)
    return entry.get("path"), body, str(entry.get("virtualAt") or "")[:10]


def asked_at(entry: dict) -> datetime | None:
    """When the SUT's exchange began, in virtual time: journaled as it ended, less its duration (a registration the SUT
    made while answering, e.g. one Luna answered too late, was made after the request came, not after the answer)."""
    ended = moment(entry.get("virtualAt"))
    return None if ended is None else ended - timedelta(milliseconds=float(entry.get("durationMs") or 0))


def moment(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return None


def _debited(voucher: dict) -> int:
    return sum(int(line.get("amountOre", 0)) for line in voucher.get("lines", []) if int(line.get("amountOre", 0)) > 0)


def one_voucher_per_fee(facts: Facts) -> Iterator[Breach]:
    """Every fee the SUT charged is booked in Finance exactly once, for the amount it said; a free change books
    none. A voucher nobody was told of is a fee charged behind the citizen's back (a free move, a retry's second
    posting); a charged fee Finance never booked is lost once the SUT has no work left to finish."""
    for c in facts.citizens:
        if c.cpr not in facts.vouchers:
            continue  # Finance could not be read (left down by the scenario)
        charged, maybe = _charged(facts, c)
        booked = Counter(_debited(v) for v in facts.vouchers[c.cpr])
        extra, missing = booked - charged - maybe, charged - booked
        for amount, n in sorted(extra.items()):
            told = sum(charged.values())
            yield Breach(
                "one-voucher-per-fee",
                FINANCE,
                f"Finance holds {n} fee voucher(s) of {amount} øre for {c.role} that no answer of the SUT charged "
                f"(the SUT charged {c.role} {told} time(s)): a free change was charged or one fee was booked twice",
            )
        if facts.unfinished:
            continue  # the SUT may still be posting
        for amount, n in sorted(missing.items()):
            yield Breach(
                "one-voucher-per-fee",
                FINANCE,
                f"the SUT charged {c.role} a fee of {amount} øre {n} time(s) more than Finance booked: the fee "
                f"was never posted",
            )


def vouchers_balance(facts: Facts) -> Iterator[Breach]:
    """Every voucher Finance holds for the scenario's people balances (debits = credits), in whole øre, on the
    configured fee accounts (simulators/rules.py)."""
    for c in facts.citizens:
        for v in facts.vouchers.get(c.cpr, []):
            lines = v.get("lines", [])
            amounts = [line.get("amountOre") for line in lines]
            where = f"voucher {v.get('voucherId')} for {c.role}"
            if not all(isinstance(a, int) for a in amounts):
                yield Breach("vouchers-balance", FINANCE, f"{where} has amounts that are not whole øre: {amounts}")
                continue
            if sum(amounts):
                yield Breach(
                    "vouchers-balance",
                    FINANCE,
                    f"{where} does not balance: debits and credits differ by {sum(amounts)} øre",
                )
            accounts = sorted({str(line.get("account")) for line in lines} - FEE_ACCOUNTS)
            if accounts:
                yield Breach(
                    "vouchers-balance",
                    FINANCE,
                    f"{where} posts to {', '.join(accounts)}, not the configured fee accounts "
                    f"({rules.DEBTOR_ACCOUNT} debtor, {rules.FEE_REVENUE_ACCOUNT} fee revenue)",
                )


def sut_and_finance_agree(facts: Facts) -> Iterator[Breach]:
    """Once settled, the SUT's record of each fee agrees with Finance: a fee it lists as booked (with a voucherId)
    is a voucher Finance holds for the citizen, for the same amount, and every voucher Finance booked for the citizen
    is a fee the SUT lists with that voucherId (the contract: voucherId is null only while the posting is queued)."""
    if facts.unfinished:
        return  # a posting may still be queued: no settled view to compare
    for c in facts.citizens:
        record = facts.records.get(c.cpr)
        if record is None or c.cpr not in facts.vouchers:
            continue  # the SUT does not hold them, or Finance could not be read
        booked = {str(v.get("voucherId")): _debited(v) for v in facts.vouchers[c.cpr]}
        listed = {str(f["voucherId"]): f.get("amountOre") for f in record.get("fees") or [] if f.get("voucherId")}
        for voucher_id, amount in sorted(listed.items()):
            if voucher_id not in booked:
                yield Breach(
                    "finance-agrees",
                    FINANCE,
                    f"the SUT lists a fee of {amount} øre for {c.role} as booked in voucher {voucher_id}, which "
                    f"Finance does not hold",
                )
            elif booked[voucher_id] != amount:
                yield Breach(
                    "finance-agrees",
                    FINANCE,
                    f"the SUT lists the fee in voucher {voucher_id} for {c.role} as {amount} øre; Finance booked "
                    f"{booked[voucher_id]} øre",
                )
        for voucher_id, amount in sorted(booked.items()):
            if voucher_id not in listed:
                yield Breach(
                    "finance-agrees",
                    FINANCE,
                    f"Finance booked voucher {voucher_id} of {amount} øre for {c.role}, but the SUT's record of "
                    f"{c.role} lists no fee booked in it (its fees say the posting never went through)",
                )
