"""The evidence of the last run, read from a reports folder, and nothing guessed.

What `golive run` (and `golive selftest`, `golive explore`, the load window) leave in reports/:

- junit.xml: every scenario's outcome, with whom a failure blames and which systems it exchanged with
  (golive/verdicts.py), and where its feature file is (resilience = features/robusthed/);
- contracts/<system>.xml: each contract suite's JUnit (cases and failures per system);
- datavariation.json: per data-variation scenario, its pairwise coverage;
- trace-digests.json: the seed and the trace digest; allure-results/environment.properties: versions;
- selftest.json, explore/explore.json, load/load.json: when those were run.

Breaking changes are not read but computed: every registered system's contract against its released copy
(golive/contracts/diff.py), at gate time.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from golive.properties import WHERE
from golive.verdicts import Outcome, read_junit
from simulators import registry

RESILIENCE_FOLDER = "features/robusthed/"  # the resilience scenarios' home (README, "Neighbours misbehaving")
EXPLORE_FILE = Path("explore") / "explore.json"
LOAD_FILE = Path("load") / "load.json"


@dataclass
class ContractSuite:
    system: str
    cases: int
    failures: int
    junit: str  # relative to the reports folder


@dataclass
class Evidence:
    reports: Path
    outcomes: list[Outcome] | None = None  # None: no scenario run on record
    resilience: list[Outcome] = field(default_factory=list)
    contracts: dict[str, ContractSuite] = field(default_factory=dict)
    breaking: dict[str, list[str] | None] = field(default_factory=dict)  # None: no released copy to compare with
    variation: dict[str, dict] | None = None
    selftest: dict | None = None
    exploration: dict | None = None
    load: dict | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # evidence that was there but could not be read


def _json(path: Path, problems: list[str]) -> Any:
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.append(f"{path.name}: could not be read ({exc})")
        return None


def _where(path: Path) -> dict[str, str]:
    """test id -> feature file:line, from the JUnit properties golive/console.py records."""
    found: dict[str, str] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        for prop in case.iter("property"):
            if prop.get("name") == WHERE:
                found[f"{case.get('classname', '')}::{case.get('name', '')}"] = prop.get("value", "")
    return found


def _contract_suites(reports: Path, problems: list[str]) -> dict[str, ContractSuite]:
    """`golive run`'s contracts/<system>.xml, or `golive contracts verify`'s <contract>/<contract>.xml (the layout a
    vendor's CI leaves, one report folder per contract)."""
    suites = {}
    paths = [*sorted((reports / "contracts").glob("*.xml")), *sorted(reports.glob("*/*.xml"))]
    for path in paths:
        if path.parent.name != "contracts" and path.stem != path.parent.name:
            continue
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as exc:
            problems.append(f"{path.relative_to(reports).as_posix()}: not JUnit XML ({exc})")
            continue
        cases = sum(1 for _ in root.iter("testcase"))
        failures = sum(1 for case in root.iter("testcase") for child in case if child.tag in ("failure", "error"))
        suites[path.stem] = ContractSuite(path.stem, cases, failures, path.relative_to(reports).as_posix())
    return suites


def breaking_changes() -> dict[str, list[str] | None]:
    """system -> the breaking changes of its contract against the released copy (None: nothing released)."""
    from golive.config import CONTRACTS
    from golive.contracts.diff import RELEASED, diff_files

    found: dict[str, list[str] | None] = {}
    for system in registry.systems():
        current, released = CONTRACTS / system.contract, RELEASED / system.contract
        if not current.is_file() or not released.is_file():
            found[system.name] = None
            continue
        found[system.name] = [c.line() for c in diff_files(released, current) if c.breaking]
    return found


def _properties(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            values[key.replace("\\", "")] = value
    return values


def collect(reports: Path) -> Evidence:
    evidence = Evidence(reports)
    problems = evidence.problems
    junit = reports / "junit.xml"
    if junit.is_file() and junit.stat().st_size:
        try:
            evidence.outcomes = read_junit(junit)
            where = _where(junit)
            evidence.resilience = [o for o in evidence.outcomes if where.get(o.id, "").startswith(RESILIENCE_FOLDER)]
        except ET.ParseError as exc:
            problems.append(f"junit.xml: not JUnit XML ({exc})")
    evidence.contracts = _contract_suites(reports, problems)
    evidence.breaking = breaking_changes()
    variation = _json(reports / "datavariation.json", problems)
    evidence.variation = variation.get("scenarios") if isinstance(variation, dict) else None
    evidence.selftest = _json(reports / "selftest.json", problems)
    evidence.exploration = _json(reports / EXPLORE_FILE, problems)
    evidence.load = _json(reports / LOAD_FILE, problems)
    traces = _json(reports / "trace-digests.json", problems) or {}
    environment = _properties(reports / "allure-results" / "environment.properties")
    evidence.metadata = {
        **{k: v for k, v in environment.items() if k.startswith(("contract.", "sut.", "golive.", "defects"))},
        "seed": str(traces.get("seed", environment.get("seed", "unknown"))),
        "trace.digest": str(traces.get("digest", environment.get("trace.digest", "none (not an in-process run)"))),
    }
    return evidence
