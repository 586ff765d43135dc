"""`golive contracts verify`: every simulator and the reference SUT honour their contracts, and the options do
what they say.

The conformance runs use VERIFY_EXAMPLES examples per operation and phase, with all four phases (examples,
coverage, fuzzing, stateful) and every schemathesis check: the documented count at which every contract has
zero findings. It is below `golive run`'s 25 to keep this file near two minutes on a 2-core CI machine; the
coverage phase (boundary and invalid values, which does not depend on the count) dominates each run anyway.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import httpx
import pytest

from golive.cli import main
from golive.contracts.verify_engine import CONTRACT_NAMES
from golive.serve import free_port, loopback_world

VERIFY_EXAMPLES = 10  # documented in README ("Contract suites for vendors") and in the module docstring above
SEED = 20241101

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def urls():
    servers = loopback_world(seed=0, auto_ports=True, reference_sut=True, log_level="error").start()
    yield servers.urls()
    servers.stop()


def verify(*args: str) -> int:
    return main(["contracts", "verify", *args])


def served_by(contract: str, urls: dict[str, str]) -> str:
    return urls["luna" if contract == "admin" else contract]


@pytest.mark.parametrize("contract", CONTRACT_NAMES)
def test_every_simulator_and_the_reference_sut_conform_to_their_contract(contract, urls, tmp_path, capsys):
    """Not quiet: schemathesis' own output (stdout and stderr) is checked too, see warning_lines."""
    code = verify(contract, "--base-url", served_by(contract, urls), "--max-examples", str(VERIFY_EXAMPLES),
                  "--seed", str(SEED), "--report-dir", str(tmp_path))

    out = capsys.readouterr().out
    findings = json.loads((tmp_path / f"{contract}.findings.json").read_text(encoding="utf-8"))
    assert (code, findings) == (0, []), out[-3000:]
    assert " 0 findings, 0 error(s) (exit 0)" in out
    assert warning_lines(out) == [], out[-3000:]


def warning_lines(output: str) -> list[str]:
    """The lines of a verify run that warn: schemathesis' WARNINGS section and summary ("Unmatched filters",
    "Schema validation mismatch", "Missing test data", ...) and any Python warning (DeprecationWarning,
    HypothesisDeprecationWarning, a health check). Against golive's own simulators and reference SUT every such
    line would come from golive's configuration (contracts/schemathesis.toml, the contracts, the engine's
    options), which a vendor would then see in its CI as if it were about its system."""
    return [line for line in output.splitlines() if "warning" in line.lower() or line.lstrip().startswith("⚠")]


def test_warning_lines_finds_what_schemathesis_prints_for_a_config_warning():
    printed = "Warnings:\n  ⚠️ Unmatched filters: 1 filter matched no API operations\n== 1 warnings in 4.75s =="
    assert len(warning_lines(printed)) == 3


def test_a_simulator_is_prepared_with_its_seed_data_before_the_run(urls, tmp_path, capsys):
    verify("luna", "--base-url", urls["luna"], "--max-examples", "1", "--phases", "examples", "--include",
           "getPractice", "--seed", "1", "--report-dir", str(tmp_path), "-q")

    assert "prepared golive simulator luna" in capsys.readouterr().out
    journal = httpx.get(f"{urls['luna']}/__admin/journal", params={"operation": "getPractice"}).json()["entries"]
    assert journal and all(entry["status"] == 200 for entry in journal)  # the example practice was there


def test_extra_headers_reach_the_server(urls, tmp_path):
    code = verify("cpr", "--base-url", urls["cpr"], "--include", "getPerson", "--phases", "examples",
                  "--max-examples", "2", "--seed", "1", "-H", "X-Correlation-Id: verify-header-probe",
                  "--report-dir", str(tmp_path), "-q")

    journal = httpx.get(f"{urls['cpr']}/__admin/journal", params={"correlationId": "verify-header-probe"})
    entries = journal.json()["entries"]
    assert code == 0
    # schemathesis' capability probes (GET /, no operation) carry the header too
    assert "getPerson" in {e["operation"] for e in entries}


def junit_operations(path) -> list[str]:
    return [case.get("name") for case in ET.parse(path).getroot().iter("testcase")]


