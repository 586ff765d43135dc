"""What each neighbour shows about a citizen, set beside what the oracle predicted; a difference is a `Discrepancy`.

Reads every neighbour only through the Scenario's drivers (golive/drivers/), in the same shape the oracle's
`expected(name)` gives (golive/oracle/model.py), so the two are compared key by key and a failure names the
neighbour, the prediction and the observation. The Discrepancy is blamed on that neighbour (golive/blame.py): the
party whose observation disagreed (the SUT for its own answers and record).
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import TYPE_CHECKING, Any

from golive import blame
from golive.drivers.eflyt import FINAL_RECEIPTS
from golive.invariants.facts import sut_record
from golive.oracle.answers import CARD, COVERAGE, GROUP, LAEGEVALG, TOPICS, Answer
from golive.reads import kept
from simulators import rules

if TYPE_CHECKING:
    import httpx

    from golive.oracle.model import CitizenModel
    from golive.scenario import Scenario

PROBLEM_TYPE = "urn:golive:problem:"
NEIGHBOUR_WORDS = {  # the neighbour as a finding names it (Danish, as the report reads)
    "luna": "Luna",
    "servicebus": "Servicebussen",
    "finance": "Finance",
    "eflyt": "E-flyt",
    blame.SUT: "Sygesikring (SUT)",
}


class Discrepancy(AssertionError):
    """A neighbour showed something other than the oracle predicted."""

    def __init__(self, neighbour: str, what: str, predicted: Any, observed: Any) -> None:
        self.neighbour, self.what, self.predicted, self.observed = neighbour, what, predicted, observed
        super().__init__(
            f"{NEIGHBOUR_WORDS.get(neighbour, neighbour)}: {what}: the oracle predicted {predicted!r}, "
            f"{NEIGHBOUR_WORDS.get(neighbour, neighbour)} showed {observed!r}"
        )
        blame.attribute(self, neighbour)


def check_answer(answer: Answer, response: httpx.Response, who: str, pending_ok: bool = False) -> None:
    """The SUT's own answer to the citizen's request. pending_ok: a neighbour is failing, so the SUT may accept the
    request as `pending` (queued until the neighbour is back) whatever the oracle predicts: it could not know yet.
    What happens to it is compared once the fault is healed."""
    body: dict[str, Any] = {}
    try:
        body = response.json()
    except ValueError:
        pass
    if pending_ok and response.status_code == 201 and body.get("status") == "pending":
        return
    fee = body.get("fee") or {}
    seen = Answer(
        response.status_code,
        str(body.get("type", "")).removeprefix(PROBLEM_TYPE) if response.status_code >= 400 else None,
        _date(body.get("effectiveDate")) if answer.effective is not None else None,
        fee.get("amountOre") if answer.amount_ore is not None else None,
        fee.get("freeReason") if answer.amount_ore is not None else None,
        # a problem's extra fields: compared where the SUT gives them (the contract names none)
        tuple((name, body.get(name, value)) for name, value in answer.extras) if response.status_code >= 400 else (),
        body.get("closedPracticeException") if response.status_code < 400 else None,
    )
    if seen != answer:
        raise Discrepancy(blame.SUT, f"the answer to {who}", answer.describe(), seen.describe())
    if answer.amount_ore is not None and fee.get("free") is not (answer.amount_ore == 0):
        raise Discrepancy(blame.SUT, f"the fee's 'free' in the answer to {who}", answer.amount_ore == 0, fee)


def _date(text: Any) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return text


def observed(scenario: Scenario, c: CitizenModel, expected: dict[str, Any]) -> dict[str, Any]:
    """What every neighbour holds for the citizen, in the oracle's shape (only the cases the oracle knows of)."""
    cpr = c.cpr
    numbers = scenario.numbers(c.name)  # what a neighbour holds under an old number is still the citizen's
    registrations = [(n, r) for n in numbers for r in _registrations(scenario, n)]
    new = sorted(
        (r["ydernummer"], r["effectiveDate"], r.get("reason"))
        for n, r in registrations
        if (n, r["ydernummer"], r["effectiveDate"]) not in scenario.seeded
    )
    ended = next(
        ((r["endReason"], r.get("endDate")) for _, r in registrations if r.get("endReason") in ("death", "emigration")),
        None,
    )
    messages: dict[str, list[tuple]] = {t: [] for t in TOPICS}
    for m in (m for n in numbers for m in _messages(scenario, n)):
        if m.get("topic") in messages:
            messages[m["topic"]].append(_key_content(m["topic"], m.get("payload") or {}))
    vouchers = [_voucher(v) for n in numbers for v in _vouchers(scenario, n)]
    receipts = {}
    for case in expected["eflyt"]:
        receipts_of = kept(scenario, blame.SUT, case, "receipts", partial(scenario.eflyt.receipts, case))
        final = [r for r in receipts_of if r.get("status") in FINAL_RECEIPTS]
        last: dict[str, Any] = final[-1] if final else {"status": "none"}
        choice = last.get("laegevalg")
        receipts[case] = (last["status"], (choice["ydernummer"], choice["effectiveDate"]) if choice else None)
    status, held = sut_record(scenario, cpr)  # 404: not known to the SUT (a child, yet)
    record = {} if status == 404 else held if status == 200 else scenario.sut.record(cpr)
    return {
        "luna": {"registrations": new, "ended": ended},
        "servicebus": {t: sorted(found, key=repr) for t, found in messages.items()},
        "finance": sorted(vouchers, key=repr),
        "eflyt": receipts,
        "sygesikring": {
            "group": record.get("sikringsgruppe"),
            "status": record.get("status"),
            "endReason": record.get("endReason"),
            "endDate": record.get("endDate"),
            "municipality": record.get("municipalityCode"),
            "fees": sorted((f.get("amountOre"), f.get("reason")) for f in record.get("fees") or []),
            "laegevalg": _doctors(record.get("laegevalg")),
        }
        if record
        else None,
    }


