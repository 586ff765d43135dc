"""The load window's invariants: what must hold however many citizens acted at once, read after the run from what
each citizen was told (Locust's outcomes), what the neighbours hold (their admin state) and every journal.

Why these: the failures only concurrency shows are business failures, not slowness — a practice filled beyond its
capacity (a check and a registration that are not one step), a citizen registered twice or told "registered" and
never registered (a registration lost when Luna is slow), a fee booked twice on a retry storm, a receipt to E-flyt
that claims more than happened. Each invariant names its counter-examples by CPR number, so one can be looked up in
every journal; the report adds the seed and the command that replays the run.

The cross-system invariants golive checks after every scenario are reused where they fit a whole run: every exchange
keeping its contract (golive/invariants/channels.py `contract_valid`, over every journal entry with a violation).
The per-citizen ones are written again here, grouped by CPR once, because the scenario versions read the journal per
citizen and would take hours over ten thousand citizens.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from golive.invariants.channels import contract_valid
from golive.invariants.facts import Facts

MAX_EXAMPLES = 50  # counter-examples kept per invariant in the report (the count says how many there were)
ANSWERED = range(200, 300)
CHOICE_OPERATIONS = ("chooseDoctor", "createMove")


@dataclass
class Verdict:
    """One invariant over the whole run: held or not, with counter-examples (CPR number and what went wrong)."""

    name: str
    title: str  # Danish, as the report's reader says it
    meaning: str  # English: what must hold
    blames: str  # the system through which a breach shows (golive/blame.py's parties)
    examples: list[dict[str, str]] = field(default_factory=list)
    count: int = 0
    checked: int = 0  # how many things it looked at (citizens, vouchers, entries): a check of nothing is no pass

    @property
    def held(self) -> bool:
        return self.count == 0

    def breach(self, cpr: str, detail: str) -> None:
        self.count += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append({"cpr": cpr, "detail": detail})

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "meaning": self.meaning,
            "held": self.held,
            "blames": self.blames,
            "checked": self.checked,
            "counterExamples": self.count,
            "examples": self.examples,
        }


@dataclass
class Observed:
    """Everything the invariants read, gathered once after the run."""

    plan: dict[str, Any]
    outcomes: list[dict[str, Any]]
    luna: dict[str, Any]
    finance: dict[str, Any]
    eflyt: dict[str, Any]
    journals: dict[str, list[dict[str, Any]]]
    settled: bool = True

    def answers(self) -> dict[str, dict[str, dict[str, Any]]]:
        """cpr -> operation -> the citizen's last answer to it."""
        found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for outcome in self.outcomes:
            found[outcome["cpr"]][outcome["op"]] = outcome
        return found

    def registrations(self) -> dict[str, list[dict[str, Any]]]:
        """cpr -> every registration Luna made at the window's practice, a cancelled or replaced one included (a
        choice registered twice shows as two, the first replaced by the second)."""
        ydernummer = self.plan["practice"]["ydernummer"]
        found: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for cpr, history in (self.luna.get("registrations") or {}).items():
            found[cpr].extend(r for r in history if r.get("ydernummer") == ydernummer)
        return found


def check(observed: Observed) -> list[Verdict]:
    """Every invariant of the load window, in reporting order."""
    answers = observed.answers()
    registrations = observed.registrations()
    return [
        capacity(observed, registrations),
        exactly_once(observed, answers, registrations),
        fee_once(observed, answers),
        receipts_true(observed, answers, registrations),
        contracts_kept(observed),
        journal_complete(observed),
    ]


