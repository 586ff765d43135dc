"""How long `golive selftest` takes: the whole scenario suite once without defects and once per seeded defect.

    .venv/bin/python benchmarks/selftest.py [selftest options, e.g. --parallel 2 --workers 0]
                                                  # writes benchmarks/results/selftest.json

Why a benchmark of its own: the selftest is (number of defects + 1) suite runs, so it is the slowest thing golive
does, and the figure decides whether CI can afford it on every push. The command runs in a subprocess exactly as a
user would type it; its own report (reports go to a temporary directory) gives the per-run wall times, so the
result shows the suite-run median beside the total and the detection rate it bought.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "selftest.json"


def main(options: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="golive-selftest-bench-") as tmp:
        command = [sys.executable, "-m", "golive.cli", "selftest", "--report-dir", tmp, *options]
        started = time.perf_counter()
        completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - started
        report_path = Path(tmp) / "selftest.json"
        report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else None
    runs = ([report["baseline"]["wallS"]] + [d["wallS"] for d in report["defects"]]) if report else []
    result = {
        "command": "golive selftest " + " ".join(options),
        "exit_code": completed.returncode,
        "wall_s": round(wall, 1),
        "suite_runs": len(runs),
        "median_suite_run_s": round(statistics.median(runs), 1) if runs else None,
        "scenarios_per_run": report["baseline"]["scenarios"] if report else None,
        "detection": report["detection"] if report else None,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
