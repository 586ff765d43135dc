"""Contract checks: schemathesis against a running endpoint, one contract at a time.

Schemathesis is the engine (examples, coverage, fuzzing and stateful phases; positive and negative
data; every check). golive adds what a run against simulators needs: the simulator is seeded with the
contract's own example data (`components.schemas.SeedData.examples`) and its clock set to the date
the examples are written for, so that examples hit real resources instead of 404s; and the results
land in reports/ as JUnit XML and schemathesis' HTML report, with one summary line per contract.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from golive.config import CONTRACTS, ROOT

PHASES = "examples,coverage,fuzzing,stateful"
SCHEMATHESIS_CONFIG = CONTRACTS / "schemathesis.toml"
CONTRACT_EXAMPLE_DATE = "2024-03-01T12:00:00+00:00"  # the virtual "today" every contract's examples assume


@dataclass
class CheckResult:
    name: str
    contract: str
    base_url: str
    exit_code: int
    seed: int
    junit: Path
    cases: int = 0
    failures: int = 0
    output: str = field(default="", repr=False)

    @property
    def passed(self) -> bool:
        return self.exit_code == 0


def schemathesis_command(contract: Path | str, base_url: str, *, seed: int, max_examples: int, report_dir: Path,
                         name: str, workers: int = 1, extra: list[str] | None = None) -> list[str]:
    report_dir.mkdir(parents=True, exist_ok=True)
    return [
        sys.executable, "-m", "schemathesis.cli",
        "--config-file", str(SCHEMATHESIS_CONFIG),
        "run", str(contract),
        "--url", base_url,
        "--phases", PHASES,
        "--mode", "all",
        "--checks", "all",
        "--max-examples", str(max_examples),
        "--seed", str(seed),
        "--workers", str(workers),
        "--no-color",
        "--generation-database", "none",
        "--suppress-health-check", "all",
        "--report", "junit,html",
        "--report-junit-path", str(report_dir / f"{name}.xml"),
        "--report-html-path", str(report_dir / f"{name}-html"),
        *(extra or []),
    ]


def prepare_simulator(base_url: str, contract: Path) -> None:
    """Reset, set the clock to the examples' date and load the contract's own SeedData example."""
    from simulators.core.contract import load_yaml

    document = load_yaml(contract)
    seed_schema = document.get("components", {}).get("schemas", {}).get("SeedData", {})
    with httpx.Client(base_url=base_url, timeout=10) as client:
        client.post("/__admin/reset").raise_for_status()
        client.put("/__admin/clock", json={"now": CONTRACT_EXAMPLE_DATE}).raise_for_status()
        for example in seed_schema.get("examples", []):
            client.post("/__admin/seed", json={"data": example}).raise_for_status()


def run_check(name: str, contract: Path, base_url: str, *, seed: int, max_examples: int, report_dir: Path,
              prepare: bool = True, extra: list[str] | None = None) -> CheckResult:
    if prepare:
        prepare_simulator(base_url, contract)
    command = schemathesis_command(contract, base_url, seed=seed, max_examples=max_examples, report_dir=report_dir,
                                   name=name, extra=extra)
    completed = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    output = completed.stdout + completed.stderr
    generated = re.search(r"(\d+) generated", output)
    failures = re.search(r"(\d+) unique failures", output)
    return CheckResult(
        name=name,
        contract=contract.name,
        base_url=base_url,
        exit_code=completed.returncode,
        seed=seed,
        junit=report_dir / f"{name}.xml",
        cases=int(generated.group(1)) if generated else 0,
        failures=int(failures.group(1)) if failures else (0 if completed.returncode == 0 else -1),
        output=output,
    )
