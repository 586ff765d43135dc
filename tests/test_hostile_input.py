"""Hostile input against a served simulator (issue 15): every probe gets its documented 4xx problem+json or a clean
close, a journal entry when an HTTP request was parsed, and the simulator stays healthy.

One Luna is served on a free loopback port with short deadlines (so a slowloris is cut off in a second, not ten);
malformed HTTP goes over raw sockets. Loops are bounded and waits have deadlines.
"""

from __future__ import annotations

import logging
import socket
import time
import uuid

import httpx
import pytest

from golive.serve import loopback_world
from simulators.core.limits import ServerTimeouts
from tests.support import PRACTICE

pytestmark = pytest.mark.slow

TIMEOUTS = ServerTimeouts(header_s=1.0, body_s=1.0, keep_alive_s=1.0, max_connections=24)
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def served():
    servers = loopback_world(seed=0, auto_ports=True, systems=["luna"], timeouts=TIMEOUTS).start()
    servers.world["luna"].model.load({"practices": [PRACTICE]})
    yield servers
    servers.stop()


@pytest.fixture
def luna(served):
    return served.world["luna"]


@pytest.fixture
def client(served):
    with httpx.Client(base_url=served.urls()["luna"], timeout=10) as client:
        yield client


@pytest.fixture
def port(served) -> int:
    return int(served.urls()["luna"].rsplit(":", 1)[1])


@pytest.fixture(autouse=True)
def healthy_afterwards(served):
    yield
    answer = httpx.get(f"{served.urls()['luna']}/__admin/health", timeout=5)
    assert answer.status_code == 200 and answer.json()["status"] == "up"


def cid() -> str:
    return f"hostile-{uuid.uuid4().hex[:12]}"


def journaled(luna, correlation_id: str):
    entries = luna.journal.query(correlation_id=correlation_id)
    assert len(entries) == 1, f"expected one journal entry for {correlation_id}, found {len(entries)}"
    return entries[0]


def assert_problem(response: httpx.Response, status: int, kind: str) -> None:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"] == f"urn:golive:problem:{kind}"
    assert "Traceback" not in response.text


def raw(port: int, data: bytes, deadline_s: float = 5.0) -> bytes:
    """Send bytes, read until the server closes the connection (within a deadline)."""
    with socket.create_connection(("127.0.0.1", port), timeout=deadline_s) as sock:
        sock.sendall(data)
        received = b""
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            chunk = sock.recv(65536)
            if not chunk:
                return received
            received += chunk
        raise AssertionError(f"connection still open after {deadline_s} s: {received[:200]!r}")


# -- sizes and counts -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [70_000, 1_000_000], ids=["70KB", "1MB"])
def test_an_oversized_header_is_refused_431_and_journaled(client, luna, size):
    correlation = cid()
    answer = client.get("/practices/012345", headers={"x-correlation-id": correlation, "x-filler": "a" * size})
    assert_problem(answer, 431, "header-too-large")
    assert journaled(luna, correlation).status == 431


def test_five_thousand_headers_are_refused_431_and_journaled(client, luna):
    correlation = cid()
    headers = [("x-correlation-id", correlation)] + [(f"x-h{i}", "1") for i in range(5_000)]
    answer = client.get("/practices/012345", headers=headers)
    assert_problem(answer, 431, "too-many-headers")
    assert journaled(luna, correlation).status == 431


