"""How long the Gherkin suite takes in-process: median per-scenario time and suite wall time, before and after.

    .venv/bin/python benchmarks/scenarios.py [--runs 3] [features-dir]    # writes benchmarks/results/scenarios.json

Runs `pytest features/test_scenarios.py` serially in a subprocess, `--runs` times, exactly as a user types it, and
reads the per-testcase times from each run's JUnit file: pytest's own start-up (plugin imports, collection) is in
the wall time but not in the per-scenario figures. It reports the median over the runs of the suite wall, of
pytest's own "passed in" time (the scenarios without start-up) and of the per-scenario median, beside the figures
from before the virtual-time scheduler (issue 10), measured on this machine with the same command. The trace digest
of every run is recorded too: with one seed, every run must print the same one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "scenarios.json"
# Measured on 2026-11-30 at commit 7acd280 (threads, polling, a 0.15 s quiet window), same command, same machine.
BEFORE = {"scenarios": 68, "suite_wall_s": 69.5, "pytest_s": 69.5, "median_scenario_s": 1.011, "max_scenario_s": 1.468}


def one_run(features: Path, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        junit, trace = Path(tmp) / "junit.xml", Path(tmp) / "trace.json"
        started = time.perf_counter()
        completed = subprocess.run([sys.executable, "-m", "pytest", str(features), "-q", "-p", "no:cacheprovider",
                                    "-p", "no:randomly", "-p", "no:xdist", f"--junitxml={junit}",
                                    f"--golive-trace-file={trace}", "--golive-seed", str(seed)],
                                   capture_output=True, text=True, cwd=ROOT)
        wall = time.perf_counter() - started
        times = [float(c.get("time", 0)) for c in ET.parse(junit).getroot().iter("testcase")] if junit.exists() else []
        digest = json.loads(trace.read_text())["digest"] if trace.exists() else None
    passed_in = re.search(r"passed in ([\d.]+)s", completed.stdout)
    return {"exit_code": completed.returncode, "scenarios": len(times), "suite_wall_s": wall,
            "pytest_s": float(passed_in.group(1)) if passed_in else None,
            "median_scenario_s": statistics.median(times) if times else None,
            "max_scenario_s": max(times) if times else None, "trace_digest": digest}


def main(features: Path, runs: int, seed: int) -> dict:
    load = os.getloadavg()[0]
    measured = [one_run(features, seed) for _ in range(runs)]

    def median(key: str) -> float | None:
        values = [m[key] for m in measured if m[key] is not None]
        return round(statistics.median(values), 4) if values else None

    after = {"scenarios": measured[0]["scenarios"], "suite_wall_s": median("suite_wall_s"), "pytest_s": median("pytest_s"),
             "median_scenario_s": median("median_scenario_s"), "max_scenario_s": median("max_scenario_s")}
    result = {
        "command": f"pytest {features.relative_to(ROOT) if features.is_relative_to(ROOT) else features} -p no:xdist "
                   f"--golive-seed {seed}",
        "runs": runs, "load_average_before": round(load, 2), "python": sys.version.split()[0],
        "exit_codes": [m["exit_code"] for m in measured],
        "trace_digests": sorted({m["trace_digest"] for m in measured if m["trace_digest"]}),
        "before": BEFORE, "after": after,
        "speed_up": {k: round(BEFORE[k] / after[k], 1) for k in ("suite_wall_s", "pytest_s", "median_scenario_s") if after[k]},
        "targets": {"median_scenario_le_30ms": after["median_scenario_s"] is not None and after["median_scenario_s"] <= 0.030,
                    "suite_wall_le_5s": after["suite_wall_s"] is not None and after["suite_wall_s"] <= 5.0},
        "runs_detail": measured,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'figure':<28}{'before':>10}{'after':>10}")
    for key in ("suite_wall_s", "pytest_s", "median_scenario_s", "max_scenario_s"):
        print(f"{key:<28}{BEFORE[key]:>10.3f}{after[key]:>10.3f}")
    print(f"trace digests over {runs} runs: {result['trace_digests']}")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("features", nargs="?", default=str(ROOT / "features" / "test_scenarios.py"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    main(Path(options.features).resolve(), options.runs, options.seed)
