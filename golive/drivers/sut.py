"""The system under test, the municipality's sygesikring (contracts/sygesikring.openapi.yaml): the citizens it holds
and the requests a citizen makes of it (a doctor, a group, a health card).

The shapes here: a citizen's registration, the three requests, the citizen's record, and a caseworker's session and
look-ups (each of which the SUT must register in the citizen's MinLog). The requests return the SUT's
answer whole (httpx.Response): that answer is what a Then-step judges, its status and problem type as much as its body.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from fixtures.providers import Person
from golive.drivers import ok
from golive.drivers.admin import Driver

# The events the SUT publishes on the Servicebus: a scenario subscribes a statutory partner to each of them.
PUBLISHED_TOPICS = (
    "sygesikring.laegevalg-changed",
    "sygesikring.group-changed",
    "sygesikring.coverage-ended",
    "sygesikring.healthcard-ordered",
)
# The SUT's alerts for the municipality's operations (not a statutory partner's topic: no citizen in it), e.g. a system
# certificate Serviceplatformen refuses (golive/rollover.py).
ALERT_TOPIC = "sygesikring.integration-alert"


class Sut(Driver):
    def __init__(self, client: httpx.Client) -> None:
        super().__init__(client)
        self.sent: dict[str, tuple[str, dict[str, Any]]] = {}  # cpr -> the citizen's last request (path, body)

    def _request(self, cpr: str, path: str, body: dict[str, Any]) -> httpx.Response:
        """One of the citizen's three requests, kept so that it can be sent again exactly (send_again)."""
        self.sent[cpr] = (path, body)
        return self.client.post(path, json=body)

    def send_again(self, cpr: str) -> httpx.Response:
        """The citizen's last request once more, byte for byte the same: a double click, or a browser resending a
        form whose answer was lost. The contract: on the same day, the first answer again and nothing new."""
        path, body = self.sent[cpr]
        return self.client.post(path, json=body)

    def register_citizen(
        self, person: Person, *, reason: str | None = None, follows: str | None = None
    ) -> httpx.Response:
        """The municipality takes the person on (as the CPR register holds them); `follows`: the CPR number of the
        parent whose doctor a child follows."""
        body: dict[str, Any] = {
            "cpr": person.cpr,
            "municipalityCode": person.municipality_code,
            "sikringsgruppe": person.sikringsgruppe,
            "addressProtected": person.address_protected,
        }
        if person.address is not None:
            body["address"] = person.address.as_cpr_address()
            body["location"] = {"lat": person.address.lat, "lon": person.address.lon}
        if reason:
            body["reason"] = reason
        if follows:
            body["follows"] = follows
        return self.client.post("/citizens", json=body)

    def choose_doctor(
        self,
        cpr: str,
        ydernummer: str,
        *,
        exception: str | None = None,
        doctor_accepted: bool = False,
        waive_home_visits: bool = False,
        effective: date | None = None,
    ) -> httpx.Response:
        """The citizen asks for the practice as their doctor (with a closed-practice exception, the doctor's
        acceptance, home visits waived for a practice beyond the distance limit, or an effect date asked for)."""
        body: dict[str, Any] = {"ydernummer": ydernummer}
        if effective is not None:
            body["effectiveDate"] = effective.isoformat()
        if exception:
            body["closedPracticeException"] = exception
            if doctor_accepted:
                body["doctorAccepted"] = True
        if waive_home_visits:
            body["waiveHomeVisits"] = True
        return self._request(cpr, f"/citizens/{cpr}/laegevalg", body)

    def change_group(self, cpr: str, to_group: int) -> httpx.Response:
        return self._request(cpr, f"/citizens/{cpr}/sikringsgruppe", {"toGroup": to_group})

    def order_card(self, cpr: str, reason: str) -> httpx.Response:
        return self._request(cpr, f"/citizens/{cpr}/healthcards", {"reason": reason})

    def receive_move(self, notification: dict) -> httpx.Response:
        """A move case as E-flyt pushes it (the harness sends one again, as E-flyt does when its answer was lost)."""
        return self.client.post("/eflyt/move-notifications", json=notification)

    def open_session(self, caseworker: str, name: str | None, municipality_code: int) -> dict:
        """A caseworker (sagsbehandler) logs in; the session later look-ups are made in. The display name is
        optional in the contract (None: left out)."""
        body = {"caseworker": caseworker, **({"name": name} if name else {}), "municipalityCode": municipality_code}
        return ok(self.client.post("/caseworker/sessions", json=body), 201).json()

    def look_up(self, session_id: str, cpr: str) -> httpx.Response:
        """The caseworker looks the citizen up in their session."""
        return self.client.get(f"/caseworker/sessions/{session_id}/citizens/{cpr}")

    def record(self, cpr: str) -> dict:
        """The municipality's record of the citizen's sygesikring (group, status, end reason and date)."""
        return ok(self.client.get(f"/citizens/{cpr}/sygesikring"), 200).json()
