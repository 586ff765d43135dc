"""Throughput of `golive contracts verify`: cases per second in-process (ASGI, no sockets) and over loopback.

Why: a vendor's CI pays for every case, and golive's own suite runs the contract checks on every build. The
question is how much of a run's time is the network and how much is schemathesis itself (case generation,
checks) — and what a whole `golive contracts verify` costs on top (process start, pre-flight, reports).

Three measurements, same contract, seed, example count and phases (all four, every check):

  (a) in-process: schemathesis' engine (its Python API) against the simulator's ASGI app — golive's
      `AsgiApp(simulator)`, the very app uvicorn serves — through schemathesis' ASGI transport; no sockets;
  (b) loopback: the same engine call against the same simulator served by uvicorn on 127.0.0.1;
  (c) the command: `golive contracts verify <contract> --base-url <loopback URL> -q`, end to end
      (a `python -m schemathesis.cli` subprocess, pre-flight, simulator preparation, JUnit/Allure/JSON).

(a) and (b) differ only in transport. For each, the simulator is reset and seeded with its contract's SeedData
example first, as verify does; after one uncounted warm-up of (a) and (b) each is run REPETITIONS times and
the median is reported. A case is one request
schemathesis generated and checked (for (c) its "N generated" count).

Run: `.venv/bin/python benchmarks/verify.py [--contract luna] [--max-examples 10]` (about a minute for luna at
10 examples). Writes benchmarks/results/verify.json. A script, not a test: nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from golive.config import CONTRACTS  # noqa: E402
from golive.contracts.verify_engine import (CONTRACT_EXAMPLE_DATE, PHASES, SCHEMATHESIS_CONFIG,  # noqa: E402
                                            VerifyOptions, prepare_simulator)
from golive.serve import loopback_world  # noqa: E402
from simulators.core.asgi import AsgiApp  # noqa: E402
from simulators.core.contract import load_yaml  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "verify.json"
REPETITIONS = 3
SEED = 1


def schemathesis_config(seed: int, max_examples: int):
    """The settings `golive contracts verify` passes on its command line, through schemathesis' Python API."""
    from schemathesis.config import HealthCheck, SchemathesisConfig
    from schemathesis.generation import GenerationMode

    config = SchemathesisConfig.from_path(str(SCHEMATHESIS_CONFIG))
    config.update(seed=seed, suppress_health_check=[HealthCheck.all], max_failures=None)
    config.projects.override.phases.update(phases=list(PHASES))
    config.projects.override.checks.update(included_check_names=["all"])
    config.projects.override.generation.update(modes=list(GenerationMode), max_examples=max_examples, database="none")
    return config


def run_engine(schema) -> tuple[int, float, str]:
    """Run every phase; return (cases, seconds, stop reason)."""
    import schemathesis
    from schemathesis.engine import events

    cases = 0
    started = time.perf_counter()
    stop = ""
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            cases += len(event.recorder.cases)
        elif isinstance(event, events.EngineFinished):
            stop = event.stop_reason.value
    return cases, time.perf_counter() - started, stop


def in_process(contract_name: str, seed: int, max_examples: int) -> tuple[int, float]:
    import schemathesis

    from simulators.world import World

    contract = CONTRACTS / f"{contract_name}.openapi.yaml"
    with World(seed=0) as world:
        simulator = world[contract_name]
        app = AsgiApp(simulator)
        _admin_prepare_in_process(app, contract)
        schema = schemathesis.openapi.from_path(contract, config=schemathesis_config(seed, max_examples))
        schema.app = app
        schema.config.update(base_url="http://testserver")
        cases, seconds, _ = run_engine(schema)
    return cases, seconds


