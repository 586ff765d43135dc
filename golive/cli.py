"""`golive`: the command line of the harness.

    golive up          start every simulator on loopback, print their URLs, stop on Ctrl-C
    golive run         the main job: the Gherkin scenarios, the contract checks, one Allure HTML report,
                       a verdict per integration (reports/)
    golive steps       the step catalogue (--markdown > docs/STEPS.md, --html > docs/steps.html)
    golive lint        mistakes in feature files as file:line: message, offline (exit 1 on findings)
    golive glossary    the feature files' words, Danish and English, and their codes (> docs/GLOSSARY.md)
    golive export-wiremock   turn every contract's examples into WireMock stub mappings
    golive contracts   verify | diff | compare: the contract suites for vendors
    golive selftest    prove the suite catches every seeded defect of the reference SUT
    golive load        the load window on Locust: citizens race through the SUT, invariants afterwards

Exit codes: 0 all passed, 1 a check failed, 2 usage or start-up error.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path

from golive import __version__, settings
from golive.config import (
    CONTRACTS,
    DEFAULT_HOST,
    REPORTS,
    ROOT,
    SEED_ENV,
    SIMULATOR_PORTS,
    SIMULATOR_URLS_ENV,
    default_seed,
)
from golive.explore.budgets import RUN_BUDGET_S, budget

FEATURES = ROOT / "features"


def _ensure_root_on_path() -> None:
    """The design-card folders are imported from the repository root (golive/paths.py says why)."""
    from golive.paths import ensure_root_on_path

    ensure_root_on_path()


def cmd_up(args: argparse.Namespace) -> int:
    started = time.monotonic()
    from golive.serve import loopback_world, timeouts_from

    peers = dict(item.split("=", 1) for item in args.peer or [])
    profile = None
    if args.faults:
        from golive import fault_profiles

        try:
            profile = fault_profiles.find(args.faults)
        except fault_profiles.UnknownProfile as exc:
            print(f"golive up: {exc}", file=sys.stderr)
            return 2
    tls = None
    if args.tls:
        from golive.tls import test_pki

        tls = test_pki(Path(args.tls))
        print(f"mutual TLS: CA {tls.ca}, client certificate {tls.client}")
    only = [n for n in (args.only or []) if n != "sygesikring"]
    reference_sut = args.with_sut or "sygesikring" in (args.only or [])
    servers = loopback_world(
        args.seed,
        auto_ports=args.auto_ports,
        host=args.host,
        sut_url=args.sut_url,
        systems=only if args.only else None,
        peers=peers,
        public_host=args.public_host,
        tls=tls,
        reference_sut=reference_sut,
        timeouts=timeouts_from(args),
    )
    try:
        servers.start()
    except (OSError, RuntimeError, TimeoutError) as exc:
        print(f"golive up: could not start the simulators: {exc}", file=sys.stderr)
        servers.stop()
        return 2
    elapsed = time.monotonic() - started
    print(f"golive {__version__}: {len(servers.served)} simulators healthy in {elapsed:.2f}s (seed {args.seed})")
    print(f"{'simulator':<12} {'url':<26} {'docs':<40} journal")
    for name, url in servers.urls().items():
        print(f"{name:<12} {url:<26} {url + '/__admin/docs':<40} {url}/__admin/journal")
    if profile is not None:  # the same rules a scenario's @fejlprofil tag installs, decided by (seed, rule, n)
        from golive import fault_profiles
        from simulators.core.faults import FaultRule

        def add(name: str, rule: dict) -> dict:
            return servers.world[name].faults.add(FaultRule.from_dict(rule)).as_dict()

        served = [
            (n, r) for n, r in fault_profiles.concrete_rules(profile, servers.world.clock.now()) if n in servers.served
        ]
        stored = [(n, add(n, r)) for n, r in served]
        print(f"fault profile {profile.name} ({profile.title}): {profile.why}")
        for line in fault_profiles.describe(stored):
            print(f"  {line}")
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):  # before the ready line, so an early Ctrl-C still stops cleanly
        signal.signal(sig, lambda *_: stop.set())
    print("ready — press Ctrl-C to stop", flush=True)
    try:
        while not stop.wait(0.5):
            if args.exit_after and time.monotonic() - started > args.exit_after:
                break
    finally:
        servers.stop()
        print("stopped", flush=True)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Scenarios (features/, pytest-bdd) → contract checks (schemathesis) → one Allure HTML → verdict per
    integration. Exit 1 if anything failed."""
    from golive import runner, verdicts
    from golive.checks import contract_results_for_report, run_check
    from golive.serve import loopback_world
    from simulators.world import SUT

    if args.seed is None:
        # A vendor's SUT keeps what earlier runs created and cannot be reset: the same seed would make the same
        # citizens again and collide. Against it, a run without a seed draws a fresh one (printed for replay).
        import secrets

        args.seed = default_seed() if settings.given(SEED_ENV) or not args.sut_url else secrets.randbelow(2**31)
    report_dir = Path(args.report_dir)
    if report_dir.exists() and not report_dir.is_dir():
        print(f"golive run: --report-dir {report_dir} is a file, not a folder: name a folder for the reports")
        return 2
    failed_parts: list[str] = []
    if not args.no_scenarios:  # a misread feature file stops the run before anything is served (golive/lint.py)
        from golive.lint import before_run
        from golive.selection import split_target

        if before_run(split_target(args.features)[0], FEATURES):
            return 1

    # A vendor's SUT must reach the simulators over the network: serve them before the scenarios, on the
    # documented ports (the SUT is configured with them) unless --auto-ports, and keep them for the checks.
    served = None
    if args.sut_url:
        served = loopback_world(
            args.seed, auto_ports=args.auto_ports, host=DEFAULT_HOST, log_level="error", sut_url=args.sut_url
        ).start()
        print(
            "simulators for the SUT at "
            + args.sut_url
            + ": "
            + ", ".join(f"{name} {url}" for name, url in served.urls().items()),
            flush=True,
        )

    try:
        scenarios = None
        if not args.no_scenarios:
            features = Path(args.features)
            print(
                f"scenarios: pytest {features} (seed {args.seed})"
                + (f" against SUT {args.sut_url}" if args.sut_url else ""),
                flush=True,
            )
            env = {SIMULATOR_URLS_ENV: json.dumps(served.urls())} if served else None
            scenarios = runner.run_scenarios(
                features, report_dir, seed=args.seed, sut_url=args.sut_url, env=env, tags=args.tags
            )
            print(
                f"scenarios: {scenarios.verdict}"
                + ("" if scenarios.verdict != "no scenarios" else f" in {features}: nothing ran, so the run fails")
            )
            if scenarios.failed:
                failed_parts.append("scenarios")

        if not args.no_explore:  # a short exploration with the oracle (golive/explore/; --explore-budget)
            from golive.explore.command import run_for_cli

            vendor = (args.sut_url, served.urls()) if args.sut_url and served else None
            if run_for_cli(args.seed, report_dir, budget_s=args.explore_budget, vendor_urls=vendor):
                failed_parts.append("explore")

        results = []
        if not args.no_contracts:
            wanted = set(args.only or SIMULATOR_PORTS) | {"admin"}
            systems = [
                name for name in SIMULATOR_PORTS if name in wanted or (name == "luna" and "admin" in (args.only or []))
            ]
            # The fuzzer sends deliberately broken HTTP; uvicorn's warning for each is noise in this report.
            servers = (
                served
                or loopback_world(
                    args.seed,
                    auto_ports=True,
                    host=DEFAULT_HOST,
                    systems=systems,
                    log_level="error",
                    reference_sut=True,
                ).start()
            )
            try:
                urls = {name: url for name, url in servers.urls().items() if name in systems or name == SUT}
                targets = [(name, CONTRACTS / f"{name}.openapi.yaml", url, True) for name, url in urls.items()]
                targets.append(("admin", CONTRACTS / "admin.openapi.yaml", urls[systems[0]], False))
                if args.sut_url:  # a vendor's SUT: its own contract, as it is (we cannot reset or seed it)
                    targets.append((SUT, CONTRACTS / f"{SUT}.openapi.yaml", args.sut_url, False))
                for name, contract, url, prepare in targets:
                    if args.only and name not in args.only and name != SUT:
                        continue
                    print(f"checking {name:<11} {contract.name:<26} at {url} ...", flush=True)
                    result = run_check(
                        name,
                        contract,
                        url,
                        seed=args.seed,
                        max_examples=args.max_examples,
                        report_dir=report_dir / "contracts",
                        prepare=prepare,
                    )
                    results.append(result)
                    if not result.passed:
                        print(result.output[-4000:])
            finally:
                if servers is not served:
                    servers.stop()
    finally:
        if served is not None:
            served.stop()
    if results:
        print()
        print(f"{'contract':<11} {'verdict':<8} {'cases':>6} {'failures':>8}  junit")
        for r in results:
            print(
                f"{r.name:<11} {'passed' if r.passed else 'FAILED':<8} {r.cases:>6} {max(r.failures, 0):>8}  {r.junit}"
            )
        if any(not r.passed for r in results):
            failed_parts.append("contracts")

    if scenarios is not None and not args.no_html:
        contract_results = contract_results_for_report(results, report_dir / "contracts" / "allure-results-report")
        load_results = report_dir / "load" / "allure-results"  # the last `golive load`'s invariants (Belastning)
        more = [contract_results] + ([load_results] if load_results.is_dir() else [])
        html = runner.generate_html(scenarios.results_dir, report_dir / "allure-report", more_results=more)
        print(f"\nreport: {html}" if html else "\nreport: not generated (npm allure missing, or no results)")

    outcomes = verdicts.read_junit(scenarios.junit) if scenarios is not None else []
    summary = verdicts.integration_summary(outcomes, {r.name: r.passed for r in results})
    print()
    print(verdicts.render_summary(summary, outcomes))
    print(f"\nseed {args.seed}; replay with: {runner.replay_command(args)}")
    contract_failed = sum(not r.passed for r in results)
    print(
        f"contracts: {len(results) - contract_failed} passed, {contract_failed} failed; "
        f"scenarios: {scenarios.verdict if scenarios else 'skipped'}"
    )
    return 1 if failed_parts else 0


