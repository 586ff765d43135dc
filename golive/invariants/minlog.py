"""Invariants about MinLog, the citizen's access log (issue 17): no entry without a caseworker's look-up behind it,
and never another citizen's data in an entry's text.

Why as invariants too: a scenario checks MinLog where its author thought of it; the flood citizens saw came from work
nobody thought to check (logins, batch runs, bus deliveries). Read from the journals alone, as every invariant is:
the look-ups are the SUT's 200 answers to `lookUpCitizen` (the session and the citizen are in the path), the
entries are what MinLog accepted (`registerEntry`, 201). An entry is accounted for by a look-up of the same citizen
in the same session; one look-up accounts for one entry.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from golive.failures import SUT
from golive.invariants import Breach
from golive.invariants.facts import Facts

MINLOG = "minlog"
LOOK_UP = re.compile(r"^/caseworker/sessions/(?P<session>[^/]+)/citizens/(?P<cpr>\d{10})$")


def _lookups(facts: Facts) -> Counter[tuple[str, str]]:
    """(cpr, session) of every look-up the SUT answered."""
    made: Counter[tuple[str, str]] = Counter()
    for e in facts.sut_answers("lookUpCitizen"):
        found = LOOK_UP.match(str(e.get("path", "")))
        if found and e.get("status") == 200:
            made[(found["cpr"], found["session"])] += 1
    return made


def _entries(facts: Facts) -> list[dict]:
    """Every entry MinLog registered about the scenario's people (a replayed entryId registers nothing: 200)."""
    return [
        e["requestBody"]
        for e in facts.entries
        if e.get("simulator") == MINLOG
        and e.get("operation") == "registerEntry"
        and e.get("status") == 201
        and isinstance(e.get("requestBody"), dict)
    ]


def no_entry_without_lookup(facts: Facts) -> Iterator[Breach]:
    """Each MinLog entry about one of the scenario's people has a look-up by a caseworker behind it, one for one:
    an entry for a login, a batch run or a bus delivery tells the citizen someone looked them up who did not."""
    if not any(e.get("simulator") == SUT for e in facts.entries):
        return  # the SUT's journal cannot be read (a vendor's SUT without one): no look-up can be counted
    roles = {c.cpr: c.role for c in facts.citizens}
    shown = Counter((str(b.get("cpr")), str(b.get("sessionId", ""))) for b in _entries(facts) if b.get("cpr") in roles)
    for (cpr, session), n in sorted((shown - _lookups(facts)).items()):
        yield Breach(
            "minlog-only-lookups",
            MINLOG,
            f"{roles[cpr]}'s MinLog holds {n} look-up(s) in session {session or '(none)'} that no caseworker made "
            f"there: an entry written for a login, a batch run or background work",
        )


def no_other_citizen_in_entry(facts: Facts) -> Iterator[Breach]:
    """No MinLog entry's text names another of the scenario's people (CPR number or name): a citizen's log must not
    leak someone else's data."""
    for body in _entries(facts):
        text = " ".join(str(body.get(k, "")) for k in ("action", "purpose", "userName"))
        owner = next((c for c in facts.citizens if c.cpr == body.get("cpr")), None)
        if owner is None:
            continue
        for other in facts.citizens:
            if other.cpr != owner.cpr and (other.cpr in text or (other.name and other.name in text)):
                yield Breach(
                    "minlog-own-citizen-only",
                    MINLOG,
                    f"an entry in {owner.role}'s MinLog names {other.role}: '{body.get('action')}'",
                )