def capacity(observed: Observed, registrations: dict[str, list[dict[str, Any]]]) -> Verdict:
    verdict = Verdict(
        "capacity",
        "Praksis over kapacitet",
        "the window's practice never takes more new patients than the places it opened (Luna's registrations)",
        "luna",
    )
    places = int(observed.plan["places"])
    live = ((r.get("registeredAt", ""), cpr) for cpr, rs in registrations.items() for r in rs if not r.get("endReason"))
    ordered = sorted(live)
    verdict.checked = len(ordered)
    practice = next(
        (p for p in observed.luna.get("practices", []) if p["ydernummer"] == observed.plan["practice"]["ydernummer"]),
        None,
    )
    for n, (_, cpr) in enumerate(ordered[places:], start=places + 1):
        verdict.breach(
            cpr,
            f"registration no. {n} at practice {observed.plan['practice']['ydernummer']}, which opened {places} places",
        )
    if practice is not None and practice["patientCount"] > practice["capacity"] and not verdict.count:
        verdict.breach("-", f"Luna counts {practice['patientCount']} patients, capacity {practice['capacity']}")
    return verdict


def exactly_once(
    observed: Observed, answers: dict[str, dict[str, dict[str, Any]]], registrations: dict[str, list[dict[str, Any]]]
) -> Verdict:
    verdict = Verdict(
        "exactly-once",
        "Hver borger registreret én gang eller afvist",
        "every citizen is registered exactly once (answered 201) or refused with a problem type (none), never lost",
        "luna",
    )
    for citizen in observed.plan["citizens"]:
        cpr = citizen["cpr"]
        verdict.checked += 1
        told = answers.get(cpr, {})
        held = len(registrations.get(cpr, []))
        op = "createMove" if "move" in citizen else "chooseDoctor"
        answer = told.get(op)
        if answer is None:
            before = told.get("registerCitizen")
            if before is not None and before["status"] not in ANSWERED and before["kind"] not in ("no answer",):
                if _problem(before):
                    continue  # refused at registration with a problem type: refused, not lost
            verdict.breach(cpr, _lost(before, held))
            continue
        if answer["status"] == 0 or answer["status"] >= 500:
            verdict.breach(cpr, f"{op} got no answer ({answer['status']} {answer['kind']}); Luna holds {held}")
        elif op == "createMove":
            continue  # a move's outcome is its receipt: receipts-true judges it
        elif answer["status"] in ANSWERED and held != 1:
            verdict.breach(cpr, f"told {answer['kind']} (201), but Luna holds {held} registration(s) at the practice")
        elif answer["status"] not in ANSWERED and held:
            verdict.breach(cpr, f"refused ({answer['status']} {answer['kind']}), but Luna holds {held} registration(s)")
        elif answer["status"] not in ANSWERED and not _problem(answer):
            verdict.breach(cpr, f"refused without a problem type ({answer['status']} {answer['kind']})")
    return verdict


def _problem(outcome: dict[str, Any]) -> bool:
    return 400 <= outcome["status"] < 500 and outcome["kind"] not in ("not problem+json", "no answer")


def _lost(before: dict[str, Any] | None, held: int) -> str:
    if before is None:
        return f"never acted (no request was answered); Luna holds {held}"
    return f"registering with the municipality got {before['status']} {before['kind']}; no choice was made"


def fee_once(observed: Observed, answers: dict[str, dict[str, dict[str, Any]]]) -> Verdict:
    verdict = Verdict(
        "fee-once",
        "Hvert gebyr bogført én gang",
        "every fee a citizen was told of is booked in Finance exactly once, for that amount; no other voucher",
        "finance",
    )
    charged: dict[str, Counter[int]] = defaultdict(Counter)
    for outcome in observed.outcomes:
        if outcome["status"] in ANSWERED and outcome.get("feeOre"):
            charged[outcome["cpr"]][int(outcome["feeOre"])] += 1
    booked: dict[str, Counter[int]] = defaultdict(Counter)
    cprs = {c["cpr"] for c in observed.plan["citizens"]}
    for voucher in observed.finance.get("vouchers", []):
        if voucher.get("cpr") in cprs and not voucher.get("reverses"):
            booked[voucher["cpr"]][sum(max(0, int(line["amountOre"])) for line in voucher.get("lines", []))] += 1
    verdict.checked = sum(sum(c.values()) for c in booked.values())
    for cpr in sorted(charged.keys() | booked.keys()):
        for amount, n in sorted((booked[cpr] - charged[cpr]).items()):
            verdict.breach(cpr, f"{n} voucher(s) of {amount} øre more than the citizen was charged")
        if observed.settled:
            for amount, n in sorted((charged[cpr] - booked[cpr]).items()):
                verdict.breach(cpr, f"charged {amount} øre {n} time(s) more than Finance booked")
    return verdict


