"""The admin API under /__admin: how scenarios and developers look inside a simulator and steer it."""

from __future__ import annotations

import pytest

from simulators import luna
from simulators.core import Network
from tests.support import PRACTICE

CHOICE = {"cpr": "0101804321", "ydernummer": "012345", "effectiveDate": "2024-03-15", "reason": "move", "municipalityCode": 751}


@pytest.fixture
def sim_client():
    simulator = luna.create()
    network = Network(allow_real_http=False)
    network.register("http://luna.test", simulator)
    client = network.client("http://luna.test")
    client.put("/__admin/clock", json={"now": "2024-03-01T12:00:00+00:00"})
    client.post("/__admin/seed", json={"data": {"practices": [PRACTICE]}})
    return simulator, client


def test_health_names_the_simulator_and_its_contract(sim_client):
    _, client = sim_client
    health = client.get("/__admin/health").json()
    assert (health["status"], health["simulator"], health["contract"]["file"]) == ("up", "luna", "luna.openapi.yaml")


def test_seed_data_is_validated_against_the_simulators_own_schema(sim_client):
    _, client = sim_client
    response = client.post("/__admin/seed", json={"data": {"practices": [{"ydernummer": "12"}]}})
    assert response.status_code == 422
    assert response.json()["violations"]


def test_random_seed_reseeds_fault_decisions(sim_client):
    simulator, client = sim_client
    assert client.post("/__admin/seed", json={"randomSeed": 99}).json()["randomSeed"] == 99
    assert simulator.faults.seed == 99


def test_journal_filters_by_cpr_taken_from_a_path_parameter(sim_client):
    _, client = sim_client
    client.post("/laegevalg", json=CHOICE)
    client.get("/citizens/0101804321/laegevalg")
    client.get("/citizens/0202804322/laegevalg")

    found = client.get("/__admin/journal", params={"cpr": "0101804321"}).json()

    assert [e["operation"] for e in found["entries"]] == ["registerLaegevalg", "getCitizenLaegevalg"]


def test_journal_filters_by_operation_correlation_and_violations(sim_client):
    _, client = sim_client
    client.post("/laegevalg", json=CHOICE, headers={"x-correlation-id": "scenario-1"})
    client.post("/laegevalg", json={"cpr": "bad"}, headers={"x-correlation-id": "scenario-2"})

    by_corr = client.get("/__admin/journal", params={"correlationId": "scenario-1"}).json()
    bad = client.get("/__admin/journal", params={"violations": "true"}).json()
    by_op = client.get("/__admin/journal", params={"operation": "registerLaegevalg", "limit": 1}).json()

    assert by_corr["count"] == 1 and by_corr["entries"][0]["status"] == 201
    assert bad["count"] == 1 and bad["entries"][0]["correlationId"] == "scenario-2"
    assert {v["rule"] for v in bad["entries"][0]["violations"]} >= {"pattern", "required"}
    assert by_op["count"] == 1 and by_op["entries"][0]["status"] == 400


def test_admin_calls_are_not_in_the_simulators_journal(sim_client):
    simulator, client = sim_client
    client.get("/__admin/health")
    client.get("/__admin/journal")
    assert len(simulator.journal) == 0


def test_correlation_id_is_echoed_or_created(sim_client):
    _, client = sim_client
    given = client.get("/practices/012345", headers={"x-correlation-id": "abc"})
    made = [client.get("/practices/012345").headers["x-correlation-id"] for _ in range(3)]
    assert given.headers["x-correlation-id"] == "abc"
    assert len(set(made)) == 3 and all(m.startswith("golive-") for m in made)


def test_clock_set_and_advance_move_business_dates(sim_client):
    _, client = sim_client
    client.post("/laegevalg", json=CHOICE)  # effect 2024-03-15, today 2024-03-01
    assert client.get("/citizens/0101804321/laegevalg").json()["current"] is None

    clock = client.post("/__admin/clock/advance", json={"days": 14}).json()

    assert clock["today"] == "2024-03-15"
    assert client.get("/citizens/0101804321/laegevalg").json()["current"]["ydernummer"] == "012345"


def test_clock_can_follow_real_time_again(sim_client):
    _, client = sim_client
    assert client.put("/__admin/clock", json={"followRealTime": True}).json()["frozen"] is False


def test_settings_are_validated_against_the_simulators_settings_schema(sim_client):
    _, client = sim_client
    assert client.patch("/__admin/settings", json={"autoCloseAtCapacity": False}).json()["autoCloseAtCapacity"] is False
    assert client.patch("/__admin/settings", json={"noSuchSetting": 1}).status_code == 422


def test_reset_forgets_state_journal_and_faults(sim_client):
    simulator, client = sim_client
    client.post("/laegevalg", json=CHOICE)
    client.post("/__admin/faults", json={"kind": "latency", "latencyMs": 1})

    assert client.post("/__admin/reset").status_code == 204

    assert client.get("/__admin/state").json() == {"practices": [], "registrations": {}}
    assert client.get("/__admin/faults").json()["faults"] == []
    assert len(simulator.journal) == 0


def test_state_and_contract_are_inspectable(sim_client):
    _, client = sim_client
    assert client.get("/__admin/state").json()["practices"][0]["ydernummer"] == "012345"
    assert client.get("/__admin/openapi.json").json()["info"]["title"].startswith("Luna")


def test_docs_are_served_locally_without_internet(sim_client):
    _, client = sim_client
    page = client.get("/__admin/docs")
    bundle = client.get("/__admin/docs/swagger-ui-bundle.js")
    initializer = client.get("/__admin/docs/swagger-initializer.js")

    assert page.headers["content-type"] == "text/html" and "swagger-ui-bundle.js" in page.text
    assert bundle.status_code == 200 and bundle.headers["content-type"] == "text/javascript"
    assert "/__admin/openapi.json" in initializer.text
    assert "http" not in page.text.replace("http-equiv", "")  # nothing fetched from elsewhere


def test_docs_asset_outside_the_bundle_is_404(sim_client):
    _, client = sim_client
    assert client.get("/__admin/docs/swagger-ui.js.map").status_code == 404
    assert client.get("/__admin/docs/..%2Fcontract.py").status_code in (400, 404)


def test_domain_error_extensions_cannot_overwrite_problem_members():
    from simulators.core.errors import Conflict
    from simulators.core.http import Request

    class Clash(Conflict):
        code = "clash"

    simulator = luna.create()
    simulator.handlers["getPractice"] = lambda call: (_ for _ in ()).throw(Clash("why", status=1, title="t", extra=2))

    response = simulator.handle(Request("GET", "/practices/012345"))

    assert response.status == 409
    assert response.document["status"] == 409 and response.document["extra"] == 2
