"""`golive contracts verify CONTRACT --base-url URL`: does this endpoint honour its contract?

One command a vendor runs in its own CI before go-live, against its test deployment (or a golive simulator, or
the reference SUT). CONTRACT is a contract's name — luna, servicebus, eflyt, finance, cpr, sygesikring, admin —
or a path to an OpenAPI file. Schemathesis generates the cases: the contract's examples, boundary values and
invalid data (coverage), random valid and invalid data (fuzzing) and sequences that follow the contract's
OpenAPI links (stateful: a lægevalg registered, then read and ended). Every schemathesis check runs.

Output: a console summary per operation and check; JUnit XML (<report-dir>/<name>.xml); Allure results
(<report-dir>/allure-results, one result per operation and one for the stateful phase, with the curl command
and the response of each finding attached); schemathesis' JSON report. Every finding comes with a curl command
that reproduces it, on the console, in the JUnit failure text and in Allure.

Exit codes:
  0  conformant: every case passed every check
  1  violations: at least one check failed (the findings are listed, each with its curl command)
  2  usage or connection error: a bad option or contract path, an unreachable endpoint, a TLS handshake the
     server refused (unknown or expired client certificate) or a server certificate the CA bundle does not
     trust — nothing was verified

A golive simulator is prepared before the run (reset, clock set to the examples' date 2024-03-01, the
contract's SeedData example loaded) when its /__admin/health says it serves this contract; `--prepare` forces
that for any endpoint offering golive's admin API, `--no-prepare` turns it off. A vendor's system is never
reset unless asked.

Secrets: `--bearer` may come from GOLIVE_BEARER_TOKEN and `--basic` from GOLIVE_BASIC_AUTH, so a CI secret
need not appear in the job's command line; the replay command golive prints names the variables, not the values.
"""

from __future__ import annotations

import argparse
import secrets
import shlex
import sys
from pathlib import Path

from golive import settings
from golive.config import REPORTS, SEED_ENV

BEARER_ENV = settings.BEARER_TOKEN
BASIC_ENV = settings.BASIC_AUTH
MAX_EXAMPLES_ENV = settings.MAX_EXAMPLES
DEFAULT_MAX_EXAMPLES = 25  # the same as `golive run`
REPORT_DIR_ENV = settings.VERIFY_REPORT_DIR  # the vendor kit's image sets it to /reports
DEFAULT_REPORT_DIR = REPORTS / "contracts" / "verify"

EPILOG = """exit codes: 0 conformant, 1 violations (each finding printed with a curl command that reproduces it),
2 usage or connection error (bad option or contract path, endpoint unreachable, TLS handshake refused).

examples:
  golive contracts verify luna --base-url http://127.0.0.1:8701
  golive contracts verify sygesikring --base-url https://sut.test.example --cert client.pem --key client.key \\
      --ca-bundle ca.pem --bearer "$TOKEN" -H 'X-Correlation-Id: ci-run-17' --rate-limit 50/s --max-time 600
  golive contracts verify ./my-api.openapi.yaml --base-url http://127.0.0.1:9000 --include getThing --seed 42
"""


def _header(value: str) -> str:
    name, colon, _ = value.partition(":")
    if not colon or not name.strip() or any(c.isspace() for c in name.strip()):
        raise argparse.ArgumentTypeError(f"expected 'Name: value', got {value!r}")
    return value


def _rate(value: str) -> str:
    limit, slash, unit = value.partition("/")
    if not slash or not limit.isdigit() or int(limit) < 1 or unit not in ("s", "m", "h", "d"):
        raise argparse.ArgumentTypeError(f"expected requests per unit such as 50/s, 600/m, got {value!r}")
    return value


def _workers(value: str) -> str:
    if value == "auto" or (value.isdigit() and 1 <= int(value) <= 64):
        return value
    raise argparse.ArgumentTypeError(f"expected 1-64 or auto, got {value!r}")


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


