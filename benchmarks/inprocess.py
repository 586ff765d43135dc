"""In-process benchmark: how many GET /practices/{ydernummer} calls per second Luna handles without a socket.

Why: most of golive's own scenario tests run the simulators in-process (no ports, no threads), so the
kernel's per-call cost (route lookup, contract validation of request and response, handler, journal
entry) bounds how fast a test suite can go. The issue's target is >= 20,000 calls/s straight through the
kernel.

Two ways in, same simulator, same seeded practice:
  (a) `sim.handle(Request(method="GET", path="/practices/012345"))`: the kernel alone;
  (b) an httpx client on golive's in-process transport (`Network().client(...)`): what a test sees,
      including httpx's request/response building.

Each is run REPETITIONS times on a fresh simulator (so every repetition starts with an empty journal);
the median is reported. `--profile` prints a cProfile table of (a), sorted by own time.

Run: `.venv/bin/python benchmarks/inprocess.py` (about 15 s). Writes benchmarks/results/inprocess.json.
This is a script, not a test: nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
import pstats
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulators import luna  # noqa: E402
from simulators.core import Network  # noqa: E402
from simulators.core.http import Request  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "inprocess.json"
PATH = "/practices/012345"
TARGET_CALLS_PER_S = 20_000
REPETITIONS = 3
PRACTICE = luna.example_practice()  # the contract owns it (Luna SeedData example)


def seeded_luna():
    sim = luna.create()
    sim.model.load({"practices": [PRACTICE]})
    return sim


def direct(calls: int) -> float:
    sim = seeded_luna()
    assert sim.handle(Request(method="GET", path=PATH)).status == 200
    start = time.perf_counter()
    for _ in range(calls):
        sim.handle(Request(method="GET", path=PATH))
    elapsed = time.perf_counter() - start
    assert len(sim.journal) == calls + 1, "every call must be journaled: the journal is part of what is measured"
    return calls / elapsed


def through_httpx(calls: int) -> float:
    sim = seeded_luna()
    net = Network()
    net.register("http://luna.test", sim)
    client = net.client("http://luna.test")
    assert client.get(PATH).status_code == 200
    start = time.perf_counter()
    for _ in range(calls):
        client.get(PATH)
    elapsed = time.perf_counter() - start
    client.close()
    assert len(sim.journal) == calls + 1, "every call must be journaled: the journal is part of what is measured"
    return calls / elapsed


def measure(fn: Callable[[int], float], calls: int) -> dict[str, Any]:
    runs = []
    for _ in range(REPETITIONS):
        gc.collect()  # the previous repetition's simulator and journal go before the next one starts
        runs.append(round(fn(calls), 1))
    return {"callsPerRepetition": calls, "repetitions": runs, "medianCallsPerSecond": statistics.median(runs),
            "microsecondsPerCall": round(1e6 / statistics.median(runs), 2)}


def profile(calls: int, top: int) -> None:
    sim = seeded_luna()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        sim.handle(Request(method="GET", path=PATH))
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=50_000, help="calls per repetition for (a) (default 50000)")
    parser.add_argument("--httpx-calls", type=int, default=10_000, help="calls per repetition for (b) (default 10000)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile table of (a) instead of benchmarking")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.profile:
        profile(args.calls, 30)
        return

    import httpx

    load_before = os.getloadavg()
    a = measure(direct, args.calls)
    b = measure(through_httpx, args.httpx_calls)
    load_after = os.getloadavg()
    result = {
        "benchmark": "GET /practices/012345 in-process, Luna simulator (validation and journal on)",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"nproc": os.cpu_count(), "python": platform.python_version(), "httpx": httpx.__version__,
                    "platform": platform.platform(),
                    # Other work on the machine skews the figures; the 1-minute load average says how much.
                    "loadAverage1mBefore": round(load_before[0], 2), "loadAverage1mAfter": round(load_after[0], 2)},
        "aggregation": f"median of {REPETITIONS} repetitions, each on a fresh simulator",
        "figures": {"a_simHandle": a, "b_httpxInProcessTransport": b},
        "target": {"a_callsPerSecondAtLeast": TARGET_CALLS_PER_S, "met": a["medianCallsPerSecond"] >= TARGET_CALLS_PER_S},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{result['benchmark']}\n{result['date']}  nproc={os.cpu_count()}  python {platform.python_version()}  "
          f"load average {load_before[0]:.2f} -> {load_after[0]:.2f}")
    print(f"{'way in':<34} | {'median calls/s':>14} | {'µs/call':>8} | repetitions")
    print("-" * 90)
    for label, fig in (("(a) sim.handle(Request)", a), ("(b) httpx, in-process transport", b)):
        print(f"{label:<34} | {fig['medianCallsPerSecond']:>14,.0f} | {fig['microsecondsPerCall']:>8.2f} | {fig['repetitions']}")
    verdict = "met" if result["target"]["met"] else "NOT met"
    print(f"target (a) >= {TARGET_CALLS_PER_S:,} calls/s: {verdict}")
    print(f"written: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


if __name__ == "__main__":
    main()
