"""`golive explore`: explore the reference SUT (in-process) or a vendor's (`--sut-url`, over HTTP) with the oracle
for a budget; report what it found.

Against a vendor's SUT the simulators are served on their documented loopback ports (the SUT is configured with
them, as for `golive run --sut-url`), every exchange is real HTTP, and each example makes people of its own, since
the vendor's SUT cannot be reset: slower, the same oracle and invariants.

Exit codes: 0 no finding, 1 a finding, 2 usage (an unknown defect; defects with --sut-url). Reports in --report-dir:
explore-junit.xml (one testcase per finding, or one passing testcase), Allure results in allure-results/ (one
result per finding with the shrunk steps, the oracle's prediction beside what the neighbour showed, the replay
command), and each finding as a Danish feature file in fundet/ — or in features/fundet/ with --write-features.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from golive import settings
from golive.config import CONTRACTS, REPORTS, default_seed
from golive.explore.budgets import DEFAULT_BUDGET_S, RUN_BUDGET_S, STEPS_PER_EXAMPLE, budget

if TYPE_CHECKING:
    from golive.explore.machine import Vendor
    from golive.explore.run import Finding, Result
from golive.runner import FEATURES

USAGE, FOUND, CLEAN = 2, 1, 0


def _at_least_one(what: str):
    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} is a whole number, not {text!r}") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{what} is at least 1, not {value}")
        return value

    return convert


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--budget", type=budget, default=DEFAULT_BUDGET_S, help="time budget (60s, 2m)")
    parser.add_argument("--seed", type=int, default=None, help="the first chunk's seed (env GOLIVE_SEED; default 0)")
    parser.add_argument(
        "--max-examples",
        type=_at_least_one("--max-examples"),
        default=None,
        help="exactly one chunk of this many examples (replays a finding)",
    )
    parser.add_argument(
        "--steps", type=_at_least_one("--steps"), default=STEPS_PER_EXAMPLE, help="business actions per example at most"
    )
    parser.add_argument("--defects", default="", help="comma-separated defects the reference SUT commits")
    parser.add_argument("--report-dir", default=str(REPORTS / "explore"))
    parser.add_argument(
        "--no-shrink",
        action="store_true",
        help="report the first failure unshrunk (when only caught-or-not matters: shrinking has no time bound)",
    )
    parser.add_argument(
        "--write-features", action="store_true", help="write findings to features/fundet/ (else to the report dir)"
    )
    parser.add_argument(
        "--workers",
        type=_workers,
        default=1,
        help="chunks explored at once, each in a process of its own (a number, or 'auto': one per CPU)",
    )
    parser.add_argument(
        "--sut-url", default=None, help="a vendor's SUT, served the simulators on their documented loopback ports"
    )
    parser.add_argument(
        "--auto-ports", action="store_true", help="with --sut-url: serve the simulators on free ports instead"
    )


def _workers(text: str) -> int:
    """--workers: a whole number of at least 1, or 'auto' (one per CPU this process may use)."""
    import os

    if text.strip().lower() == "auto":
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"--workers is a whole number of at least 1, or 'auto', not {text!r}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("explore", help="explore the reference SUT with the oracle (Hypothesis, in-process)")
    add_arguments(parser)
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    defects = tuple(d.strip() for d in (args.defects or ",".join(settings.sut_defects())).split(",") if d.strip())
    if args.sut_url and defects:
        print("golive explore: --defects switch on the reference SUT's catalogue; a vendor's SUT has none (--sut-url)")
        return USAGE
    if args.sut_url:
        unreachable = _unreachable(args.sut_url)
        if unreachable:  # nothing explored is no clean run: say so, and exit as for a usage error
            print(f"golive explore: cannot reach the SUT at {args.sut_url}: {unreachable}")
            return USAGE
        with vendor_target(args.sut_url, args.seed or 0, args.auto_ports) as vendor:
            return _explore(args, (), vendor)
    return _explore(args, defects, None)


def _unreachable(url: str) -> str | None:
    """Why the SUT cannot be reached (any HTTP answer will do), or None."""
    import httpx

    try:
        httpx.get(url, timeout=5.0)
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


@contextmanager
def vendor_target(sut_url: str, seed: int, auto_ports: bool = False) -> Iterator[Vendor]:
    """The simulators served on loopback for a vendor's SUT while the block runs (golive/serve.py)."""
    from golive.explore.machine import Vendor
    from golive.serve import DEFAULT_HOST, loopback_world

    served = loopback_world(seed, auto_ports=auto_ports, host=DEFAULT_HOST, log_level="error", sut_url=sut_url).start()
    try:
        print("explore: simulators for the SUT at " + sut_url + ": " + ", ".join(served.urls().values()), flush=True)
        yield Vendor(sut_url, dict(served.urls()))
    finally:
        served.stop()