def test_include_runs_only_the_named_operations(urls, tmp_path):
    verify("luna", "--base-url", urls["luna"], "--include", "getPractice", "--include", "GET /practices",
           "--phases", "examples,fuzzing", "--max-examples", "2", "--seed", "1", "--report-dir", str(tmp_path), "-q")

    assert sorted(junit_operations(tmp_path / "luna.xml")) == ["GET /practices", "GET /practices/{ydernummer}"]


def test_exclude_leaves_the_named_operations_out(urls, tmp_path):
    verify("luna", "--base-url", urls["luna"], "--exclude", "registerLaegevalg", "--exclude", "endLaegevalg",
           "--phases", "examples", "--max-examples", "1", "--seed", "1", "--report-dir", str(tmp_path), "-q")

    operations = junit_operations(tmp_path / "luna.xml")
    assert "POST /laegevalg" not in operations and "POST /citizens/{cpr}/laegevalg/end" not in operations
    assert "GET /practices/{ydernummer}" in operations


def test_unreachable_port_exits_2_and_still_writes_junit_and_allure(tmp_path, capsys):
    port = free_port()  # nothing listens there

    code = verify("luna", "--base-url", f"http://127.0.0.1:{port}", "--seed", "1", "--report-dir", str(tmp_path))

    captured = capsys.readouterr()
    assert code == 2
    assert "connection refused" in captured.err
    error = ET.parse(tmp_path / "luna.xml").getroot().find(".//error")
    assert error is not None and "connection refused" in error.get("message", "")
    results = [json.loads(p.read_text()) for p in (tmp_path / "allure-results").glob("*-result.json")]
    assert [(r["status"], "connection refused" in r["statusDetails"]["message"]) for r in results] == [("broken", True)]


def test_missing_contract_exits_2(tmp_path, capsys):
    code = verify(str(tmp_path / "no-such.openapi.yaml"), "--base-url", "http://127.0.0.1:9",
                  "--report-dir", str(tmp_path))

    assert code == 2
    assert "no contract at" in capsys.readouterr().err


def test_bad_option_is_a_usage_error_with_exit_2(capsys):
    with pytest.raises(SystemExit) as stopped:
        verify("luna", "--base-url", "http://127.0.0.1:9", "--rate-limit", "fast")

    assert stopped.value.code == 2
    assert "50/s" in capsys.readouterr().err


def test_junit_and_allure_results_name_the_contract(urls, tmp_path):
    verify("eflyt", "--base-url", urls["eflyt"], "--phases", "examples,stateful", "--max-examples", "2", "--seed", "1",
           "--report-dir", str(tmp_path), "-q")

    suite = ET.parse(tmp_path / "eflyt.xml").getroot().find("testsuite")
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    results = [json.loads(p.read_text()) for p in (tmp_path / "allure-results").glob("*-result.json")]
    suites = {label["value"] for r in results for label in r["labels"] if label["name"] == "suite"}
    assert suite.get("name") == "golive contracts verify: eflyt"
    assert (properties["contract"], properties["seed"]) == ("eflyt.openapi.yaml", "1")
    assert suites == {"eflyt"} and len(results) >= 4
    assert (tmp_path / "allure-results" / "categories.json").is_file()


def test_a_rerun_replaces_the_contracts_allure_results(urls, tmp_path):
    for _ in range(2):
        verify("cpr", "--base-url", urls["cpr"], "--phases", "examples", "--max-examples", "1", "--seed", "1",
               "--report-dir", str(tmp_path), "-q")

    names = [json.loads(p.read_text())["name"] for p in (tmp_path / "allure-results").glob("*-result.json")]
    assert len(names) == len(set(names))


def requests_sent(url: str, seed: int, tmp_path) -> list[tuple]:
    """The requests one run sent, as the simulator's journal saw them (the run resets it first)."""
    verify("cpr", "--base-url", url, "--include", "searchPersons", "--phases", "fuzzing", "--max-examples", "15",
           "--seed", str(seed), "--report-dir", str(tmp_path), "-q")
    entries = httpx.get(f"{url}/__admin/journal").json()["entries"]
    return [(e["method"], e["path"], json.dumps(e["query"])) for e in entries]


def test_the_same_seed_sends_the_same_cases_and_another_seed_others(urls, tmp_path):
    first = requests_sent(urls["cpr"], 7, tmp_path)
    again = requests_sent(urls["cpr"], 7, tmp_path)
    other = requests_sent(urls["cpr"], 8, tmp_path)

    assert len(first) >= 10
    assert first == again
    assert first != other