def _phases(value: str) -> tuple[str, ...]:
    from golive.contracts.verify_engine import PHASES

    phases = tuple(p.strip() for p in value.split(",") if p.strip())
    unknown = [p for p in phases if p not in PHASES]
    if unknown or not phases:
        raise argparse.ArgumentTypeError(
            f"unknown phase {', '.join(unknown) or '(none)'}; choose from {','.join(PHASES)}"
        )
    return phases


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument(
        "contract", help="luna, servicebus, eflyt, finance, cpr, sygesikring, admin — or a path to an OpenAPI file"
    )
    parser.add_argument("--base-url", required=True, help="the endpoint to verify, e.g. https://sut.test.example")

    auth = parser.add_argument_group("authentication and TLS")
    auth.add_argument(
        "--bearer",
        metavar="TOKEN",
        default=settings.get(BEARER_ENV),
        help=f"send 'Authorization: Bearer TOKEN' (env {BEARER_ENV})",
    )
    auth.add_argument(
        "--basic",
        metavar="USER:PASSWORD",
        default=settings.get(BASIC_ENV),
        help=f"HTTP basic authentication (env {BASIC_ENV})",
    )
    auth.add_argument("--cert", type=Path, help="client certificate (PEM) for mutual TLS; may hold its key too")
    auth.add_argument("--key", type=Path, help="the client certificate's private key (PEM), if not in --cert")
    auth.add_argument("--ca-bundle", type=Path, help="CA certificate(s) (PEM) that sign the server's certificate")
    auth.add_argument(
        "-H",
        "--header",
        dest="headers",
        action="append",
        default=[],
        type=_header,
        metavar="'NAME: VALUE'",
        help="an extra header on every request (repeatable)",
    )

    scope = parser.add_argument_group("what to run")
    scope.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="OPERATION",
        help="only this operation: an operationId or 'METHOD /path' (repeatable)",
    )
    scope.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="OPERATION",
        help="skip this operation: an operationId or 'METHOD /path' (repeatable)",
    )
    scope.add_argument(
        "--include-tag", action="append", default=[], metavar="TAG", help="only operations with this tag"
    )
    scope.add_argument(
        "--exclude-tag", action="append", default=[], metavar="TAG", help="skip operations with this tag"
    )
    scope.add_argument(
        "--phases",
        type=_phases,
        default=None,
        help="comma-separated subset of examples,coverage,fuzzing,stateful (default: all four)",
    )
    scope.add_argument(
        "--max-examples",
        type=_positive_int,
        default=settings.max_examples(DEFAULT_MAX_EXAMPLES),
        help=f"cases per operation and phase (default {DEFAULT_MAX_EXAMPLES}, env {MAX_EXAMPLES_ENV})",
    )
    scope.add_argument(
        "--seed",
        type=int,
        default=None,
        help=f"seed for case generation (env {SEED_ENV}; default: a fresh one, printed for replay)",
    )
    scope.add_argument(
        "--prepare",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="reset a golive simulator, set its clock and load the contract's SeedData example first "
        "(default: only when the endpoint is a golive simulator serving this contract)",
    )

    pace = parser.add_argument_group("pace")
    pace.add_argument("--workers", type=_workers, default="1", help="concurrent workers, 1-64 or auto (default 1)")
    pace.add_argument(
        "--rate-limit", type=_rate, metavar="N/UNIT", help="at most N requests per s, m, h or d, e.g. 50/s"
    )
    pace.add_argument(
        "--max-time",
        type=_positive_int,
        metavar="SECONDS",
        help="time budget: the run stops when it is spent (schemathesis' --max-time; until then fuzzing and "
        "stateful testing keep drawing new cases). Reports are written and the summary says the "
        "budget ran out",
    )
    pace.add_argument("--request-timeout", type=float, metavar="SECONDS", help="per-request timeout")

    out = parser.add_argument_group("output")
    out.add_argument(
        "--report-dir",
        type=Path,
        default=Path(settings.get(REPORT_DIR_ENV) or DEFAULT_REPORT_DIR),
        help=f"JUnit <name>.xml, allure-results/, <name>.json go here (default reports/contracts/verify, "
        f"env {REPORT_DIR_ENV})",
    )
    out.add_argument("--name", help="report name (default: the contract's name)")
    out.add_argument("--html", action="store_true", help="also write schemathesis' HTML report")
    out.add_argument(
        "-q", "--quiet", action="store_true", help="print only golive's summary, not schemathesis' progress"
    )


