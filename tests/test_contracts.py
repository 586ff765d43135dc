"""The contracts are the product's core asset: valid, linted, exemplified, and documented consistently."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from openapi_spec_validator import validate

from golive.config import CONTRACTS, ROOT
from golive.field_mapping import render
from simulators import registry
from simulators.core.contract import load_contract

OPENAPI = sorted(CONTRACTS.glob("*.openapi.yaml"))
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"
NO_SPECTRAL = "Spectral CLI not installed: run `npm ci` (the README's set-up and `make setup` do)"


def ids(paths):
    return [p.name for p in paths]


def test_every_interface_has_a_contract():
    names = {p.name.split(".")[0] for p in OPENAPI}
    assert {*registry.contract_names(), "admin"} <= names


@pytest.mark.parametrize("path", OPENAPI, ids=ids(OPENAPI))
def test_contract_passes_openapi_spec_validator(path):
    validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.skipif(not REDOCLY.exists(), reason="Redocly CLI not installed: run `npm ci` (the README's set-up does)")
@pytest.mark.parametrize("path", OPENAPI, ids=ids(OPENAPI))
def test_contract_passes_redocly_lint(path):
    command = [str(REDOCLY), "lint", str(path), "--format=stylish"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
    assert "warning" not in result.stdout.lower(), result.stdout[-3000:]


def spectral_findings(path: Path, ruleset: Path) -> list[dict]:
    """Every finding of Spectral (errors, warnings, information and hints alike) on one contract."""
    result = subprocess.run(
        [str(SPECTRAL), "lint", str(path), "--ruleset", str(ruleset), "--format", "json", "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode in (0, 1) and result.stdout.strip(), result.stdout[-3000:] + result.stderr[-1000:]
    return json.loads(result.stdout)


def _readable(findings: list[dict]) -> str:
    return "\n".join(f"{f['range']['start']['line'] + 1}: {f['code']} {f['message']} at {f['path']}" for f in findings)


@pytest.mark.skipif(not SPECTRAL.exists(), reason=NO_SPECTRAL)
@pytest.mark.parametrize("path", OPENAPI, ids=ids(OPENAPI))
def test_contract_passes_spectral_oas_lint(path):
    """Spectral's `oas` ruleset, the second independent linter: not one finding of any severity."""
    findings = spectral_findings(path, ROOT / ".spectral.yaml")
    assert findings == [], _readable(findings)


@pytest.mark.skipif(not SPECTRAL.exists(), reason=NO_SPECTRAL)
def test_spectral_lint_finds_an_operation_without_a_description(tmp_path):
    """The lint test can fail: the same ruleset on a copy of Luna's contract whose searchPractices lost its
    description reports exactly that operation. (The copy lies outside contracts/, so the ruleset's exemption of
    SeedData and Settings, written for contracts/*.openapi.yaml, does not reach it: those two findings are left out.)"""
    text = (CONTRACTS / "luna.openapi.yaml").read_text(encoding="utf-8")
    start = text.index("      description: >-\n        Finds general practices")
    broken = tmp_path / "luna.openapi.yaml"
    broken.write_text(text[:start] + text[text.index("      parameters:", start) :], encoding="utf-8")

    findings = spectral_findings(broken, ROOT / ".spectral.yaml")

    assert [(f["code"], f["path"]) for f in findings if f["code"] != "oas3-unused-component"] == [
        ("operation-description", ["paths", "/practices", "get"])
    ]


def _examples(media: dict) -> list[tuple[str, object]]:
    found = []
    if "example" in media:
        found.append(("example", media["example"]))
    for name, example in (media.get("examples") or {}).items():
        found.append((name, example))
    return found


def _resolve(contract, node):
    return contract._resolve(node)


@pytest.mark.parametrize("path", OPENAPI, ids=ids(OPENAPI))
def test_every_example_is_valid_against_its_schema(path):
    contract = load_contract(str(path))
    problems = []
    for op in contract.operations.values():
        media_sets = []
        body = _resolve(contract, op.spec.get("requestBody")) if op.spec.get("requestBody") else None
        if body:
            media_sets += [(f"{op.operation_id} request", m) for t, m in body["content"].items() if "json" in t]
        for status, response in op.spec.get("responses", {}).items():
            response = _resolve(contract, response)
            media_sets += [
                (f"{op.operation_id} {status}", m) for t, m in response.get("content", {}).items() if "json" in t
            ]
        for where, media in media_sets:
            check = contract.schema_check(media["schema"])
            for name, example in _examples(media):
                value = _resolve(contract, example).get("value") if name != "example" else example
                for v in check.problems(value, where):
                    problems.append(f"{where} example {name}: {v.pointer} {v.message}")
        for param in op.parameters:
            declared = op.spec.get("parameters", [])
            raw = next((p for p in declared if _resolve(contract, p).get("name", "").lower() == param.name), None)
            if raw is not None and "example" in _resolve(contract, raw):
                example = _resolve(contract, raw)["example"]
                for v in param.check.problems(example, f"{op.operation_id} param {param.name}"):
                    problems.append(f"{v.where}: {v.message}")
    assert problems == []


