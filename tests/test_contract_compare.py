"""Simulator fidelity: `golive contracts compare` finds every way an endpoint behaves unlike the simulator.

The "real endpoint" here is a second Luna simulator on loopback: identical, with a fault rule that answers 503
for one operation, or behind a small ASGI wrapper that drops a field and changes a type, the way a vendor's
system might.
"""

from __future__ import annotations

import argparse
import json

import httpx
import pytest

from golive import serve
from golive.checks import prepare_simulator
from golive.contracts import compare
from golive.serve import free_port, loopback_world

SEED = 7
EXAMPLES = 3


def args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    compare.add_arguments(parser)
    return parser.parse_args(list(argv))


class Tamper:
    """ASGI wrapper: JSON answers lose every Practice's `capacity`, and a search's `count` becomes a string."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith("/__admin"):
            return await self.app(scope, receive, send)
        started: dict = {}

        async def tampering_send(message):
            if message["type"] == "http.response.start":
                started.update(message)
                return
            if message["type"] == "http.response.body" and started:
                body = message.get("body", b"")
                headers = dict(started["headers"])
                if headers.get(b"content-type", b"").startswith(b"application/json") and body:
                    document = json.loads(body)
                    for practice in document.get("practices", [document]) if isinstance(document, dict) else []:
                        if isinstance(practice, dict):
                            practice.pop("capacity", None)
                    if isinstance(document, dict) and "count" in document:
                        document["count"] = str(document["count"])
                    body = json.dumps(document).encode()
                headers[b"content-length"] = str(len(body)).encode()
                await send({**started, "headers": list(headers.items())})
                started.clear()
                message = {**message, "body": body}
            await send(message)

        return await self.app(scope, receive, tampering_send)


@pytest.fixture
def luna_endpoint():
    servers = loopback_world(seed=0, auto_ports=True, systems=["luna"]).start()
    yield servers.urls()["luna"]
    servers.stop()


@pytest.fixture
def tampered_luna(monkeypatch):
    with monkeypatch.context() as patch:
        real = serve.AsgiApp
        patch.setattr(serve, "AsgiApp", lambda simulator, *rest: Tamper(real(simulator, *rest)))
        servers = loopback_world(seed=0, auto_ports=True, systems=["luna"]).start()
    yield servers.urls()["luna"]
    servers.stop()


def test_identical_luna_shows_no_difference(luna_endpoint, tmp_path, capsys):
    code = compare.run(args("--simulator", "luna", "--base-url", luna_endpoint, "--seed", str(SEED),
                            "--max-examples", str(EXAMPLES), "--prepare-target", "--report-dir", str(tmp_path)))

    report = json.loads((tmp_path / "compare-luna.json").read_text(encoding="utf-8"))
    assert code == 0, capsys.readouterr().out
    assert report["differences"] == [] and report["cases"] > 20


def test_status_fault_on_one_operation_is_found_and_named(luna_endpoint):
    prepare_simulator(luna_endpoint, compare.CONTRACTS / "luna.openapi.yaml")  # the state the simulator side gets
    httpx.post(f"{luna_endpoint}/__admin/faults", json={"kind": "status", "status": 503, "operation": "getPractice"}).raise_for_status()

    comparison = compare.compare("luna", luna_endpoint, seed=SEED, max_examples=EXAMPLES)

    kinds = {(d.operation, d.kind) for d in comparison.differences.values()}
    assert ("GET /practices/{ydernummer} (getPractice)", "status") in kinds
    assert {operation for operation, _ in kinds} == {"GET /practices/{ydernummer} (getPractice)"}
    status = next(d for d in comparison.differences.values() if d.kind == "status")
    assert "endpoint 503" in status.detail and status.curl.startswith("curl -X GET") and luna_endpoint in status.curl


def test_dropped_field_and_changed_type_are_found_and_named(tampered_luna, tmp_path):
    code = compare.run(args("--simulator", "luna", "--base-url", tampered_luna, "--seed", str(SEED),
                            "--max-examples", str(EXAMPLES), "--prepare-target", "--report-dir", str(tmp_path)))

    report = json.loads((tmp_path / "compare-luna.json").read_text(encoding="utf-8"))
    details = {(d["operation"], d["kind"], d["detail"]) for d in report["differences"]}
    assert code == 1
    assert ("GET /practices/{ydernummer} (getPractice)", "shape", "/capacity (integer) missing at the endpoint") in details
    assert ("GET /practices (searchPractices)", "shape", "/count: simulator ['integer'], endpoint ['string']") in details
    assert any(kind == "schema-validity" and "endpoint" in detail for _, kind, detail in details)
    assert "## GET /practices (searchPractices)" in (tmp_path / "compare-luna.md").read_text(encoding="utf-8")


def test_unreachable_endpoint_exits_2(tmp_path, capsys):
    url = f"http://127.0.0.1:{free_port()}"

    code = compare.run(args("--simulator", "luna", "--base-url", url, "--report-dir", str(tmp_path)))

    assert code == 2
    assert "does not answer" in capsys.readouterr().err


def test_cases_are_the_same_for_the_same_seed():
    contract = compare.CONTRACTS / "luna.openapi.yaml"

    def curls(seed: int) -> list[str]:
        return [c.as_curl_command() for c in compare.generate_cases(contract, seed=seed, max_examples=EXAMPLES)]

    first = curls(SEED)
    assert first == curls(SEED)
    assert first != curls(SEED + 1)