def options_from_args(args: argparse.Namespace):
    from golive.contracts.verify_engine import PHASES, VerifyOptions, resolve_contract

    contract = resolve_contract(args.contract)
    name = args.name or contract.name.removesuffix(".yaml").removesuffix(".yml").removesuffix(".json").removesuffix(
        ".openapi"
    )
    if args.seed is None:
        args.seed = settings.seed() if settings.given(SEED_ENV) else secrets.randbelow(2**31)
    for path in (args.cert, args.key, args.ca_bundle):
        if path is not None and not path.is_file():
            from golive.contracts.verify_engine import VerifyError

            raise VerifyError(f"no such file: {path}")
    return VerifyOptions(
        contract=contract,
        base_url=args.base_url.rstrip("/"),
        name=name,
        report_dir=args.report_dir,
        seed=args.seed,
        max_examples=args.max_examples,
        phases=args.phases or PHASES,
        workers=args.workers,
        headers=args.headers,
        bearer=args.bearer,
        basic=args.basic,
        cert=args.cert,
        key=args.key,
        ca_bundle=args.ca_bundle,
        include=args.include,
        exclude=args.exclude,
        include_tag=args.include_tag,
        exclude_tag=args.exclude_tag,
        rate_limit=args.rate_limit,
        max_time=args.max_time,
        request_timeout=args.request_timeout,
        prepare=args.prepare,
        html=args.html,
    )


def replay_command(args: argparse.Namespace) -> str:
    """The command that repeats this run with the same seed; secrets by variable name, never by value."""
    words = [
        "golive",
        "contracts",
        "verify",
        args.contract,
        "--base-url",
        args.base_url,
        "--seed",
        str(args.seed),
        "--max-examples",
        str(args.max_examples),
    ]
    for flag, value in (
        ("--cert", args.cert),
        ("--key", args.key),
        ("--ca-bundle", args.ca_bundle),
        ("--workers", args.workers if args.workers != "1" else None),
        ("--rate-limit", args.rate_limit),
        ("--max-time", args.max_time),
        ("--request-timeout", args.request_timeout),
        ("--name", args.name),
    ):
        if value is not None:
            words += [flag, str(value)]
    if args.phases:
        words += ["--phases", ",".join(args.phases)]
    if args.prepare is not None:
        words.append("--prepare" if args.prepare else "--no-prepare")
    for flag, values in (
        ("-H", args.headers),
        ("--include", args.include),
        ("--exclude", args.exclude),
        ("--include-tag", args.include_tag),
        ("--exclude-tag", args.exclude_tag),
    ):
        for value in values:
            words += [flag, value]
    command = shlex.join(words)
    if args.bearer:
        command += f' --bearer "${BEARER_ENV}"'
    if args.basic:
        command += f' --basic "${BASIC_ENV}"'
    return command


def run(args: argparse.Namespace) -> int:
    from golive.contracts.verify_engine import (
        EXIT_USAGE_OR_CONNECTION,
        VerifyError,
        run_suite,
    )
    from golive.contracts.verify_reports import render_summary

    try:
        options = options_from_args(args)
    except VerifyError as exc:
        print(f"golive contracts verify: {exc}", file=sys.stderr)
        return EXIT_USAGE_OR_CONNECTION
    print(f"golive contracts verify: {options.contract} at {options.base_url} (seed {options.seed})", flush=True)
    result = run_suite(options, echo=not args.quiet)
    print()
    print(render_summary(result, replay_command(args)))
    if result.exit_code == EXIT_USAGE_OR_CONNECTION:
        print(f"golive contracts verify: {'; '.join(result.errors)}", file=sys.stderr)
    return result.exit_code
