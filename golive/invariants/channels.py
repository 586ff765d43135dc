"""Invariants about what crosses the wire: protected data stays home, every exchange keeps its contract, a neighbour
that is down is not flooded, and no journal loses a call another journal says was answered."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

from golive import config
from golive.exchanges import undelivered
from golive.failures import DISPLAY, SUT, breach_lines, breach_parties
from golive.invariants import Breach
from golive.invariants.facts import Facts

# Where protected data may go: Finance is the municipality's own bookkeeping and must name the debtor (the name),
# but no neighbour needs the address (DOMAIN.md: navne- og adressebeskyttelse).
NAME_ALLOWED = frozenset({"finance"})


def _text(entry: dict) -> str:
    return json.dumps(entry.get("requestBody"), ensure_ascii=False) if entry.get("requestBody") is not None else ""


def protected_data_stays_home(facts: Facts) -> Iterator[Breach]:
    """Navne- og adressebeskyttelse (name and address protection): a protected citizen's address never leaves the
    municipality through any neighbour (Luna, the Servicebus, Finance, E-flyt), nor the name where none needs it."""
    protected = [c for c in facts.citizens if c.protected]
    if not protected:
        return
    seen: set[tuple[str, str, str]] = set()
    for entry in facts.sent_by_sut():
        body = _text(entry)
        if not body:
            continue
        neighbour = str(entry["simulator"])
        for c in protected:
            leaked = [("address", s) for s in c.streets if s in body]
            if neighbour not in NAME_ALLOWED and c.name in body:
                leaked.append(("name", c.name))
            for what, value in leaked:
                if (neighbour, c.cpr, what) in seen:
                    continue
                seen.add((neighbour, c.cpr, what))
                yield Breach(
                    "protected-data",
                    neighbour,
                    f"{c.role} has navne- og adressebeskyttelse (name and address protection), yet the SUT sent "
                    f"the protected {what} ({value!r}) to {DISPLAY.get(neighbour, neighbour)} in "
                    f"{entry.get('operation')} {entry.get('path')}",
                )


def contract_valid(facts: Facts) -> Iterator[Breach]:
    """Every SUT answer and neighbour exchange keeps its contract (the same violations the plugin's contract check
    fails a scenario for; here as data for the explorer)."""
    for entry in facts.violations:
        lines = breach_lines([entry]) or ["a contract was broken"]
        for party in breach_parties([entry]):
            yield Breach("contract", party, lines[0])


def neighbours_not_flooded(facts: Facts) -> Iterator[Breach]:
    """A neighbour gets at most config.NEIGHBOUR_REQUESTS_PER_VIRTUAL_MINUTE requests from the SUT about the scenario's
    people in a minute of virtual time from its first failure in it on (down, reset, 5xx), and no request more often
    than that in any minute: retried per the published policy, never hammered."""
    limit = config.NEIGHBOUR_REQUESTS_PER_VIRTUAL_MINUTE
    sent = facts.sent_by_sut(facts.calls)  # each neighbour's entries in its journal's order
    failing_from: dict[tuple[str, str], int] = {}  # (neighbour, minute) -> where in `sent` it first failed
    for i, e in enumerate(sent):
        if e.get("fault") or int(e.get("status") or 0) >= 500:
            failing_from.setdefault((str(e["simulator"]), _minute(e)), i)
    # From the neighbour's first failure in a minute on, every request counts (retries of anything); otherwise only
    # the same request again counts (a retry of what was answered): many different requests in one busy minute, or
    # before the neighbour went down in it, are no flood.
    counts = Counter(
        (str(e["simulator"]), _minute(e))
        if i >= failing_from.get((str(e["simulator"]), _minute(e)), len(sent))
        else (str(e["simulator"]), _minute(e), str(e.get("method")), str(e.get("path")), repr(e.get("requestBody")))
        for i, e in enumerate(sent)
    )
    for (neighbour, minute, *_same), n in sorted(counts.items()):
        if n > limit:
            yield Breach(
                "no-flooding",
                neighbour,
                f"the SUT sent {DISPLAY.get(neighbour, neighbour)} {n} requests in the minute from {minute} (virtual "
                f"time); the retry policy allows at most {limit} a minute: a neighbour that is down is flooded",
            )


def _minute(entry: dict) -> str:
    return str(entry.get("virtualAt") or entry.get("at") or "")[:16]


def no_journal_entry_lost(facts: Facts) -> Iterator[Breach]:
    """No journal loses an entry: every call a system journaled as delivered and answered (2xx) is in the journal of
    the system that answered it, and no journal numbers two entries alike."""
    seqs = Counter((str(e.get("simulator")), e.get("seq")) for e in facts.entries)
    for (simulator, seq), n in sorted(seqs.items(), key=str):
        if n > 1:
            yield Breach(
                "journal-complete",
                simulator,
                f"{DISPLAY.get(simulator, simulator)}'s journal numbers {n} entries {seq}: an entry was overwritten",
            )
    for exchange in undelivered(facts.entries, facts.origins):
        status = exchange.get("status")
        if status is None or not 200 <= int(status) < 300:
            continue
        target = str(exchange.get("to"))
        yield Breach(
            "journal-complete",
            target,
            f"{DISPLAY.get(str(exchange.get('from')), exchange.get('from'))} journaled {exchange.get('method')} "
            f"{exchange.get('path')} as answered {status} by {DISPLAY.get(target, target)}, whose journal has no such "
            f"call: a journal entry was lost",
        )


def sut_never_crashes(facts: Facts) -> Iterator[Breach]:
    """The SUT answers every request it journaled — a citizen's, a caseworker's, a bus delivery or an E-flyt move —
    with something other than 500: an unhandled error is no answer. A bus delivery answered 500 is retried and then
    dead-lettered, so the change it carried is lost without any step seeing it. (502-504 stay allowed: a SUT may say
    a neighbour it needs is away.) Also the answers under the scenario's correlation id that name no citizen."""
    seen: set[tuple] = set()
    for e in [*facts.entries, *facts.answered]:
        if e.get("simulator") != SUT or e.get("kind", "http") != "http" or e.get("status") != 500:
            continue
        if (e.get("seq"), e.get("at")) in seen:
            continue
        seen.add((e.get("seq"), e.get("at")))
        yield Breach(
            "sut-no-crash",
            SUT,
            f"the SUT answered {e.get('method')} {e.get('path')} ({e.get('operation') or 'no operation'}) with 500: "
            f"an unhandled error, not an answer",
        )
