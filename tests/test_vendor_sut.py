"""`golive run --sut-url`: the scenarios against a SUT in another process, as a vendor's would run.

The reference SUT stands in for the vendor's: started on its own with the simulators' documented ports
as its neighbours, it knows nothing of the harness but URLs. The run serves the simulators on those ports.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys

import pytest

from golive.config import ROOT, SIMULATOR_PORTS, SUT_PORT

pytestmark = pytest.mark.slow
PORTS = [SUT_PORT, *SIMULATOR_PORTS.values()]


def busy(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def vendor_sut():
    if any(busy(p) for p in PORTS):
        pytest.skip(f"a port of {PORTS} is in use (a developer's golive up?): the vendor run needs the documented ports")
    peers = [arg for name, port in SIMULATOR_PORTS.items() for arg in ("--peer", f"{name}=http://127.0.0.1:{port}")]
    process = subprocess.Popen([sys.executable, "-m", "golive.cli", "up", "--only", "sygesikring", *peers], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in process.stdout:
            if line.startswith("ready"):
                break
        else:
            pytest.fail("the stand-in vendor SUT did not start")
        yield f"http://127.0.0.1:{SUT_PORT}"
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=15)


def test_scenarios_pass_against_a_sut_in_another_process_twice_in_a_row(vendor_sut, tmp_path):
    """Twice: the second run meets a SUT that kept the first run's citizens (it cannot be reset)."""
    for attempt in (1, 2):  # the first run also explores the vendor's SUT (10 s); the second only re-runs scenarios
        completed = subprocess.run(
            [sys.executable, "-m", "golive.cli", "run", "--sut-url", vendor_sut, "--no-contracts", "--no-html",
             "--report-dir", str(tmp_path / f"run{attempt}"),
             *(["--no-explore"] if attempt == 2 else ["--explore-budget", "10s"])],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
        )
        assert completed.returncode == 0, completed.stdout[-4000:]
        assert "scenarios: passed" in completed.stdout
        assert ("0 finding(s)" in completed.stdout) == (attempt == 1), completed.stdout[-2000:]
        assert "replay with: golive run --seed" in completed.stdout


def test_a_sut_url_without_served_simulators_is_a_clear_usage_error():
    completed = subprocess.run([sys.executable, "-m", "pytest", str(ROOT / "features"), "-q", "-p", "no:cacheprovider",
                                "--golive-sut-url", "http://127.0.0.1:9", "-x"], cwd=ROOT, capture_output=True, text=True)
    assert completed.returncode != 0
    assert "golive run --sut-url" in completed.stdout + completed.stderr


def test_a_failure_the_reference_sut_shares_is_hinted_at_as_the_feature_files(vendor_sut, tmp_path):
    """The vendor's SUT charges the fee DOMAIN.md says; the feature file expects none. Run again in-process against
    the reference SUT it fails the same way, so the failure gets the hint that the expectation is the likelier
    mistake; the blame stands."""
    import xml.etree.ElementTree as ET

    from golive import blame
    from tests.test_reference_blame import WRONG_EXPECTATION

    (tmp_path / "features").mkdir()
    (tmp_path / "features" / "forkert.feature").write_text(WRONG_EXPECTATION, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "golive.cli", "run", "--sut-url", vendor_sut, "--features", str(tmp_path / "features"),
         "--no-contracts", "--no-html", "--no-explore", "--report-dir", str(tmp_path / "run")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert completed.returncode == 1, completed.stdout[-3000:]
    assert "fail the same way against the reference SUT" in completed.stdout

    case = ET.parse(tmp_path / "run" / "junit.xml").getroot().find(".//testcase")
    properties = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert blame.decode(properties[blame.PROPERTY]) == (blame.SUT,)
    assert properties[blame.HINT] == blame.REFERENCE_DISAGREES
