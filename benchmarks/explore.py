"""The explorer (golive explore): business actions per second with the oracle and the invariants on, the reference SUT
clean at three seeds, and per catalogue defect whether the explorer alone catches it within a budget.

    PYTHONPATH=. .venv/bin/python benchmarks/explore.py --clean-budget 600 --seeds 1 2 3 --skip-defects \
        --out benchmarks/results/explore-clean.json          # the reference SUT, 10 minutes at each of three seeds
    PYTHONPATH=. .venv/bin/python benchmarks/explore.py --seeds --defect-budget 60 \
        --out benchmarks/results/explore-defects.json --features tests/data/fundet   # every catalogue defect

Everything runs in this process, in-process worlds on virtual time (one fresh World per example): the figures are
CPU-bound and say what one core explores.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results" / "explore.json"
DEFECT_SEED = 0


def main(argv: list[str] | None = None) -> dict:
    sys.path.insert(0, str(ROOT))
    from golive.explore import writeback
    from golive.explore.run import explore, run_chunk
    from simulators.sygesikring.defects import DEFECTS  # the catalogue (a benchmark may read the reference SUT)

    parser = argparse.ArgumentParser()
    parser.add_argument("--clean-budget", type=float, default=120.0, help="seconds per clean seed")
    parser.add_argument("--defect-budget", type=float, default=20.0, help="seconds per defect (at most 60)")
    parser.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3])
    parser.add_argument("--skip-defects", action="store_true")
    parser.add_argument("--shrink-budget", type=float, default=60.0, help="seconds Hypothesis may shrink a finding")
    parser.add_argument("--out", type=Path, default=OUT, help="where the figures go (written after every defect)")
    parser.add_argument("--features", type=Path, default=None, help="write each caught defect's finding here")
    args = parser.parse_args(argv)
    from simulators.sygesikring.defects import LOAD_ONLY

    clean = []
    for seed in args.seeds:
        r = explore(seed, args.clean_budget)
        clean.append(
            {
                "seed": seed,
                "seconds": round(r.elapsed_s, 1),
                "examples": r.examples,
                "actions": r.actions,
                "actionsPerSecond": round(r.actions_per_s, 1),
                "findings": [{"message": f.message[:500], "replay": f.replay_command()} for f in r.findings],
            }
        )
        print(json.dumps(clean[-1]), flush=True)
        _write(args, clean, [])
    defects = []
    if not args.skip_defects:
        from hypothesis.internal.conjecture import engine

        engine.MAX_SHRINKING_SECONDS = int(args.shrink_budget)  # Hypothesis' own bound on shrinking (default 300 s)
        for name in DEFECTS:
            # Caught or not is the explorer's first failure within the budget; it is then shrunk apart, from the
            # same chunk (a chunk replays exactly), for the written-out finding: shrinking is not finding.
            started = time.perf_counter()
            r = explore(DEFECT_SEED, min(args.defect_budget, 60.0), defects=(name,), shrink=False)
            caught_after = round(time.perf_counter() - started, 1)
            f = r.findings[0] if r.findings else None
            if f is not None:
                f = run_chunk(f.seed, f.examples, f.steps, f.defects)[0] or f
            defects.append(
                {
                    "defect": name,
                    "caught": f is not None,
                    "seconds": caught_after,  # to the first failure (or the budget spent)
                    "withShrinkingS": round(time.perf_counter() - started, 1),
                    "steps": len(f.trace) if f else None,  # the shrunk run's steps (Given/When), as written back
                    "loadOnly": name in LOAD_ONLY,
                    "blamed": list(f.blamed) if f else [],
                    "message": f.message[:300] if f else None,
                    "replay": f.replay_command() if f else None,
                }
            )
            if f is not None and args.features:  # the shrunk run as a test manager reads it (tests run them)
                args.features.mkdir(parents=True, exist_ok=True)
                (args.features / f"{name}.feature").write_text(writeback.feature_text(f), encoding="utf-8")
            print(f"{name}: {'caught' if f else 'not caught'} in {caught_after}s", flush=True)
            _write(args, clean, defects)
    return _write(args, clean, defects, final=True)


def _write(args: argparse.Namespace, clean: list[dict], defects: list[dict], final: bool = False) -> dict:
    caught = sum(d["caught"] for d in defects)
    single = [d for d in defects if not d.get("loadOnly")]  # one request at a time can reveal these
    steps = sorted(d["steps"] for d in defects if d["caught"] and d.get("steps"))
    result = {
        "machine": f"{platform.machine()} {platform.python_version()}",
        "cleanBudgetS": args.clean_budget,
        "defectBudgetS": args.defect_budget,
        "clean": clean,
        "actionsPerSecond": round(sum(c["actions"] for c in clean) / max(1e-9, sum(c["seconds"] for c in clean)), 1),
        "defects": defects,
        "caught": caught,
        "total": len(defects),
        "caughtSingleThreaded": sum(d["caught"] for d in single),
        "totalSingleThreaded": len(single),
        "medianSteps": steps[len(steps) // 2] if steps else None,
        "complete": final,
    }
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if final:
        print(f"actions/s {result['actionsPerSecond']}; clean findings {sum(len(c['findings']) for c in clean)}; "
              f"defects caught {caught}/{len(defects)}; median steps {result['medianSteps']}; {args.out}")
    return result


if __name__ == "__main__":
    main()
