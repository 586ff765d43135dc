"""`golive up` on a checkout: every simulator healthy, a table of URLs, a clean stop; containers validated."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time

import httpx
import pytest
import yaml

from golive.config import ROOT, SIMULATOR_PORTS

pytestmark = pytest.mark.slow


def test_golive_up_serves_every_simulator_healthy_and_stops_on_ctrl_c():
    process = subprocess.Popen(
        [sys.executable, "-m", "golive.cli", "up", "--auto-ports"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("ready"):
                break
        output = "".join(lines)
        assert "ready" in output, output
        urls = dict(re.findall(r"^(\w+)\s+(http://127\.0\.0\.1:\d+)\s", output, re.MULTILINE))
        assert set(urls) == set(SIMULATOR_PORTS)
        for name, url in urls.items():
            health = httpx.get(f"{url}/__admin/health", timeout=5).json()
            assert health["status"] == "up" and health["simulator"] == name
            assert httpx.get(f"{url}/__admin/docs", timeout=5).status_code == 200
        seconds = float(re.search(r"healthy in ([\d.]+)s", output).group(1))
        assert seconds < 10  # the ≤ 1 s target is measured in benchmarks/, not asserted here
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=15)
    assert process.returncode == 0
    assert "stopped" in rest


def test_golive_up_refuses_a_port_in_use_with_exit_code_2():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-c", f"import golive.config as c; c.SIMULATOR_PORTS['luna'] = {port}; "
             "import sys; from golive.cli import main; sys.exit(main(['up', '--only', 'luna']))"],
            cwd=ROOT, capture_output=True, text=True, timeout=30,
        )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "could not start" in result.stderr


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed (.ci/run installs Debian's)")
def test_compose_file_is_valid_and_runs_one_container_per_simulator():
    result = subprocess.run(["docker-compose", "-f", "compose.yaml", "config"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    every = yaml.safe_load(result.stdout)["services"]
    # Services behind a profile are started only on request (the load window's worker: `--profile load`).
    services = {name: s for name, s in every.items() if not s.get("profiles")}
    assert set(services) == set(SIMULATOR_PORTS)
    assert {name for name, s in every.items() if s.get("profiles")} == {"load-worker"}
    for name, service in services.items():
        assert str(SIMULATOR_PORTS[name]) in str(service["ports"])
        assert service["command"][:2] == ["--only", name]


def test_dockerfile_serves_on_all_interfaces_inside_the_container_only():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert '"--host", "0.0.0.0"' in dockerfile
    compose = (ROOT / "compose.yaml").read_text()
    assert all(f'"127.0.0.1:{p}:{p}"' in compose for p in SIMULATOR_PORTS.values())


def test_golive_up_takes_its_client_timeouts_from_the_command_line():
    """--header-timeout 1: a client that sends half a request head is answered 408 and closed after about a second,
    not the default ten (the socket's own 5 s read timeout is the test's deadline)."""
    import socket

    process = subprocess.Popen(
        [sys.executable, "-m", "golive.cli", "up", "--auto-ports", "--only", "luna", "--header-timeout", "1"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("ready"):
                break
        port = int(re.search(r"^luna\s+http://127\.0\.0\.1:(\d+)\s", "".join(lines), re.MULTILINE).group(1))
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /__admin/health HTTP/1.1\r\nHost: x\r\n")  # no blank line: the head never ends
            started = time.monotonic()
            answer = sock.recv(4096)
            waited = time.monotonic() - started
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert waited < 4, waited
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
