"""`golive run`'s parts: the Gherkin scenarios, the single-file Allure report, and the verdict per integration.

The scenarios run in a pytest subprocess (`python -m pytest features --alluredir reports/allure-results
--junitxml reports/junit.xml`): each scenario builds its own in-process world through the `scenario` fixture,
so nothing here starts servers for them. pytest's exit code 5 ("no tests collected") means features/ has no
scenarios yet: reported as such, not as a failure.

Verdict per integration (Luna, Servicebus, E-flyt, Finance, CPR) — the rule, stated so nobody has to guess:
an integration FAILED if its simulator's contract check failed, or if a scenario that exchanged with that
simulator failed (which simulators a scenario exchanged with is read from its Allure attachments, named
"<simulator> <METHOD> <path> → <status>" from the journals), or if a failed scenario's message names the
integration (e.g. "Luna", "E-flyt"). It PASSED if at least one check or scenario covered it and none failed;
otherwise it is "not covered".
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from golive import settings
from golive.config import NEIGHBOUR_NAMES, ROOT
from golive.selection import FEATURES_OPTION, TAGS_OPTION, split_target
from simulators import registry

NO_TESTS_COLLECTED = 5
FEATURES = ROOT / "features"
NEIGHBOURS = NEIGHBOUR_NAMES
# Words in a failure message that name a neighbour (case-insensitive, whole words): declared with each system.
NEIGHBOUR_WORDS = registry.message_words()
ALLURE_BIN = ROOT / "node_modules" / ".bin" / "allure"


@dataclass
class ScenarioRun:
    exit_code: int
    junit: Path
    results_dir: Path
    output: str = field(default="", repr=False)

    @property
    def verdict(self) -> str:
        if self.exit_code == 0:
            return "passed"
        if self.exit_code == NO_TESTS_COLLECTED:
            return "no scenarios"
        return "failed"

    @property
    def failed(self) -> bool:
        """A run that ran no scenario fails too: a CI job pointed at the wrong folder must not pass."""
        return self.verdict in ("failed", "no scenarios")


def scenario_command(
    features_dir: Path,
    report_dir: Path,
    *,
    seed: int,
    sut_url: str | None = None,
    extra: list[str] | None = None,
    tags: str | None = None,
) -> list[str]:
    """The pytest command for a scenario run. A selection inside features/ (a folder, a feature file, file:LINE) is
    collected by features/test_scenarios.py, where the step library is, and narrowed by golive/selection.py."""
    selection: list[str] = []
    target, _ = split_target(str(features_dir))
    collector = features_dir
    if target.is_relative_to(FEATURES) and target != FEATURES:
        collector, selection = FEATURES / "test_scenarios.py", [f"{FEATURES_OPTION}={features_dir}"]
    if tags:
        selection.append(f"{TAGS_OPTION}={tags}")  # one token: pytest reads a separate "@…" argument as a file
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(collector),
        *selection,
        "-p",
        "no:cacheprovider",
        "-q",
        "--alluredir",
        str(report_dir / "allure-results"),
        "--clean-alluredir",
        "--junitxml",
        str(report_dir / "junit.xml"),
        "--golive-seed",
        str(seed),
    ]
    if sut_url:
        command += ["--golive-sut-url", sut_url]
    return command + list(extra or [])


def run_scenarios(
    features_dir: Path,
    report_dir: Path,
    *,
    seed: int,
    sut_url: str | None = None,
    extra: list[str] | None = None,
    echo: bool = True,
    env: dict[str, str] | None = None,
    tags: str | None = None,
) -> ScenarioRun:
    report_dir.mkdir(parents=True, exist_ok=True)
    results = report_dir / "allure-results"
    if not split_target(str(features_dir))[0].exists():
        reason = f"no such folder or feature file: {features_dir}"
        if echo:
            print(reason)
        return ScenarioRun(NO_TESTS_COLLECTED, report_dir / "junit.xml", results, reason)
    command = scenario_command(features_dir, report_dir, seed=seed, sut_url=sut_url, extra=extra, tags=tags)
    completed = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, env=settings.child_environment(**(env or {}))
    )
    output = completed.stdout + completed.stderr
    if echo and completed.returncode != 0:
        print(output[-6000:])
    return ScenarioRun(completed.returncode, report_dir / "junit.xml", results, output)


def allure_available() -> bool:
    return ALLURE_BIN.exists() and shutil.which("node") is not None


# The report's tree: business flow (epic: the folder under features/, or "Kontrakter" for the contract suites),
# then feature (the feature file, or the system whose contract ran), then the scenario or operation.
TREE_GROUPING = ["epic", "feature"]


def generate_html(
    results_dir: Path, out_dir: Path, name: str = "golive", more_results: Sequence[Path] = ()
) -> Path | None:
    """One self-contained index.html (Allure 3 "awesome" report, singleFile): opens from disk, no server,
    no internet. Built from the scenarios' results and `more_results` (the contract suites' results, see
    golive.checks.contract_results_for_report). Returns the file, or None when npm allure is not installed."""
    if not allure_available() or not results_dir.is_dir():
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    config = out_dir.parent / f".{out_dir.name}.allurerc.json"
    from golive.allure_support import CATEGORIES

    # Allure 3 reads categories from its config (it ignores categories.json, which Allure 2 reads).
    categories = [{k: v for k, v in rule.items() if k != "description"} for rule in CATEGORIES]
    config.write_text(
        json.dumps(
            {
                "name": name,
                "output": str(out_dir),
                "categories": categories,
                "plugins": {
                    "awesome": {"options": {"singleFile": True, "reportLanguage": "en", "groupBy": TREE_GROUPING}}
                },
            }
        )
    )
    try:
        subprocess.run(
            [
                str(ALLURE_BIN),
                "generate",
                str(results_dir),
                *(str(d) for d in more_results if d.is_dir()),
                "--config",
                str(config),
                "-o",
                str(out_dir),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
            check=True,
        )
    finally:
        config.unlink(missing_ok=True)
    index = out_dir / "index.html"
    return index if index.exists() else None


@dataclass
class ScenarioOutcome:
    name: str
    status: str  # passed | failed | broken | skipped
    message: str
    simulators: set[str]


def scenario_outcomes(results_dir: Path) -> list[ScenarioOutcome]:
    outcomes = []
    for path in sorted(results_dir.glob("*-result.json")) if results_dir.is_dir() else []:
        result = json.loads(path.read_text(encoding="utf-8"))
        names = [a.get("name", "") for a in result.get("attachments", [])]
        touched = {n.split(" ", 1)[0] for n in names if " → " in n}
        outcomes.append(
            ScenarioOutcome(
                result.get("name", path.stem),
                result.get("status", "unknown"),
                (result.get("statusDetails") or {}).get("message", ""),
                touched,
            )
        )
    return outcomes


def names_neighbour(message: str, neighbour: str) -> bool:
    text = message.lower()
    return any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text) for w in NEIGHBOUR_WORDS[neighbour])


def integration_summary(outcomes: list[ScenarioOutcome], contract_verdicts: dict[str, bool]) -> dict[str, dict]:
    """{neighbour: {"verdict": passed|FAILED|not covered, "scenarios": n, "failed": [names], "contract": ...}}"""
    summary = {}
    for key in NEIGHBOURS:
        touching = [o for o in outcomes if key in o.simulators]
        bad = [
            o.name
            for o in outcomes
            if o.status in ("failed", "broken") and (key in o.simulators or names_neighbour(o.message, key))
        ]
        contract = contract_verdicts.get(key)
        covered = bool(touching) or contract is not None or bool(bad)
        failed = bool(bad) or contract is False
        summary[key] = {
            "verdict": "FAILED" if failed else ("passed" if covered else "not covered"),
            "scenarios": len(touching),
            "failed": bad,
            "contract": {True: "passed", False: "FAILED", None: "not run"}[contract],
        }
    return summary


def render_summary(summary: dict[str, dict]) -> str:
    lines = [f"{'integration':<12} {'verdict':<12} {'contract':<9} {'scenarios':>9}  failed scenarios"]
    for key, row in summary.items():
        failed = "; ".join(row["failed"][:3]) + (" …" if len(row["failed"]) > 3 else "")
        lines.append(f"{NEIGHBOURS[key]:<12} {row['verdict']:<12} {row['contract']:<9} {row['scenarios']:>9}  {failed}")
    return "\n".join(lines)