def _explore(args: argparse.Namespace, defects: tuple[str, ...], vendor: Vendor | None) -> int:
    refused = refused_defects(defects)
    if refused:
        print(f"golive explore: the reference SUT refuses the defects {', '.join(defects)}: {refused}")
        return USAGE
    seed = default_seed() if args.seed is None else args.seed
    report_dir = Path(args.report_dir)
    print(
        f"explore: seed {seed}, budget {args.budget:g}s"
        + (f", defects {', '.join(defects)}" if defects else "")
        + (f", SUT {vendor.sut_url}" if vendor else ""),
        flush=True,
    )
    from golive.explore import statistics, writeback
    from golive.explore.run import explore

    workers = getattr(args, "workers", 1)
    if workers > 1 and (vendor is not None or args.max_examples is not None):
        print("explore: one worker: a vendor's SUT is one shared world, and --max-examples is one chunk")
        workers = 1
    result = explore(
        seed,
        args.budget,
        args.max_examples,
        defects,
        args.steps,
        shrink=not args.no_shrink,
        vendor=vendor,
        workers=workers,
    )
    print(
        f"explore: {result.examples} examples, {result.actions} business actions in {result.elapsed_s:.1f}s "
        f"({result.actions_per_s:.0f}/s), {len(result.findings)} finding(s)"
        + (f", {workers} workers" if workers > 1 else "")
    )
    steps = result.steps.by_step()
    print(statistics.summary(steps))
    write_reports(result, report_dir, FEATURES / writeback.FOUND_DIR if args.write_features else None, steps)
    if result.actions == 0 and not result.findings:
        print("golive explore: FAILED: no business action was explored, so nothing was checked")
        return USAGE
    for finding in result.findings:
        print(f"\nFINDING (blames {', '.join(finding.blamed)}): {finding.message[:2000]}")
        print(writeback.feature_text(finding))
        print(f"replay: {finding.replay_command()}")
    return FOUND if result.findings else CLEAN


def refused_defects(defects: tuple[str, ...]) -> str | None:
    """Why the reference SUT will not commit these defects (an unknown name), or None: asked through its admin API,
    which knows its catalogue (golive never imports the reference SUT)."""
    if not defects:
        return None
    from golive.scenario import Scenario
    from simulators.world import World

    with World(seed=0, reference_sut=True) as world:
        scenario = Scenario(world, seed=0, name="defects")
        try:
            scenario.switch_on(*defects)
        except Exception as exc:  # the admin API's 422, as the driver raises it
            return _unknown_defects(defects) or str(exc)[:500]
        finally:
            scenario.close()
    return None


def _unknown_defects(defects: tuple[str, ...]) -> str | None:
    """The names the SUT's contract does not list as defects (its Settings' Defect enum), each with the nearest."""
    from golive.contracts.diff import load_contract
    from golive.parameters import nearest

    known = load_contract(CONTRACTS / "sygesikring.openapi.yaml")["components"]["schemas"]["Defect"]["enum"]
    said = []
    for name in (d for d in defects if d not in known):
        close = nearest(name, known, cutoff=0.4)
        said.append(f"'{name}' is not a defect of its catalogue" + (f"; did you mean '{close[0]}'?" if close else ""))
    return (
        "; ".join(said) + " (the catalogue: components/schemas/Defect in contracts/sygesikring.openapi.yaml)"
        if said
        else None
    )


