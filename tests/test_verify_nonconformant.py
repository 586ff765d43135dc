"""A server that breaks its contract (tests/data/nonconformant.openapi.yaml) on purpose, five ways, and
`golive contracts verify` catching each one with exit code 1 and a curl line per failure.

The server is a bare ASGI app (no framework: a dozen routes do not need one) served by uvicorn on 127.0.0.1
in a thread. Apart from its five defects it honours the contract — 405 with Allow for other methods, 400
problem+json for bad input — so every finding the run reports is one of the five:

- GET /counter answers `count` as a string where the contract says integer (wrong type);
- GET /profile leaves out the required `name` (missing required field);
- GET /status answers 418, which the contract does not list (undocumented status);
- GET /search answers 500 to a limit outside 1..10 instead of refusing it with 400 (500 on negative input);
- POST /things creates a thing whose id the `GetThing` link then looks up, and GET /things/{id} answers 404
  (violated link).

It also records the headers of every request, so the credential options can be shown to reach the server.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import uvicorn

from golive.cli import main
from golive.polling import wait_until
from golive.serve import free_port

CONTRACT = Path(__file__).parent / "data" / "nonconformant.openapi.yaml"
JSON, PROBLEM = "application/json", "application/problem+json"
ROUTES = {"/counter": "GET", "/profile": "GET", "/status": "GET", "/search": "GET", "/things": "POST"}


class NonConformant:
    def __init__(self) -> None:
        self.ids = itertools.count(1)
        self.headers: list[dict[str, str]] = []

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        self.headers.append({k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]})
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        status, document, content_type, extra = self.route(scope["method"], scope["path"], query, body)
        payload = json.dumps(document).encode()
        headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(payload)).encode()), *extra]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    def route(self, method: str, path: str, query: dict, body: bytes):
        allowed = ROUTES.get(path) or ("GET" if path.startswith("/things/") else None)
        if allowed is None:
            return 404, {"title": "Not found"}, PROBLEM, []
        if method != allowed:
            return 405, {"title": "Method not allowed"}, PROBLEM, [(b"allow", allowed.encode())]
        if path == "/counter":
            return 200, {"count": "three"}, JSON, []  # defect: wrong type
        if path == "/profile":
            return 200, {"id": 1}, JSON, []  # defect: required `name` missing
        if path == "/status":
            return 418, {"ok": True}, JSON, []  # defect: undocumented status
        if path == "/search":
            try:
                limit = int(query["limit"][0])
            except (KeyError, IndexError, ValueError):
                return 400, {"title": "limit must be a whole number"}, PROBLEM, []
            if not 1 <= limit <= 10:
                return 500, {"title": "Internal Server Error"}, PROBLEM, []  # defect: 500 on negative input
            return 200, {"results": ["x"] * limit}, JSON, []
        if path == "/things":
            try:
                thing = json.loads(body)
            except ValueError:
                return 400, {"title": "Malformed JSON"}, PROBLEM, []
            if not (isinstance(thing, dict) and set(thing) == {"label"} and isinstance(thing["label"], str)
                    and len(thing["label"]) <= 20):
                return 400, {"title": "Body breaks the contract"}, PROBLEM, []
            return 201, {"id": next(self.ids), "label": thing["label"]}, JSON, []
        try:
            int(path.removeprefix("/things/"))
        except ValueError:
            return 400, {"title": "thingId must be a whole number"}, PROBLEM, []
        return 404, {"title": "No such thing"}, PROBLEM, []  # defect: forgets what POST /things created


@pytest.fixture(scope="module")
def server():
    app = NonConformant()
    port = free_port()
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="off"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    wait_until(lambda: instance.started, timeout_s=10, what="the non-conformant server to start")
    yield app, f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def run(server, tmp_path_factory):
    """One verify run against the server: exit code, console output, findings and reports."""
    _, url = server
    reports = tmp_path_factory.mktemp("reports")
    import contextlib
    import io

    console = io.StringIO()
    with contextlib.redirect_stdout(console):
        code = main(["contracts", "verify", str(CONTRACT), "--base-url", url, "--seed", "3", "--max-examples", "10",
                     "--report-dir", str(reports), "--name", "nonconformant"])
    findings = json.loads((reports / "nonconformant.findings.json").read_text(encoding="utf-8"))
    return code, console.getvalue(), findings, reports


def caught(findings, label: str, check: str) -> list[dict]:
    return [f for f in findings if f["label"] == label and f["check"] == check]


def test_the_run_exits_1_for_violations(run):
    assert run[0] == 1


def test_a_wrong_type_is_caught(run):
    found = caught(run[2], "GET /counter", "response_schema_conformance")
    assert found and '"three" is not of type "integer"' in found[0]["message"]


def test_a_missing_required_field_is_caught(run):
    found = caught(run[2], "GET /profile", "response_schema_conformance")
    assert found and "'name' is a required property" in found[0]["message"].replace('"', "'")


def test_an_undocumented_status_is_caught(run):
    found = caught(run[2], "GET /status", "status_code_conformance")
    assert found and found[0]["response"]["status"] == 418


def test_a_500_on_negative_input_is_caught(run):
    found = caught(run[2], "GET /search", "not_a_server_error")
    assert found and found[0]["response"]["status"] == 500


def test_a_violated_link_is_caught(run):
    found = caught(run[2], "Stateful tests", "ensure_resource_availability")
    assert found
    post, get = found[0]["curl"].splitlines()[:2]  # the request that created the thing, then the one that lost it
    assert post.startswith("curl -X POST") and "/things" in post
    assert get.startswith("curl -X GET") and "/things/" in get


def test_nothing_but_the_five_defects_is_reported(run):
    assert {(f["label"], f["check"]) for f in run[2]} <= {
        ("GET /counter", "response_schema_conformance"),
        ("GET /profile", "response_schema_conformance"),
        ("GET /status", "status_code_conformance"),
        ("GET /status", "positive_data_acceptance"),  # 418 to a valid request is also a refusal of valid data
        ("GET /search", "not_a_server_error"),
        ("GET /search", "status_code_conformance"),  # and 500 is not in the contract either
        ("Stateful tests", "ensure_resource_availability"),
    }


def test_every_failure_has_a_curl_line_on_the_console(run):
    code, console, findings, _ = run
    assert findings and all(f["curl"].startswith("curl ") for f in findings)
    for finding in findings:
        for line in finding["curl"].splitlines():  # a stateful finding has one curl line per request
            assert line in console


def test_every_failure_has_a_curl_line_in_junit(run):
    text = "".join(ET.parse(run[3] / "nonconformant.xml").getroot().itertext())
    for finding in run[2]:
        assert finding["curl"].splitlines()[-1] in text


def test_every_failure_has_its_curl_line_and_response_attached_in_allure(run):
    results_dir = run[3] / "allure-results"
    attached = []
    for path in results_dir.glob("*-result.json"):
        result = json.loads(path.read_text(encoding="utf-8"))
        for attachment in result.get("attachments", []):
            attached.append((attachment["name"], (results_dir / attachment["source"]).read_text(encoding="utf-8")))
    curls = {body.strip() for name, body in attached if name.startswith("curl")}
    responses = [name for name, _ in attached if name.startswith("response")]
    assert curls == {f["curl"].strip() for f in run[2]}
    assert len(responses) == len(run[2])


def test_failed_allure_results_are_filed_as_contract_breaches(run):
    failed = [json.loads(p.read_text(encoding="utf-8")) for p in (run[3] / "allure-results").glob("*-result.json")]
    failed = [r for r in failed if r["status"] == "failed"]
    assert len(failed) == 5  # four operations and the stateful phase
    assert all(r["statusDetails"]["message"].startswith("kontraktbrud") for r in failed)


def test_allure_results_are_named_by_operation_and_filed_under_kontrakter(run):
    """What `golive run` puts beside the scenarios in its HTML report: one result per operation, named for the
    system and the operationId, epic Kontrakter, feature the system (a vendor's contract: its title)."""
    results = [json.loads(p.read_text(encoding="utf-8")) for p in (run[3] / "allure-results").glob("*-result.json")]
    labels = [{item["name"]: item["value"] for item in r["labels"]} for r in results]
    system = "Deliberately non-conformant API (golive's own tests)"
    assert {r["name"] for r in results} >= {f"{system} · {op}" for op in ("getCounter", "getProfile", "createThing")}
    assert {(label["epic"], label["feature"]) for label in labels} == {("Kontrakter", system)}
    counter = next(r for r in results if r["name"].endswith("· getCounter"))
    assert counter["statusDetails"]["message"].startswith(
        f"kontraktbrud: {system} · getCounter (GET /counter): {system} answered with a body that breaks the "
        "contract's schema (response_schema_conformance"
    )


def test_the_replay_command_is_printed_with_the_seed(run):
    assert f"replay: golive contracts verify {CONTRACT} --base-url" in run[1] and "--seed 3" in run[1]


def test_credentials_and_headers_reach_the_server(server, tmp_path, monkeypatch):
    app, url = server
    monkeypatch.setenv("GOLIVE_BEARER_TOKEN", "vendor-ci-token")
    app.headers.clear()

    main(["contracts", "verify", str(CONTRACT), "--base-url", url, "--include", "getCounter", "--phases", "examples",
          "--max-examples", "1", "--seed", "1", "-H", "X-Vendor-Run: 17", "--report-dir", str(tmp_path), "-q"])
    main(["contracts", "verify", str(CONTRACT), "--base-url", url, "--include", "getCounter", "--phases", "examples",
          "--max-examples", "1", "--seed", "1", "--bearer", "", "--basic", "vendor:secret",
          "--report-dir", str(tmp_path), "-q"])

    seen = {(h.get("authorization"), h.get("x-vendor-run")) for h in app.headers}
    basic = "Basic " + base64.b64encode(b"vendor:secret").decode()
    assert ("Bearer vendor-ci-token", "17") in seen
    assert (basic, None) in seen


def test_a_slow_answer_alone_is_not_filed_as_a_contract_breach():
    """max_response_time judges a limit the run was given, not the contract: no Kontraktbrud marker."""
    from golive.contracts.verify_reports import failure_message

    slow = {"check": "max_response_time", "code": "ST401"}
    message = failure_message("Luna", "getPractice", "GET /practices/{ydernummer}", [slow])
    assert message == "Luna · getPractice (GET /practices/{ydernummer}): Luna answered slower than the configured " \
        "limit (max_response_time, ST401)"
    assert failure_message("Luna", "getPractice", "GET /x", [slow, {"check": "status_code_conformance",
                                                                    "code": "ST101"}]).startswith("kontraktbrud: ")