def test_a_head_over_the_servers_cap_is_refused_431_and_closed(port):
    answer = raw(port, b"GET /practices/012345 HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 1_200_000 + b"\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 431 ") and PROBLEM.encode() in answer


def test_an_overlong_url_is_refused_414_and_journaled(client, luna):
    correlation = cid()
    assert_problem(client.get("/practices/" + "1" * 9_000, headers={"x-correlation-id": correlation}), 414,
                   "uri-too-long")
    assert journaled(luna, correlation).status == 414


def test_too_many_query_parameters_are_refused_400_and_journaled(client, luna):
    correlation = cid()
    answer = client.get("/practices", params=[(f"p{i}", "1") for i in range(500)],
                        headers={"x-correlation-id": correlation})
    assert_problem(answer, 400, "too-many-query-parameters")
    assert journaled(luna, correlation).status == 400


def test_a_body_over_the_limit_is_refused_413_and_journaled(client, luna):
    correlation = cid()
    answer = client.post("/laegevalg", content=b"[" + b"1," * 600_000 + b"1]",
                         headers={"content-type": "application/json", "x-correlation-id": correlation})
    assert_problem(answer, 413, "body-too-large")
    assert journaled(luna, correlation).status == 413


def test_json_nested_too_deep_is_refused_400_and_journaled(client, luna):
    correlation = cid()
    answer = client.post("/laegevalg", content=b"[" * 500 + b"]" * 500,
                         headers={"content-type": "application/json", "x-correlation-id": correlation})
    assert_problem(answer, 400, "json-too-deep")
    assert journaled(luna, correlation).violations


@pytest.mark.parametrize(
    "number", [b"123456789012345678901234567890", b"1e400", b"-1e400", b"0." + b"1" * 5_000, b"1" * 5_000, b"01"],
    ids=["huge-int", "overflow", "negative-overflow", "overlong-fraction", "overlong-int", "leading-zero"],
)
def test_huge_overlong_and_ambiguous_numbers_get_a_4xx_problem(client, luna, number):
    correlation = cid()
    body = b'{"cpr": "0101804321", "ydernummer": "012345", "effectiveDate": "2024-03-15", "doctors": ' + number + b"}"
    answer = client.post("/laegevalg", content=body,
                         headers={"content-type": "application/json", "x-correlation-id": correlation})
    assert 400 <= answer.status_code < 500 and answer.headers["content-type"] == PROBLEM, answer.text[:300]
    assert journaled(luna, correlation).status == answer.status_code


# -- the correlation id ---------------------------------------------------------------------------------------
def test_an_invalid_utf8_correlation_id_is_replaced_flagged_and_never_echoed(port, luna):
    answer = raw(port, b"GET /practices/012345 HTTP/1.1\r\nHost: x\r\nX-Correlation-Id: bad\xff\xfe id\r\n"
                       b"Connection: close\r\n\r\n")
    head = answer.split(b"\r\n\r\n")[0]
    assert answer.startswith(b"HTTP/1.1 200 ") and b"\xff" not in head
    replaced = [line for line in head.split(b"\r\n") if line.lower().startswith(b"x-correlation-id:")][0]
    entry = journaled(luna, replaced.split(b":", 1)[1].strip().decode())
    assert entry.flags == ("invalid-correlation-id",)


def test_an_overlong_correlation_id_is_replaced_not_stored(client, luna):
    long_id = "k" * 500
    answer = client.get("/practices/012345", headers={"x-correlation-id": long_id})
    assert answer.status_code == 200 and answer.headers["x-correlation-id"] != long_id
    entry = journaled(luna, answer.headers["x-correlation-id"])
    assert "invalid-correlation-id" in entry.flags and long_id not in str(entry.as_dict())


def test_a_one_megabyte_correlation_id_is_refused_431_and_not_kept(client, luna):
    before = len(luna.journal)
    answer = client.get("/practices/012345", headers={"x-correlation-id": "m" * 1_000_000})
    assert_problem(answer, 431, "header-too-large")
    assert answer.headers["x-correlation-id"] != "m" * 1_000_000
    entry = luna.journal.query(correlation_id=answer.headers["x-correlation-id"])[0]
    assert len(luna.journal) == before + 1 and len(str(entry.as_dict())) < 10_000


# -- encodings and non-HTTP ------------------------------------------------------------------------------------
def test_raw_bytes_that_are_not_http_get_a_clean_close(port):
    answer = raw(port, b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\x00\xff\r\n\r\n")
    assert answer == b"" or answer.startswith(b"HTTP/1.1 400 ")


def test_invalid_utf8_in_the_raw_path_gets_a_clean_close(port):
    answer = raw(port, b"GET /practices/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer == b"" or answer.startswith(b"HTTP/1.1 400 ")


def test_invalid_utf8_percent_encoded_in_the_path_is_a_journaled_404(client, luna):
    correlation = cid()
    answer = client.get("/practices/%FF%FE", headers={"x-correlation-id": correlation})
    assert 400 <= answer.status_code < 500 and answer.headers["content-type"] == PROBLEM
    assert journaled(luna, correlation).status == answer.status_code


def test_invalid_utf8_in_a_header_value_is_answered_and_journaled(port, luna):
    correlation = cid()
    answer = raw(port, f"GET /practices/012345 HTTP/1.1\r\nHost: x\r\nX-Correlation-Id: {correlation}\r\n".encode()
                 + b"User-Agent: \xc3\x28\xff\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert journaled(luna, correlation).status == 200


def test_invalid_utf8_in_the_body_is_refused_400_and_journaled(client, luna):
    correlation = cid()
    answer = client.post("/laegevalg", content=b'{"cpr": "\xff\xfe"}',
                         headers={"content-type": "application/json", "x-correlation-id": correlation})
    assert_problem(answer, 400, "invalid-encoding")
    assert journaled(luna, correlation).violations


# -- slow and idle clients --------------------------------------------------------------------------------------
def test_a_slowloris_head_is_cut_off_408_at_the_deadline(port):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /practices/012345 HTTP/1.1\r\nHost: x\r\n")
        answer = b""
        for byte in b"X-Slow: 1\r\n" * 3:  # one byte at a time, slower than the deadline allows in all
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                break
            chunk = sock.recv(4096) if _readable(sock, 0.2) else b""
            answer += chunk
            if answer:
                break
        while _readable(sock, 3.0) and (chunk := sock.recv(4096)):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:100]
    assert time.monotonic() - started < TIMEOUTS.header_s + 3.0


def _readable(sock: socket.socket, seconds: float) -> bool:
    import select

    return bool(select.select([sock], [], [], seconds)[0])


def test_a_stalled_body_is_answered_408_and_journaled(port, luna):
    correlation = cid()
    answer = raw(port, f"POST /laegevalg HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       f"X-Correlation-Id: {correlation}\r\nContent-Length: 100\r\n\r\n{{".encode())
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert journaled(luna, correlation).status == 408


def test_idle_connections_are_closed_by_the_server(port):
    sockets = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(20)]
    try:
        deadline = time.monotonic() + TIMEOUTS.header_s + 4.0
        for sock in sockets:
            assert _readable(sock, max(0.0, deadline - time.monotonic())), "an idle connection was kept open"
            data = sock.recv(4096)
            assert data == b"" or data.startswith(b"HTTP/1.1 408 ")
    finally:
        for sock in sockets:
            sock.close()


def test_past_the_connection_cap_a_request_gets_503_with_retry_after(port):
    sockets = []
    try:  # each request sent as its connection opens: none may idle past the header timeout on a loaded machine
        for _ in range(TIMEOUTS.max_connections + 4):
            sockets.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            sockets[-1].sendall(b"GET /__admin/health HTTP/1.1\r\nHost: x\r\n\r\n")
        answers = [sock.recv(4096) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()
    busy = [a for a in answers if a.startswith(b"HTTP/1.1 503 ")]
    assert busy and all(b"retry-after: 1" in a.lower() and PROBLEM.encode() in a for a in busy)
    assert any(a.startswith(b"HTTP/1.1 200 ") for a in answers)


# -- the admin API ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call",
    [
        ("PUT", "/__admin/clock", {"now": "9999-12-31T00:00:00+00:00"}),
        ("POST", "/__admin/clock/advance", {"days": 36500}),
    ],
    ids=["set", "advance"],
)
def test_the_clock_beyond_its_range_is_refused_422_and_journaled(client, luna, call):
    client.put("/__admin/clock", json={"now": "2190-01-01T00:00:00+00:00"}).raise_for_status()
    correlation = cid()
    method, path, body = call
    answer = client.request(method, path, json=body, headers={"x-correlation-id": correlation})
    assert_problem(answer, 422, "clock-out-of-range")
    assert luna.clock.now().year == 2190
    assert journaled(luna.admin, correlation).status == 422
    client.put("/__admin/clock", json={"now": "2024-03-01T12:00:00+00:00"}).raise_for_status()


def test_an_admin_call_with_a_bad_body_is_journaled_and_readable(client):
    correlation = cid()
    answer = client.post("/__admin/faults", content=b"{nope", headers={"content-type": "application/json",
                                                                         "x-correlation-id": correlation})
    assert_problem(answer, 400, "malformed-json")
    page = client.get("/__admin/journal", params={"source": "admin", "correlationId": correlation}).json()
    assert page["count"] == 1 and page["entries"][0]["status"] == 400


def test_a_fault_rule_naming_no_operation_is_refused_422_with_the_nearest(client):
    answer = client.post("/__admin/faults", json={"kind": "status", "status": 503, "operation": "getPractise"})
    assert_problem(answer, 422, "rule-violated")
    assert "getPractice" in answer.json()["nearMisses"]
    assert client.get("/__admin/faults").json()["faults"] == []


def test_an_internal_error_is_a_500_problem_with_an_incident_id_in_log_and_journal(client, luna, caplog):
    def broken(call):
        raise RuntimeError("model exploded")

    original = luna.handlers["getPractice"]
    luna.handlers["getPractice"] = broken
    correlation = cid()
    try:
        with caplog.at_level(logging.ERROR, logger="golive.simulators"):
            answer = client.get("/practices/012345", headers={"x-correlation-id": correlation})
    finally:
        luna.handlers["getPractice"] = original
    assert_problem(answer, 500, "simulator-error")
    incident = answer.json()["incidentId"]
    assert f"incident:{incident}" in journaled(luna, correlation).flags
    assert [r for r in caplog.records if incident in r.getMessage()]
    assert "model exploded" not in answer.text


@pytest.mark.parametrize("kind", ["reset", "malformed"])
def test_an_injected_fault_logs_one_line_not_a_traceback(client, caplog, kind):
    client.post("/__admin/faults", json={"kind": kind, "operation": "getPractice", "times": 1}).raise_for_status()
    try:
        with caplog.at_level(logging.INFO):
            try:
                client.get("/practices/012345")
            except httpx.HTTPError:
                pass  # a reset is a dropped connection, as the fault says
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not [r for r in caplog.records if "struck" in r.getMessage()]:
                time.sleep(0.01)  # poll for the server thread's log line, with a deadline
    finally:
        client.delete("/__admin/faults")
    struck = [r for r in caplog.records if "struck" in r.getMessage()]
    assert len(struck) == 1 and kind in struck[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info or "Exception in ASGI" in r.getMessage()]
