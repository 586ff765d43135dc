"""Which scenarios exercise which contract operations: what the breaking-change gate tells a reviewer.

Taken from what scenarios *did*, not from what their text says: at the end of every Gherkin scenario the
pytest plugin reads the operations of the exchanges the scenario caused (`Scenario.exchanges()`: every
simulator's and the SUT's journal entries for the scenario's CPR numbers, each carrying its operationId)
and this module's recorder writes them to reports/scenario-operations.json. `golive contracts usage --update`
runs the scenarios and commits the result as contracts/scenario-usage.json, which `golive contracts diff` reads;
entries from a fresher report (a later scenario run) take precedence for the scenarios that run covered.

Keys are "<system>.<operationId>" ("luna.registerLaegevalg"), where the system is the simulator's name and
so the contract file's name (contracts/luna.openapi.yaml). Scenario names are pytest node ids without the
data-variation row, so a listed scenario can be run as it is printed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from golive import settings
from golive.config import CONTRACTS, REPORTS, ROOT

COMMITTED = CONTRACTS / "scenario-usage.json"
RECORDED = REPORTS / "scenario-operations.json"
OPERATIONS_PROPERTY = "golive_operations"  # user property: travels to the controller under pytest-xdist
FIXED_SEED = 1  # the committed file is generated with this seed, so regenerating it is reproducible


def operations_of(exchanges: list[dict]) -> list[str]:
    """The distinct "<system>.<operationId>" keys of a scenario's exchanges (HTTP ones that matched an operation)."""
    return sorted(
        {
            f"{e['simulator']}.{e['operation']}"
            for e in exchanges
            if e.get("operation") and e.get("kind", "http") == "http"
        }
    )


def record(node: Any, context: Any) -> list[str]:
    """Called by the plugin's `scenario` fixture at teardown: attach the scenario's operations to its report.
    A world that cannot answer any more (a hung fault, a crashed SUT) records nothing rather than turning a
    scenario's verdict into an error: usage is a by-product, never a reason to fail. Returns the operation keys."""
    import httpx

    try:
        keys = operations_of(context.exchanges())
    except (httpx.HTTPError, KeyError, ValueError) as e:
        node.user_properties.append((OPERATIONS_PROPERTY, {"error": f"{type(e).__name__}: {e}"}))
        return []
    node.user_properties.append((OPERATIONS_PROPERTY, {"operations": keys}))
    return keys


def scenario_key(nodeid: str) -> str:
    return nodeid.partition("[")[0]


class Recorder:
    """pytest plugin (registered by golive.plugin): collects the recorded operations and writes the report."""

    def __init__(self, path: Path = RECORDED) -> None:
        self.path = path
        self.scenarios: dict[str, set[str]] = {}

    def pytest_runtest_logreport(self, report) -> None:
        if report.when != "teardown":
            return
        for key, value in report.user_properties:
            if key == OPERATIONS_PROPERTY and "operations" in value:
                self.scenarios.setdefault(scenario_key(report.nodeid), set()).update(value["operations"])

    def pytest_sessionfinish(self, session, exitstatus) -> None:
        if hasattr(session.config, "workerinput") or not self.scenarios:
            return
        from golive.config import run_seed

        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_usage(self.path, {k: sorted(v) for k, v in self.scenarios.items()}, seed=run_seed(session.config))


def recorder_from_env() -> Recorder:
    """The recorder, writing where GOLIVE_SCENARIO_OPERATIONS says (a test's temporary file) or to reports/."""

    return Recorder(Path(settings.get(settings.SCENARIO_OPERATIONS) or RECORDED))


def write_usage(path: Path, scenarios: dict[str, list[str]], *, seed: int) -> None:
    document = {
        "about": "operations each scenario exercised, from its "
        "exchanges; regenerate with `golive contracts usage --update`",
        "seed": seed,
        "scenarios": dict(sorted(scenarios.items())),
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _read(path: Path) -> dict[str, list[str]]:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("scenarios", {})
    except (OSError, ValueError):
        return {}


def load_usage(path: Path | None = None) -> dict[str, list[str]]:
    """Scenario -> operation keys. An explicit path is read alone; otherwise the committed file, overlaid by a
    recorded report that is newer than it (only for the scenarios that report covers)."""
    if path is not None:
        return _read(Path(path))
    usage = _read(COMMITTED)
    if RECORDED.is_file() and (not COMMITTED.is_file() or RECORDED.stat().st_mtime > COMMITTED.stat().st_mtime):
        usage.update(_read(RECORDED))
    return usage


def scenarios_using(usage: dict[str, list[str]], system: str, operation_id: str) -> list[str]:
    key = f"{system}.{operation_id}"
    return sorted(scenario for scenario, keys in usage.items() if key in keys)


def run_scenarios(
    report: Path, *, seed: int = FIXED_SEED, extra: list[str] | None = None
) -> subprocess.CompletedProcess:
    """Run every Gherkin scenario once (serially, fixed seed) with the recorder writing to `report`."""

    env = settings.child_environment(**{settings.SCENARIO_OPERATIONS: str(report)})
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(ROOT / "features"),
        "-q",
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
        "--golive-seed",
        str(seed),
        *(extra or []),
    ]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=900)


# -- the command -----------------------------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--update", action="store_true", help=f"run the scenarios and rewrite {COMMITTED.relative_to(ROOT)}"
    )
    parser.add_argument(
        "--operation", help="list the scenarios using SYSTEM.OPERATION_ID (e.g. luna.registerLaegevalg)"
    )


def run(args: argparse.Namespace) -> int:
    if args.update:
        completed = run_scenarios(RECORDED)
        if not RECORDED.is_file():
            print(completed.stdout[-3000:] + completed.stderr[-3000:], file=sys.stderr)
            print("golive contracts usage: the scenario run recorded nothing", file=sys.stderr)
            return 2
        scenarios = _read(RECORDED)
        write_usage(COMMITTED, scenarios, seed=FIXED_SEED)
        print(
            f"{COMMITTED.relative_to(ROOT)}: {len(scenarios)} scenarios, "
            f"{len({k for keys in scenarios.values() for k in keys})} "
            f"operations (scenario run exit {completed.returncode})"
        )
        return 0
    usage = load_usage()
    if args.operation:
        system, _, operation_id = args.operation.partition(".")
        for scenario in scenarios_using(usage, system, operation_id):
            print(scenario)
        return 0
    by_operation: dict[str, list[str]] = {}
    for scenario, keys in usage.items():
        for key in keys:
            by_operation.setdefault(key, []).append(scenario)
    for key in sorted(by_operation):
        print(f"{key}: {len(by_operation[key])} scenario(s)")
    return 0
