"""`golive contracts diff OLD NEW`: the breaking-change gate between two versions of an OpenAPI 3.1 contract.

Why a classifier of our own: the peers (Optic, Specmatic) need a network install or a licence server to run in
CI here, and none of them knows which of *our* scenarios exercise a changed operation. The rules are few and
written down below, so a reviewer can argue with a rule instead of with an engine's opinion.

The rules are written down in golive/contracts/diff_rules.py, with the walk that applies them.

Each change is printed as one line: verdict, operation, JSON pointer into the *new* contract (the old one for
a removal), the rule and the values. The exit code is 1 when any change is breaking, 0 when none is, 2 for a
usage error (a missing or unreadable file, not an OpenAPI document). For every breaking change the scenarios
that exercise the affected operation are listed, from the operations each scenario's exchanges touched
(golive.contracts.usage: a fresh reports/scenario-operations.json, else the committed contracts/scenario-usage.json).

Releasing a contract version: bump `info.version`, note the change in contracts/CHANGELOG.md, then copy the file
to contracts/released/<name>.openapi.yaml. `golive contracts diff --released` (run by tests/test_contract_diff.py,
so by CI) compares every contracts/*.openapi.yaml with its released copy and fails on any breaking change that
has not been released that way. A deliberate breaking change is released the same way, with a major version bump
and a CHANGELOG entry naming the neighbours that must change with it.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from golive.config import CONTRACTS
from golive.contracts.diff_rules import BREAKING, OK, Change, UsageError, diff_documents  # noqa: F401  (public here too)

RELEASED = CONTRACTS / "released"


# -- loading ---------------------------------------------------------------------------------------------------
def load_contract(path: Path | str) -> dict[str, Any]:
    from simulators.core.contract import load_yaml

    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        document = load_yaml(path)
    except Exception as e:  # noqa: BLE001 - any parse error is the user's file, reported as a usage error
        raise UsageError(f"{path}: not readable YAML/JSON: {e}") from None
    if not isinstance(document, dict) or "openapi" not in document or not isinstance(document.get("paths", {}), dict):
        raise UsageError(f"{path}: not an OpenAPI document (no `openapi` key or no `paths` map)")
    return document


def diff_files(old: Path | str, new: Path | str) -> list[Change]:
    return diff_documents(load_contract(old), load_contract(new))


# -- the command -----------------------------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", nargs="?", type=Path, help="the released (old) version of the contract")
    parser.add_argument("new", nargs="?", type=Path, help="the proposed (new) version")
    parser.add_argument(
        "--released",
        action="store_true",
        help=f"check every contracts/*.openapi.yaml against its copy in {RELEASED.relative_to(CONTRACTS.parent)}/",
    )
    parser.add_argument(
        "--system",
        help="the system whose scenarios to list (default: the registered system whose contract has the same title)",
    )
    parser.add_argument(
        "--usage",
        type=Path,
        default=None,
        help="scenario usage file (default: reports/scenario-operations.json if fresh, "
        "else contracts/scenario-usage.json)",
    )
    parser.add_argument("--json", action="store_true", help="print the changes as JSON instead of lines")
    parser.add_argument(
        "--all", action="store_true", help="print ok changes too (default: breaking ones and a count of the rest)"
    )


def system_of(path: Path) -> str:
    """The system a contract belongs to, from the contract itself: its `info.title` is matched against the contracts of
    the registered systems (simulators/registry.py), so a renamed or downloaded copy ("luna-v2.yaml", "openapi.json")
    still finds its scenarios. A contract no system's title matches falls back to its file name."""
    try:
        title = (load_contract(path).get("info") or {}).get("title")
    except UsageError:
        title = None
    return _systems_by_title().get(str(title), path.name.split(".")[0]) if title else path.name.split(".")[0]


@functools.cache
def _systems_by_title() -> dict[str, str]:
    """Each registered system's contract title -> the system (read once per process)."""
    from simulators import registry

    own = {s.name: CONTRACTS / s.contract for s in registry.systems()}
    return {str((load_contract(p).get("info") or {}).get("title")): name for name, p in own.items() if p.exists()}


def _report(name: str, system: str, changes: list[Change], usage: dict, args: argparse.Namespace, out) -> None:
    from golive.contracts.usage import scenarios_using

    breaking = [c for c in changes if c.breaking]
    shown = changes if args.all else breaking
    print(f"{name}: {len(breaking)} breaking, {len(changes) - len(breaking)} ok", file=out)
    for change in shown:
        print("  " + change.line(), file=out)
    affected = sorted({c.operation_id for c in breaking if c.operation_id})
    for operation_id in affected:
        users = scenarios_using(usage, system, operation_id)
        listing = "\n".join(f"      {s}" for s in users) if users else "      (no scenario exercises it)"
        print(f"    scenarios using {system}.{operation_id}:\n{listing}", file=out)


def run(args: argparse.Namespace) -> int:
    from golive.contracts.usage import load_usage

    try:
        if args.released:
            if args.old or args.new:
                raise UsageError("give either OLD NEW or --released, not both")
            pairs = []
            for current in sorted(CONTRACTS.glob("*.openapi.yaml")):
                released = RELEASED / current.name
                if not released.is_file():
                    print(
                        f"{current.name}: not released yet (no "
                        f"{released.relative_to(CONTRACTS.parent)}); nothing to compare"
                    )
                    continue
                pairs.append((released, current, system_of(current)))
        else:
            if not (args.old and args.new):
                raise UsageError("need OLD and NEW contract files (or --released)")
            pairs = [(args.old, args.new, args.system or system_of(args.new))]
        results = [(new, system, diff_files(old, new)) for old, new, system in pairs]
        usage = load_usage(args.usage)
    except UsageError as e:
        print(f"golive contracts diff: {e}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(
            [
                {
                    "contract": str(new),
                    "system": system,
                    "changes": [asdict(c) | {"breaking": c.breaking} for c in changes],
                }
                for new, system, changes in results
            ],
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
    else:
        for new, system, changes in results:
            _report(Path(new).name, system, changes, usage, args, sys.stdout)
    broken = sum(c.breaking for _, _, changes in results for c in changes)
    if not args.json:
        print(
            f"verdict: {'BREAKING' if broken else 'no breaking changes'} "
            f"({broken} breaking change{'s' * (broken != 1)})"
        )
    return 1 if broken else 0