def cmd_compose(args: argparse.Namespace) -> int:
    from golive import compose

    if args.write:
        print(f"wrote {compose.write()}")
    else:
        sys.stdout.write(compose.render())
    return 0


def cmd_steps(args: argparse.Namespace) -> int:
    from golive.catalogue import collect, render_markdown, render_text

    features = Path(args.features)
    if not (features / "steps").is_dir():
        print(f"golive steps: no step definitions in {features / 'steps'}", file=sys.stderr)
        entries = []
    else:
        entries = collect(features)
    if args.html:
        from golive.catalogue_html import render_html

        sys.stdout.write(render_html(entries))
    else:
        sys.stdout.write(render_markdown(entries) if args.markdown else render_text(entries))
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    from golive.lint import main as lint_main

    return lint_main(args.paths, Path(args.steps), unused=args.unused, strict=args.strict, junit=args.junit)


def cmd_glossary(args: argparse.Namespace) -> int:
    from golive.glossary import glossary_markdown

    sys.stdout.write(glossary_markdown())
    return 0


def cmd_export_wiremock(args: argparse.Namespace) -> int:
    from golive.wiremock import export

    contracts = sorted(CONTRACTS.glob("*.openapi.yaml"))
    count = export(contracts, Path(args.out))
    print(f"wrote {count} WireMock mappings for {len(contracts)} contracts to {args.out}")
    return 0