def write_reports(
    result: Result, report_dir: Path, features_dir: Path | None = None, steps: Counter[str] | None = None
) -> list[Path]:
    from golive.explore import writeback

    report_dir.mkdir(parents=True, exist_ok=True)
    written = [writeback.write(f, features_dir or report_dir / writeback.FOUND_DIR) for f in result.findings]
    (report_dir / "explore-junit.xml").write_text(junit(result), encoding="utf-8")
    allure = report_dir / "allure-results"
    allure.mkdir(exist_ok=True)
    for finding in result.findings:
        allure_result(finding, allure)
    (report_dir / "explore.json").write_text(
        json.dumps(
            {
                "seed": result.seed,
                "examples": result.examples,
                "actions": result.actions,
                "seconds": round(result.elapsed_s, 2),
                "actionsPerSecond": round(result.actions_per_s, 1),
                "steps": dict((steps or Counter()).most_common()),  # catalogued steps run, most often first
                "findings": [
                    {"seed": f.seed, "blamed": f.blamed, "message": f.message, "replay": f.replay_command()}
                    for f in result.findings
                ],
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return written


def junit(result: Result) -> str:
    from golive.explore import writeback

    cases = []
    for f in result.findings:
        cases.append(
            f'  <testcase classname="golive.explore" name={quoteattr(f"udforskning seed {f.seed}")}>\n'
            f"    <failure message={quoteattr(f.message[:500])}>{escape(writeback.feature_text(f))}</failure>\n"
            f"  </testcase>"
        )
    if not cases:
        cases.append(f'  <testcase classname="golive.explore" name="udforskning seed {result.seed}"/>')
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<testsuite name="golive explore" tests="{len(cases)}" failures="{len(result.findings)}" '
        f'time="{result.elapsed_s:.2f}">\n' + "\n".join(cases) + "\n</testsuite>\n"
    )


def allure_result(finding: Finding, folder: Path) -> Path:
    """One Allure result: the shrunk steps (the failing one last), the prediction beside the observation, replay."""
    from golive.explore import writeback

    result_id = str(uuid.uuid4())
    attachment = f"{uuid.uuid4()}-attachment.txt"
    (folder / attachment).write_text(
        f"Oraklet forudsagde: {finding.predicted!r}\nNaboen viste: {finding.observed!r}\n\n"
        f"Genafspil: {finding.replay_command()}\n\n{writeback.feature_text(finding)}",
        encoding="utf-8",
    )
    steps = [{"name": f"{k} {t}", "status": "passed"} for k, t in finding.trace]
    if steps:
        steps[-1]["status"] = "failed"
    now = int(time.time() * 1000)
    doc = {
        "uuid": result_id,
        "name": f"Udforskning med seed {finding.seed}",
        "fullName": f"golive.explore.seed{finding.seed}",
        "status": "failed",
        "statusDetails": {"message": finding.message, "trace": finding.replay_command()},
        "steps": steps,
        "attachments": [{"name": "orakel mod nabo", "source": attachment, "type": "text/plain"}],
        "labels": [
            {"name": "epic", "value": "Udforskning"},
            {"name": "feature", "value": "Fundet af udforskeren"},
            {"name": "tag", "value": "fundet"},
            *({"name": "tag", "value": d} for d in finding.defects),
        ],
        "start": now,
        "stop": now,
    }
    path = folder / f"{result_id}-result.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def run_for_cli(
    seed: int, report_dir: Path, budget_s: float = RUN_BUDGET_S, vendor_urls: tuple[str, dict[str, str]] | None = None
) -> int:
    """The short exploration `golive run` adds (golive/cli.py cmd_run): 0 clean, 1 a finding. vendor_urls: the
    vendor's SUT and the simulators the run serves for it."""
    from golive.explore.machine import Vendor
    from golive.explore.run import explore

    print(f"\nexplore: seed {seed}, budget {budget_s:g}s (--no-explore skips it)", flush=True)
    result = explore(seed, budget_s, vendor=Vendor(*vendor_urls) if vendor_urls else None)
    write_reports(result, report_dir / "explore")
    print(f"explore: {result.examples} examples, {result.actions} business actions, {len(result.findings)} finding(s)")
    for finding in result.findings:
        print(f"FINDING (blames {', '.join(finding.blamed)}): {finding.message[:1000]}")
        print(f"replay: {finding.replay_command()}")
    return FOUND if result.findings else CLEAN
