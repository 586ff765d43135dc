"""The CPR register (contracts/cpr.openapi.yaml): the persons a scenario generates, and the life events it records.

The shapes here: a person's seed (from fixtures: `Person.as_cpr_seed()`) and a CPR event (change type, effect date,
a new name for a name change), which the register announces on the Servicebus.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fixtures.providers import Person
from golive.drivers import ok
from golive.drivers.admin import Driver

PERSON_CHANGED = "cpr.person-changed"  # the topic the register announces a life event on (the SUT subscribes)


class Cpr(Driver):
    def add_person(self, person: Person) -> None:
        self.admin.seed(persons=[person.as_cpr_seed()])

    def record_event(
        self,
        cpr: str,
        change_type: str,
        effective: date,
        *,
        name: tuple[str, str] | None = None,
        status: str | None = None,
        new_cpr: str | None = None,
        address: dict[str, Any] | None = None,
        municipality_code: int | None = None,
    ) -> None:
        """The register records a life event (`death`, `emigration`, `name-change` with the new (first, last) name,
        `status-change` with the new status code, `cpr-change` with the new number, `address-change` with the new
        address and municipality)."""
        body: dict[str, Any] = {"changeType": change_type, "effectiveDate": effective.isoformat()}
        if name is not None:
            body["name"] = {"first": name[0], "last": name[1]}
        if status is not None:
            body["status"] = status
        if new_cpr is not None:
            body["newCpr"] = new_cpr
        if address is not None:
            body["newAddress"], body["municipalityCode"] = address, municipality_code
        ok(self.client.post(f"/persons/{cpr}/events", json=body), 200)
