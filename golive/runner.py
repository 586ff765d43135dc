"""`golive run`'s parts: the Gherkin scenarios, the single-file Allure report, and the verdict per integration.

The scenarios run in a pytest subprocess (`python -m pytest features --alluredir reports/allure-results
--junitxml reports/junit.xml`): each scenario builds its own in-process world through the `scenario` fixture,
so nothing here starts servers for them. pytest's exit code 5 ("no tests collected") means features/ has no
scenarios yet: reported as such, not as a failure.

The verdict per integration is read from the evidence the scenarios recorded in the JUnit file (golive/verdicts.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from golive import replay, settings
from golive.config import NEIGHBOUR_NAMES, ROOT
from golive.selection import FEATURES_OPTION, TAGS_OPTION, split_target

NO_TESTS_COLLECTED = 5
FEATURES = ROOT / "features"
NEIGHBOURS = NEIGHBOUR_NAMES
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


def _plain_folder_elsewhere(target: Path) -> bool:
    """A test manager's own folder of feature files outside the repository: no Python of its own (a folder with test
    modules or steps of its own, such as a test's sample project, is collected by pytest as it is)."""
    root = FEATURES.resolve().parent
    folder = target.resolve()
    return folder.is_dir() and not folder.is_relative_to(root) and not any(folder.rglob("*.py"))


def scenario_command(
    features_dir: Path,
    report_dir: Path,
    *,
    seed: int,
    sut_url: str | None = None,
    extra: list[str] | None = None,
    tags: str | None = None,
) -> list[str]:
    """The pytest command for a scenario run. A selection inside features/ (a folder, a feature file, file:LINE), a
    single feature file elsewhere, and a test manager's own folder of feature files outside the repository are
    collected by features/test_scenarios.py, where the step library is, and narrowed by golive/selection.py: pytest
    run on such a folder would find neither the steps nor golive's options."""
    selection: list[str] = []
    target, _ = split_target(str(features_dir))
    collector = features_dir
    if target.resolve() != FEATURES.resolve() and (
        target.is_relative_to(FEATURES) or target.suffix == ".feature" or _plain_folder_elsewhere(target)
    ):
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
        "-rN",  # no "short test summary info": the console's own summary names each failure
        "--tb=no",  # the console summary says each failure in business words; tracebacks are in the report and JUnit
        "--golive-console",
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
    # Streamed, line by line: a line per scenario as it finishes (golive/console.py), the failures summed up at the end.
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
        env=settings.child_environment(**(env or {})),
    )
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if echo:
            print(line, end="", flush=True)
    code = process.wait()
    run = ScenarioRun(code, report_dir / "junit.xml", results, "".join(lines))
    if sut_url and run.verdict == "failed":
        also = recheck_against_reference(run, report_dir, seed)
        if also and echo:
            print(
                f"{len(also)} failure(s) fail the same way against the reference SUT: unless its code was changed, the "
                "feature file expects something DOMAIN.md does not say (the blame above stands):"
            )
            for title in also:
                print(f"  - {title}")
    return run


def recheck_against_reference(run: ScenarioRun, report_dir: Path, seed: int) -> list[str]:
    """A vendor run's failures that blame the SUT or an integration, run again in-process against the reference SUT
    (no defect switched on): one that fails there too gets the hint that the feature file's expectation is the likelier
    mistake, in its JUnit case (blame.HINT) beside the blame, which stands (the reference SUT may be the one changed).
    Each feature file with such a failure runs once more; the titles of the failures given the hint are returned."""
    import xml.etree.ElementTree as ET

    from golive import blame
    from golive.properties import TITLE, WHERE

    def failed(root: Any) -> dict[tuple[str, str], Any]:
        found = {}
        for case in root.iter("testcase"):
            props = {p.get("name"): p for p in case.iter("property")}
            parties = set(blame.decode(props[blame.PROPERTY].get("value") if blame.PROPERTY in props else None))
            if case.find("failure") is not None and WHERE in props and TITLE in props:
                found[(props[WHERE].get("value", ""), props[TITLE].get("value", ""))] = (case, props, parties)
        return found

    if not run.junit.exists():
        return []
    tree = ET.parse(run.junit)
    own = {blame.HARNESS, blame.SCENARIO, blame.UNATTRIBUTED}
    suspects = {key: found for key, found in failed(tree.getroot()).items() if found[2] - own}
    files = sorted({where.rpartition(":")[0] for where, _ in suspects})
    fails_there_too: set[tuple[str, str]] = set()
    for number, file in enumerate(files):
        target = Path(file) if Path(file).is_absolute() else ROOT / file
        where = report_dir / "reference-check" / str(number)
        again = run_scenarios(target, where, seed=seed, echo=False, env={settings.SUT_DEFECTS: ""})
        if again.junit.exists():
            fails_there_too |= {
                k for k, (_, props, _) in failed(ET.parse(again.junit).getroot()).items() if blame.HINT in props
            }
    hinted = []
    for key in sorted(set(suspects) & fails_there_too):
        case, _, _ = suspects[key]
        holder = case.find("properties")
        if holder is not None:
            ET.SubElement(holder, "property", name=blame.HINT, value=blame.REFERENCE_DISAGREES)
        hinted.append(key[1])
    if hinted:
        tree.write(run.junit, encoding="utf-8", xml_declaration=True)
    return hinted


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
    from golive.gate import config as gate_config
    from golive.gate.allure_gate import quality_gate_rules

    try:
        gate_settings = gate_config.load()
    except gate_config.GateConfigError:  # `golive gate` reports a broken configuration; the report uses the defaults
        gate_settings = gate_config.GateConfig()

    # Allure 3 reads categories from its config (it ignores categories.json, which Allure 2 reads).
    categories = [{k: v for k, v in rule.items() if k != "description"} for rule in CATEGORIES]
    config.write_text(
        json.dumps(
            {
                "name": name,
                "output": str(out_dir),
                "categories": categories,
                # The gate's thresholds as Allure's quality gate (`golive gate` asks it: golive/gate/allure_gate.py)
                "qualityGate": quality_gate_rules(gate_settings),
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


def replay_command(args: Any) -> str:
    """The command that runs this `golive run` again exactly (golive/replay.py)."""
    return replay.run_command(
        args.seed,
        features=getattr(args, "features", None),
        tags=getattr(args, "tags", None),
        only=getattr(args, "only", None),
        sut_url=getattr(args, "sut_url", None),
    )
