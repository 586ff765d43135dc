"""The breaking-change gate: known verdicts on a corpus of spec pairs, the CI gate against released contracts,
and the scenarios a breaking change would hit.

The corpus (tests/data/contract-diff/<case>/{old,new}.yaml + expected.json) is made from slices of the real
Luna contract by tests/data/contract-diff/make_corpus.py; each case names its verdict and the exact change kinds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from golive.config import CONTRACTS, ROOT
from golive.contracts import diff, usage

CORPUS = Path(__file__).parent / "data" / "contract-diff"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").is_file())


def expected(case: str) -> dict:
    return json.loads((CORPUS / case / "expected.json").read_text(encoding="utf-8"))


def args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    diff.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_corpus_has_at_least_twenty_pairs_with_both_verdicts():
    verdicts = [expected(case)["verdict"] for case in CASES]
    assert len(CASES) >= 20
    assert verdicts.count("breaking") >= 8 and verdicts.count("ok") >= 8


@pytest.mark.parametrize("case", CASES)
def test_corpus_pair_gets_its_known_verdict_and_change_kinds(case):
    want = expected(case)

    changes = diff.diff_files(CORPUS / case / "old.yaml", CORPUS / case / "new.yaml")

    found = "breaking" if any(c.breaking for c in changes) else "ok"
    assert (found, sorted({c.kind for c in changes})) == (want["verdict"], want["kinds"]), \
        "\n".join(c.line() for c in changes) or "no changes found"


def test_identical_contract_has_no_changes():
    luna = CONTRACTS / "released" / "luna.openapi.yaml"
    assert diff.diff_files(luna, luna) == []


def test_breaking_change_exits_1_and_prints_one_line_per_change(capsys):
    case = CORPUS / "response-enum-widened"

    code = diff.run(args(str(case / "old.yaml"), str(case / "new.yaml"), "--system", "luna"))

    out = capsys.readouterr().out
    assert code == 1
    line = next(l for l in out.splitlines() if l.strip().startswith("BREAKING"))
    assert "GET /practices/{ydernummer} (getPractice)" in out or "registerLaegevalg" in out
    assert "/components" not in line and "response-enum-widened" in line and "merged" in line


def test_non_breaking_change_exits_0(capsys):
    case = CORPUS / "operation-added"
    assert diff.run(args(str(case / "old.yaml"), str(case / "new.yaml"), "--all")) == 0
    assert "ok        GET /practices/{ydernummer}/doctors (listDoctors)" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["missing-old.yaml", "missing-new.yaml"], ["README.md", "README.md"], []],
                         ids=["missing-file", "not-openapi", "no-arguments"])
def test_usage_errors_exit_2(argv, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert diff.run(args(*argv)) == 2
    assert "golive contracts diff:" in capsys.readouterr().err


def test_breaking_change_lists_the_scenarios_that_use_the_operation(tmp_path, capsys):
    usage_file = tmp_path / "usage.json"
    usage.write_usage(usage_file, {
        "features/test_scenarios.py::test_flytning_over_15_km": ["luna.registerLaegevalg", "luna.getPractice"],
        "features/test_scenarios.py::test_lukket_praksis": ["luna.setPracticeIntake"],
    }, seed=1)
    case = CORPUS / "response-status-removed"

    code = diff.run(args(str(case / "old.yaml"), str(case / "new.yaml"), "--system", "luna", "--usage", str(usage_file)))

    out = capsys.readouterr().out
    assert code == 1
    assert "scenarios using luna.registerLaegevalg:\n      features/test_scenarios.py::test_flytning_over_15_km" in out
    assert "test_lukket_praksis" not in out


def test_json_output_carries_every_change_with_its_verdict(capsys):
    case = CORPUS / "shared-enum-widened"
    assert diff.run(args(str(case / "old.yaml"), str(case / "new.yaml"), "--json")) == 1
    [result] = json.loads(capsys.readouterr().out)
    assert {(c["kind"], c["breaking"]) for c in result["changes"]} == {("request-enum-widened", False), ("response-enum-widened", True)}


# -- the CI gate -----------------------------------------------------------------------------------------------
def test_every_contract_is_released_with_its_version():
    for current in CONTRACTS.glob("*.openapi.yaml"):
        released = CONTRACTS / "released" / current.name
        assert released.is_file(), f"{current.name} has no released copy: see golive/contracts/diff.py on releasing"
        assert yaml.safe_load(released.read_text(encoding="utf-8"))["info"]["version"]


def test_gate_no_contract_breaks_its_released_version(capsys):
    """The gate CI runs: every contracts/*.openapi.yaml against contracts/released/. A failure here means a change
    would break a neighbour; release it deliberately (major version, CHANGELOG, copy to released/) or undo it."""
    code = diff.run(args("--released"))
    out = capsys.readouterr().out
    assert code == 0, out


def test_gate_fails_on_a_breaking_edit_of_a_live_contract(tmp_path, monkeypatch, capsys):
    contracts = tmp_path / "contracts"
    shutil.copytree(CONTRACTS / "released", contracts / "released")
    document = yaml.safe_load((CONTRACTS / "released" / "luna.openapi.yaml").read_text(encoding="utf-8"))
    del document["paths"]["/laegevalg"]
    (contracts / "luna.openapi.yaml").write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(diff, "CONTRACTS", contracts)
    monkeypatch.setattr(diff, "RELEASED", contracts / "released")

    assert diff.run(args("--released")) == 1
    assert "BREAKING  POST /laegevalg (registerLaegevalg) /paths/~1laegevalg/post  operation-removed" in capsys.readouterr().out


# -- scenario usage ------------------------------------------------------------------------------------------
def test_operations_of_keeps_http_exchanges_that_matched_an_operation():
    exchanges = [
        {"simulator": "luna", "operation": "registerLaegevalg", "kind": "http"},
        {"simulator": "luna", "operation": "registerLaegevalg", "kind": "http"},
        {"simulator": "servicebus", "operation": None, "kind": "http"},
        {"simulator": "servicebus", "operation": "publish", "kind": "delivery"},
        {"simulator": "sygesikring", "operation": "receiveMoveCase", "kind": "http"},
    ]
    assert usage.operations_of(exchanges) == ["luna.registerLaegevalg", "sygesikring.receiveMoveCase"]


def test_committed_usage_names_operations_that_exist_in_the_contracts():
    scenarios = json.loads(usage.COMMITTED.read_text(encoding="utf-8"))["scenarios"]
    known = set()
    for contract in CONTRACTS.glob("*.openapi.yaml"):
        for item in yaml.safe_load(contract.read_text(encoding="utf-8"))["paths"].values():
            known |= {f"{diff.system_of(contract)}.{op['operationId']}" for op in item.values() if isinstance(op, dict) and "operationId" in op}
    used = {key for keys in scenarios.values() for key in keys}
    assert len(scenarios) >= 20 and used
    assert used <= known, used - known


@pytest.mark.slow
def test_committed_usage_matches_a_fresh_scenario_run(tmp_path):
    """contracts/scenario-usage.json is honest: running the scenarios with its seed records the same operations.
    If this fails after a scenario or SUT change, run `golive contracts usage --update` and commit the file."""
    committed = json.loads(usage.COMMITTED.read_text(encoding="utf-8"))
    report = tmp_path / "scenario-operations.json"

    completed = usage.run_scenarios(report, seed=committed["seed"], extra=["-n", "2"])

    assert report.is_file(), completed.stdout[-2000:]
    assert json.loads(report.read_text(encoding="utf-8"))["scenarios"] == committed["scenarios"]


# -- a peer engine -------------------------------------------------------------------------------------------
OPTIC = os.environ.get("GOLIVE_OPTIC") or shutil.which("optic") or next((str(p) for p in [ROOT / "node_modules" / ".bin" / "optic"] if p.exists()), None)


@pytest.mark.skipif(OPTIC is None, reason="Optic (npm @useoptic/optic) is not installed (set GOLIVE_OPTIC=path/to/optic); golive does not depend on it")
def test_optic_agrees_on_breaking_verdicts_where_its_rules_cover_the_case():
    """Optic's breaking-changes rules are a subset of ours (it does not treat a changed operationId, a closed
    response object or a changed pattern as breaking); where it flags a case, we must flag it too."""
    disagreements = []
    for case in CASES:
        completed = subprocess.run([OPTIC, "diff", str(CORPUS / case / "old.yaml"), str(CORPUS / case / "new.yaml"), "--check"],
                                   capture_output=True, text=True, timeout=120, cwd=ROOT)
        if completed.returncode == 1 and expected(case)["verdict"] != "breaking":
            disagreements.append(case)
    assert disagreements == []


def test_the_system_is_found_from_the_contract_not_its_file_name(tmp_path):
    """A downloaded or renamed copy of Luna's contract still lists Luna's scenarios (issue 12)."""
    copy = tmp_path / "openapi-download.yaml"
    copy.write_text((ROOT / "contracts" / "luna.openapi.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert diff.system_of(copy) == "luna"
    assert diff.system_of(ROOT / "contracts" / "admin.openapi.yaml") == "admin"  # no system of its own: the file name