def _admin_prepare_in_process(app, contract: Path) -> None:
    """Reset, clock, SeedData — through the app's own admin API, as verify does over HTTP."""
    from schemathesis.python import asgi

    seed_schema = load_yaml(contract).get("components", {}).get("schemas", {}).get("SeedData", {})
    with asgi.get_client(app) as client:
        assert client.post("/__admin/reset").status_code < 300
        assert client.put("/__admin/clock", json={"now": CONTRACT_EXAMPLE_DATE}).status_code < 300
        for example in seed_schema.get("examples", []):
            assert client.post("/__admin/seed", json={"data": example}).status_code < 300


def loopback(url: str, contract_name: str, seed: int, max_examples: int) -> tuple[int, float]:
    import schemathesis

    contract = CONTRACTS / f"{contract_name}.openapi.yaml"
    prepare_simulator(VerifyOptions(contract=contract, base_url=url, name=contract_name, report_dir=Path("."), seed=seed))
    schema = schemathesis.openapi.from_path(contract, config=schemathesis_config(seed, max_examples))
    schema.config.update(base_url=url)
    cases, seconds, _ = run_engine(schema)
    return cases, seconds


def command(url: str, contract_name: str, seed: int, max_examples: int) -> tuple[int, float]:
    with TemporaryDirectory() as reports:
        started = time.perf_counter()
        completed = subprocess.run(
            [str(Path(sys.executable).with_name("golive")), "contracts", "verify", contract_name, "--base-url", url,
             "--seed", str(seed), "--max-examples", str(max_examples), "--report-dir", reports, "-q"],
            capture_output=True, text=True, cwd=ROOT)
        seconds = time.perf_counter() - started
    found = re.search(r"(\d+) cases", completed.stdout)
    if completed.returncode != 0 or not found:
        raise SystemExit(f"verify failed ({completed.returncode}):\n{completed.stdout[-3000:]}{completed.stderr[-2000:]}")
    return int(found.group(1)), seconds


def summarise(runs: list[tuple[int, float]]) -> dict:
    rates = [cases / seconds for cases, seconds in runs]
    return {"runs": [{"cases": c, "seconds": round(s, 2), "cases_per_s": round(c / s, 1)} for c, s in runs],
            "median_cases_per_s": round(statistics.median(rates), 1),
            "median_seconds": round(statistics.median(s for _, s in runs), 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contract", default="luna", choices=["luna", "servicebus", "eflyt", "finance", "cpr"])
    parser.add_argument("--max-examples", type=int, default=10)
    parser.add_argument("--repetitions", type=int, default=REPETITIONS)
    args = parser.parse_args()

    measured: dict[str, list[tuple[int, float]]] = {"in_process": [], "loopback": [], "command": []}
    servers = loopback_world(seed=0, auto_ports=True, systems=[args.contract], log_level="error").start()
    try:
        url = servers.urls()[args.contract]
        in_process(args.contract, SEED, args.max_examples)  # warm-up, not counted: imports, compiled strategies
        loopback(url, args.contract, SEED, args.max_examples)
        for _ in range(args.repetitions):
            measured["in_process"].append(in_process(args.contract, SEED, args.max_examples))
            measured["loopback"].append(loopback(url, args.contract, SEED, args.max_examples))
            measured["command"].append(command(url, args.contract, SEED, args.max_examples))
            print({k: v[-1] for k, v in measured.items()}, flush=True)
    finally:
        servers.stop()

    result = {
        "benchmark": "golive contracts verify: cases per second, in-process (ASGI) vs loopback vs the whole command",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "run_with": f".venv/bin/python benchmarks/verify.py --contract {args.contract} --max-examples {args.max_examples}",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "contract": args.contract, "seed": SEED, "max_examples": args.max_examples, "phases": list(PHASES),
        "repetitions": args.repetitions,
        **{name: summarise(runs) for name, runs in measured.items()},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for name in measured:
        print(f"{name:<11} {result[name]['median_cases_per_s']:>8.1f} cases/s  (median of {args.repetitions}; "
              f"{result[name]['median_seconds']} s per run)")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
