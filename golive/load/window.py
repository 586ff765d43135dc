"""The systems side of a load window: serve the simulators (and the reference SUT) on loopback, open the window —
the clock at the moment the practice opens, the practice with its free places, the defects and faults asked for —
and, after the load, let the world settle and read back what every neighbour holds.

Everything goes through the admin API every golive system and a vendor's test deployment offer (`PUT
/__admin/clock`, `POST /__admin/seed`, `PATCH /__admin/settings`, `POST /__admin/faults`, `GET /__admin/state`,
`GET /__admin/journal`), so a vendor's SUT is prepared and read the same way as the reference one. Only the
neighbours' journals are read from the served world directly when it is this process's own (a hundred thousand
entries are not worth serialising to ourselves).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from golive import fault_profiles
from golive.config import DEFAULT_HOST
from golive.serve import Servers, loopback_world
from simulators.world import SUT

ADMIN_TIMEOUT_S = 60.0  # a state or journal of tens of thousands of entries takes a while to serialise
SETTLE_DEADLINE_S = 60.0  # [design] after the load, how long queued work may take to finish before we read
POLL_S = 0.2  # poll interval of the settle loop (it has a deadline)


class WindowError(RuntimeError):
    """The systems could not be served, reached or prepared: the run says so and exits 2 (no false green)."""


@dataclass
class Window:
    servers: Servers
    sut_url: str
    reference_sut: bool
    urls: dict[str, str] = field(default_factory=dict)
    faults: list[tuple[str, str]] = field(default_factory=list)  # (system, fault id) installed for the load

    @property
    def neighbours(self) -> dict[str, str]:
        return {name: url for name, url in self.urls.items() if name != SUT}

    def client(self) -> httpx.Client:
        return httpx.Client(timeout=ADMIN_TIMEOUT_S, headers={"user-agent": "golive-load/1 (harness)"})


def serve(seed: int, sut_url: str | None, sut_threads: int) -> Window:
    """The neighbours on loopback (free ports; the documented ones for a vendor's SUT, which is configured with
    them), and the reference SUT served on request threads unless a vendor's SUT is given."""
    reference = sut_url is None
    # A fault profile strikes thousands of times under load: one log line each would bury the report.
    logging.getLogger("golive.simulators").setLevel(logging.ERROR)
    servers = loopback_world(
        seed,
        auto_ports=reference,
        host=DEFAULT_HOST,
        sut_url=sut_url,
        log_level="error",
        reference_sut=reference,
        threads={SUT: sut_threads} if reference else None,
    )
    try:
        servers.start()
    except (OSError, RuntimeError, TimeoutError) as exc:
        servers.stop()
        raise WindowError(f"could not start the simulators: {exc}") from None
    urls = servers.urls()
    if sut_url is not None:
        urls[SUT] = sut_url.rstrip("/")
    return Window(servers, urls[SUT], reference, urls)


def open_window(
    window: Window, plan: dict[str, Any], *, defects: list[str], faults: str, closes_at_capacity: bool
) -> None:
    """Set every clock to the moment the window opens, seed the practice with its free places in Luna, tell Luna
    whether to close at capacity itself, switch the reference SUT's defects on, and install the fault profile."""
    moment = plan["profile"]["opens_at"]
    with window.client() as client:
        for name, url in window.urls.items():
            _admin(client, "PUT", f"{url}/__admin/clock", name, {"now": moment})
        luna = window.urls["luna"]
        _admin(client, "PATCH", f"{luna}/__admin/settings", "luna", {"autoCloseAtCapacity": closes_at_capacity})
        _admin(client, "POST", f"{luna}/__admin/seed", "luna", {"data": {"practices": [plan["practice"]]}})
        if defects:
            _admin(client, "PATCH", f"{window.sut_url}/__admin/settings", SUT, {"defects": defects})
        if faults:
            profile = fault_profiles.find(faults)
            for name, rule in fault_profiles.concrete_rules(profile, _moment(moment)):
                if name in window.urls:
                    stored = _admin(client, "POST", f"{window.urls[name]}/__admin/faults", name, rule)
                    window.faults.append((name, str(stored.get("id", ""))))


def end_faults(window: Window) -> None:
    """The neighbours come back after the load: the queued work can finish before the invariants are read."""
    with window.client() as client:
        for name, fault_id in window.faults:
            client.delete(f"{window.urls[name]}/__admin/faults/{fault_id}")
    window.faults.clear()


def settle(window: Window, deadline_s: float = SETTLE_DEADLINE_S) -> bool:
    """Wait, with a deadline, until the neighbours' outboxes are idle and the SUT says it has no work left (no job,
    nothing queued for a neighbour). False when the deadline passed first: the invariants say what is unfinished."""
    deadline = time.monotonic() + deadline_s
    with window.client() as client:
        while True:
            wait_idle = getattr(window.servers.world.scheduler, "wait_idle", None)  # served: the wall-time scheduler
            idle = wait_idle is None or wait_idle(max(0.0, deadline - time.monotonic()))
            state = client.get(f"{window.sut_url}/__admin/state")
            busy = state.status_code == 200 and bool(state.json().get("jobs") or state.json().get("queued"))
            if idle and not busy:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(POLL_S)  # poll interval of a loop with a deadline


def read_state(window: Window) -> dict[str, Any]:
    """What the neighbours hold (their admin state) and every system's journal, as documents."""
    found: dict[str, Any] = {"journals": {}}
    with window.client() as client:
        for name in ("luna", "finance", "eflyt"):
            found[name] = _admin(client, "GET", f"{window.urls[name]}/__admin/state", name)
        for name in window.urls:
            found["journals"][name] = _journal(window, client, name)
    return found


def _journal(window: Window, client: httpx.Client, name: str) -> list[dict[str, Any]]:
    world = window.servers.world
    if name in window.servers.served:
        return [entry.as_dict() for entry in world[name].journal.query()]
    response = client.get(f"{window.urls[name]}/__admin/journal", params={"limit": 100000})
    return list(response.json().get("entries", [])) if response.status_code == 200 else []


def _admin(client: httpx.Client, method: str, url: str, name: str, body: Any = None) -> dict[str, Any]:
    try:
        response = client.request(method, url, json=body)
    except httpx.HTTPError as exc:
        raise WindowError(f"{name} did not answer {method} {url}: {exc}") from None
    if response.status_code >= 300:
        raise WindowError(f"{name} refused {method} {url}: {response.status_code} {response.text[:300]}")
    return response.json() if response.content else {}


def _moment(text: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(text)
