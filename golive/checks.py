"""Contract checks for `golive run`: every simulator (and the reference SUT) against its own contract.

The run itself is `golive contracts verify`'s: golive/contracts/verify_engine.py builds the one schemathesis
command (all phases — examples, coverage, fuzzing, stateful; positive and negative data; every check), prepares
a simulator (reset, the clock at the date the contract's examples assume, the contract's own SeedData example
loaded, so that examples hit real resources instead of 404s) and writes the reports. This module only adapts
it to `golive run`: one call per contract, results in reports/contracts/ (JUnit `<name>.xml`, schemathesis'
HTML `<name>-html/`, Allure `allure-results/`), one summary line per contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from golive.contracts.verify_engine import (
    CONTRACT_EXAMPLE_DATE,
    PHASES,
    SCHEMATHESIS_CONFIG,
    VerifyOptions,
    prepare_endpoint,
    run_suite,
)
from golive.contracts.verify_engine import schemathesis_command as _command

__all__ = [
    "CheckResult",
    "run_check",
    "schemathesis_command",
    "prepare_simulator",
    "PHASES",
    "SCHEMATHESIS_CONFIG",
    "CONTRACT_EXAMPLE_DATE",
    "contract_results_for_report",
]


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
    allure_dir: Path | None = None  # the Allure results of this contract's suite (shared by all contracts)

    @property
    def passed(self) -> bool:
        return self.exit_code == 0


def _options(
    name: str,
    contract: Path | str,
    base_url: str,
    *,
    seed: int,
    max_examples: int,
    report_dir: Path,
    workers: int | str = 1,
    prepare: bool | None = None,
    extra: list[str] | None = None,
) -> VerifyOptions:
    return VerifyOptions(
        contract=Path(contract),
        base_url=base_url,
        name=name,
        report_dir=report_dir,
        seed=seed,
        max_examples=max_examples,
        workers=str(workers),
        prepare=prepare,
        html=True,
        extra=list(extra or []),
    )


def schemathesis_command(
    contract: Path | str,
    base_url: str,
    *,
    seed: int,
    max_examples: int,
    report_dir: Path,
    name: str,
    workers: int = 1,
    extra: list[str] | None = None,
) -> list[str]:
    """The schemathesis command line for one contract — the very one `golive contracts verify` runs."""
    report_dir.mkdir(parents=True, exist_ok=True)
    return _command(
        _options(
            name,
            contract,
            base_url,
            seed=seed,
            max_examples=max_examples,
            report_dir=report_dir,
            workers=workers,
            extra=extra,
        )
    )


prepare_simulator = prepare_endpoint  # reset, set the clock to the examples' date, load the SeedData example


def run_check(
    name: str,
    contract: Path,
    base_url: str,
    *,
    seed: int,
    max_examples: int,
    report_dir: Path,
    prepare: bool = True,
    extra: list[str] | None = None,
) -> CheckResult:
    from golive.contracts.verify_reports import render_summary

    options = _options(
        name,
        contract,
        base_url,
        seed=seed,
        max_examples=max_examples,
        report_dir=report_dir,
        prepare=prepare,
        extra=extra,
    )
    result = run_suite(options)
    return CheckResult(
        name=name,
        contract=contract.name,
        base_url=base_url,
        exit_code=result.exit_code,
        seed=seed,
        junit=options.junit,
        cases=result.cases,
        failures=len(result.findings) if result.findings else (0 if result.passed else -1),
        output=result.output + "\n" + render_summary(result),
        allure_dir=options.allure_dir,
    )


def contract_results_for_report(results: list[CheckResult], target: Path) -> Path:
    """The contract suites' Allure results of this run, for the HTML report beside the scenarios' (one result per
    operation, epic "Kontrakter", feature the system: golive/contracts/verify_reports.py). A fresh copy in
    `target`: the shared results directory also holds contracts an earlier run checked and this one did not
    (`--only`), which must not show up in this run's report."""
    import shutil

    from golive.contracts.verify_reports import copy_results

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for source in {r.allure_dir for r in results if r.allure_dir is not None}:
        copy_results(source, {r.name for r in results if r.allure_dir == source}, target)
    return target
