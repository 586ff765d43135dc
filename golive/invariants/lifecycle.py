"""Invariants about a citizen's life across the systems: nothing chargeable after the coverage ended, Luna's view of
each citizen's doctor the same as the SUT's once the world has settled, the bus telling what Luna registered, and
E-flyt hearing what became of every move case."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from golive.drivers.eflyt import FINAL_RECEIPTS
from golive.failures import DISPLAY, SUT
from golive.invariants import Breach
from golive.invariants.facts import Facts, mentions
from golive.invariants.money import CHARGING_OPERATIONS

ENDING_CHANGES = frozenset({"death", "emigration"})  # CPR events that end the sygesikring (DOMAIN.md: status 90, 80)
ENDED_TOPIC = "/topics/sygesikring.coverage-ended/"
LAEGEVALG_TOPIC = "/topics/sygesikring.laegevalg-changed/"
CHARGEABLE_TOPICS = (LAEGEVALG_TOPIC, "/topics/sygesikring.group-changed/")
EFLYT = "eflyt"


def _ended_at(facts: Facts, cpr: str) -> str | None:
    """When the coverage ended, by the first news of it: CPR recording a death or emigration, or the SUT publishing
    sygesikring.coverage-ended."""
    moments = []
    for e in facts.entries:
        if not mentions(e, cpr) or e.get("status") is None or not 200 <= int(e["status"]) < 300:
            continue
        body = e.get("requestBody") or {}
        if e.get("simulator") == "cpr" and e.get("operation") == "recordPersonEvent":
            if isinstance(body, dict) and body.get("changeType") in ENDING_CHANGES:
                moments.append(str(e["at"]))
        elif e.get("simulator") == "servicebus" and str(e.get("path", "")).startswith(ENDED_TOPIC.rstrip("/")):
            moments.append(str(e["at"]))
    return min(moments) if moments else None


def _chargeable(e: dict) -> str | None:
    """What chargeable thing an exchange is, and at which party: None if it is none."""
    simulator, operation, path = e.get("simulator"), e.get("operation"), str(e.get("path", ""))
    status = e.get("status")
    if status is None or not 200 <= int(status) < 300:
        return None
    if simulator == SUT and e.get("kind", "http") == "http" and operation in CHARGING_OPERATIONS:
        return f"the SUT accepted {operation}"
    if simulator == "luna" and operation == "registerLaegevalg":
        return "Luna got a new lægevalg registration"
    if simulator == "finance" and operation == "postVoucher":
        return "Finance got a fee voucher"
    if simulator == "servicebus" and any(path.startswith(t.rstrip("/")) for t in CHARGEABLE_TOPICS):
        return f"the Servicebus got {path.split('/')[2]}"
    return None


def nothing_after_coverage_ended(facts: Facts) -> Iterator[Breach]:
    """After a citizen's sygesikring ended (death, emigration) nothing chargeable happens for them: no accepted
    request, no Luna registration, no voucher, no lægevalg or group event."""
    for c in facts.citizens:
        ended = _ended_at(facts, c.cpr)
        if ended is None:
            continue
        for e in facts.entries:
            if str(e.get("at")) <= ended or not mentions(e, c.cpr):
                continue
            what = _chargeable(e)
            if what is not None:
                party = str(e.get("simulator"))
                yield Breach(
                    "nothing-after-coverage-ended",
                    party,
                    f"{c.role}'s sygesikring had ended (death or emigration), yet afterwards {what} "
                    f"({e.get('method')} {e.get('path')}) — {DISPLAY.get(party, party)} was told of a change for a "
                    f"citizen no longer covered",
                )
                break


def luna_and_sut_agree(facts: Facts) -> Iterator[Breach]:
    """Once settled, Luna and the SUT agree on every citizen the SUT holds: each doctor the SUT has in force or
    ahead (ydernummer, effect date) is registered in Luna, Luna has no open registration the SUT does not know of,
    and a citizen whose coverage ended has no open lægevalg left in Luna."""
    if facts.unfinished:
        return  # the SUT still has work queued for a neighbour (one that is down): no settled view to compare
    for c in facts.citizens:
        record = facts.records.get(c.cpr)
        if record is None or c.cpr not in facts.luna:  # the SUT does not hold them, or Luna could not be read
            continue
        registrations = facts.luna[c.cpr]
        # Open: neither ended (endDate) nor cancelled before it took effect (an endReason such as 'replaced' or
        # 'cancelled' with no endDate: Luna keeps such a registration, closed).
        open_in_luna = {
            (r.get("ydernummer"), r.get("effectiveDate"))
            for r in registrations
            if not r.get("endDate") and not r.get("endReason")
        }
        if record.get("status") == "ended":
            if open_in_luna:
                yield Breach(
                    "luna-agrees",
                    "luna",
                    f"the SUT ended {c.role}'s sygesikring ({record.get('endReason')}), but Luna still holds the "
                    f"lægevalg {', '.join(sorted(str(y) for y, _ in open_in_luna))} without an end",
                )
            continue
        laegevalg = record.get("laegevalg") or {}
        mine = {
            (p["ydernummer"], p["effectiveDate"]) for p in [laegevalg.get("current"), *laegevalg.get("future", [])] if p
        }
        in_luna = {(r.get("ydernummer"), r.get("effectiveDate")) for r in registrations}
        for ydernummer, day in sorted(mine - in_luna):
            yield Breach(
                "luna-agrees",
                "luna",
                f"the SUT has {c.role} with doctor {ydernummer} from {day}, but Luna has no such lægevalg",
            )
        for ydernummer, day in sorted(open_in_luna - mine):
            yield Breach(
                "luna-agrees",
                "luna",
                f"Luna has {c.role} with doctor {ydernummer} from {day}, which the SUT does not know of",
            )


def _choices_told(sent: list[dict], cpr: str, held: list[dict]) -> tuple[set[tuple], Counter[tuple], Counter[tuple]]:
    """What the SUT told Luna and the bus about the citizen's lægevalg: the registrations it asked Luna for that Luna
    holds (ydernummer, effect date; a request whose answer came too late counts once Luna holds it), how many requests
    Luna accepted for each (two choices of the same doctor from the same day are two choices; a request the SUT got no
    answer to counts, as Luna may have taken it and answered too late), and the distinct events
    it published (by messageId: a resent one counts once)."""
    in_luna = {(r.get("ydernummer"), r.get("effectiveDate")) for r in held}
    registered: set[tuple] = set()
    accepted: Counter[tuple] = Counter()
    events: dict[str, tuple] = {}
    for e in sent:
        body = e.get("requestBody")
        if not isinstance(body, dict):
            continue
        if e.get("simulator") == "luna" and e.get("operation") == "registerLaegevalg" and body.get("cpr") == cpr:
            registered.add((body.get("ydernummer"), body.get("effectiveDate")))
            # no answer (a timeout: Luna may have answered too late) may have been accepted all the same
            status = int(e.get("status") or 0)
            accepted[(body.get("ydernummer"), body.get("effectiveDate"))] += 200 <= status < 300 or not status
        elif not 200 <= int(e.get("status") or 0) < 300:
            continue
        elif e.get("simulator") == "servicebus" and str(e.get("path", "")).startswith(LAEGEVALG_TOPIC):
            payload = body.get("payload") or {}
            if payload.get("cpr") == cpr:
                events[str(body.get("messageId"))] = (payload.get("ydernummer"), payload.get("effectiveDate"))
    return registered & in_luna, accepted, Counter(events.values())


def eflyt_hears_back(facts: Facts) -> Iterator[Breach]:
    """E-flyt hears what became of every move case the SUT took (the contract: a final receipt, completed or rejected,
    for every case answered 2xx), once the SUT has no work left; and a receipt that names a new doctor names one Luna
    registered for the mover. Why an invariant: without it a move scenario checks the receipt only where a Så-step
    asks, and a case the SUT took and then forgot passes everywhere else."""
    for c in facts.citizens:
        case = facts.cases.get(c.role)
        if case is None or case.get("deliveryState") != "delivered":
            continue  # no move reported, E-flyt could not be read, or the SUT never took the case
        final = [r for r in case.get("receipts") or [] if r.get("status") in FINAL_RECEIPTS]
        if not final and not facts.unfinished:
            yield Breach(
                "eflyt-hears-back",
                EFLYT,
                f"the SUT took {c.role}'s move case {case.get('caseId')} but never told E-flyt what became of it (its "
                f"status at E-flyt: {case.get('status')}; no completed or rejected receipt)",
            )
        held = facts.luna.get(c.cpr)
        if held is None or len(c.numbers) > 1:
            continue  # Luna unread, or it holds the earlier registrations under another number
        in_luna = {(r.get("ydernummer"), r.get("effectiveDate")) for r in held}
        for receipt in final:
            told = receipt.get("laegevalg") or {}
            if told and (told.get("ydernummer"), told.get("effectiveDate")) not in in_luna:
                yield Breach(
                    "eflyt-hears-back",
                    EFLYT,
                    f"the SUT told E-flyt that {c.role} has doctor {told.get('ydernummer')} from "
                    f"{told.get('effectiveDate')} with the move, a lægevalg Luna never registered",
                )


def bus_tells_what_luna_registered(facts: Facts) -> Iterator[Breach]:
    """The partners learn of every lægevalg through the bus, once, and only of those Luna registered (the contract:
    one event per registered doctor choice): each event names a registration Luna accepted from the SUT, no
    registration is announced twice, and once settled none is left unannounced."""
    sent = facts.sent_by_sut()  # read once: the check runs after every explored step
    for c in facts.citizens:
        if c.cpr not in facts.luna:
            continue  # Luna could not be read
        registered, accepted, told = _choices_told(sent, c.cpr, facts.luna[c.cpr])
        for (ydernummer, day), n in sorted(told.items(), key=repr):
            if (ydernummer, day) not in registered:
                yield Breach(
                    "bus-tells-luna",
                    "servicebus",
                    f"the SUT announced on the bus that {c.role} has doctor {ydernummer} from {day}, a lægevalg Luna "
                    f"never registered",
                )
            elif n > max(1, accepted[(ydernummer, day)]):
                yield Breach(
                    "bus-tells-luna",
                    "servicebus",
                    f"the SUT announced {c.role}'s lægevalg {ydernummer} from {day} {n} times (distinct messages) for "
                    f"{max(1, accepted[(ydernummer, day)])} registration(s) Luna accepted: the partners see one choice "
                    f"as {n}",
                )
        if facts.unfinished:
            continue  # an event may still wait in the SUT's outbox
        for ydernummer, day in sorted(registered - set(told), key=repr):
            yield Breach(
                "bus-tells-luna",
                "servicebus",
                f"Luna registered {c.role} with doctor {ydernummer} from {day}, but the SUT never told the partners on "
                f"the bus",
            )
