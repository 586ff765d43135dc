"""E-flyt, the municipalities' move solution (contracts/eflyt.openapi.yaml): a citizen reports a move, E-flyt makes a
case and pushes it to the SUT, and receives the SUT's receipts for it.

The shapes here: a move report (from, to, co-movers, a doctor chosen with the move) and a case's receipts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fixtures.providers import Address, Person
from golive.drivers import ok
from golive.drivers.admin import Driver

# What E-flyt pushes of a case (the contract's MoveNotification); its record of the case adds status and receipts.
NOTIFICATION_FIELDS = ("caseId", "cpr", "moveDate", "reportedAt", "from", "to", "coMovers", "doctorChoice")
FINAL_RECEIPTS = ("completed", "rejected")  # a receipt that ends the case (before it: "pending")


class Eflyt(Driver):
    def report_move(
        self,
        person: Person,
        to: Address,
        move_date: date,
        *,
        co_movers: list[str] | None = None,
        ydernummer: str | None = None,
    ) -> str:
        """The citizen reports the move in E-flyt's self-service (children along by CPR number, a new doctor chosen or
        not); the new case's id."""
        if person.address is None:
            raise ValueError(f"{person.cpr} has no Danish address to move from")
        body: dict[str, Any] = {
            "cpr": person.cpr,
            "moveDate": move_date.isoformat(),
            "from": {"municipalityCode": person.municipality_code, "address": person.address.as_cpr_address()},
            "to": {
                "municipalityCode": to.municipality_code,
                "address": to.as_cpr_address(),
                "location": {"lat": to.lat, "lon": to.lon},
            },
        }
        if co_movers is not None:
            body["coMovers"] = [{"cpr": cpr} for cpr in co_movers]
        if ydernummer:
            body["doctorChoice"] = {"ydernummer": ydernummer}
        return ok(self.client.post("/moves", json=body), 201).json()["caseId"]

    def notification(self, case_id: str) -> dict:
        """The case as E-flyt pushes it to the SUT (the contract's MoveNotification), from E-flyt's record of it."""
        case = ok(self.client.get(f"/moves/{case_id}"), 200).json()
        return {k: case[k] for k in NOTIFICATION_FIELDS if k in case}

    def case(self, case_id: str) -> dict:
        """E-flyt's record of the case: its status, delivery to the SUT and the receipts the SUT sent."""
        return ok(self.client.get(f"/moves/{case_id}"), 200).json()

    def receipts(self, case_id: str) -> list[dict]:
        """The receipts the SUT has sent for the case, oldest first."""
        return self.client.get(f"/moves/{case_id}").json()["receipts"]
