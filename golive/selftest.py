"""`golive selftest`: proof, with numbers, that the scenario suite catches every seeded defect of the reference SUT.

Why: a harness is worth what it catches (ARCHITECTURE.md principle 7). The reference SUT carries a catalogue of
named, realistic integration defects (simulators/sygesikring/defects.py). This command runs the whole Gherkin
suite once with no defect (the baseline, which must pass) and once per defect, switched on the way
tests/test_scenario_defects.py does it (environment variable GOLIVE_SUT_DEFECTS, which every scenario sends to
the SUT as `PATCH /__admin/settings`). From each run's JUnit XML it takes the scenarios that failed; a defect is
*caught by* the scenarios that failed with it and passed in the baseline, and the report shows, for each, its
failure message and the rows of the verdict table (Luna, Servicebus, E-flyt, Finance, CPR, the SUT's own answers)
its failure blames — read from the evidence the failing check recorded (golive/verdicts.py), the same reading
`golive run`'s verdict per integration uses.

`--repeat N` runs the baseline N times with the same seed and fails unless every run gives the same verdict for
every scenario (issue 6: "10 times with the same seed gives identical verdicts"). `--repeat 10 --defects` (an
empty list) does only that.

Exit code 1 if the baseline fails, a suite run breaks (pytest usage or internal error), a defect is caught by
nothing, or the repeated runs disagree; 0 otherwise. Reports: <report-dir>/selftest.json and selftest.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from golive import blame, settings
from golive.config import REPORTS, ROOT, default_seed
from golive.explore.budgets import SELFTEST_BUDGET_S
from golive.verdicts import Outcome, blamed_integrations, integration_rows, read_junit

DEFECTS_ENV = settings.SUT_DEFECTS  # what every scenario tells the reference SUT (golive/settings.py)
SCENARIOS = ROOT / "features" / "test_scenarios.py"
# A pytest plugin the scenarios never use (schemathesis' and anyio's are off for every run, pyproject.toml): not
# loading Hypothesis' plugin spares each suite run the assertion rewriting of the whole hypothesis package.
UNUSED_PLUGINS = ("hypothesispytest",)
SUITE_TIMEOUT_S = 600  # [design] one suite run that takes longer than this is a harness failure, not a verdict
# (a suite run takes about 4 s in virtual time: even a defect that fails every scenario fails each at once)
PYTEST_OK, PYTEST_FAILED, PYTEST_NO_TESTS = 0, 1, 5
# [design] Two suite runs at once, one per core: a suite run is pure computation now (virtual time, no waiting), a
# third process would only queue for a core (benchmarks/README.md: 26 runs in about 55 s on 2 cores).
DEFAULT_PARALLEL = min(2, os.cpu_count() or 1)


# -- one suite run -----------------------------------------------------------------------------------------
@dataclass
class SuiteRun:
    label: str  # "baseline", "baseline #3" or the defect's name
    exit_code: int
    wall_s: float
    verdicts: dict[str, Outcome] = field(default_factory=dict)
    output: str = field(default="", repr=False)

    @property
    def broken(self) -> bool:
        """pytest could not run the suite (usage/internal error, interrupted, timeout, no JUnit): no verdicts to
        trust."""
        return self.exit_code not in (PYTEST_OK, PYTEST_FAILED) or not self.verdicts

    @property
    def failed(self) -> list[str]:
        return sorted(t for t, v in self.verdicts.items() if v.failed)


def parse_junit(path: Path) -> dict[str, Outcome]:
    """{test id: Outcome} from a pytest JUnit XML file, with the evidence each failure recorded (golive/verdicts.py)."""
    return {o.id: o for o in read_junit(path)}


def suite_command(
    junit: Path, *, seed: int, workers: int = 0, tags: str | None = None, keyword: str | None = None
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(SCENARIOS),
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",
        "--junitxml",
        str(junit),
        "--golive-seed",
        str(seed),
        "-W",
        "ignore::pytest.PytestUnknownMarkWarning",
    ]
    for plugin in UNUSED_PLUGINS:
        command += ["-p", f"no:{plugin}"]
    if workers:
        command += ["-n", str(workers)]
    if tags:
        command += ["-m", tags]
    if keyword:
        command += ["-k", keyword]
    return command


def run_suite(
    label: str,
    defects: Iterable[str],
    *,
    seed: int,
    workers: int = 0,
    tags: str | None = None,
    keyword: str | None = None,
    timeout_s: float = SUITE_TIMEOUT_S,
) -> SuiteRun:
    """The whole scenario suite in a pytest subprocess with the given defects switched on in the reference SUT."""
    with tempfile.TemporaryDirectory(prefix="golive-selftest-") as tmp:
        junit = Path(tmp) / "junit.xml"
        env = settings.child_environment(**{DEFECTS_ENV: ",".join(defects)})
        env.pop("GOLIVE_SUT_URL", None)  # the seeded defects live in the reference SUT only
        started = time.perf_counter()
        try:
            completed = subprocess.run(
                suite_command(junit, seed=seed, workers=workers, tags=tags, keyword=keyword),
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout_s,
            )
            code, output = completed.returncode, completed.stdout + completed.stderr
        except subprocess.TimeoutExpired as exc:
            partial = exc.stdout.decode("utf-8", "replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            code, output = -1, f"timed out after {timeout_s:g}s\n{partial}"
        wall = time.perf_counter() - started
        verdicts = parse_junit(junit) if junit.exists() and junit.stat().st_size else {}
    return SuiteRun(label, code, round(wall, 2), verdicts, output)


# -- the assessment ---------------------------------------------------------------------------------------
def assess_defect(name: str, description: str, run: SuiteRun, baseline: SuiteRun) -> dict:
    """What caught one defect: the scenarios that failed with it and passed in the baseline, and the rows of the
    verdict table their failures blame (golive/verdicts.py: the evidence the failing checks recorded)."""
    caught_by = []
    for test_id in run.failed:
        before = baseline.verdicts.get(test_id)
        if before is None or before.status != "passed":
            continue  # failing anyway (or not in the baseline): not evidence about this defect
        outcome = run.verdicts[test_id]
        caught_by.append(
            {
                "scenario": test_id.rsplit("::", 1)[-1],
                "id": test_id,
                "message": _short(outcome.message),
                "blamed": list(outcome.blamed),
                "integrations": [blame.label(p) for p in blamed_integrations(outcome)],
            }
        )
    rows = [p for p in integration_rows() if any(blame.label(p) in c["integrations"] for c in caught_by)]
    return {
        "defect": name,
        "description": description,
        "exitCode": run.exit_code,
        "wallS": run.wall_s,
        "broken": run.broken,
        "caught": bool(caught_by) and not run.broken,
        "blamesIntegration": bool(rows),
        "integrationKeys": rows,
        "integrations": [blame.label(p) for p in rows],
        "caughtBy": caught_by,
        **({"output": run.output[-3000:]} if run.broken else {}),
    }


def compare_repeats(runs: list[SuiteRun]) -> dict:
    """Identical verdicts (outcome per scenario) across runs with the same seed? The differences, if not."""
    reference = {t: v.status for t, v in runs[0].verdicts.items()} if runs else {}
    differences = []
    for index, run in enumerate(runs[1:], start=2):
        outcomes = {t: v.status for t, v in run.verdicts.items()}
        for test_id in sorted(reference.keys() | outcomes.keys()):
            if reference.get(test_id) != outcomes.get(test_id):
                differences.append(
                    {"run": index, "scenario": test_id, "first": reference.get(test_id), "this": outcomes.get(test_id)}
                )
    return {
        "runs": len(runs),
        "identical": bool(runs) and not differences and not any(r.broken for r in runs),
        "scenarios": len(reference),
        "differences": differences[:50],
        "wallS": [r.wall_s for r in runs],
    }


def build_report(
    baseline_runs: list[SuiteRun],
    defect_runs: dict[str, SuiteRun],
    descriptions: dict[str, str],
    *,
    seed: int,
    workers: int,
    parallel: int,
    tags: str | None,
    wall_s: float,
    load_only: frozenset[str] = frozenset(),
) -> dict:
    """`load_only`: defects only concurrency reveals (defects.LOAD_ONLY). Their suite runs show that no scenario
    catches them; they are left out of the detection rate, which the load window (`golive load`) answers for."""
    baseline = baseline_runs[0]
    defects = [assess_defect(name, descriptions.get(name, ""), run, baseline) for name, run in defect_runs.items()]
    for d in defects:
        d["loadOnly"] = d["defect"] in load_only
    counted = [d for d in defects if not d["loadOnly"]]
    caught = sum(d["caught"] for d in counted)
    report = {
        "seed": seed,
        "workers": workers,
        "parallel": parallel,
        "tags": tags,
        "wallS": round(wall_s, 2),
        "baseline": {
            "passed": not baseline.broken and baseline.exit_code == PYTEST_OK and not baseline.failed,
            "exitCode": baseline.exit_code,
            "scenarios": len(baseline.verdicts),
            "failed": baseline.failed,
            "passedIds": sorted(t for t, v in baseline.verdicts.items() if v.status == "passed"),
            "wallS": baseline.wall_s,
            **({"output": baseline.output[-3000:]} if baseline.exit_code != PYTEST_OK else {}),
        },
        "defects": defects,
        "detection": {
            "caught": caught,
            "total": len(counted),
            "rate": round(caught / len(counted), 4) if counted else None,
            "uncaught": [d["defect"] for d in counted if not d["caught"]],
            "withoutIntegrationBlamed": [d["defect"] for d in counted if d["caught"] and not d["blamesIntegration"]],
        },
        "loadOnly": {
            "defects": [d["defect"] for d in defects if d["loadOnly"]],
            "caughtByScenarios": [d["defect"] for d in defects if d["loadOnly"] and d["caught"]],
            "caughtBy": "golive load (the load window; tests/test_load.py)",
        },
    }
    if len(baseline_runs) > 1:
        report["repeat"] = compare_repeats(baseline_runs)
    report["ok"] = verdict_ok(report)
    return report


def verdict_ok(report: dict) -> bool:
    return (
        report["baseline"]["passed"]
        and not report["detection"]["uncaught"]
        and not any(d["broken"] for d in report["defects"])
        and report.get("repeat", {}).get("identical", True)
    )


def render_markdown(report: dict) -> str:
    det, base = report["detection"], report["baseline"]
    rate = f"{det['rate']:.0%}" if det["rate"] is not None else "n/a (no defects run)"
    lines = [
        "# golive selftest",
        "",
        f"Seed {report['seed']}; baseline (no defect): {'passed' if base['passed'] else 'FAILED'}, "
        f"{base['scenarios']} scenarios in {base['wallS']:.0f} s. Whole selftest: {report['wallS']:.0f} s "
        f"(pytest-xdist workers per run: {report['workers'] or 'none'}, suite runs at once: {report['parallel']}).",
        "",
        f"**Detection rate: {det['caught']}/{det['total']} = {rate}.**"
        + (f" Caught by nothing: {', '.join(det['uncaught'])}." if det["uncaught"] else ""),
        "",
    ]
    load_only = report.get("loadOnly", {}).get("defects", [])
    if load_only:
        lines += [
            f"Only concurrency reveals {', '.join(f'`{n}`' for n in load_only)}: caught by a scenario: "
            f"{len(report['loadOnly']['caughtByScenarios'])} (none expected); the load window (`golive load`) "
            "catches them, and they are not counted in the rate above.",
            "",
        ]
    if "repeat" in report:
        rep = report["repeat"]
        lines += [
            f"Repeat: {rep['runs']} baseline runs with the same seed gave "
            f"{'identical verdicts' if rep['identical'] else 'DIFFERENT verdicts'} for {rep['scenarios']} scenarios.",
            "",
        ]
    if report["defects"]:
        lines += ["| defect | caught by | integrations failed | for example |", "| --- | ---: | --- | --- |"]
        for d in report["defects"]:
            example = d["caughtBy"][0] if d["caughtBy"] else None
            where = (
                f"{example['scenario']}: {_short(example['message'], 140)}"
                if example
                else ("suite run broke" if d["broken"] else "—")
            )
            lines.append(
                f"| `{d['defect']}` | {len(d['caughtBy'])} | {', '.join(d['integrations']) or '—'} | {_cell(where)} |"
            )
        lines.append("")
    return "\n".join(lines)


def _short(message: str, limit: int = 600) -> str:
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


# -- the command -------------------------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--defects",
        nargs="*",
        default=None,
        metavar="NAME",
        help="only these defects (default: the whole catalogue; an empty list runs none, e.g. with --repeat)",
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="the run seed for every suite run (default: GOLIVE_SEED or 0)"
    )
    parser.add_argument("--workers", type=int, default=0, help="pytest-xdist workers per suite run (-n); 0: none")
    parser.add_argument(
        "--parallel",
        type=int,
        default=DEFAULT_PARALLEL,
        help=f"suite runs at the same time, each a pytest process (default {DEFAULT_PARALLEL}: a suite run "
        "mostly waits on deadlines, so two share two cores well; more only adds contention)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="run the baseline N times with the same seed; fail unless all give identical verdicts",
    )
    parser.add_argument(
        "--tags",
        default=None,
        metavar="EXPR",
        help="only scenarios whose Gherkin tags match this pytest -m expression (e.g. 'flytning or cpr')",
    )
    parser.add_argument(
        "-k", dest="keyword", default=None, metavar="EXPR", help="only scenarios matching this pytest -k expression"
    )
    parser.add_argument(
        "--report-dir", type=Path, default=REPORTS, help="where selftest.json and selftest.md go (default reports/)"
    )
    parser.add_argument(
        "--explore-budget",
        type=float,
        default=SELFTEST_BUDGET_S,
        metavar="SECONDS",
        help=f"an explorer run per defect with this budget (default {SELFTEST_BUDGET_S:g}; 0: no explorer)",
    )


def run(args: argparse.Namespace) -> int:
    from golive.explore.catching import explore_defects
    from golive.explore.catching import markdown as explorer_markdown
    from golive.explore.catching import merge as merge_explored
    from simulators.sygesikring.defects import DEFECTS, LOAD_ONLY

    seed = args.seed if args.seed is not None else default_seed()
    names = list(DEFECTS) if args.defects is None else list(dict.fromkeys(args.defects))
    unknown = [n for n in names if n not in DEFECTS]
    if unknown:
        print(f"golive selftest: unknown defect(s) {unknown}; known: {sorted(DEFECTS)}", file=sys.stderr)
        return 2
    repeat = max(1, args.repeat)
    parallel = max(1, args.parallel)
    options = dict(seed=seed, workers=args.workers, tags=args.tags, keyword=args.keyword)
    jobs = [(f"baseline #{i}" if repeat > 1 else "baseline", ()) for i in range(1, repeat + 1)] + [
        (n, (n,)) for n in names
    ]
    print(
        f"golive selftest: seed {seed}; {repeat} baseline run(s) and {len(names)} defect(s), "
        f"{parallel} suite run(s) at once, {args.workers or 'no'} xdist worker(s) each",
        flush=True,
    )
    started = time.perf_counter()
    results: dict[str, SuiteRun] = {}
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        futures = {pool.submit(run_suite, label, defects, **options): label for label, defects in jobs}
        # The explorer runs in this process while the suite runs wait on their pytest processes.
        explored = explore_defects(names, seed, args.explore_budget) if args.explore_budget > 0 and names else None
        for done, future in enumerate(as_completed(futures), start=1):
            result = future.result()
            results[result.label] = result
            print(f"[{done}/{len(jobs)}] {_progress(result, results)}", flush=True)
    baseline_runs = [results[label] for label, defects in jobs if not defects]
    defect_runs = {name: results[name] for name in names}
    report = build_report(
        baseline_runs,
        defect_runs,
        DEFECTS,
        seed=seed,
        workers=args.workers,
        parallel=parallel,
        tags=args.tags,
        wall_s=time.perf_counter() - started,
        load_only=LOAD_ONLY,
    )
    if explored is not None:
        merge_explored(report, explored)
    args.report_dir.mkdir(parents=True, exist_ok=True)
    (args.report_dir / "selftest.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (args.report_dir / "selftest.md").write_text(render_markdown(report) + explorer_markdown(report), encoding="utf-8")
    print(render_markdown(report) + explorer_markdown(report))
    print(f"reports: {args.report_dir / 'selftest.json'}, {args.report_dir / 'selftest.md'}")
    if not report["ok"]:
        print(f"golive selftest FAILED (seed {seed}; replay: golive selftest --seed {seed})", file=sys.stderr)
        if not report["baseline"]["passed"]:
            print(report["baseline"].get("output", ""), file=sys.stderr)
    return 0 if report["ok"] else 1


def _progress(run: SuiteRun, results: dict[str, SuiteRun]) -> str:
    if run.broken:
        return f"{run.label}: suite run BROKE (pytest exit {run.exit_code}) in {run.wall_s:.0f}s"
    if run.label.startswith("baseline"):
        return f"{run.label}: {len(run.verdicts) - len(run.failed)}/{len(run.verdicts)} passed in {run.wall_s:.0f}s"
    baseline = next((r for label, r in results.items() if label.startswith("baseline")), None)
    failed = [t for t in run.failed if baseline is None or getattr(baseline.verdicts.get(t), "status", "") == "passed"]
    rows = [p for p in integration_rows() if any(p in blamed_integrations(run.verdicts[t]) for t in failed)]
    return (
        f"{run.label}: caught by {len(failed)} scenario(s)"
        + (f", failing {', '.join(blame.label(p) for p in rows)}" if rows else "")
        if failed
        else f"{run.label}: caught by NOTHING"
    ) + f" in {run.wall_s:.0f}s"