def receipts_true(
    observed: Observed, answers: dict[str, dict[str, dict[str, Any]]], registrations: dict[str, list[dict[str, Any]]]
) -> Verdict:
    verdict = Verdict(
        "receipts-true",
        "Kvitteringer til E-flyt er sande",
        "every move case gets a final receipt, and what it says (doctor registered or not) is what Luna holds",
        "eflyt",
    )
    cases = {c.get("caseId"): c for c in observed.eflyt.get("cases", [])}
    for cpr, told in answers.items():
        move = told.get("createMove")
        if move is None or move["status"] not in ANSWERED:
            continue
        verdict.checked += 1
        case = cases.get(move.get("caseId"))
        receipts = (case or {}).get("receipts") or []
        if not receipts:
            verdict.breach(cpr, f"move case {move.get('caseId')} has no receipt")
            continue
        last = receipts[-1]
        held = len(registrations.get(cpr, []))
        claims = bool((last.get("laegevalg") or {}).get("ydernummer"))
        if last["status"] == "pending":
            verdict.breach(cpr, f"move case {move.get('caseId')} still says pending after the run settled")
        elif last["status"] == "completed" and claims and held != 1:
            verdict.breach(cpr, f"receipt says the doctor is registered; Luna holds {held} registration(s)")
        elif last["status"] == "rejected" and held:
            verdict.breach(cpr, f"receipt says rejected; Luna holds {held} registration(s)")
    return verdict


def contracts_kept(observed: Observed) -> Verdict:
    verdict = Verdict(
        "contract",
        "Ingen udveksling brød en kontrakt",
        "every exchange of the run, on every system, keeps its OpenAPI contract",
        "sygesikring",
    )
    violating = [e for entries in observed.journals.values() for e in entries if e.get("violations")]
    verdict.checked = sum(len(entries) for entries in observed.journals.values())
    for entry in violating:
        for breach in contract_valid(Facts([], [], [], [entry], {}, {}, {}, False)):
            verdict.blames = breach.neighbour
            verdict.breach(",".join(entry.get("cprs") or []) or "-", breach.message)
    return verdict


def journal_complete(observed: Observed) -> Verdict:
    """No journal entry lost: each journal numbers its entries 1..n without a gap or a repeat, and the SUT's journal
    holds at least every answer a citizen got from it."""
    verdict = Verdict(
        "journal-complete",
        "Ingen journalpost tabt",
        "every journal keeps every entry (numbered without gaps) and the SUT journaled every answer a citizen got",
        "sygesikring",
    )
    for system, entries in observed.journals.items():
        seqs = sorted(int(e["seq"]) for e in entries)
        verdict.checked += len(seqs)
        repeats = [s for s, n in Counter(seqs).items() if n > 1]
        gaps = len(seqs) and seqs[-1] - seqs[0] + 1 - len(set(seqs))
        if repeats or gaps:
            verdict.blames = system
            verdict.breach("-", f"{system}'s journal: {len(repeats)} repeated and {gaps} missing sequence numbers")
    sut = observed.journals.get("sygesikring", [])
    if sut:
        journaled = Counter((e.get("operation"), (e.get("cprs") or [""])[0]) for e in sut if e.get("kind") == "http")
        got = Counter((o["op"], o["cpr"]) for o in observed.outcomes if o["status"] and o["op"] != "createMove")
        for (op, cpr), n in sorted((got - journaled).items()):
            verdict.breach(cpr, f"the citizen got {n} answer(s) to {op} the SUT's journal does not hold")
    return verdict
