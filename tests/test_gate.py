"""`golive gate`: ready, each reason for not ready, missing evidence, the configuration, the bundle, the dossier.

Evidence is written by hand into a temporary reports folder in the shapes `golive run` leaves (JUnit with golive's
properties, the contract suites' JUnit, datavariation.json), so each reason can be made to happen alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from golive.config import ROOT
from golive.gate import config as gate_config
from golive.gate.decide import NO_EVIDENCE, NOT_READY, NOT_REQUIRED, READY, decide
from golive.gate.evidence import collect
from simulators import registry

SYSTEMS = [s.name for s in registry.systems()]


def case(name, *, where="features/laegevalg/x.feature:3", touched=SYSTEMS, failure=None, blamed=""):
    props = [("golive.where", where), ("golive.touched", ",".join(touched)), ("golive.title", name)]
    if blamed:
        props.append(("golive.blame", blamed))
    body = "".join(f'<property name="{k}" value="{v}"/>' for k, v in props)
    fail = f'<failure message="{failure}">trace</failure>' if failure else ""
    return f'<testcase classname="features.test_scenarios" name="{name}">{fail}<properties>{body}</properties></testcase>'


def reports(tmp_path: Path, *, cases=None, contracts=None, variation=1.0, extra=None) -> Path:
    folder = tmp_path / "reports"
    (folder / "contracts").mkdir(parents=True)
    cases = cases if cases is not None else [case("Lægeskift"), case("Luna er nede", where="features/robusthed/r.feature:5")]
    (folder / "junit.xml").write_text(f'<testsuites><testsuite name="pytest">{"".join(cases)}</testsuite></testsuites>')
    for system, (cases_run, failed) in (contracts or {s: (5, 0) for s in SYSTEMS}).items():
        broken = '<failure message="x"/>'
        rows = "".join(f'<testcase name="op{i}">{broken if i < failed else ""}</testcase>' for i in range(cases_run))
        (folder / "contracts" / f"{system}.xml").write_text(f"<testsuites><testsuite>{rows}</testsuite></testsuites>")
    if variation is not None:
        coverage = {"covered": 9, "allowed": 10, "ratio": variation, "complete": variation == 1.0, "summary": "-"}
        (folder / "datavariation.json").write_text(json.dumps({"seed": 0, "scenarios": {"a::t": {"coverage": coverage}}}))
    for name, document in (extra or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(document))
    return folder


def gate(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "golive.cli", "gate", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd)


def statuses(decision, system):
    return {c.name: c.status for c in decision.integrations[system]}


def test_complete_passing_evidence_is_ready_exit_0(tmp_path):
    completed = gate("--reports", reports(tmp_path))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.startswith("golive gate (") and "READY" in completed.stdout.splitlines()[0]


def test_a_failure_blaming_finance_makes_only_finance_not_ready(tmp_path):
    folder = reports(tmp_path, cases=[case("Gebyr", failure="Finance booked 225", blamed="finance"),
                                      case("Luna er nede", where="features/robusthed/r.feature:5")])
    decision = decide(collect(folder), gate_config.GateConfig())
    assert [s for s in SYSTEMS if not decision.integration_ready(s)] == ["finance"]
    assert "Finance: not ready: 1 scenario(s) failed blaming Finance: Gebyr" in decision.reasons()
    completed = gate("--reports", folder)
    assert completed.returncode == 1 and "NOT READY" in completed.stdout


@pytest.mark.parametrize("contracts, reason", [
    ({**{s: (5, 0) for s in SYSTEMS}, "luna": (5, 2)}, "Luna: not ready: 2 of 5 contract case(s) failed against Luna's contract"),
    ({**{s: (5, 0) for s in SYSTEMS}, "luna": (0, 0)}, "Luna: not ready: only 0 contract case(s) ran against Luna's contract, 1 required"),
    ({s: (5, 0) for s in SYSTEMS if s != "luna"}, "Luna: not ready: no evidence of Luna's contract suite"),
])
def test_contract_conformance_reasons(tmp_path, contracts, reason):
    decision = decide(collect(reports(tmp_path, contracts=contracts)), gate_config.GateConfig())
    assert not decision.ready and reason in decision.reasons()


def test_a_breaking_change_against_the_released_contract_is_not_ready(tmp_path):
    evidence = collect(reports(tmp_path))
    evidence.breaking["finance"] = ["BREAKING postVoucher /paths/~1vouchers/post: a required field was added"]
    decision = decide(evidence, gate_config.GateConfig())
    assert statuses(decision, "finance")["breaking-changes"] == NOT_READY
    assert any(r.startswith("Finance: not ready: 1 breaking change(s) in Finance's contract") for r in decision.reasons())


def test_the_contracts_in_the_checkout_have_no_breaking_change(tmp_path):
    decision = decide(collect(reports(tmp_path)), gate_config.GateConfig())
    assert {s: statuses(decision, s)["breaking-changes"] for s in SYSTEMS} == {s: READY for s in SYSTEMS}


def test_variation_below_the_threshold_is_not_ready(tmp_path):
    decision = decide(collect(reports(tmp_path, variation=0.9)), gate_config.GateConfig())
    assert any(r.startswith("overall: not ready: pair coverage of the data variation at least 90%") for r in decision.reasons())


def test_a_failed_resilience_scenario_is_not_ready(tmp_path):
    folder = reports(tmp_path, cases=[case("Lægeskift"), case("Luna er nede", where="features/robusthed/r.feature:5",
                                                              failure="x", blamed="harness")])
    reasons = decide(collect(folder), gate_config.GateConfig()).reasons()
    assert "overall: not ready: 1 of 1 resilience scenario(s) failed: Luna er nede" in reasons


@pytest.mark.parametrize("missing, reason", [
    ("junit.xml", "overall: not ready: no evidence of a scenario run (reports/junit.xml)"),
    ("datavariation.json", "overall: not ready: no evidence of data-variation coverage (reports/datavariation.json)"),
])
def test_missing_evidence_is_never_a_pass(tmp_path, missing, reason):
    folder = reports(tmp_path)
    (folder / missing).unlink()
    completed = gate("--reports", folder, "--json")
    assert completed.returncode == 1
    assert reason in json.loads(completed.stdout)["reasons"]


def test_an_empty_reports_folder_is_not_ready_with_a_reason_per_integration(tmp_path):
    completed = gate("--reports", tmp_path / "nothing-here")
    assert completed.returncode == 1
    for system in registry.systems():
        assert f"not ready: no evidence of a scenario run touching {system.display}" in completed.stdout


def test_optional_evidence_counts_when_present_and_blocks_when_required(tmp_path):
    folder = reports(tmp_path, extra={"explore/explore.json": {"actions": 5000, "findings": [{"seed": 3}]},
                                      "selftest.json": {"detection": {"rate": 0.96}}})
    decision = decide(collect(folder), gate_config.GateConfig())
    overall = {c.name: c for c in decision.overall}
    assert overall["exploration"].status == NOT_READY and "found 1 defect(s)" in overall["exploration"].en
    assert overall["selftest"].status == NOT_READY and "caught 96%" in overall["selftest"].en
    assert overall["load"].status == NOT_REQUIRED
    required = gate_config.from_table({"require": ["scenarios", "load"]}, "test")
    load = {c.name: c for c in decide(collect(reports(tmp_path / "b")), required).overall}["load"]
    assert (load.status, load.en) == (NO_EVIDENCE, "not ready: no evidence of a load window (golive load)")


def test_thresholds_come_from_configuration(tmp_path):
    (tmp_path / "golive.toml").write_text("[gate]\nmin-contract-cases = 6\n")
    completed = gate("--reports", reports(tmp_path), "--config", tmp_path / "golive.toml")
    assert completed.returncode == 1 and "only 5 contract case(s) ran against Luna's contract, 6 required" in completed.stdout


@pytest.mark.parametrize("text, message", [
    ("[gate]\nmin-contract-case = 6\n", "unknown gate setting 'min-contract-case'; did you mean 'min-contract-cases'?"),
    ("[gate]\nrequire = ['scenarios', 'lod']\n", "'require' names unknown evidence 'lod'; did you mean 'load'?"),
    ("[gate]\nmin-pair-coverage = 2\n", "'min-pair-coverage' is out of range (2)"),
    ("[gate\n", "not valid TOML"),
])
def test_a_configuration_mistake_is_a_usage_error(tmp_path, text, message):
    (tmp_path / "golive.toml").write_text(text)
    completed = gate("--reports", reports(tmp_path), "--config", tmp_path / "golive.toml")
    assert completed.returncode == 2 and message in completed.stderr


def test_the_bundle_verifies_and_a_tampered_one_fails(tmp_path):
    folder = reports(tmp_path)
    archive = tmp_path / "evidence.zip"
    assert gate("--reports", folder, "--bundle", archive).returncode == 0
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
        manifest = json.loads(bundle.read("manifest.json"))
    assert {"reports/junit.xml", "reports/dossier.html", "reports/gate.json", "contracts/luna.openapi.yaml"} <= set(names)
    assert manifest["files"]["reports/junit.xml"]["sha256"]
    intact = gate("--verify-bundle", archive)
    assert intact.returncode == 0 and "intact" in intact.stdout

    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace(b"Luna er nede", b"Luna er oppe") if name == "reports/junit.xml" else data)
        target.writestr("reports/extra.txt", "added afterwards")
    completed = gate("--verify-bundle", tampered)
    assert completed.returncode == 1
    assert "reports/junit.xml: its SHA-256 differs from the manifest's" in completed.stdout
    assert "reports/extra.txt: in the bundle but not in the manifest (added later)" in completed.stdout
    (tmp_path / "not.zip").write_text("plain text")
    assert gate("--verify-bundle", tmp_path / "not.zip").returncode == 2


def test_each_gate_run_is_kept_for_the_trend(tmp_path):
    folder = reports(tmp_path)
    gate("--reports", folder)
    gate("--reports", folder)
    assert len(list((folder / "history").glob("gate-*.json"))) == 2
    assert (folder / "dossier.html").read_text().count("<tr><td>20") >= 2  # two earlier runs in the trend table


def test_the_repository_configuration_is_valid():
    assert gate_config.load(ROOT).require  # pyproject.toml's [tool.golive.gate], if any, parses


@pytest.mark.slow
def test_the_dossier_in_a_browser_shows_each_integrations_status_and_reasons_with_links_that_resolve(tmp_path):
    """Opened in headless Chromium as a board member would; the screenshot is kept in reports/test-artefacts/."""
    import re

    from tests.browser import CHROMIUM, Chromium

    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (/usr/bin/chromium)")
    folder = reports(tmp_path, cases=[case("Gebyr", failure="Finance booked 225", blamed="finance"),
                                      case("Luna er nede", where="features/robusthed/r.feature:5")])
    (folder / "allure-report").mkdir()
    (folder / "allure-report" / "index.html").write_text("<html>report</html>")
    assert gate("--reports", folder).returncode == 1
    artefacts = ROOT / "reports" / "test-artefacts"
    artefacts.mkdir(parents=True, exist_ok=True)
    shot = artefacts / "dossier.png"
    (tmp_path / "profile").mkdir()
    chromium = Chromium(tmp_path / "profile")
    try:
        dom = chromium.dom((folder / "dossier.html").as_uri(), ["Go-live-parathed", "Finance", "ikke klar"],
                           screenshot=shot)
    finally:
        chromium.close()
    rows = dict(re.findall(r"<tr><th>([^<]+)</th><td><span class=\"status ([a-z-]+)\"", dom))
    assert rows == {s.display: ("not-ready" if s.name == "finance" else "ready") for s in registry.systems()}
    assert "1 scenarie(r) fejlede hos Finance" in dom and "1 scenario(s) failed blaming Finance: Gebyr" in dom
    links = re.findall(r'href="([^"]+)"', dom)
    assert "allure-report/index.html" in links and "contracts/finance.xml" in links
    assert all((folder / link).is_file() for link in links), links
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_allures_own_quality_gate_agrees_on_the_same_results(tmp_path):
    """Allure 3's `quality-gate`, with the gate's thresholds, on real results: the sample's failures fail it."""
    from golive.gate import allure_gate

    if not allure_gate.ALLURE_CLI.is_file():
        pytest.skip("npm allure is not installed (node_modules/allure)")
    sample = ROOT / "tests" / "data" / "bdd_sample" / "sample_scenarios.py"
    for name, selection in (("passing", ["-k", "replacement"]), ("failing", [])):
        subprocess.run([sys.executable, "-m", "pytest", str(sample), "-q", "-p", "no:cacheprovider",
                        "--alluredir", str(tmp_path / name), *selection], capture_output=True, cwd=ROOT)
    passing = allure_gate.check(tmp_path / "passing", gate_config.GateConfig())
    failing = allure_gate.check(tmp_path / "failing", gate_config.GateConfig())
    assert passing is not None and passing.status == READY, passing
    assert failing is not None and failing.status == NOT_READY
    assert "The number of failed tests 3 exceeds the allowed threshold value 0" in failing.en
