"""What a verify run leaves behind for people and CI: the console summary, JUnit XML and Allure results.

Schemathesis writes the JUnit XML and the Allure results itself (one Allure result per operation, plus one for
the stateful phase; each failure a step whose text ends with the curl line). golive finishes them so that
several contracts can share one report directory and one CI dashboard:

- JUnit: the suite is named for the contract ("golive contracts verify: luna") and carries the contract, its
  version, the base URL and the seed as properties;
- Allure: each result gets the contract as its suite, a history id that includes the contract (two contracts
  both have "GET /health"), the base URL and seed as parameters, and for every finding two attachments — the
  curl command that reproduces it and the response that broke the contract; a failed result's message starts
  with "kontraktbrud", so golive's Allure categories file it under Kontraktbrud. A re-run of one contract
  replaces that contract's earlier results and leaves the others.
- When the endpoint cannot be reached at all there is nothing from schemathesis, so golive writes one JUnit
  error and one broken Allure result that say why: a CI job shows the refused certificate, not an empty report.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Any

from golive.categories import CONTRACT_VIOLATION_MARKER

if TYPE_CHECKING:
    from golive.contracts.verify_engine import SuiteResult, VerifyOptions

SUITE_PREFIX = "golive contracts verify"


def contract_version(contract: Path) -> str:
    try:
        from simulators.core.contract import load_yaml

        return str(load_yaml(contract).get("info", {}).get("version", "?"))
    except Exception:  # the contract may be unreadable: that is reported elsewhere
        return "?"


# -- JUnit ---------------------------------------------------------------------------------------------------
def _properties(options: VerifyOptions) -> dict[str, str]:
    return {
        "contract": options.contract.name,
        "contract_version": contract_version(options.contract),
        "base_url": options.base_url,
        "seed": str(options.seed),
        "max_examples": str(options.max_examples),
        "phases": ",".join(options.phases),
    }


def finish_junit(result: SuiteResult) -> list[str]:
    """Name the suite for the contract and add the run's properties; returns the operations it lists."""
    options = result.options
    if not options.junit.is_file():
        return []
    tree = ET.parse(options.junit)
    operations = []
    for suite in tree.getroot().iter("testsuite"):
        suite.set("name", f"{SUITE_PREFIX}: {options.name}")
        properties = suite.find("properties")
        if properties is None:
            properties = ET.Element("properties")
            suite.insert(0, properties)
        for key, value in _properties(options).items():
            ET.SubElement(properties, "property", name=key, value=value)
        for case in suite.iter("testcase"):
            case.set("classname", f"{options.name}.{options.contract.name}")
            operations.append(case.get("name", ""))
    tree.write(options.junit, encoding="utf-8", xml_declaration=True)
    return operations


def write_error_junit(result: SuiteResult) -> None:
    options = result.options
    message = "; ".join(result.errors)
    suites = ET.Element("testsuites", tests="1", errors="1", failures="0")
    suite = ET.SubElement(
        suites, "testsuite", name=f"{SUITE_PREFIX}: {options.name}", tests="1", errors="1", failures="0", skipped="0"
    )
    properties = ET.SubElement(suite, "properties")
    for key, value in _properties(options).items():
        ET.SubElement(properties, "property", name=key, value=value)
    case = ET.SubElement(suite, "testcase", name=f"reach {options.base_url}", classname=f"{options.name}.connection")
    error = ET.SubElement(case, "error", type="connection", message=message[:500])
    error.text = message
    options.junit.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suites).write(options.junit, encoding="utf-8", xml_declaration=True)


# -- Allure --------------------------------------------------------------------------------------------------
def _label(result: dict[str, Any], name: str) -> str | None:
    return next((item.get("value") for item in result.get("labels", []) if item.get("name") == name), None)


def remove_previous_allure(options: VerifyOptions) -> None:
    """A re-run of a contract replaces its earlier Allure results (and their attachments) in a shared directory."""
    directory = options.allure_dir
    if not directory.is_dir():
        return
    for path in directory.glob("*-result.json"):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if _label(document, "suite") == options.name and _label(document, "parentSuite") == SUITE_PREFIX:
            for attachment in _all_attachments(document):
                (directory / attachment.get("source", "")).unlink(missing_ok=True)
            path.unlink(missing_ok=True)


