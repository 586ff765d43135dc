"""Drivers: one per system the harness talks to, holding that system's URLs and JSON shapes and nothing else.

Why drivers: the Scenario (golive/scenario.py) should speak of citizens, practices and flows, not of paths, query
parameters and request bodies, and the fault steps should not write wire JSON themselves (STYLE.md). So each system's
wire knowledge lives in one module — luna.py, servicebus.py, eflyt.py, finance.py, cpr.py, sut.py, and admin.py for
the admin API every simulator and the SUT share (clock, faults, journal, seed) — and a driver method takes plain
values and returns plain Python data (a document, a list of them). The exception is the SUT's answer to a citizen's
request: that answer is what a scenario judges (status, body and text alike), so it is returned whole.

Drivers reach their system only through HTTP (an httpx client on the world's network), so the same scenario runs
in-process, over loopback and against a vendor's SUT. They decide nothing: no waiting, no business rule, no role.
"""

from __future__ import annotations

from typing import Any

import httpx

from golive.blame import observing
from golive.failures import answered_by, guarded_client
from simulators import registry

# [design] How long a scenario waits for one answer before declaring the simulator hung (a HarnessError,
# golive.failures): a neighbour simulator answers in milliseconds, the SUT may itself wait on a hung neighbour
# (the reference SUT: 3 attempts x 5 s, simulators/sygesikring/config.py), so it gets more.
CONNECT_TIMEOUT_S = 2.0
SIMULATOR_TIMEOUT_S = 5.0
SUT_TIMEOUT_S = 20.0
SUT = "sygesikring"


def ok(response: httpx.Response, *statuses: int) -> httpx.Response:
    """The response, when its status is one of `statuses`; else an AssertionError naming the call and the answer,
    blaming the system that gave it (the guarded transport tells which: golive.failures.answered_by)."""
    with observing(answered_by(response)):
        assert response.status_code in statuses, (
            f"{response.request.method} {response.request.url} -> {response.status_code}: {response.text[:500]}"
        )
    return response


def open_clients(world: Any, correlation_id: str) -> tuple[dict[str, httpx.Client], httpx.Client]:
    """A client per neighbour the world has (registry order) and one for the SUT, all carrying the scenario's
    correlation id. Every client is guarded: a simulator that is down or hangs fails the scenario with a
    HarnessError naming it."""
    headers = {"x-correlation-id": correlation_id}
    neighbour_timeout = httpx.Timeout(SIMULATOR_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
    clients = {
        n: guarded_client(world.network, world.base_urls[n], n, neighbour_timeout, headers=headers)
        for n in registry.neighbours()
        if n in world.base_urls
    }
    sut = guarded_client(
        world.network, world.sut_url, SUT, httpx.Timeout(SUT_TIMEOUT_S, connect=CONNECT_TIMEOUT_S), headers=headers
    )
    return clients, sut
