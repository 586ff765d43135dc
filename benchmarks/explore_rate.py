"""How fast the explorer explores in-process (business actions per second), before and after a change, and what
limits it: the same exploration with the invariants switched off, and with the oracle switched off too.

    PYTHONPATH=. .venv/bin/python benchmarks/explore_rate.py --before 6a42835 --budget 60 --seed 1 \
        --out benchmarks/results/explore-rate.json

`--before REV` runs `golive explore --budget B --seed S` in a temporary git worktree at REV and then here, one after
the other on the same machine, and reads the rate each prints. The ceiling runs are this checkout's explorer with
`Session._invariants` (and then `observe.compare`) replaced by no-ops in a child process: they are measurements of
what the checks cost, never a way to run the product.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RATE = re.compile(r"(\d+) examples, (\d+) business actions in ([\d.]+)s \((\d+)/s\), (\d+) finding")

CEILING = """
import sys
from golive.explore import session
from golive.explore.run import explore
if sys.argv[1] in ("oracle-only", "actions-only"):
    session.Session._invariants = lambda self: None
if sys.argv[1] == "actions-only":
    session.observe.compare = lambda *a, **k: None
r = explore(int(sys.argv[2]), float(sys.argv[3]))
print(f"{r.examples} examples, {r.actions} business actions in {r.elapsed_s:.1f}s ({r.actions_per_s:.0f}/s), "
      f"{len(r.findings)} finding(s)")
"""


def _run(command: list[str], cwd: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    found = RATE.search(done.stdout)
    if found is None:
        said = f"{done.stdout}\n{done.stderr}"
        raise SystemExit(f"no rate in the output of {' '.join(command)} (exit {done.returncode}):\n{said}")
    examples, actions, seconds, per_s, findings = found.groups()
    return {"examples": int(examples), "actions": int(actions), "seconds": float(seconds),
            "actionsPerSecond": round(int(actions) / float(seconds), 1), "findings": int(findings)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", help="a git revision to measure first (in a temporary worktree)")
    parser.add_argument("--budget", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "explore-rate.json")
    args = parser.parse_args(argv)
    explore = [sys.executable, "-m", "golive.cli", "explore", "--budget", f"{args.budget:g}s", "--seed", str(args.seed)]
    result: dict = {"machine": f"{platform.machine()} {platform.python_version()}", "budgetS": args.budget,
                    "seed": args.seed, "command": " ".join(explore[1:])}
    if args.before:
        with tempfile.TemporaryDirectory(prefix="golive-before-") as where:
            tree = Path(where) / "tree"
            subprocess.run(["git", "worktree", "add", "--detach", str(tree), args.before], cwd=ROOT, check=True,
                           capture_output=True)
            try:
                (tree / "node_modules").symlink_to(ROOT / "node_modules")
                result["before"] = {"revision": args.before, **_run(explore, tree)}
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)
        print("before", result["before"], flush=True)
    result["after"] = _run(explore, ROOT)
    print("after", result["after"], flush=True)
    for mode in ("oracle-only", "actions-only"):
        result[mode] = _run([sys.executable, "-c", CEILING, mode, str(args.seed), str(args.budget)], ROOT)
        print(mode, result[mode], flush=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