@pytest.mark.parametrize("path", OPENAPI, ids=ids(OPENAPI))
def test_every_operation_documents_its_errors_as_problem_json(path):
    contract = load_contract(str(path))
    missing = []
    for op in contract.operations.values():
        default = op.responses.get("DEFAULT")
        if default is None or default.content_types != ("application/problem+json",):
            missing.append(op.operation_id)
        for status, spec in op.responses.items():
            if status.startswith(("4", "5")) and spec.content_types != ("application/problem+json",):
                missing.append(f"{op.operation_id} {status}")
    assert missing == []


@pytest.mark.parametrize("path", OPENAPI, ids=ids(OPENAPI))
def test_every_success_response_has_an_example(path):
    contract = load_contract(str(path))
    missing = []
    for op in contract.operations.values():
        for status, response in op.spec.get("responses", {}).items():
            response = _resolve(contract, response)
            if str(status).startswith("2") and response.get("content"):
                if not any(_examples(m) for m in response["content"].values()):
                    missing.append(f"{op.operation_id} {status}")
    assert missing == []


@pytest.mark.parametrize("path", OPENAPI, ids=ids(OPENAPI))
def test_changelog_names_the_current_version_of_every_contract(path):
    changelog = (CONTRACTS / "CHANGELOG.md").read_text(encoding="utf-8")
    version = str(yaml.safe_load(path.read_text(encoding="utf-8"))["info"]["version"])
    assert f"## {path.name} {version}" in changelog


def test_field_mapping_document_is_in_sync_with_the_contracts():
    assert (CONTRACTS / "FIELD-MAPPING.md").read_text(encoding="utf-8") == render(), (
        "contracts/FIELD-MAPPING.md is stale: regenerate it with `golive field-mapping > contracts/FIELD-MAPPING.md`"
    )


def test_field_mapping_covers_the_register_names_of_domain_md():
    text = render()
    for name in ("CPRnr", "SYdernr", "SIkraftDatoYder", "SSikrGrpKode", "SIkraftDatoGrp", "SSikrKomKode",
                 "SFolgerskabsPerson", "SStatus", "PNavn", "YdernrYder", "PrakBetegn", "AdrYder", "PostnrYder",
                 "TilgDatoYder", "AfgDatoYder"):
        assert f"| {name} |" in text, name


SIMULATED = [p for p in OPENAPI if p.name.split(".")[0] in registry.neighbours()]


@pytest.mark.parametrize("path", SIMULATED, ids=ids(SIMULATED))
def test_seed_data_example_is_valid_and_sets_the_scene_for_the_examples(path):
    """`golive run` seeds each simulator with its contract's SeedData example before checking the contract."""
    contract = load_contract(str(path))
    seed = contract.schema("SeedData")
    assert seed and seed.get("examples"), f"{path.name} has no SeedData example"
    check = contract.schema_check({"$ref": "#/components/schemas/SeedData"})
    for example in seed["examples"]:
        assert check.problems(example, "SeedData example") == []


@pytest.mark.parametrize("path", OPENAPI, ids=ids(OPENAPI))
def test_every_request_body_has_an_example(path):
    contract = load_contract(str(path))
    missing = []
    for op in contract.operations.values():
        body = contract._resolve(op.spec["requestBody"]) if op.spec.get("requestBody") else None
        if body and not any(_examples(m) for m in body.get("content", {}).values()):
            missing.append(op.operation_id)
    assert missing == []


ASYNCAPI = sorted(CONTRACTS.glob("*.asyncapi.yaml"))


@pytest.mark.skipif(not REDOCLY.exists(), reason="Redocly CLI not installed: run `npm ci` (the README's set-up does)")
@pytest.mark.parametrize("path", ASYNCAPI, ids=ids(ASYNCAPI))
def test_asyncapi_contract_passes_redocly_lint(path):
    command = [str(REDOCLY), "lint", str(path), "--format=stylish"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
    assert "asyncapi" in yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.skipif(not SPECTRAL.exists(), reason=NO_SPECTRAL)
@pytest.mark.parametrize("path", ASYNCAPI, ids=ids(ASYNCAPI))
def test_asyncapi_contract_passes_spectral_asyncapi_lint(path):
    """Spectral's `asyncapi` ruleset on the bus's event contract: not one finding of any severity."""
    findings = spectral_findings(path, ROOT / ".spectral-asyncapi.yaml")
    assert findings == [], _readable(findings)


@pytest.mark.parametrize("path", ASYNCAPI, ids=ids(ASYNCAPI))
def test_asyncapi_version_is_in_the_changelog(path):
    changelog = (CONTRACTS / "CHANGELOG.md").read_text(encoding="utf-8")
    version = str(yaml.safe_load(path.read_text(encoding="utf-8"))["info"]["version"])
    assert f"## {path.name} {version}" in changelog