def cmd_field_mapping(args: argparse.Namespace) -> int:
    from golive.field_mapping import render

    sys.stdout.write(render())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="golive", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"golive {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    up = sub.add_parser("up", help="start every simulator on loopback until Ctrl-C")
    up.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default 127.0.0.1, loopback only)")
    up.add_argument("--seed", type=int, default=default_seed(), help=f"seed for fault decisions (env {SEED_ENV})")
    up.add_argument("--sut-url", help="base URL of the system under test that E-flyt pushes cases to")
    up.add_argument("--auto-ports", action="store_true", help="pick free ports instead of 8701-8705")
    up.add_argument(
        "--only",
        nargs="+",
        choices=[*SIMULATOR_PORTS, "sygesikring"],
        help="serve only these (sygesikring: the reference SUT on 8700)",
    )
    up.add_argument("--with-sut", action="store_true", help="also serve the reference sygesikring system (port 8700)")
    up.add_argument(
        "--peer",
        action="append",
        metavar="NAME=URL",
        help="a simulator served elsewhere (e.g. servicebus=http://servicebus:8702)",
    )
    up.add_argument("--public-host", help="the host name others reach these simulators by (containers)")
    up.add_argument("--tls", metavar="DIR", help="require mutual TLS: write a test CA and certificates to DIR")
    up.add_argument(
        "--faults",
        metavar="PROFILE",
        help="switch on a named fault profile (golive/fault_profiles.py), "
        "e.g. ustabil-luna, luna-nedbrud, langsom-finance, finance-mister-svar, urolig-servicebus, eflyt-nede",
    )
    up.add_argument(
        "--header-timeout",
        type=float,
        metavar="S",
        help="a request head must arrive within S seconds (else 408 and close; default 10)",
    )
    up.add_argument("--body-timeout", type=float, metavar="S", help="each body chunk within S seconds (default 10)")
    up.add_argument(
        "--keep-alive", type=float, metavar="S", help="close an idle keep-alive connection after S seconds (default 5)"
    )
    up.add_argument(
        "--max-connections",
        type=int,
        metavar="N",
        help="open connections per simulator; past them a request gets 503 with Retry-After (default 256)",
    )
    up.add_argument("--exit-after", type=float, default=0, help=argparse.SUPPRESS)  # for tests: stop after N s
    up.set_defaults(func=cmd_up)

    run = sub.add_parser("run", help="the main job: simulators + contract checks, reports in reports/")
    run.add_argument(
        "--seed",
        type=int,
        default=None,
        help=f"seed for generation (env {SEED_ENV}; default 0, or a fresh one with --sut-url)",
    )
    run.add_argument(
        "--max-examples",
        type=int,
        default=settings.max_examples(25),
        help="schemathesis examples per operation and phase (env GOLIVE_MAX_EXAMPLES)",
    )
    run.add_argument("--report-dir", default=str(REPORTS))
    run.add_argument("--only", nargs="*", help="check only these contracts (e.g. luna finance)")
    run.add_argument(
        "--features",
        default=str(FEATURES),
        metavar="PATH[:LINE]",
        help="the scenarios to run: a folder, a feature file or file.feature:LINE (default features/)",
    )
    run.add_argument(
        "--tags",
        default=None,
        metavar="EXPR",
        help='only the scenarios whose Gherkin tags match, e.g. "@flytning and not @langsom"',
    )
    run.add_argument(
        "--sut-url",
        help="a vendor's SUT: the simulators are served on 127.0.0.1:8701-8705 for it to call, the "
        "scenarios run against it (its test deployment must offer /__admin clock, settings and journal), "
        "and its contract is checked at this URL",
    )
    run.add_argument(
        "--auto-ports", action="store_true", help="with --sut-url: serve the simulators on free ports instead"
    )
    run.add_argument("--no-scenarios", action="store_true", help="skip the Gherkin scenarios")
    run.add_argument("--no-contracts", action="store_true", help="skip the schemathesis contract checks")
    run.add_argument("--no-explore", action="store_true", help="skip the short exploration with the oracle")
    run.add_argument(
        "--explore-budget",
        type=budget,
        default=RUN_BUDGET_S,
        metavar="S",
        help=f"how long the short exploration runs (default {RUN_BUDGET_S:g}s; 30s, 2m)",
    )
    run.add_argument("--no-html", action="store_true", help="do not generate reports/allure-report/index.html")
    run.set_defaults(func=cmd_run)

    steps = sub.add_parser("steps", help="print the step catalogue (every Gherkin step with an example)")
    steps.add_argument("--features", default=str(FEATURES))
    steps.add_argument("--markdown", action="store_true", help="Markdown, as in docs/STEPS.md")
    steps.add_argument("--html", action="store_true", help="one searchable HTML page, as in docs/steps.html")
    steps.set_defaults(func=cmd_steps)

    lint = sub.add_parser(
        "lint", help="find mistakes in feature files (keywords, undefined steps, wrong values), offline, in a second"
    )
    lint.add_argument("paths", nargs="*", metavar="PATH", help="feature files or folders (default features/)")
    lint.add_argument("--steps", default=str(FEATURES), help="the folder whose steps/ is the step library")
    lint.add_argument("--unused", action="store_true", help="also warn about step definitions no feature file uses")
    lint.add_argument("--strict", action="store_true", help="warnings count as findings (exit 1)")
    lint.add_argument("--junit", metavar="FILE", help="also write the findings as JUnit XML (one testcase per file)")
    lint.set_defaults(func=cmd_lint)

    glossary = sub.add_parser(
        "glossary", help="print the Danish/English glossary of the feature files' words (docs/GLOSSARY.md)"
    )
    glossary.set_defaults(func=cmd_glossary)

    export = sub.add_parser("export-wiremock", help="write WireMock stub mappings from the contracts' examples")
    export.add_argument("--out", default=str(REPORTS / "wiremock"))
    export.set_defaults(func=cmd_export_wiremock)

    compose_parser = sub.add_parser(
        "compose", help="print compose.yaml as the registry of systems gives it (--write: save it)"
    )
    compose_parser.add_argument("--write", action="store_true", help="rewrite compose.yaml in the checkout")
    compose_parser.set_defaults(func=cmd_compose)

    mapping = sub.add_parser(
        "field-mapping", help="print the contract ↔ register field mapping (contracts/FIELD-MAPPING.md)"
    )
    mapping.set_defaults(func=cmd_field_mapping)

    from golive.contracts.cli import register as register_contracts

    register_contracts(sub)

    from golive.explore.command import register as register_explore

    register_explore(sub)

    from golive.load.command import register as register_load

    register_load(sub)

    from golive import selftest

    selftest_parser = sub.add_parser(
        "selftest", help="run the suite once per seeded SUT defect; report what caught each"
    )
    selftest.add_arguments(selftest_parser)
    selftest_parser.set_defaults(func=selftest.run)

    from golive.gate import command as gate

    gate_parser = sub.add_parser(
        "gate", help="decide go-live readiness per integration from reports/; write the dossier (and --bundle)"
    )
    gate.add_arguments(gate_parser)
    gate_parser.set_defaults(func=gate.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    _ensure_root_on_path()
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
