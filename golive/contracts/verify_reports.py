"""What a verify run leaves behind for people and CI: the console summary, JUnit XML and Allure results.

Schemathesis writes the JUnit XML and the Allure results itself (one Allure result per operation, plus one for
the stateful phase; each failure a step whose text ends with the curl line). golive finishes them so that
several contracts can share one report directory and one CI dashboard:

- JUnit: the suite is named for the contract ("golive contracts verify: luna") and carries the contract, its
  version, the base URL and the seed as properties;
- Allure: each result is named for the system and the operation ("Luna · registerLaegevalg"), filed under the
  epic "Kontrakter" with the system as its feature (so the contract suites sit beside the business flows in
  the report `golive run` builds, golive/runner.py), keeps the contract as its suite, gets a history id that
  includes the contract (two contracts both have "GET /health"), the base URL and seed as parameters, and for
  every finding two attachments — the curl command that reproduces it and the response that broke the
  contract. A failed result's message says in business words which check failed; when that is a breach of the
  contract it starts with "kontraktbrud", so golive's Allure categories file it under Kontraktbrud. A re-run of
  one contract replaces that contract's earlier results and leaves the others.
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
CONTRACTS_EPIC = "Kontrakter"  # the Allure epic of every contract-suite result, beside the scenarios' flows
STATEFUL_LABEL = "Stateful tests"  # schemathesis' name for the result of the stateful phase

# What each schemathesis check found, in the words of a reader who never saw schemathesis: "<system> ...".
CHECK_WORDS = {
    "not_a_server_error": "crashed on a request (answered 5xx)",
    "status_code_conformance": "answered with a status code the contract does not list",
    "content_type_conformance": "answered with a content type the contract does not list",
    "response_headers_conformance": "left out or mis-shaped a response header the contract requires",
    "response_schema_conformance": "answered with a body that breaks the contract's schema",
    "positive_data_acceptance": "refused a request the contract allows",
    "negative_data_rejection": "accepted a request the contract forbids",
    "missing_required_header": "accepted a request without a header the contract requires",
    "unsupported_method": "accepted an HTTP method the contract does not offer for this path",
    "allow_header_conformance": "refused a method without naming the allowed ones (Allow header)",
    "use_after_free": "still served a resource after it was deleted",
    "ensure_resource_availability": "could not find a resource it had just created",
    "ignored_auth": "answered without the authentication the contract requires",
    "object_level_authorization": "let one client read another client's resource",
    "max_response_time": "answered slower than the configured limit",
}
# Checks whose failure is no breach of the contract: a slow answer breaks a limit the run was given (schemathesis'
# max-response-time setting), not anything the contract says. Such a result is failed without the
# contract-violation marker, so Allure does not file it under Kontraktbrud. A crash (5xx) is a breach: every
# contract promises a problem+json 4xx for a request it refuses.
NOT_A_CONTRACT_BREACH = frozenset({"max_response_time"})


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


def copy_results(source: Path, names: set[str], target: Path) -> int:
    """Copy the Allure results of the contracts named (by their suite, i.e. the run's name) with their
    attachments from a shared results directory into `target`; returns how many results were copied."""
    import shutil

    target.mkdir(parents=True, exist_ok=True)
    copied = 0
    for path in sorted(source.glob("*-result.json")) if source.is_dir() else []:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if _label(document, "parentSuite") != SUITE_PREFIX or _label(document, "suite") not in names:
            continue
        for attachment in _all_attachments(document):
            if (source / attachment.get("source", "")).is_file():
                shutil.copy2(source / attachment["source"], target / attachment["source"])
        shutil.copy2(path, target / path.name)
        copied += 1
    return copied


def allure_files(directory: Path) -> set[str]:
    return {p.name for p in directory.glob("*-result.json")} if directory.is_dir() else set()


def _write_attachment(directory: Path, body: str, extension: str) -> str:
    source = f"{uuid.uuid4()}-attachment.{extension}"
    (directory / source).write_text(body, encoding="utf-8")
    return source


def _history_id(options: VerifyOptions, name: str) -> str:
    return hashlib.md5(f"{options.name}:{options.contract.name}:{name}".encode(), usedforsecurity=False).hexdigest()


def system_display(options: VerifyOptions) -> str:
    """How the report names the system whose contract ran: the registry's word for it ("Luna", "E-flyt"), the
    admin API by its role, a vendor's own contract file by its title."""
    from simulators.registry import contract_names, display_names, sut

    if options.name == "admin":
        return "Admin API"
    if options.name == sut().name:
        return "Sygesikring (SUT)"
    if options.name in contract_names():
        return display_names().get(options.name, options.name)
    try:
        from simulators.core.contract import load_yaml

        return str(load_yaml(options.contract).get("info", {}).get("title") or options.name)
    except Exception:  # an unreadable contract is reported elsewhere
        return options.name


def operation_ids(contract: Path) -> dict[str, str]:
    """schemathesis' label of an operation ("GET /practices") -> its operationId ("searchPractices")."""
    try:
        from simulators.core.contract import load_yaml

        paths = load_yaml(contract).get("paths") or {}
    except Exception:  # an unreadable contract is reported elsewhere
        return {}
    return {
        f"{method.upper()} {path}": operation["operationId"]
        for path, item in paths.items()
        for method, operation in (item or {}).items()
        if isinstance(operation, dict) and "operationId" in operation
    }


def failure_message(system: str, operation: str, label: str, findings: list[dict[str, Any]]) -> str:
    """A failed result's message: what the system did wrong, per check, in business words; the schemathesis
    check and code after each, for the developer. Starts with the contract-violation marker when any finding
    breaches the contract's wording (status, schema, headers, accepted or refused data)."""
    said = dict.fromkeys(
        f"{system} {CHECK_WORDS.get(f['check'], 'failed the check ' + f['check'])} ({f['check']}, {f['code']})"
        for f in findings
    )
    text = f"{system} · {operation} ({label}): " + "; ".join(said)
    if any(f["check"] not in NOT_A_CONTRACT_BREACH for f in findings):
        return f"{CONTRACT_VIOLATION_MARKER}: {text}"
    return text


def finish_allure(result: SuiteResult, before: set[str]) -> None:
    options = result.options
    directory = options.allure_dir
    if not directory.is_dir():
        return
    system = system_display(options)
    ids = operation_ids(options.contract)
    by_label: dict[str, list[dict[str, Any]]] = {}
    for finding in result.findings:
        by_label.setdefault(finding["label"], []).append(finding)
    for filename in sorted(allure_files(directory) - before):
        path = directory / filename
        document = json.loads(path.read_text(encoding="utf-8"))
        label = document.get("name", "")
        operation = "stateful sequences (links)" if label == STATEFUL_LABEL else ids.get(label, label)
        document["name"] = f"{system} · {operation}"
        document["fullName"] = f"{options.contract.name} {label}"
        replaced = ("suite", "parentSuite", "epic", "feature", "story")
        document["labels"] = [item for item in document.get("labels", []) if item.get("name") not in replaced]
        document["labels"] += [
            {"name": "epic", "value": CONTRACTS_EPIC},
            {"name": "feature", "value": system},
            {"name": "story", "value": label},
            {"name": "parentSuite", "value": SUITE_PREFIX},
            {"name": "suite", "value": options.name},
            {"name": "tag", "value": f"contract:{options.contract.name}"},
        ]
        document["historyId"] = document["testCaseId"] = _history_id(options, label)
        document["parameters"] = [
            {"name": "base URL", "value": options.base_url},
            {"name": "seed", "value": str(options.seed)},
        ]
        findings = by_label.get(label, [])
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
            curls = "\n".join(dict.fromkeys(f["curl"] for f in findings if f.get("curl")))
            details = document.setdefault("statusDetails", {})
            details["message"] = failure_message(system, operation, label, findings)
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
    system = system_display(options)
    name = f"{system} · reach {options.base_url}"
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
            Label(name="epic", value=CONTRACTS_EPIC),
            Label(name="feature", value=system),
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
