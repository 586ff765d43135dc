"""The doctor-choice window at full size (issue 16): `golive load` with the `laegevalgsvindue` profile (10,000 citizens,
300 places) against the reference SUT, three ways — clean, with the concurrency defect, and clean with a Locust master
and 2 local workers — and what each took and found.

    PYTHONPATH=. .venv/bin/python benchmarks/load.py [--runs clean defect workers] [--citizens 10000]

Each run is `golive load` as a user types it, in its own process, its report in a folder of its own under
/tmp/golive-bench-load/; the figures are read from its load.json (Locust's own statistics, the journals' own
timings, each invariant's verdict). Writes benchmarks/results/load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = {
    "clean": [],
    "defect": ["--defects", "capacity-check-not-atomic"],
    "workers": ["--workers", "2"],
}


def one_run(name: str, citizens: int, out: Path) -> dict:
    command = [sys.executable, "-m", "golive.cli", "load", "--citizens", str(citizens), "--report-dir", str(out), *RUNS[name]]
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    wall = time.perf_counter() - started
    report = json.loads((out / "load.json").read_text(encoding="utf-8")) if (out / "load.json").exists() else {}
    total = report.get("locust", {}).get("total", {})
    return {
        "run": name,
        "command": "golive load " + " ".join(command[4:]).replace(str(out), "reports/load"),
        "exitCode": completed.returncode,
        "wallS": round(wall, 1),
        "passed": report.get("passed"),
        "brokenInvariants": report.get("brokenInvariants"),
        "invariants": {v["name"]: {"held": v["held"], "checked": v["checked"], "counterExamples": v["counterExamples"]}
                       for v in report.get("invariants", [])},
        "requests": total.get("requests"),
        "failures": total.get("failures"),
        "requestsPerS": total.get("requestsPerS"),
        "operations": report.get("locust", {}).get("operations"),
        "journals": report.get("journals"),
        "simulatorsP99Ms": report.get("targets", {}).get("simulatorsP99Ms"),
        "problems": report.get("problems"),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", nargs="+", default=list(RUNS), choices=list(RUNS))
    parser.add_argument("--citizens", type=int, default=10000)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    results = []
    for name in args.runs:
        result = one_run(name, args.citizens, Path("/tmp/golive-bench-load") / name)
        results.append(result)
        print(f"{name:<8} exit {result['exitCode']} in {result['wallS']} s; broken {result['brokenInvariants']}; "
              f"{result['requests']} requests at {result['requestsPerS']}/s; simulators' p99 {result['simulatorsP99Ms']} ms",
              flush=True)
    out = ROOT / "benchmarks" / "results" / "load.json"
    out.write_text(json.dumps({
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "loadAverage1mBefore": load_before},
        "runs": results,
    }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
