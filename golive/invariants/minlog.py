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
from datetime import datetime, timedelta

from golive.failures import SUT
from golive.invariants import Breach
from golive.invariants.facts import Facts
from golive.invariants.money import asked_at, moment
from simulators import refdata

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


def _sessions(facts: Facts) -> dict[str, dict]:
    """sessionId -> what the caseworker logged in with (caseworker, name, municipalityCode), from the SUT's answers
    under the scenario's correlation id (a login names no citizen, so it is not among the entries about them)."""
    opened = {}
    for e in facts.answered:
        if e.get("operation") != "openCaseworkerSession":
            continue
        asked, answer = e.get("requestBody"), e.get("responseBody")
        if e.get("status") == 201 and isinstance(asked, dict) and isinstance(answer, dict) and answer.get("sessionId"):
            opened[str(answer["sessionId"])] = asked
    return opened


def _municipality_words(code: object) -> tuple[str, ...]:
    """How an entry may name the caseworker's municipality: its name or its code."""
    try:
        return (refdata.municipality(int(str(code))).name, str(code))
    except (KeyError, ValueError):
        return (str(code),)


def entry_names_the_caseworker(facts: Facts) -> Iterator[Breach]:
    """Each MinLog entry made in a caseworker's session names that caseworker as they logged in (the contract's
    SessionRequest): `user` is their user id, `userName` the name they gave (when they gave one), and `organisation`
    their municipality — the citizen must see who looked them up, not someone else or nobody."""
    sessions = _sessions(facts)
    roles = {c.cpr: c.role for c in facts.citizens}
    for body in _entries(facts):
        session = sessions.get(str(body.get("sessionId")))
        if session is None or body.get("cpr") not in roles:
            continue
        wrong = []
        if body.get("user") != session.get("caseworker"):
            wrong.append(f"user '{body.get('user')}' (logged in as '{session.get('caseworker')}')")
        if session.get("name") and body.get("userName") != session["name"]:
            wrong.append(f"userName '{body.get('userName', '')}' (logged in as '{session['name']}')")
        words = _municipality_words(session.get("municipalityCode"))
        if not any(w in str(body.get("organisation", "")) for w in words):
            wrong.append(f"organisation '{body.get('organisation')}' (the caseworker's municipality: {words[0]})")
        if wrong:
            yield Breach(
                "minlog-names-the-caseworker",
                MINLOG,
                f"an entry in {roles[str(body.get('cpr'))]}'s MinLog (session {body.get('sessionId')}) does not name "
                f"the caseworker who looked them up: {'; '.join(wrong)}",
            )


LATITUDE = timedelta(seconds=1)  # [design] how far an entry's time may lie from the look-up's exchange (rounding)


def entry_dated_at_its_lookup(facts: Facts) -> Iterator[Breach]:
    """Each MinLog entry says when the caseworker looked the citizen up: its `at` lies within a look-up of that
    citizen in that session (the SUT's exchange, in virtual time) -- not when the caseworker logged in, nor when a
    queued entry was finally sent after MinLog was down. The citizen reads the log to learn when they were looked up."""
    windows: dict[tuple[str, str], list[tuple[datetime, datetime]]] = {}
    for e in facts.sut_answers("lookUpCitizen"):
        found = LOOK_UP.match(str(e.get("path", "")))
        began, ended = asked_at(e), moment(e.get("virtualAt"))
        if found and e.get("status") == 200 and began is not None and ended is not None:
            windows.setdefault((found["cpr"], found["session"]), []).append((began - LATITUDE, ended + LATITUDE))
    roles = {c.cpr: c.role for c in facts.citizens}
    for body in _entries(facts):
        key = (str(body.get("cpr")), str(body.get("sessionId", "")))
        at = moment(body.get("at"))
        if key[0] not in roles or key not in windows or at is None:
            continue  # another invariant tells an entry without a look-up; an unreadable time is the contract's
        if not any(start <= at <= end for start, end in windows[key]):
            yield Breach(
                "minlog-dated-at-lookup",
                MINLOG,
                f"an entry in {roles[key[0]]}'s MinLog (session {key[1]}) is dated {body.get('at')}, when no "
                f"caseworker looked {roles[key[0]]} up in that session: the citizen is told a wrong time",
            )
