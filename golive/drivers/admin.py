"""The admin API every simulator and the SUT share (contracts/admin.openapi.yaml): clock, faults, journal, seed,
settings and state, behind the one `/__admin` prefix.

Why one driver for all of them: the kernel (simulators/core) gives every simulator the same admin API, and a vendor's
SUT is asked to expose the same clock and journal; so a scenario sets the time, installs a fault or reads a journal the
same way whichever system it talks to. The system drivers (luna.py, sut.py, ...) each carry one as `.admin`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from golive.drivers import ok


class Admin:
    """One system's admin API."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    # -- the clock (one virtual clock the whole world shares) --
    def now(self) -> datetime:
        return datetime.fromisoformat(ok(self.client.get("/__admin/clock"), 200).json()["now"])

    def set_now(self, moment: str) -> None:
        """Set the system's clock to an ISO 8601 moment."""
        ok(self.client.put("/__admin/clock", json={"now": moment}), 200)

    # -- fault rules (the rules themselves are built in golive/drivers/faults.py) --
    def add_fault(self, rule: dict[str, Any]) -> dict:
        """Install a fault rule; the stored rule (with its id) is returned."""
        return ok(self.client.post("/__admin/faults", json=rule), 201).json()

    def faults(self) -> list[dict]:
        """Every installed rule, with how often it matched and struck."""
        return ok(self.client.get("/__admin/faults"), 200).json()["faults"]

    def remove_fault(self, rule_id: str) -> None:
        """Remove a rule; one that is already gone (404) is fine."""
        ok(self.client.delete(f"/__admin/faults/{rule_id}"), 204, 404)

    # -- data and settings --
    def seed(self, **data: list[dict]) -> None:
        """Load data into the system's model (`persons`, `practices`, `registrations`, ... as the system names them)."""
        ok(self.client.post("/__admin/seed", json={"data": data}), 200)

    def switch_on(self, defects: list[str]) -> None:
        """Tell the reference SUT which of its named defects to commit."""
        ok(self.client.patch("/__admin/settings", json={"defects": defects}), 200)

    def update_settings(self, settings: dict[str, Any]) -> None:
        """Change some of the system's settings (the others stay as they are)."""
        ok(self.client.patch("/__admin/settings", json=settings), 200)

    def state(self) -> dict | None:
        """The SUT's unfinished work (jobs, queued calls); None when the system does not tell."""
        response = self.client.get("/__admin/state")
        return response.json() if response.status_code == 200 else None

    # -- the journal --
    def journal(
        self, *, cpr: str | None = None, correlation_id: str | None = None, violations: bool = False
    ) -> list[dict]:
        """Journal entries about a CPR number and/or carrying a correlation id (only those with contract violations,
        when asked); an empty list when the system has no journal to show."""
        params: dict[str, str] = {}
        if cpr is not None:
            params["cpr"] = cpr
        if correlation_id is not None:
            params["correlationId"] = correlation_id
        if violations:
            params["violations"] = "true"
        response = self.client.get("/__admin/journal", params=params)
        return response.json()["entries"] if response.status_code == 200 else []


class Driver:
    """What every system driver has: its HTTP client, and the admin API behind the same client. A neighbour without
    a driver of its own (a test's throw-away one) is reached through this alone."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.admin = Admin(client)
