"""Fault injection: same seed, same decisions; a removed fault is gone; every kind does what it says."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import httpx
import pytest

from golive.serve import loopback_world
from simulators import luna
from simulators.core import Network
from simulators.core.environment import Environment
from simulators.core.faults import FaultInjector, FaultRule, FaultRuleError
from tests.support import PRACTICE


def luna_client(seed: int = 0):
    simulator = luna.create(Environment(seed=seed))
    simulator.model.load({"practices": [PRACTICE]})
    network = Network(allow_real_http=False)
    network.register("http://luna.test", simulator)
    return simulator, network.client("http://luna.test", timeout=2)


def statuses_under_random_fault(seed: int, calls: int = 200) -> list[int]:
    simulator, client = luna_client(seed)
    client.post("/__admin/faults", json={"kind": "status", "status": 503, "probability": 0.3, "operation": "getPractice"})
    return [client.get("/practices/012345").status_code for _ in range(calls)]


def test_same_seed_gives_the_same_fault_decisions():
    assert statuses_under_random_fault(seed=7) == statuses_under_random_fault(seed=7)


def test_different_seeds_give_different_fault_decisions():
    assert statuses_under_random_fault(seed=7) != statuses_under_random_fault(seed=8)


def test_probability_is_honoured_roughly():
    hits = statuses_under_random_fault(seed=3, calls=1000).count(503)
    assert 240 <= hits <= 360


def test_decisions_do_not_depend_on_other_rules_interleaving():
    injector_a, injector_b = FaultInjector(seed=5), FaultInjector(seed=5)
    rule_a = injector_a.add(FaultRule(kind="status", status=500, probability=0.5, operation="x", id="r"))
    injector_b.add(FaultRule(kind="latency", latency_ms=1, operation="y"))  # another rule first
    rule_b = injector_b.add(FaultRule(kind="status", status=500, probability=0.5, operation="x", id="r"))
    now = datetime.now(timezone.utc)
    a = [bool(injector_a.decide("x", now, ("status",))) for _ in range(100)]
    b = [bool(injector_b.decide("x", now, ("status",))) for _ in range(100)]
    assert a == b and rule_a.struck == rule_b.struck


def test_removed_fault_is_gone_at_once():
    simulator, client = luna_client()
    rule = client.post("/__admin/faults", json={"kind": "status", "status": 503}).json()
    assert client.get("/practices/012345").status_code == 503

    assert client.delete(f"/__admin/faults/{rule['id']}").status_code == 204

    assert client.get("/practices/012345").status_code == 200
    assert client.get("/__admin/faults").json()["faults"] == []


def test_status_fault_strikes_only_n_times_and_is_journaled():
    simulator, client = luna_client()
    client.post("/__admin/faults", json={"kind": "status", "status": 502, "times": 2})

    codes = [client.get("/practices/012345").status_code for _ in range(4)]

    assert codes == [502, 502, 200, 200]
    assert [e.fault for e in simulator.journal.query()][:2] == ["f1:status", "f1:status"]


def test_status_fault_answers_problem_json_without_touching_the_model():
    simulator, client = luna_client()
    client.post("/__admin/faults", json={"kind": "status", "status": 503, "operation": "registerLaegevalg"})

    response = client.post("/laegevalg", json={"cpr": "0101804321", "ydernummer": "012345", "effectiveDate": "2099-01-01",
                                                "reason": "change", "municipalityCode": 751})

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert simulator.model.registrations == {}


def test_fault_limited_to_a_virtual_time_window():
    simulator, client = luna_client()
    client.put("/__admin/clock", json={"now": "2024-03-01T08:00:00+00:00"})
    client.post("/__admin/faults", json={"kind": "status", "status": 503,
                                         "activeFrom": "2024-03-01T09:00:00+00:00", "activeUntil": "2024-03-01T10:00:00+00:00"})
    before = client.get("/practices/012345").status_code
    client.post("/__admin/clock/advance", json={"seconds": 3600})
    during = client.get("/practices/012345").status_code
    client.post("/__admin/clock/advance", json={"seconds": 3600})
    after = client.get("/practices/012345").status_code

    assert (before, during, after) == (200, 503, 200)


def test_latency_fault_delays_the_answer_by_the_drawn_amount():
    simulator, client = luna_client()
    client.post("/__admin/faults", json={"kind": "latency", "latencyMs": 150})

    started = time.perf_counter()
    response = client.get("/practices/012345")
    elapsed = time.perf_counter() - started

    assert response.status_code == 200
    assert elapsed >= 0.149
    assert simulator.journal.query()[-1].fault == "latency"


def test_malformed_fault_cuts_the_body():
    simulator, client = luna_client()
    client.post("/__admin/faults", json={"kind": "malformed"})

    response = client.get("/practices/012345")

    with pytest.raises(ValueError):
        response.json()


def test_reset_fault_drops_the_connection_in_process():
    simulator, client = luna_client()
    client.post("/__admin/faults", json={"kind": "reset"})

    with pytest.raises(httpx.RemoteProtocolError):
        client.get("/practices/012345")
    assert simulator.journal.query()[-1].fault == "f1:reset"


def test_hang_fault_times_the_client_out_in_process():
    simulator, client = luna_client()
    client.post("/__admin/faults", json={"kind": "hang", "hangMs": 5000})

    with pytest.raises(httpx.ReadTimeout):
        client.get("/practices/012345", timeout=0.2)


def test_unknown_fault_kind_is_refused_by_the_contract():
    simulator, client = luna_client()

    response = client.post("/__admin/faults", json={"kind": "sometimes"})

    assert response.status_code == 400
    assert response.json()["violations"][0]["pointer"] == "/kind"


def test_status_fault_without_status_is_refused_with_a_reason():
    simulator, client = luna_client()

    response = client.post("/__admin/faults", json={"kind": "status"})

    assert response.status_code == 422
    assert "status" in response.json()["detail"]


def test_inverted_latency_range_is_refused():
    with pytest.raises(FaultRuleError):
        FaultRule(kind="latency", latency_ms=500, latency_max_ms=100).validate()


@pytest.fixture(scope="module")
def served_luna():
    servers = loopback_world(seed=0, auto_ports=True, systems=["luna"]).start()
    servers.world["luna"].model.load({"practices": [PRACTICE]})
    yield servers.world["luna"], servers.urls()["luna"]
    servers.stop()


def test_reset_fault_drops_the_connection_over_loopback(served_luna):
    simulator, url = served_luna
    with httpx.Client(base_url=url, timeout=2) as client:
        rule = client.post("/__admin/faults", json={"kind": "reset"}).json()
        try:
            with pytest.raises(httpx.RemoteProtocolError):
                client.get("/practices/012345")
        finally:
            client.delete(f"/__admin/faults/{rule['id']}")
        assert client.get("/practices/012345").status_code == 200


def test_hang_fault_times_the_client_out_over_loopback(served_luna):
    simulator, url = served_luna
    with httpx.Client(base_url=url, timeout=2) as client:
        rule = client.post("/__admin/faults", json={"kind": "hang", "hangMs": 3000}).json()
        try:
            with pytest.raises(httpx.ReadTimeout):
                client.get("/practices/012345", timeout=0.3)
        finally:
            client.delete(f"/__admin/faults/{rule['id']}")
        assert client.get("/practices/012345").status_code == 200


def test_latency_fault_over_loopback_delays_the_answer(served_luna):
    simulator, url = served_luna
    with httpx.Client(base_url=url, timeout=5) as client:
        rule = client.post("/__admin/faults", json={"kind": "latency", "latencyMs": 200}).json()
        try:
            response = client.get("/practices/012345")
        finally:
            client.delete(f"/__admin/faults/{rule['id']}")
    assert response.status_code == 200
    assert response.elapsed.total_seconds() >= 0.19


def test_the_admin_contract_lists_exactly_the_registered_fault_kinds():
    """A new fault kind is registered once (simulators/core/faults.py); the admin contract must say so too."""
    from simulators.core.contract import load_contract
    from simulators.core.environment import contract_path
    from simulators.core.faults import FAULT_KINDS

    enum = load_contract(str(contract_path("admin"))).schema("FaultKind")["enum"]
    assert enum == list(FAULT_KINDS)


def test_every_http_fault_kind_acts_through_its_registered_effect():
    from simulators.core.faults import AFTER, BEFORE, FAULT_KINDS, HTTP

    for kind in FAULT_KINDS.values():
        if kind.channel == HTTP:
            assert (kind.phase, bool(kind.before), bool(kind.after)) in ((BEFORE, True, False), (AFTER, False, True)), kind.name
