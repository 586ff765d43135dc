"""requests-based client code sees the simulators' real behaviour through the responses adapter."""

from __future__ import annotations

import pytest
import requests

from golive.responses_adapter import simulated
from simulators import luna
from simulators.core.faults import FaultRule
from tests.support import PRACTICE

LUNA = "https://luna.region.example"


def register(cpr: str) -> requests.Response:
    """Stands in for a vendor's requests-based Luna client."""
    return requests.post(f"{LUNA}/laegevalg", json={"cpr": cpr, "ydernummer": "012345", "effectiveDate": "2099-01-01",
                                                     "reason": "change", "municipalityCode": 751}, timeout=5)


@pytest.fixture
def simulator():
    sim = luna.create()
    sim.model.load({"practices": [PRACTICE]})
    return sim


def test_requests_client_changes_simulator_state(simulator):
    with simulated({LUNA: simulator}):
        response = register("0101804321")
        current = requests.get(f"{LUNA}/citizens/0101804321/laegevalg", timeout=5).json()

    assert response.status_code == 201
    assert current["future"][0]["ydernummer"] == "012345"
    assert [e.operation for e in simulator.journal.query(cpr="0101804321")] == ["registerLaegevalg", "getCitizenLaegevalg"]


def test_requests_client_gets_contract_problems(simulator):
    with simulated({LUNA: simulator}):
        response = requests.post(f"{LUNA}/laegevalg", json={"cpr": "x"}, timeout=5)

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_injected_reset_reaches_requests_as_connection_error(simulator):
    simulator.faults.add(FaultRule(kind="reset"))
    with simulated({LUNA: simulator}):
        with pytest.raises(requests.ConnectionError):
            register("0101804321")


def test_whole_world_can_be_simulated(world):
    with simulated(world):
        health = requests.get(f"{world.base_urls['luna']}/__admin/health", timeout=5)
    assert health.json()["simulator"] == "luna"
