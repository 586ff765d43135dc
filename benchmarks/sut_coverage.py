"""Which lines and branches of the reference SUT the scenario suite and the explorer never run: the blind spots.

    PYTHONPATH=. .venv/bin/python benchmarks/sut_coverage.py --budget 90 --seed 3 \
        --out benchmarks/results/sut-coverage.json

Needs coverage.py (`.venv/bin/pip install coverage`; not a project dependency, as cosmic-ray for mutation.py).

Why: a mutant of a line nothing runs survives every test, and so does a vendor's mistake there. Mutation testing
names the survivors one by one, slowly; coverage names the code no test reaches at all, in two minutes. Each
unreached line is read as one of: reached only when a catalogue defect is on (the policy's other branch: fine), a
client's mistake no test makes, or behaviour nothing exercises -- the last is a gap to close with a general mechanism
(an input the explorer never generates, a neighbour state no step sets up). Stop 30 found this way that no request
was ever sent twice, that Finance never closed a month, and which rules had no boundary on one side.

The run: `pytest features` (every scenario, in-process) and `golive explore --budget B --seed S`, each under
coverage with branch measurement, limited to simulators/sygesikring/; the JSON lists, per file, the lines and
branches never taken with the text of each line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "simulators/sygesikring"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget", type=float, default=90.0, help="the exploration's budget in seconds")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "sut-coverage.json")
    args = parser.parse_args(argv)
    try:
        import coverage
    except ImportError:
        raise SystemExit("coverage.py is not installed: .venv/bin/pip install coverage") from None
    with tempfile.TemporaryDirectory(prefix="golive-coverage-") as where:
        rc = Path(where) / "coveragerc"
        data = Path(where) / ".coverage"
        rc.write_text(
            f"[run]\nbranch = True\nsource = {SOURCE}\ndata_file = {data}\nparallel = True\nconcurrency = thread\n",
            encoding="utf-8",
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        runs: dict[str, list[str]] = {
            "scenarios": ["-m", "pytest", "features", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"],
            "explorer": ["-m", "golive.cli", "explore", "--budget", f"{args.budget:g}s", "--seed", str(args.seed),
                         "--report-dir", str(Path(where) / "explore")],
        }
        for name, command in runs.items():
            done = subprocess.run([sys.executable, "-m", "coverage", "run", f"--rcfile={rc}", *command], cwd=ROOT,
                                  env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"{name} failed under coverage (exit {done.returncode}):\n{done.stdout[-3000:]}")
        cov = coverage.Coverage(data_file=str(data), config_file=str(rc))
        cov.combine(data_paths=[where])
        cov.load()
        report = Path(where) / "coverage.json"
        cov.json_report(outfile=str(report), show_contexts=False)
        measured = json.loads(report.read_text(encoding="utf-8"))["files"]
        files, total_lines, total_missed = {}, 0, 0
        for name, found in sorted(measured.items()):
            path = (ROOT / name) if not Path(name).is_absolute() else Path(name)
            lines = path.read_text(encoding="utf-8").splitlines()
            summary = found["summary"]
            total_lines += summary["num_statements"]
            total_missed += summary["missing_lines"]
            if found["missing_lines"] or found.get("missing_branches"):
                files[path.resolve().relative_to(ROOT).as_posix()] = {
                    "statements": summary["num_statements"],
                    "missed": [{"line": n, "text": lines[n - 1].strip()} for n in found["missing_lines"]],
                    "branchesNotTaken": found.get("missing_branches", []),
                }
    result = {
        "command": f"benchmarks/sut_coverage.py --budget {args.budget:g} --seed {args.seed}",
        "runs": {"scenarios": " ".join(runs["scenarios"][1:]), "explorer": " ".join(runs["explorer"][1:5])},
        "statements": total_lines,
        "statementsNeverRun": total_missed,
        "statementCoverage": round(1 - total_missed / total_lines, 4) if total_lines else None,
        "files": files,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{total_missed} of {total_lines} statements of {SOURCE} never run ({result['statementCoverage']:.1%} run); "
          f"per file in {args.out}")
    return result


if __name__ == "__main__":
    main()
