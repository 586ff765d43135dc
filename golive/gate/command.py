"""`golive gate`: the command (exit 0 ready, 1 not ready, 2 usage error)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from golive import blame
from golive.config import REPORTS
from golive.gate import allure_gate, bundle, config, dossier
from golive.gate.decide import NOT_REQUIRED, decide
from golive.gate.evidence import collect
from simulators import registry

READY_EXIT, NOT_READY_EXIT, USAGE_EXIT = 0, 1, 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reports", type=Path, default=REPORTS, help="the reports folder to read (default reports/)")
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="a TOML file with a [gate] table (default: golive.toml, else pyproject.toml's [tool.golive.gate])",
    )
    parser.add_argument("--json", action="store_true", help="print the decision as JSON (for CI)")
    parser.add_argument(
        "--require",
        nargs="+",
        metavar="EVIDENCE",
        default=None,
        help=f"the evidence required, instead of the configuration's ({', '.join(config.CHECKS)})",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="SYSTEM",
        default=None,
        help="judge only these integrations (e.g. `--only sygesikring` for a vendor's contract CI)",
    )
    parser.add_argument(
        "--dossier", type=Path, default=None, help="where to write the dossier (default: <reports>/dossier.html)"
    )
    parser.add_argument("--bundle", type=Path, default=None, metavar="FILE", help="also write the evidence bundle")
    parser.add_argument(
        "--verify-bundle",
        type=Path,
        default=None,
        metavar="FILE",
        help="check a bundle against its manifest instead (exit 0 intact, 1 tampered, 2 unreadable)",
    )


def _systems(names: list[str] | None) -> list[str] | None:
    known = [s.name for s in registry.systems()]
    for name in names or []:
        if name not in known:
            raise config.GateConfigError(f"--only names unknown system '{name}'{config.nearest(name, known)}")
    return names


def _verify(path: Path) -> int:
    try:
        wrong = bundle.verify(path)
    except bundle.BundleError as exc:
        print(f"golive gate: {exc}", file=sys.stderr)
        return USAGE_EXIT
    if wrong:
        print(f"{path}: TAMPERED — {len(wrong)} problem(s):")
        for line in wrong:
            print(f"  {line}")
        return NOT_READY_EXIT
    print(f"{path}: intact (every file matches its SHA-256 in the manifest)")
    return READY_EXIT


def run(args: argparse.Namespace) -> int:
    if args.verify_bundle:
        return _verify(args.verify_bundle)
    try:
        settings = config.load(explicit=args.config)
        if args.require is not None:
            settings = config.from_table({"require": args.require}, "--require") | settings
        only = _systems(args.only)
    except config.GateConfigError as exc:
        print(f"golive gate: {exc}", file=sys.stderr)
        return USAGE_EXIT
    if args.reports.exists() and not args.reports.is_dir():
        print(f"golive gate: --reports {args.reports} is a file, not a folder", file=sys.stderr)
        return USAGE_EXIT
    evidence = collect(args.reports)
    decision = decide(evidence, settings, only)
    second_opinion = allure_gate.check(args.reports / "allure-results", settings)
    if second_opinion is not None:  # Allure's own quality gate on the same results, with the same thresholds
        decision.overall.append(second_opinion)
        decision.ready = not decision.reasons()
    args.reports.mkdir(parents=True, exist_ok=True)
    (args.reports / "gate.json").write_text(json.dumps(decision.as_json(), indent=2, ensure_ascii=False) + "\n")
    dossier.record_history(args.reports, decision, evidence)
    page = dossier.write(args.dossier or args.reports / "dossier.html", decision, evidence)
    if args.bundle:
        bundle.write(
            args.bundle, args.reports, {**evidence.metadata, "ready": decision.ready, "config": asdict(settings)}
        )
    if args.json:
        print(json.dumps(decision.as_json(), indent=2, ensure_ascii=False))
    else:
        print(f"golive gate ({settings.source}): {'READY' if decision.ready else 'NOT READY'}")
        for system, checks in decision.integrations.items():
            state = "ready" if decision.integration_ready(system) else "NOT READY"
            print(f"  {blame.label(system):<26} {state}")
            for check in checks:
                if check.blocks:
                    print(f"      {check.en}")
        for check in decision.overall:
            if check.status != NOT_REQUIRED:
                print(f"  {'overall ' + check.name:<26} {check.en}")
        for problem in decision.problems:
            print(f"  evidence problem: {problem}")
        print(f"dossier: {page}" + (f"\nbundle: {args.bundle}" if args.bundle else ""))
    return READY_EXIT if decision.ready else NOT_READY_EXIT
