"""A real WireMock serves golive's exported stubs exactly as the contracts document them.

Why: a vendor who runs WireMock should be able to load `golive.wiremock.export` output and get the
contract's own examples back. This module starts the WireMock standalone jar shipped by the npm package
`wiremock` (node_modules), loads the exported mapping files of every contract through the Python
`wiremock` admin client, then sends each mapping's example request, built from the contract (body from the
named request example, query and required headers from the parameter examples), and checks that the
status and body are the contract's example. It also checks every example against the contract's own
response schema with the kernel's compiled checks, so a stub can never serve what the contract forbids.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Any, Callable

import httpx
import pytest
import yaml

from golive.wiremock import PRIORITY_PREFERRED, RESERVED_MOUNT, WIREMOCK_ADMIN_PREFIX, export
from simulators.core.contract import load_contract

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = sorted((ROOT / "contracts").glob("*.openapi.yaml"))
JARS = sorted((ROOT / "node_modules" / "wiremock").glob("**/wiremock-standalone-*.jar"))
JAVA = shutil.which("java")

if JAVA is None:
    pytest.skip("java is not on PATH: the WireMock interop test needs a JRE (17+)", allow_module_level=True)
if not JARS:
    pytest.skip("no WireMock standalone jar under node_modules/wiremock: run `npm install` in the repository root", allow_module_level=True)

from wiremock.base import JsonProperty  # noqa: E402  (only when WireMock can run at all)
from wiremock.client import Mapping, Mappings  # noqa: E402
from wiremock.constants import Config  # noqa: E402

STARTUP_TIMEOUT_S = 60.0


class NamedMapping(Mapping):
    """The client's Mapping entity knows neither `name` nor `uuid`; without them WireMock would list our
    stubs nameless. Declaring them is all the client needs to send them."""

    name = JsonProperty("name")
    uuid = JsonProperty("uuid")


def wait_until(predicate: Callable[[], bool], timeout: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)  # polling interval between readiness probes, bounded by the deadline
    raise TimeoutError(f"{what} not within {timeout} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def exported_mappings(root: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(root.glob("*/mappings/*.json"))]


@pytest.fixture(scope="module")
def wiremock(tmp_path_factory):
    """A WireMock standalone on a free loopback port, loaded with every contract's exported mappings."""
    work = tmp_path_factory.mktemp("wiremock")
    export(CONTRACTS, work / "export")
    empty_root = work / "root"
    (empty_root / "mappings").mkdir(parents=True)
    port = free_port()
    log = (work / "wiremock.log").open("wb")
    process = subprocess.Popen(
        [JAVA, "-jar", str(JARS[-1]), "--port", str(port), "--bind-address", "127.0.0.1", "--disable-banner",
         "--root-dir", str(empty_root)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"WireMock exited with {process.returncode}: {(work / 'wiremock.log').read_text(errors='replace')[-2000:]}")
        try:
            return httpx.get(f"{base}{WIREMOCK_ADMIN_PREFIX}/mappings", timeout=1.0).status_code == 200
        except httpx.TransportError:
            return False

    previous_base_url = Config.base_url
    try:
        wait_until(ready, STARTUP_TIMEOUT_S, "WireMock admin API answering")
        Config.base_url = f"{base}{WIREMOCK_ADMIN_PREFIX}"
        mappings = exported_mappings(work / "export")
        for mapping in mappings:
            Mappings.create_mapping(NamedMapping.from_dict(mapping))
        with httpx.Client(base_url=base, timeout=10.0) as client:
            yield {"client": client, "mappings": mappings, "base": base}
    finally:
        Config.base_url = previous_base_url
        process.kill()
        process.wait(timeout=30)
        log.close()


# -- reading the contract independently of the exporter ----------------------------------------------
_documents: dict[str, dict[str, Any]] = {}


def document(contract_file: str) -> dict[str, Any]:
    if contract_file not in _documents:
        _documents[contract_file] = yaml.safe_load((ROOT / "contracts" / contract_file).read_text(encoding="utf-8"))
    return _documents[contract_file]


def resolve(doc: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = doc
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def contract_operation(meta: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    doc = document(meta["contract"])
    item = resolve(doc, doc["paths"][meta["path"]])
    op = item[meta["method"].lower()]
    params = [resolve(doc, p) for p in item.get("parameters", []) + op.get("parameters", [])]
    return doc, op, params


def expected_body(meta: dict[str, Any]) -> Any:
    doc, op, _ = contract_operation(meta)
    media = resolve(doc, op["responses"][meta["contractStatus"]])["content"][meta["contentType"]]
    if meta["responseExample"] == "example" and "example" in media:
        return media["example"]
    return resolve(doc, media["examples"][meta["responseExample"]])["value"]


def wire(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def example_request(mapping: dict[str, Any]) -> dict[str, Any]:
    """The request a client following the contract's examples sends for this mapping."""
    meta = mapping["metadata"]
    doc, op, params = contract_operation(meta)
    path = meta["path"]
    for p in params:
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", wire(p["example"]))
    if path.startswith(WIREMOCK_ADMIN_PREFIX):
        path = RESERVED_MOUNT + path
    query = [(p["name"], wire(p["example"])) for p in params if p["in"] == "query" and "example" in p]
    headers = {p["name"]: wire(p.get("example", "x")) for p in params if p["in"] == "header" and p.get("required")}
    if mapping["priority"] == PRIORITY_PREFERRED:
        headers["Prefer"] = f"code={meta['status']}"
    body = None
    if meta["requestExample"] is not None:
        content = resolve(doc, op["requestBody"])["content"]
        media_type = next(t for t in content if "json" in t)
        headers["Content-Type"] = media_type
        body = json.dumps(resolve(doc, content[media_type]["examples"][meta["requestExample"]])["value"]).encode()
    return {"method": meta["method"], "url": path, "params": query, "headers": headers, "content": body}


def all_exported() -> list[dict[str, Any]]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        export(CONTRACTS, tmp)
        return exported_mappings(Path(tmp))


EXPORTED = all_exported()


# -- the specification ---------------------------------------------------------------------------------
def test_wiremock_accepted_every_exported_mapping_under_its_stable_id(wiremock):
    listed = wiremock["client"].get(f"{WIREMOCK_ADMIN_PREFIX}/mappings", params={"limit": 100000}).json()["mappings"]

    assert {m["id"] for m in listed} == {m["id"] for m in wiremock["mappings"]}


def test_the_admin_client_sends_every_field_of_an_exported_mapping():
    lost = [m["name"] for m in EXPORTED if NamedMapping.from_dict(json.loads(json.dumps(m))).get_json_data() != m]

    assert lost == []


@pytest.mark.parametrize("mapping", EXPORTED, ids=lambda m: m["name"])
def test_wiremock_answers_the_example_request_with_the_contract_example(wiremock, mapping):
    meta = mapping["metadata"]

    response = wiremock["client"].request(**example_request(mapping))

    assert response.status_code == meta["status"], response.text[:500]
    if meta["responseExample"] is None:
        assert response.content == b""
    elif "json" in meta["contentType"]:
        assert (response.headers["content-type"], response.json()) == (meta["contentType"], expected_body(meta))
    else:
        assert (response.headers["content-type"].split(";")[0], response.text) == (meta["contentType"], expected_body(meta))


@pytest.mark.parametrize("mapping", [m for m in EXPORTED if m["metadata"]["contentType"] and "json" in m["metadata"]["contentType"]],
                         ids=lambda m: m["name"])
def test_every_served_example_satisfies_the_contracts_response_schema(mapping):
    meta = mapping["metadata"]
    contract = load_contract(str(ROOT / "contracts" / meta["contract"]))
    operation = contract.operations[meta["operationId"]]
    spec = operation.response_spec(meta["status"])

    assert spec.check.problems(expected_body(meta), "response.body") == []


def test_a_request_that_differs_from_every_example_is_not_answered_by_a_stub(wiremock):
    response = wiremock["client"].post("/laegevalg", json={"cpr": "0101804321", "ydernummer": "999999"})

    assert response.status_code == 404
