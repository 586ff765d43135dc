"""Generation benchmark: how fast fixtures/ makes CPR numbers, persons, families, practices and variation sets.

Why: the harness builds its test world from these generators on every run (one case per pairwise row, plus
bulk seeds of up to 100,000 persons for load-style scenarios), so their speed bounds how big a seeded world
can be before generation, not the system under test, dominates a run.

What is measured, each with a fixed seed on a fresh factory, REPETITIONS times, median reported:

- CPR numbers/s: `CprFactory(seed).make(...)` for random birth dates 1930-2020, both sexes, one in three
  without modulus 11 (uniqueness bookkeeping included);
- persons/s: `DataFactory(seed).person()` (name, CPR number, status, address, all drawn);
- families/s: `DataFactory(seed).family()` (two parents, 1-3 children, custody);
- practices/s: `DataFactory(seed).practice()` (unique ydernummer, address, capacity);
- pairwise: one `pairwise(DIMENSIONS, seed)` call (allpairspy + completion + pruning, 8 attempts), its row
  count, and one `coverage(...)` check;
- cases/s: `build_case(row, factory)` for the rows of a pairwise set (a citizen, household and practice each).

Run: `.venv/bin/python benchmarks/generation.py` (about 20 s). Writes benchmarks/results/generation.json.
This is a script, not a test: nothing here asserts timings.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, datetime, timezone
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fixtures.cpr import SEXES, CprFactory  # noqa: E402
from fixtures.profiles import build_cases  # noqa: E402
from fixtures.providers import DataFactory  # noqa: E402
from fixtures.variation import DIMENSIONS, coverage, pairwise  # noqa: E402

SEED = 2024
TODAY = date(2025, 1, 1)
REPETITIONS = 3
COUNTS = {"cpr": 200_000, "persons": 20_000, "families": 5_000, "practices": 20_000}
RESULT = ROOT / "benchmarks" / "results" / "generation.json"


def _timed(run: Callable[[], Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _cpr_numbers() -> float:
    n = COUNTS["cpr"]
    factory, choose = CprFactory(SEED), random.Random(SEED)
    births = [date.fromordinal(date(1930, 1, 1).toordinal() + choose.randrange(33_000)) for _ in range(n)]

    def run() -> None:
        for i, born in enumerate(births):
            factory.make(born, SEXES[i % 2], i % 3 != 0)

    return n / _timed(run)


def _per_second(kind: str, make: Callable[[DataFactory], Any]) -> float:
    n = COUNTS[kind]
    factory = DataFactory(SEED, today=TODAY)
    return n / _timed(lambda: [make(factory) for _ in range(n)])


def _pairwise() -> dict[str, float]:
    rows: list = []
    seconds = _timed(lambda: rows.extend(pairwise(DIMENSIONS, SEED)))
    report: list = []
    coverage_seconds = _timed(lambda: report.append(coverage(rows, DIMENSIONS)))
    factory = DataFactory(SEED, today=TODAY)
    case_seconds = _timed(lambda: build_cases(rows, factory))
    return {
        "pairwise_seconds": seconds,
        "pairwise_rows": len(rows),
        "coverage_seconds": coverage_seconds,
        "allowed_pairs": len(report[0].allowed),
        "cases_per_second": len(rows) / case_seconds,
    }


def main() -> None:
    load_before = os.getloadavg()[0]
    rounds: list[dict[str, float]] = []
    for _ in range(REPETITIONS):
        rounds.append(
            {
                "cpr_numbers_per_second": _cpr_numbers(),
                "persons_per_second": _per_second("persons", lambda f: f.person()),
                "families_per_second": _per_second("families", lambda f: f.family()),
                "practices_per_second": _per_second("practices", lambda f: f.practice()),
                **_pairwise(),
            }
        )
    median = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    result = {
        "benchmark": "generation",
        "command": ".venv/bin/python benchmarks/generation.py",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "faker": version("faker"),
            "allpairspy": version("allpairspy"),
            "load_average_1min_before": round(load_before, 2),
        },
        "seed": SEED,
        "today": TODAY.isoformat(),
        "repetitions": REPETITIONS,
        "counts": COUNTS,
        "median": {k: round(v, 3) for k, v in median.items()},
        "rounds": [{k: round(v, 3) for k, v in r.items()} for r in rounds],
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    width = max(len(k) for k in median)
    for key, value in median.items():
        print(f"{key:<{width}}  {value:>12,.3f}")
    print(f"wrote {RESULT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
