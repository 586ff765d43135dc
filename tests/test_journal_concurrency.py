"""The journal keeps every exchange under concurrency: 32 clients × 5,000 requests, counted exactly."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest

from golive.serve import loopback_world
from simulators.core import Network
from simulators import luna
from tests.support import PRACTICE


pytestmark = pytest.mark.slow


@pytest.mark.parametrize("memory", [1_000_000, 1_000], ids=["in-memory", "spilling-to-sqlite"])
def test_journal_keeps_every_exchange_of_32_concurrent_clients_in_process(memory):
    clients, per_client = 32, 5_000
    simulator = luna.create()
    simulator.journal.memory = memory  # 1,000: all but the newest ~1,000 entries go to the SQLite store
    simulator.model.load({"practices": [PRACTICE]})
    network = Network()
    network.register("http://luna.test", simulator)
    start = threading.Barrier(clients)
    failures: list[int] = []

    def client_loop(n: int) -> None:
        with network.client("http://luna.test") as client:
            start.wait()
            for i in range(per_client):
                # Mix reads and writes, good and bad, so every journal path is exercised concurrently.
                if i % 10 == 0:
                    response = client.post(
                        "/laegevalg", content=b"{broken", headers={"content-type": "application/json", "x-correlation-id": f"c{n}"}
                    )
                else:
                    response = client.get("/practices/012345", headers={"x-correlation-id": f"c{n}"})
                if response.status_code not in (200, 400):
                    failures.append(response.status_code)

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert failures == []
    assert len(simulator.journal) == clients * per_client
    assert len(simulator.journal.query(correlation_id="c7")) == per_client
    seqs = [e.seq for e in simulator.journal.query()]
    assert seqs == list(range(1, clients * per_client + 1))
    stats = simulator.journal.stats()
    assert (stats["spilled"] > 0) == (memory < clients * per_client) and stats["inMemory"] <= memory


def test_journal_keeps_every_exchange_of_32_concurrent_clients_over_loopback():
    clients, per_client = 32, 250
    servers = loopback_world(seed=0, auto_ports=True, systems=["luna"]).start()
    try:
        simulator = servers.world["luna"]
        simulator.model.load({"practices": [PRACTICE]})
        url = servers.urls()["luna"]

        async def client_loop(n: int) -> int:
            ok = 0
            async with httpx.AsyncClient(base_url=url, timeout=30) as client:
                for _ in range(per_client):
                    response = await client.get("/practices/012345", headers={"x-correlation-id": f"c{n}"})
                    ok += response.status_code == 200
            return ok

        async def main() -> list[int]:
            return await asyncio.gather(*(client_loop(n) for n in range(clients)))

        assert sum(asyncio.run(main())) == clients * per_client
        assert len(simulator.journal) == clients * per_client
    finally:
        servers.stop()