def _doctors(laegevalg: Any) -> Any:
    """The record's doctor in force and those to come, in the oracle's shape (what it holds otherwise, to show)."""
    if not isinstance(laegevalg, dict):
        return laegevalg
    current = laegevalg.get("current")
    return {
        "current": current.get("ydernummer") if isinstance(current, dict) else current,
        "future": [(p.get("ydernummer"), p.get("effectiveDate")) for p in laegevalg.get("future") or []],
    }


def _messages(scenario: Scenario, cpr: str) -> list[dict]:
    return kept(scenario, "servicebus", cpr, "messages", lambda: scenario.bus.messages(cpr=cpr))


def _registrations(scenario: Scenario, cpr: str) -> list[dict]:
    return kept(scenario, "luna", cpr, "registrations", lambda: scenario.luna.registrations(cpr))


def _vouchers(scenario: Scenario, cpr: str) -> list[dict]:
    return kept(scenario, "finance", cpr, "vouchers", lambda: scenario.finance.vouchers(cpr))


def _key_content(topic: str, p: dict[str, Any]) -> tuple:
    if topic == LAEGEVALG:
        return (
            p.get("ydernummer"),
            p.get("effectiveDate"),
            p.get("reason"),
            p.get("previousYdernummer"),
            p.get("municipalityCode"),
            p.get("sikringsgruppe"),
        )
    if topic == GROUP:
        return (p.get("fromGroup"), p.get("toGroup"), p.get("effectiveDate"), p.get("municipalityCode"))
    if topic == COVERAGE:
        return (p.get("reason"), p.get("endDate"), p.get("municipalityCode"))
    if topic == CARD:
        return (p.get("reason"), p.get("feeOre"), p.get("municipalityCode"))
    return tuple(sorted(p.items()))


def _voucher(v: dict[str, Any]) -> Any:
    """A voucher as the oracle predicts one: (the amount in øre, the debtor's name at the end of the text, the
    municipality whose books it is posted to) when it
    debits the citizen's debt and credits the fee revenue by that amount; else what it holds, to show beside."""
    lines = sorted((line.get("account"), line.get("amountOre")) for line in v.get("lines", []))
    amount = next((a for account, a in lines if account == rules.DEBTOR_ACCOUNT), None)
    if amount is not None and lines == sorted([(rules.DEBTOR_ACCOUNT, amount), (rules.FEE_REVENUE_ACCOUNT, -amount)]):
        return (amount, str(v.get("text", "")).rsplit(", ", 1)[-1], v.get("municipalityCode"))
    return {"lines": lines, "text": v.get("text")}


def _without_skipped_repeats(want: dict[str, Any], got: dict[str, Any], repeats: list[tuple]) -> dict[str, Any]:
    """The prediction less the repeated registrations Luna does not show (each at most as often as it was
    repeated): a repeat a careful SUT found already done is not missing. Any other difference still shows."""
    missing = Counter(want["registrations"]) - Counter(got["registrations"])
    if not missing or missing - Counter(repeats):
        return want
    kept = Counter(want["registrations"]) - missing
    return {**want, "registrations": sorted(kept.elements())}


def compare(scenario: Scenario, c: CitizenModel, expected: dict[str, Any]) -> None:
    """Raise a Discrepancy for the first neighbour whose observation differs from the prediction."""
    seen = observed(scenario, c, expected)
    for neighbour, key in (
        ("sygesikring", blame.SUT),
        ("luna", "luna"),
        ("servicebus", "servicebus"),
        ("finance", "finance"),
        ("eflyt", "eflyt"),
    ):
        want, got = expected[neighbour], seen[neighbour]
        if neighbour == "servicebus":
            want = {t: sorted(found, key=repr) for t, found in want.items()}
        if neighbour == "finance":
            want = sorted(want, key=repr)
        if neighbour == "luna":
            want = _without_skipped_repeats(want, got, expected.get("luna_repeats", []))
        if want != got:
            raise Discrepancy(key, f"{c.name} ({c.cpr})", want, got)
    if c.protected and c.street:
        traffic = " ".join(str(m.get("payload")) for m in _messages(scenario, c.cpr))
        if c.street in traffic:
            raise Discrepancy(
                "servicebus", f"{c.name}'s protected address", "never on the Servicebus", "the street on the bus"
            )
