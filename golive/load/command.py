"""`golive load`: a business situation under load, on Locust, judged by invariants afterwards.

    golive load [--profile laegevalgsvindue] [--citizens N] [--places N] [--seed S] [--defects a,b]
                [--workers N] [--sut-url URL] [--web] [--report-dir reports/load]
    golive load --worker --master-host HOST [--master-port 5557]      # this machine joins a master elsewhere

Steps: draw the plan (golive/load/plan.py, seeded), serve the simulators and the reference SUT on loopback (or point
at a vendor's SUT), open the window (clock, practice, defects, faults: window.py), run Locust (swarm.py: one process,
or a master and N local workers), let the world settle, check the invariants (invariants.py) and write the report
(report.py). Exit 0 every invariant held; 1 an invariant broke (the counter-examples, the seed and the replay command
are printed); 2 usage, or a run that proves nothing — the SUT could not be reached, no request was answered, or not
every citizen acted (no false green).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from golive.config import REPORTS, default_seed

USAGE, BROKEN, HELD = 2, 1, 0


def register(sub: Any) -> None:
    parser = sub.add_parser("load", help="the load window on Locust: citizens race through the SUT, invariants after")
    parser.add_argument(
        "--profile", default=None, help="a profile of [tool.golive.load.profiles] (default: laegevalgsvindue)"
    )
    parser.add_argument("--citizens", type=int, default=None, help="override the profile's number of citizens")
    parser.add_argument("--places", type=int, default=None, help="override the places the practice opens")
    parser.add_argument("--users", type=int, default=None, help="override the Locust users acting at once")
    parser.add_argument(
        "--faults", default=None, help="override the fault profile during the load (golive/fault_profiles.py)"
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="seed of the citizens and the faults (default GOLIVE_SEED or 0)"
    )
    parser.add_argument("--defects", default="", help="comma-separated defects the reference SUT commits (defects.py)")
    parser.add_argument(
        "--workers", type=int, default=0, help="a Locust master and N local worker processes (0: one process)"
    )
    parser.add_argument(
        "--expect-workers", type=int, default=0, help="workers the master waits for, remote ones included"
    )
    parser.add_argument(
        "--master-bind-host", default="127.0.0.1", help="where the master listens for workers (loopback unless told)"
    )
    parser.add_argument("--master-port", type=int, default=5557, help="the master's port (Locust's default 5557)")
    parser.add_argument("--worker", action="store_true", help="only join a Locust master elsewhere as a worker")
    parser.add_argument("--master-host", default="127.0.0.1", help="with --worker: the master's host")
    parser.add_argument("--sut-url", default=None, help="a vendor's SUT (default: the reference SUT, served here)")
    parser.add_argument("--web", action="store_true", help="Locust's web UI on 127.0.0.1:8089 as well (autostarted)")
    parser.add_argument("--report-dir", type=Path, default=REPORTS / "load", help="default reports/load")
    parser.set_defaults(func=run)


def replay_command(args: argparse.Namespace, profile: str, seed: int) -> str:
    parts = ["golive load", f"--profile {profile}", f"--seed {seed}"]
    for flag in ("citizens", "places", "users", "faults", "sut_url"):
        value = getattr(args, flag)
        if value is not None:
            parts.append(f"--{flag.replace('_', '-')} {value}")
    if args.defects:
        parts.append(f"--defects {args.defects}")
    if args.workers:
        parts.append(f"--workers {args.workers}")
    return " ".join(parts)


def run(args: argparse.Namespace) -> int:
    from golive.load import swarm

    if args.worker:
        return swarm.join(args.master_host, args.master_port)
    from golive.load import plan as plans
    from golive.load.profiles import ProfileError, find

    try:
        profile = find(args.profile).with_overrides(
            citizens=args.citizens, places=args.places, users=args.users, faults=args.faults
        )
    except ProfileError as exc:
        print(f"golive load: {exc}", file=sys.stderr)
        return USAGE
    defects = [d.strip() for d in args.defects.split(",") if d.strip()]
    if defects and args.sut_url:
        print("golive load: --defects switches defects on in the reference SUT only, not a vendor's", file=sys.stderr)
        return USAGE
    from simulators.sygesikring.defects import DEFECTS

    unknown = [d for d in defects if d not in DEFECTS]
    if unknown:
        print(f"golive load: unknown defect(s) {unknown}; known: {', '.join(sorted(DEFECTS))}", file=sys.stderr)
        return USAGE
    seed = args.seed if args.seed is not None else default_seed()
    replay = replay_command(args, profile.name, seed)
    started = time.monotonic()
    report_dir: Path = args.report_dir
    report_dir.mkdir(parents=True, exist_ok=True)
    plan = plans.build(profile, seed)
    print(
        f"golive load {profile.name}: {profile.citizens} citizens, {profile.places} places at "
        f"{profile.opens_at.isoformat()}, {profile.users} users, seed {seed}"
        + (f", defects {', '.join(defects)}" if defects else "")
        + (f", {args.workers} Locust workers" if args.workers else ""),
        flush=True,
    )
    return _run_window(args, profile, plan, seed, defects, replay, report_dir, started)


def _run_window(
    args: argparse.Namespace,
    profile: Any,
    plan: dict[str, Any],
    seed: int,
    defects: list[str],
    replay: str,
    report_dir: Path,
    started: float,
) -> int:
    from golive.load import report as reports
    from golive.load import swarm
    from golive.load import window as windows
    from golive.load.invariants import Observed, check

    try:
        window = windows.serve(seed, args.sut_url, profile.sut_threads)
    except windows.WindowError as exc:
        print(f"golive load: {exc}", file=sys.stderr)
        return USAGE
    try:
        try:
            windows.open_window(
                window, plan, defects=defects, faults=profile.faults, closes_at_capacity=profile.luna_closes_at_capacity
            )
        except windows.WindowError as exc:
            print(f"golive load: the window could not be opened: {exc}", file=sys.stderr)
            return USAGE
        plan["urls"] = {"eflyt": window.urls["eflyt"], "ydernummer": plan["practice"]["ydernummer"]}
        plan_path, outcomes_path = report_dir / "plan.json", report_dir / "outcomes.jsonl"
        plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        outcomes_path.write_text("", encoding="utf-8")
        print(f"simulators: {', '.join(f'{n} {u}' for n, u in window.urls.items())}", flush=True)
        ran = swarm.run(
            host=window.sut_url,
            users=profile.users,
            spawn_rate=profile.spawn_rate,
            run_time_s=profile.max_run_s,
            report_dir=report_dir,
            plan=plan_path,
            outcomes=outcomes_path,
            workers=args.workers,
            expect_workers=args.expect_workers,
            bind_host=args.master_bind_host,
            master_port=args.master_port,
            web=args.web,
        )
        print(
            f"locust: exit {ran.exit_code} after {ran.wall_s:.1f}s"
            + (" (stopped at the deadline)" if ran.timed_out else ""),
            flush=True,
        )
        windows.end_faults(window)
        settled = windows.settle(window)
        state = windows.read_state(window)
    finally:
        window.servers.stop()
    outcomes = [json.loads(line) for line in outcomes_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    observed = Observed(plan, outcomes, state["luna"], state["finance"], state["eflyt"], state["journals"], settled)
    verdicts = check(observed)
    stats = reports.locust_stats(ran.csv_prefix)
    problems = _problems(ran, outcomes, plan, stats, settled)
    result = reports.build(
        profile={"name": profile.name, **profile.as_dict()},
        seed=seed,
        defects=defects,
        workers=args.workers,
        verdicts=verdicts,
        stats=stats,
        timings=reports.journal_timings(state["journals"]),
        wall_s=time.monotonic() - started,
        replay=replay,
        problems=problems,
        sut_url=window.sut_url,
    )
    as_json, as_md = reports.write(result, report_dir)
    print(reports.markdown(result))
    print(f"reports: {as_json}, {as_md}, {ran.html}, {ran.csv_prefix}_stats.csv")
    if problems:
        print(
            f"golive load: the run proves nothing: {'; '.join(problems)} (seed {seed}; replay: {replay})",
            file=sys.stderr,
        )
        if ran.exit_code != 0 or not outcomes:
            print(ran.output[-3000:], file=sys.stderr)
        return USAGE
    if result["brokenInvariants"]:
        print(
            f"golive load FAILED: {', '.join(result['brokenInvariants'])} (seed {seed}; replay: {replay})",
            file=sys.stderr,
        )
        return BROKEN
    return HELD


def _problems(
    ran: Any, outcomes: list[dict[str, Any]], plan: dict[str, Any], stats: dict[str, Any], settled: bool
) -> list[str]:
    """Why a run would prove nothing: Locust broke, nothing was answered, citizens never acted, work never settled."""
    problems = []
    if ran.exit_code not in (0,) or ran.timed_out:
        problems.append(f"Locust ended with exit {ran.exit_code}" + (" at the deadline" if ran.timed_out else ""))
    answered = [o for o in outcomes if o["status"]]
    if not answered:
        problems.append("no request was answered: the SUT could not be reached")
    acted = {o["cpr"] for o in outcomes}
    missing = len(plan["citizens"]) - len(acted)
    if missing:
        problems.append(f"{missing} of {len(plan['citizens'])} citizens never acted")
    if not stats["total"].get("requests"):
        problems.append("Locust counted no request")
    if not settled:
        problems.append("the SUT still had work queued when the settle deadline passed")
    return problems
