"""The admin API every simulator and the SUT share (contracts/admin.openapi.yaml): clock, faults, journal, seed,
settings and state, behind the one `/__admin` prefix.

Why one driver for all of them: the kernel (simulators/core) gives every simulator the same admin API, and a vendor's
SUT is asked to expose the same clock and journal; so a scenario sets the time, installs a fault or reads a journal the
same way whichever system it talks to. The system drivers (luna.py, sut.py, ...) each carry one as `.admin`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any, Protocol

import httpx
import orjson

from golive.drivers import ok
from golive.reads import Reads


class LocalJournal(Protocol):
    """A journal in this process (simulators/core/journal.py): what `GET /__admin/journal` reads."""

    def query(self, *, cpr: str | None, correlation_id: str | None, violations_only: bool) -> list[Any]: ...


class Admin:
    """One system's admin API.

    `local`: the system's journal when it lives in this process (an in-process World). Journal reads then call
    the very query `GET /__admin/journal` answers with and hand back the same JSON documents, without the HTTP
    round trip: the invariants read the journals after every explored step, and over in-process HTTP those reads
    were three quarters of the explorer's time (benchmarks/explore.md). Everything else goes over HTTP as before.
    """

    def __init__(self, client: httpx.Client, local: LocalJournal | None = None) -> None:
        self.client = client
        self.local = local
        self.kept: Callable[..., list[dict]] | None = None  # golive/reads.py's journal read, when the world has one

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
    def journal_size(self) -> int:
        """How many exchanges the system has journaled in all (its health's `journalSize`); 0 when it does not tell.
        One small read, cheap enough to poll: a settle against a real world watches this stand still, where reading
        every journal about every CPR number of the scenario, every 20 ms, cost a core."""
        response = self.client.get("/__admin/health")
        return int(response.json().get("journalSize", 0)) if response.status_code == 200 else 0

    def journal(
        self, *, cpr: str | None = None, correlation_id: str | None = None, violations: bool = False
    ) -> list[dict]:
        """Journal entries about a CPR number and/or carrying a correlation id (only those with contract violations,
        when asked); an empty list when the system has no journal to show."""
        if self.kept is not None and not violations and (cpr is None) != (correlation_id is None):
            return self.kept(cpr=cpr, correlation_id=correlation_id)
        if self.local is not None:
            found = self.local.query(cpr=cpr, correlation_id=correlation_id, violations_only=violations)
            # Through JSON as the endpoint's answer is: the caller gets documents of its own, never the entry's.
            return orjson.loads(b"[" + b",".join(e.document() for e in found) + b"]")
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


def read_locally(admins: dict[str, Admin], world: Any) -> Reads | None:
    """Give each admin whose system lives in this process (an in-process World's simulators) its journal, and in a
    virtual world with the reference SUT the reads kept until a write may have changed them (golive/reads.py)."""
    reads = Reads.of(world)
    for name, simulator in getattr(world, "simulators", {}).items():
        if name in admins:
            admins[name].local = simulator.journal
            if reads is not None:
                admins[name].kept = partial(reads.journal, name)
    return reads


def clock_setters(admins: Iterable[Admin]) -> list[Admin]:
    """The admins to set the time through: one when every system lives in this process (a World shares one virtual
    clock, and setting it again to the same moment does nothing), else every one (a vendor's SUT keeps its own)."""
    every = list(admins)
    return every[:1] if all(a.local is not None for a in every) else every
