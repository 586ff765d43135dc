"""A caseworker (sagsbehandler) at work, and the nightly batch: what the citizen's MinLog must and must not show.

MinLog (contracts/minlog.openapi.yaml) tells a citizen who looked their data up. The incident behind it (DOMAIN.md,
"Security context"): citizens saw far too many entries because a system wrote them on logins and on background
work. So the rule here is narrow on purpose: exactly one entry per look-up a caseworker makes (`look_up`), and none
for a login (`open_session`), the nightly batch (`nightly_batch_if_due`), a bus delivery or any other background
work. The three defects about it are the policy's MinLog methods (defects.py).
"""

from __future__ import annotations

from typing import Any

from simulators import refdata
from simulators.core.errors import NotFound

from ..context import Part
from ..errors import UnknownCitizen
from ..state import citizen_doc

PURPOSE = "Sagsbehandling"  # [design] why a caseworker looks a citizen up, as MinLog shows it ("case work")
ACTION = "Opslag på sygesikring for borger {cpr}"  # [design] the entry's text; names the citizen looked up only
SYSTEM = "sygesikring"
BATCH_USER = "sygesikring-natkoersel"  # the batch's own user id, when a citizen has no caseworker yet


class UnknownSession(NotFound):
    code = "unknown-session"
    title = "No such caseworker session"


class Caseworker(Part):
    # -- a caseworker's day ---------------------------------------------------------------------------
    def open_session(self, doc: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        """A login. It looks nobody up, so it registers nothing in MinLog (the defect: the worklist, every login)."""
        with self.lock, self.neighbours.correlated(correlation_id):
            session = {
                "sessionId": f"s-{self.new_id()}",
                "caseworker": doc["caseworker"],
                "municipalityCode": doc["municipalityCode"],
                "openedAt": self.clock.now().isoformat(),
                **({"name": doc["name"]} if "name" in doc else {}),
            }
            self.state.sessions[session["sessionId"]] = {**session, "previous": None}
            if self.policy.logs_worklist_on_login():
                for cpr in self.state.worklists.get(doc["caseworker"], []):
                    self._register(session, cpr, cpr)
            return session

    def look_up(self, session_id: str, cpr: str, correlation_id: str | None = None) -> dict[str, Any]:
        """The caseworker reads the citizen's sygesikring: one MinLog entry, about this citizen only."""
        with self.lock, self.neighbours.correlated(correlation_id):
            session = self.state.sessions.get(session_id)
            if session is None:
                raise UnknownSession(f"no caseworker session {session_id}", sessionId=session_id)
            citizen = self.state.citizens.get(cpr)
            if citizen is None:
                raise UnknownCitizen(f"{cpr} is not known to the municipality's sygesikring", cpr=cpr)
            doc = citizen_doc(citizen, self.clock.today())
            self._register(session, cpr, self.policy.minlog_subject(cpr, session["previous"]))
            session["previous"] = cpr
            worklist = self.state.worklists.setdefault(session["caseworker"], [])
            if cpr not in worklist:
                worklist.append(cpr)
            return doc

    # -- background work ------------------------------------------------------------------------------
    def nightly_batch_if_due(self) -> bool:
        """The nightly check of every citizen's record, once per virtual day (the worker's sweep asks). Nobody looks
        anyone up: nothing goes to MinLog (the defect: an entry per citizen read). True when it ran."""
        today = self.clock.today()
        with self.lock:
            if self.state.last_batch_day is None or self.state.last_batch_day >= today:
                self.state.last_batch_day = self.state.last_batch_day or today
                return False
            self.state.last_batch_day = today
            run: str | None = None  # the batch run's own correlation id, made only when it sends anything
            for citizen in list(self.state.citizens.values()):
                citizen_doc(citizen, today)  # the batch's read of the record
                if self.policy.logs_batch_reads():
                    run = run or self.new_id()
                    with self.neighbours.correlated(run):
                        self._register(self._last_session_of(citizen.cpr), citizen.cpr, citizen.cpr)
            return True

    def _last_session_of(self, cpr: str) -> dict[str, Any]:
        """The session of the caseworker who last had the citizen on their worklist, or the batch's own name."""
        for session in reversed(list(self.state.sessions.values())):
            if cpr in self.state.worklists.get(session["caseworker"], []):
                return session
        return {"caseworker": BATCH_USER, "municipalityCode": self.state.citizens[cpr].municipality_code}

    # -- the entry ------------------------------------------------------------------------------------
    def _register(self, session: dict[str, Any], cpr: str, named: str) -> None:
        """One MinLog entry: in `cpr`'s log, its text naming `named` (the same citizen, unless a defect says not)."""
        entry: dict[str, Any] = {
            "entryId": f"ml-{self.new_id()}",
            "cpr": cpr,
            "user": session["caseworker"],
            "organisation": _organisation(session["municipalityCode"]),
            "system": SYSTEM,
            "action": ACTION.format(cpr=named),
            "purpose": PURPOSE,
            "at": self.clock.now().isoformat(),
        }
        if session.get("name"):
            entry["userName"] = session["name"]
        if session.get("sessionId"):
            entry["sessionId"] = session["sessionId"]
        self.neighbours.register_minlog(entry)


def _organisation(municipality_code: int) -> str:
    try:
        return f"{refdata.municipality(municipality_code).name} Kommune"
    except (KeyError, ValueError):
        return f"Kommune {municipality_code}"