def _all_attachments(document: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(document.get("attachments", []))
    for step in document.get("steps", []):
        found += _all_attachments(step)
    return found


def allure_files(directory: Path) -> set[str]:
    return {p.name for p in directory.glob("*-result.json")} if directory.is_dir() else set()


def _write_attachment(directory: Path, body: str, extension: str) -> str:
    source = f"{uuid.uuid4()}-attachment.{extension}"
    (directory / source).write_text(body, encoding="utf-8")
    return source


def _history_id(options: VerifyOptions, name: str) -> str:
    return hashlib.md5(f"{options.name}:{options.contract.name}:{name}".encode(), usedforsecurity=False).hexdigest()


def finish_allure(result: SuiteResult, before: set[str]) -> None:
    options = result.options
    directory = options.allure_dir
    if not directory.is_dir():
        return
    by_label: dict[str, list[dict[str, Any]]] = {}
    for finding in result.findings:
        by_label.setdefault(finding["label"], []).append(finding)
    for filename in sorted(allure_files(directory) - before):
        path = directory / filename
        document = json.loads(path.read_text(encoding="utf-8"))
        name = document.get("name", "")
        document["labels"] = [
            item for item in document.get("labels", []) if item.get("name") not in ("suite", "parentSuite")
        ]
        document["labels"] += [
            {"name": "parentSuite", "value": SUITE_PREFIX},
            {"name": "suite", "value": options.name},
            {"name": "tag", "value": f"contract:{options.contract.name}"},
        ]
        document["historyId"] = document["testCaseId"] = _history_id(options, name)
        document["parameters"] = [
            {"name": "base URL", "value": options.base_url},
            {"name": "seed", "value": str(options.seed)},
        ]
        findings = by_label.get(name, [])
        for number, finding in enumerate(findings, 1):
            title = f"{number}. {finding['operation']} {finding['check']} ({finding['code']})"
            attachments = document.setdefault("attachments", [])
            if finding.get("curl"):
                attachments.append(
                    {
                        "name": f"curl — {title}",
                        "type": "text/plain",
                        "source": _write_attachment(directory, finding["curl"] + "\n", "txt"),
                    }
                )
            response = finding.get("response")
            if response:
                is_json = "json" in (response.get("content_type") or "")
                attachments.append(
                    {
                        "name": f"response {response['status']} — {title}",
                        "type": "application/json" if is_json else "text/plain",
                        "source": _write_attachment(
                            directory, response.get("body") or "", "json" if is_json else "txt"
                        ),
                    }
                )
        if findings and document.get("status") in ("failed", "broken"):
            checks = ", ".join(dict.fromkeys(f"{f['check']} ({f['code']} {f['title']})" for f in findings))
            curls = "\n".join(dict.fromkeys(f["curl"] for f in findings if f.get("curl")))
            details = document.setdefault("statusDetails", {})
            details["message"] = f"{CONTRACT_VIOLATION_MARKER}: {options.contract.name} {name}: {checks}"
            details["trace"] = curls
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    _write_categories(directory)


def _write_categories(directory: Path) -> None:
    """Allure 2 reads categories.json from the results; the same Kontraktbrud/… categories as the scenarios."""
    from golive.allure_support import CATEGORIES

    target = directory / "categories.json"
    if not target.exists():
        target.write_text(json.dumps(CATEGORIES, ensure_ascii=False, indent=2), encoding="utf-8")


def write_error_allure(result: SuiteResult) -> None:
    """One broken result for a run that never reached its endpoint, written with allure-python-commons."""
    import time

    from allure_commons.logger import AllureFileLogger
    from allure_commons.model2 import Label, Parameter, StatusDetails, TestResult

    options = result.options
    options.allure_dir.mkdir(parents=True, exist_ok=True)
    now = int(time.time() * 1000)
    name = f"reach {options.base_url}"
    test = TestResult(
        uuid=str(uuid.uuid4()),
        name=name,
        fullName=f"{options.name}: {name}",
        historyId=_history_id(options, name),
        testCaseId=_history_id(options, name),
        start=now,
        stop=now,
        status="broken",
        statusDetails=StatusDetails(message="; ".join(result.errors)),
        labels=[
            Label(name="parentSuite", value=SUITE_PREFIX),
            Label(name="suite", value=options.name),
            Label(name="tag", value=f"contract:{options.contract.name}"),
            Label(name="framework", value="golive"),
        ],
        parameters=[
            Parameter(name="base URL", value=options.base_url),
            Parameter(name="seed", value=str(options.seed)),
        ],
    )
    AllureFileLogger(str(options.allure_dir), clean=False).report_result(test)
    _write_categories(options.allure_dir)


# -- the run's end -------------------------------------------------------------------------------------------
def finish_reports(result: SuiteResult, allure_before: set[str]) -> None:
    junit_operations = finish_junit(result)
    if junit_operations:
        result.operations = junit_operations
    finish_allure(result, allure_before)


def write_error_reports(result: SuiteResult) -> None:
    remove_previous_allure(result.options)
    write_error_junit(result)
    write_error_allure(result)


def _indent(text: str, prefix: str = "      ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def render_summary(result: SuiteResult, replay: str | None = None) -> str:
    """Per operation and check: what passed, what broke, and for each finding the curl line that reproduces it."""
    options = result.options
    lines = [
        f"{SUITE_PREFIX}: {options.contract.name} {contract_version(options.contract)} at {options.base_url}",
        f"  seed {options.seed}, {options.max_examples} examples per operation and phase, "
        f"phases {','.join(options.phases)}"
        + (f"; prepared golive simulator {result.prepared}" if result.prepared else ""),
    ]
    if result.errors and not result.operations:
        lines.append(f"  NOT RUN: {'; '.join(result.errors)}")
    else:
        failing: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for finding in result.findings:
            failing.setdefault(finding["label"], {}).setdefault(finding["check"], []).append(finding)
        width = max([len(op) for op in [*result.operations, *failing]] + [20])
        lines.append("")
        lines.append(f"  {'operation':<{width}}  verdict")
        for operation in dict.fromkeys([*result.operations, *failing]):
            checks = failing.get(operation)
            if not checks:
                lines.append(f"  {operation:<{width}}  passed")
                continue
            for index, (check, items) in enumerate(checks.items()):
                codes = ", ".join(dict.fromkeys(f"{f['code']} {f['title']}" for f in items))
                head = operation if index == 0 else ""
                lines.append(f"  {head:<{width}}  FAILED {check} — {codes} ({len(items)}×)")
    lines.append("")
    verdict = {0: "conformant", 1: "VIOLATIONS", 2: "NOT VERIFIED (usage or connection error)"}[result.exit_code]
    stop = {
        "completed": "",
        "max_time": f"; the time budget of {options.max_time} s ran out — reports cover what ran",
        "server_unavailable": "; the server became unavailable",
        "interrupted": "; interrupted",
        "not started": "",
    }.get(result.stop_reason, f"; stopped: {result.stop_reason}" if result.stop_reason else "")
    lines.append(
        f"  {verdict}: {result.cases} cases, {len(result.findings)} findings, "
        f"{len(result.errors)} error(s) (exit {result.exit_code}){stop}"
    )
    if result.errors and result.operations:
        lines += [f"  error: {error}" for error in result.errors]
    if result.findings:
        lines.append("")
        lines.append("  findings, each with a curl command that reproduces it:")
        for number, finding in enumerate(result.findings, 1):
            response = finding.get("response") or {}
            lines.append(
                f"  {number}. {finding['operation']} — {finding['check']} ({finding['code']} {finding['title']})"
            )
            if finding.get("message"):
                lines.append(_indent(finding["message"].strip().split("\n\n")[0]))
            if response:
                body = (response.get("body") or "").replace("\n", " ")
                lines.append(f"      response {response.get('status')}: {body[:200]}")
            if finding.get("curl"):
                lines.append(_indent(finding["curl"]))
    lines.append("")
    written = [
        f"{kind} {path}"
        for kind, path in (
            ("JUnit", options.junit),
            ("Allure results", options.allure_dir),
            ("JSON", options.json_report),
            ("HTML", options.html_dir),
        )
        if path.exists()
    ]
    lines.append(f"  reports: {'; '.join(written) or 'none'}")
    if replay and result.exit_code != 0:
        lines.append(f"  replay: {replay}")
    return "\n".join(lines)
