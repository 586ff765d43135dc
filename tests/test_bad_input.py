"""Bad input to every simulator gets a clear 4xx problem+json and a journal entry; nothing crashes.

Run twice: in-process (kernel + httpx transport) and over loopback (uvicorn + the ASGI layer), because the
size limit and body reading live in different code in the two paths.
"""

from __future__ import annotations

import httpx
import pytest

from golive.serve import loopback_world
from simulators.core.settings import MAX_BODY_BYTES
from simulators.world import SYSTEMS

PROBLEM = "application/problem+json"


def a_post_with_body(simulator) -> tuple[str, str]:
    """The first operation of the simulator's contract that takes a JSON body, its path filled in from the
    contract's own parameter examples."""
    contract = simulator.contract
    for op in contract.operations.values():
        if op.method == "POST" and op.body_check is not None:
            path = op.path_template
            for raw in op.spec.get("parameters", []) + contract.document["paths"][op.path_template].get("parameters", []):
                param = contract._resolve(raw)
                if param["in"] == "path":
                    path = path.replace("{" + param["name"] + "}", str(param["example"]))
            return op.operation_id, path
    pytest.fail(f"{simulator.name} has no POST operation with a JSON body")


@pytest.fixture(scope="module")
def served():
    servers = loopback_world(seed=0, auto_ports=True)
    servers.start()
    yield servers
    servers.stop()


@pytest.fixture(params=["in-process", "loopback"])
def target(request, world, served):
    """(simulator, client) for one way of reaching the simulators."""

    def pick(name: str):
        if request.param == "in-process":
            return world[name], world.client(name)
        return served.world[name], httpx.Client(base_url=served.urls()[name], timeout=10)

    return pick


CASES = {
    "malformed JSON": (dict(content=b'{"cpr": "01018', headers={"content-type": "application/json"}), 400, "malformed-json"),
    "wrong content type": (dict(content=b"cpr=0101804321", headers={"content-type": "application/x-www-form-urlencoded"}), 415, "unsupported-media-type"),
    "invalid UTF-8": (dict(content=b'{"name": "\xff\xfe"}', headers={"content-type": "application/json"}), 400, "invalid-encoding"),
    "contract-violating body": (dict(json={"unexpected": True}), 400, "contract-violation"),
    "body over the limit": (dict(content=b"[" + b"1," * (MAX_BODY_BYTES // 2) + b"1]", headers={"content-type": "application/json"}), 413, "body-too-large"),
}


@pytest.mark.parametrize("name", SYSTEMS)
@pytest.mark.parametrize("case", list(CASES))
def test_bad_body_is_refused_with_problem_json_and_journaled(target, name, case):
    simulator, client = target(name)
    _, path = a_post_with_body(simulator)
    kwargs, status, kind = CASES[case]
    before = len(simulator.journal)

    response = client.post(path, **kwargs)

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == f"urn:golive:problem:{kind}"
    assert len(simulator.journal) == before + 1
    entry = simulator.journal.query(limit=1)[0]
    assert entry.status == status


@pytest.mark.parametrize("name", SYSTEMS)
def test_unknown_path_gets_404_with_near_misses(target, name):
    simulator, client = target(name)
    _, path = a_post_with_body(simulator)

    response = client.get(path + "x/does-not-exist")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == "urn:golive:problem:unknown-path"
    assert simulator.journal.query(limit=1)[0].operation is None


@pytest.mark.parametrize("name", SYSTEMS)
def test_wrong_method_gets_405_with_allow_header(target, name):
    simulator, client = target(name)
    _, path = a_post_with_body(simulator)

    response = client.request("PATCH", path, json={})

    assert response.status_code == 405
    assert "POST" in response.headers["allow"]
    assert response.headers["content-type"] == PROBLEM
    assert simulator.journal.query(limit=1)[0].status == 405


@pytest.mark.parametrize("name", SYSTEMS)
def test_simulator_keeps_serving_after_bad_input(target, name):
    simulator, client = target(name)
    _, path = a_post_with_body(simulator)
    for kwargs, _, _ in CASES.values():
        client.post(path, **kwargs)

    assert client.get("/__admin/health").json()["status"] == "up"
