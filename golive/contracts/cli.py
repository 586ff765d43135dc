"""Wires `golive contracts <verb>` onto the command line; each verb lives in its own module.

Each module offers `add_arguments(parser)` and `run(args) -> int` (exit code), and is imported only when its
verb is used, so `golive up` does not pay for schemathesis.
"""

from __future__ import annotations

import argparse
import importlib

VERBS = {
    "verify": (
        "golive.contracts.verify",
        "run a contract's suite against an endpoint (exit 0 conformant, 1 violations, 2 usage/connection)",
    ),
    "diff": ("golive.contracts.diff", "classify changes between two versions of a contract; exit 1 on breaking ones"),
    "compare": (
        "golive.contracts.compare",
        "run the same cases against a simulator and a real endpoint; report differences",
    ),
    "usage": (
        "golive.contracts.usage",
        "which scenarios exercise which operations (--update runs "
        "the scenarios and rewrites contracts/scenario-usage.json)",
    ),
}


def _dispatch(args: argparse.Namespace) -> int:
    return importlib.import_module(VERBS[args.verb][0]).run(args)


def register(sub: argparse._SubParsersAction) -> None:
    contracts = sub.add_parser("contracts", help="contract suites for vendors: verify, diff, compare")
    verbs = contracts.add_subparsers(dest="verb", required=True)
    for verb, (module, help_text) in VERBS.items():
        parser = verbs.add_parser(verb, help=help_text, description=help_text)
        importlib.import_module(module).add_arguments(parser)
        parser.set_defaults(func=_dispatch)
