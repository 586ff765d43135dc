"""How long the Gherkin suite takes: median per-scenario time and suite wall time.

    .venv/bin/python benchmarks/scenarios.py [features-dir]    # writes benchmarks/results/scenarios.json

Runs `pytest features --junitxml` once in a subprocess (in-process worlds, reference SUT) and reads the
per-testcase times from the JUnit file, so pytest's own start-up is in the wall time but not in the medians.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "scenarios.json"


def main(features: Path = ROOT / "features") -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        started = time.perf_counter()
        completed = subprocess.run([sys.executable, "-m", "pytest", str(features), "-q", "-p", "no:cacheprovider",
                                    f"--junitxml={junit}"], capture_output=True, text=True, cwd=ROOT)
        wall = time.perf_counter() - started
        cases = ET.parse(junit).getroot().iter("testcase") if junit.exists() else []
        times = {f"{c.get('classname')}::{c.get('name')}": float(c.get("time", 0)) for c in cases}
    result = {
        "features": str(features.relative_to(ROOT) if features.is_relative_to(ROOT) else features),
        "scenarios": len(times),
        "pytest_exit_code": completed.returncode,
        "suite_wall_s": round(wall, 3),
        "median_scenario_s": round(statistics.median(times.values()), 4) if times else None,
        "max_scenario_s": round(max(times.values()), 4) if times else None,
        "python": sys.version.split()[0],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "features")
