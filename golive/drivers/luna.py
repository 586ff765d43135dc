"""Luna, the regions' lægevalg system (contracts/luna.openapi.yaml): practices, their intake, registered choices.

The shapes here: a practice's seed (from fixtures: `Practice.as_luna_seed()`), a registration as Luna's seed takes it,
the intake switch a region flips, and Luna's lægevalg document (current, future, previous) read as one list.
"""

from __future__ import annotations

from datetime import date

from fixtures.providers import Practice
from golive.drivers import ok
from golive.drivers.admin import Driver

PRACTICE_CHANGED = "luna.practice-changed"  # the topic Luna publishes a practice's change on (the SUT subscribes)
REOPENING = "reopening"  # the intake reason for opening a practice again


class Luna(Driver):
    def add_practice(self, practice: Practice) -> None:
        """Luna knows the practice (where it lies, its doctors, whether it takes new patients)."""
        self.admin.seed(practices=[practice.as_luna_seed()])

    def add_history(self, practice: Practice, *, cpr: str, municipality_code: int, since: date) -> None:
        """Luna has known the practice as the person's doctor since `since` (history, not an event: nothing is
        published). A closed practice takes no seeded registration, so it is opened, registered, closed again."""
        registration = {
            "cpr": cpr,
            "ydernummer": practice.ydernummer,
            "effectiveDate": since.isoformat(),
            "reason": "first",
            "municipalityCode": municipality_code,
        }
        if practice.open_for_intake:
            self.admin.seed(registrations=[registration])
        else:
            seed = practice.as_luna_seed()
            self.admin.seed(practices=[{**seed, "openForIntake": True}], registrations=[registration])
            self.admin.seed(practices=[seed])

    def carry_over(self, cpr: str, new_cpr: str, municipality_code: int) -> list[tuple[str, str]]:
        """Luna holds the person's live registrations (in force and to come) under a new CPR number too, as history
        (golive/cpr_changes.py); the (ydernummer, effect date) of each. One at a practice closed for intake without
        an exception cannot be seeded: the seed is refused, loudly."""
        response = self.client.get(f"/citizens/{cpr}/laegevalg")
        if response.status_code == 404:
            return []
        doc = ok(response, 200).json()
        live = ([doc["current"]] if doc["current"] else []) + doc["future"]
        seeds = [
            {
                "cpr": new_cpr,
                "ydernummer": r["ydernummer"],
                "effectiveDate": r["effectiveDate"],
                "reason": r["reason"],
                "municipalityCode": municipality_code,
                **{k: r[k] for k in ("closedPracticeException",) if r.get(k)},
            }
            for r in sorted(live, key=lambda r: r["effectiveDate"])
        ]
        if seeds:
            self.admin.seed(registrations=seeds)
        return [(r["ydernummer"], r["effectiveDate"]) for r in seeds]

    def close_for_intake(self, ydernummer: str, reason: str) -> bool:
        """The region closes the practice for new patients (Luna publishes the change on the bus). False: it was
        closed already, and Luna published nothing (the contract)."""
        return self._set_intake(ydernummer, False, reason)

    def reopen_for_intake(self, ydernummer: str) -> bool:
        """The region opens the practice for new patients again (published on the bus too). False: it was open."""
        return self._set_intake(ydernummer, True, REOPENING)

    def _set_intake(self, ydernummer: str, open_for_intake: bool, reason: str) -> bool:
        before = ok(self.client.get(f"/practices/{ydernummer}"), 200).json().get("openForIntake")
        ok(
            self.client.put(
                f"/practices/{ydernummer}/intake", json={"openForIntake": open_for_intake, "reason": reason}
            ),
            200,
        )
        return before is not open_for_intake

    def registrations(self, cpr: str) -> list[dict]:
        """Every lægevalg registration Luna holds for the person (current, future and previous), oldest first;
        none for a person Luna does not know."""
        response = self.client.get(f"/citizens/{cpr}/laegevalg")
        if response.status_code == 404:
            return []
        doc = response.json()
        return sorted(
            ([doc["current"]] if doc["current"] else []) + doc["future"] + doc["previous"],
            key=lambda r: r["registeredAt"],
        )
