"""The one way golive runs a contract suite: schemathesis against a base URL, with golive's reports around it.

Both `golive contracts verify` (a vendor's endpoint, a simulator, the reference SUT) and `golive run`'s contract
checks (golive/checks.py) come through `run_suite`, so a flag, a report or an exit-code rule is decided once.

What golive adds to a bare `schemathesis run`:

- a pre-flight request with the same TLS settings and headers, so that an unreachable endpoint, a refused client
  certificate (unknown CA, expired) or an untrusted server certificate ends the run at once with exit code 2 and a
  sentence that says which — instead of schemathesis reporting every operation as a network error;
- for a golive simulator, the preparation that makes examples hit real resources instead of 404s: reset, the
  clock set to the date the contract's examples are written for, and the contract's own `SeedData` example
  loaded (automatic when the endpoint's `/__admin/health` says it is a golive simulator serving this contract;
  never for anything else, since resetting a vendor's system would destroy its test data);
- findings: one per distinct failed check, with the check's name, the response and a curl command that
  reproduces it (golive/contracts/verify_findings.py, a schemathesis CLI extension), which feed the console
  summary and the Allure attachments (verify_reports.py).

Schemathesis is run as a subprocess (`python -m schemathesis.cli`): its CLI is its stable, documented interface,
a hung run can be stopped, and `golive up` never pays for importing it.
"""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

import httpx

from golive import settings
from golive.config import CONTRACTS, ROOT
from simulators import registry

PHASES = ("examples", "coverage", "fuzzing", "stateful")
CONTRACT_NAMES = (*registry.contract_names(), "admin")  # every system's (simulators/registry.py) and the admin API's
SCHEMATHESIS_CONFIG = CONTRACTS / "schemathesis.toml"
CONTRACT_EXAMPLE_DATE = "2024-03-01T12:00:00+00:00"  # the virtual "today" every contract's examples assume
FINDINGS_MODULE = "golive.contracts.verify_findings"
PREFLIGHT_TIMEOUT_S = 10.0
OUTPUT_COLUMNS = "200"  # schemathesis wraps at the terminal width; wide enough that a curl line stays one line

EXIT_CONFORMANT = 0
EXIT_VIOLATIONS = 1
EXIT_USAGE_OR_CONNECTION = 2


class VerifyError(Exception):
    """A run that cannot start or cannot reach its endpoint: exit code 2, with a message a vendor can act on."""


@dataclass
class VerifyOptions:
    """Everything one run needs. `name` is the stem of the report files (usually the contract's name)."""

    contract: Path
    base_url: str
    name: str
    report_dir: Path
    seed: int
    max_examples: int = 25
    phases: tuple[str, ...] = PHASES
    workers: str = "1"
    headers: list[str] = field(default_factory=list)  # "Name: value"
    bearer: str | None = None
    basic: str | None = None  # "user:password"
    cert: Path | None = None  # client certificate (PEM), may include its key
    key: Path | None = None
    ca_bundle: Path | None = None  # CA certificates that sign the server's certificate
    include: list[str] = field(default_factory=list)  # operationId or "METHOD /path"
    exclude: list[str] = field(default_factory=list)
    include_tag: list[str] = field(default_factory=list)
    exclude_tag: list[str] = field(default_factory=list)
    rate_limit: str | None = None  # "50/s", "600/m"
    max_time: int | None = None  # seconds
    request_timeout: float | None = None
    prepare: bool | None = None  # None: automatic (only a golive simulator serving this contract)
    html: bool = False
    extra: list[str] = field(default_factory=list)  # further schemathesis options, as they are

    @property
    def junit(self) -> Path:
        return self.report_dir / f"{self.name}.xml"

    @property
    def allure_dir(self) -> Path:
        return self.report_dir / "allure-results"

    @property
    def json_report(self) -> Path:
        return self.report_dir / f"{self.name}.json"

    @property
    def findings_file(self) -> Path:
        return self.report_dir / f"{self.name}.findings.json"

    @property
    def html_dir(self) -> Path:
        return self.report_dir / f"{self.name}-html"

    def all_headers(self) -> list[str]:
        headers = list(self.headers)
        if self.bearer:
            headers.append(f"Authorization: Bearer {self.bearer}")
        return headers


@dataclass
class SuiteResult:
    options: VerifyOptions
    exit_code: int
    cases: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)
    failure_groups: int = 0  # schemathesis' own count of unique failures
    errors: list[str] = field(default_factory=list)
    stop_reason: str = ""
    operations: list[str] = field(default_factory=list)
    prepared: str | None = None  # the simulator prepared, if any
    output: str = field(default="", repr=False)

    @property
    def passed(self) -> bool:
        return self.exit_code == EXIT_CONFORMANT

    @property
    def budget_ran_out(self) -> bool:
        return self.stop_reason == "max_time"


def resolve_contract(value: str | Path) -> Path:
    """A contract's name (luna, …, admin) or a path to an OpenAPI file; a missing or unreadable one is a usage error."""
    text = str(value)
    path = CONTRACTS / f"{text}.openapi.yaml" if text in CONTRACT_NAMES else Path(text)
    if not path.is_file():
        known = ", ".join(CONTRACT_NAMES)
        raise VerifyError(f"no contract at {path} (give a path to an OpenAPI file, or one of: {known})")
    try:
        from simulators.core.contract import load_yaml

        document = load_yaml(path)
    except Exception as exc:  # any parse error: the file is not a contract we can run
        raise VerifyError(f"cannot read contract {path}: {exc}") from exc
    if not isinstance(document, dict) or "openapi" not in document:
        raise VerifyError(f"{path} is not an OpenAPI document (no `openapi` field)")
    return path


def schemathesis_command(options: VerifyOptions) -> list[str]:
    """The single schemathesis command line golive builds (verify and `golive run` alike)."""
    reports = ["junit", "json", "allure"] + (["html"] if options.html else [])
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(SCHEMATHESIS_CONFIG),
        "run",
        str(options.contract),
        "--url",
        options.base_url,
        "--phases",
        ",".join(options.phases),
        "--mode",
        "all",
        "--checks",
        "all",
        "--max-examples",
        str(options.max_examples),
        "--seed",
        str(options.seed),
        "--workers",
        str(options.workers),
        "--no-color",
        "--generation-database",
        "none",  # no examples carried over from earlier runs: same seed, same cases
        "--suppress-health-check",
        "all",
        "--report",
        ",".join(reports),
        "--report-junit-path",
        str(options.junit),
        "--report-json-path",
        str(options.json_report),
        "--report-allure-path",
        str(options.allure_dir),
    ]
    if options.html:
        command += ["--report-html-path", str(options.html_dir)]
    for header in options.all_headers():
        command += ["--header", header]
    if options.basic:
        command += ["--auth", options.basic]
    if options.cert:
        command += ["--request-cert", str(options.cert)]
    if options.key:
        command += ["--request-cert-key", str(options.key)]
    if options.ca_bundle:
        command += ["--tls-verify", str(options.ca_bundle)]
    for value in options.include:
        command += _filter("include", value)
    for value in options.exclude:
        command += _filter("exclude", value)
    for tag in options.include_tag:
        command += ["--include-tag", tag]
    for tag in options.exclude_tag:
        command += ["--exclude-tag", tag]
    if options.rate_limit:
        command += ["--rate-limit", options.rate_limit]
    if options.max_time:
        command += ["--max-time", str(options.max_time)]
    if options.request_timeout:
        command += ["--request-timeout", str(options.request_timeout)]
    return command + list(options.extra)


def _filter(kind: str, value: str) -> list[str]:
    """`GET /practices` names an operation by method and path; anything else is an operationId."""
    method, _, path = value.partition(" ")
    if path.startswith("/") and method.isalpha() and method.isupper():
        return [f"--{kind}-name", value]
    return [f"--{kind}-operation-id", value]


# -- the endpoint: TLS, reachability, is it a golive simulator? ----------------------------------------------
def ssl_context(options: VerifyOptions) -> ssl.SSLContext | bool:
    if not options.base_url.startswith("https"):
        return True
    context = ssl.create_default_context(cafile=str(options.ca_bundle) if options.ca_bundle else None)
    if options.cert:
        context.load_cert_chain(str(options.cert), str(options.key) if options.key else None)
    return context


def client(options: VerifyOptions, timeout: float = PREFLIGHT_TIMEOUT_S) -> httpx.Client:
    headers = {}
    for header in options.all_headers():
        name, _, value = header.partition(":")
        headers[name.strip()] = value.strip()
    auth = None
    if options.basic:
        user, _, password = options.basic.partition(":")
        auth = httpx.BasicAuth(user, password)
    try:
        verify = ssl_context(options)
    except (OSError, ssl.SSLError) as exc:
        raise VerifyError(f"cannot load the client certificate or CA bundle: {exc}") from exc
    return httpx.Client(base_url=options.base_url, headers=headers, auth=auth, verify=verify, timeout=timeout)


def _reasons(exc: BaseException) -> str:
    """Every message in an exception's chain, so an SSL alert buried under httpx/httpcore is found."""
    seen, parts = set(), []
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append(str(current) or type(current).__name__)
        current = current.__cause__ or current.__context__
    return " | ".join(dict.fromkeys(parts))


def explain_connection_error(options: VerifyOptions, exc: BaseException) -> str:
    """One sentence a vendor can act on, for the ways reaching an endpoint fails.

    A server that refuses a client certificate may say why in a TLS alert (unknown CA, certificate expired,
    certificate required) — nginx and Java servers do. Python's asyncio TLS (uvicorn, the simulators) sends no
    alert: under TLS 1.3 the client's handshake completes and the server then closes the connection without a
    word. So when an https endpoint drops the connection before answering, golive says the client certificate
    was refused and reads the certificate itself to say why: missing, expired, not yet valid, or unknown to
    the server (issued by a CA it does not trust).
    """
    text = _reasons(exc)
    upper = text.upper()
    where = options.base_url
    if "CERTIFICATE_VERIFY_FAILED" in upper:
        return f"the server certificate of {where} is not trusted (give the CA that signs it with --ca-bundle) ({text})"
    if "CERTIFICATE_EXPIRED" in upper:
        return (
            f"{where} refused the client certificate: it has expired{certificate_problem(options.cert, '; ')} ({text})"
        )
    if "UNKNOWN_CA" in upper:
        return (
            f"{where} refused the client certificate: unknown CA — it was not issued by a CA the server trusts ({text})"
        )
    if "CERTIFICATE_REQUIRED" in upper:
        return f"{where} requires a client certificate (give --cert and --key) ({text})"
    if "ALERT" in upper:
        return f"{where} refused the TLS handshake: the client certificate was rejected ({text})"
    if isinstance(exc, httpx.TimeoutException):
        return f"{where} did not answer within {PREFLIGHT_TIMEOUT_S:.0f} s ({text})"
    if "REFUSED" in upper:
        return f"{where} is unreachable: connection refused — is the service running on that port? ({text})"
    dropped = isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)) or "EOF" in upper
    if where.startswith("https") and dropped:
        if not options.cert:
            return (
                f"{where} closed the TLS connection without answering: it requires a client certificate "
                f"(give --cert and --key) ({text})"
            )
        problem = certificate_problem(options.cert)
        return f"{where} refused the client certificate {options.cert}: {problem} ({text})"
    return f"{where} is unreachable ({text})"


def certificate_problem(cert: Path | None, prefix: str = "") -> str:
    """Why a server would refuse this client certificate, read from the certificate itself."""
    if not cert:
        return ""
    try:
        from datetime import datetime

        from cryptography import x509

        loaded = x509.load_pem_x509_certificate(Path(cert).read_bytes())
    except Exception as exc:  # not PEM, or not a certificate
        return f"{prefix}it cannot be read as a PEM certificate ({exc})"
    now = datetime.now(UTC)
    if loaded.not_valid_after_utc < now:
        return f"{prefix}it has expired (valid until {loaded.not_valid_after_utc:%Y-%m-%d %H:%M} UTC)"
    if loaded.not_valid_before_utc > now:
        return f"{prefix}it is not valid yet (valid from {loaded.not_valid_before_utc:%Y-%m-%d %H:%M} UTC)"
    issuer = loaded.issuer.rfc4514_string() or "an unnamed issuer"
    return (
        f"{prefix}it is unknown to the server — its issuer ({issuer}) is not a CA the server trusts, "
        f"or the server has revoked it"
    )


def preflight(options: VerifyOptions) -> None:
    """One request before the suite: any HTTP answer means the endpoint is reachable with these settings."""
    try:
        with client(options) as http:
            http.get("/")
    except httpx.HTTPError as exc:
        raise VerifyError(explain_connection_error(options, exc)) from exc
    except (OSError, ssl.SSLError) as exc:
        raise VerifyError(explain_connection_error(options, exc)) from exc


def golive_simulator(options: VerifyOptions) -> str | None:
    """The simulator's name when the endpoint is a golive simulator serving this very contract, else None."""
    try:
        with client(options) as http:
            response = http.get("/__admin/health")
        health = response.json() if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return None
    if not isinstance(health, dict) or not isinstance(health.get("contract"), dict):
        return None
    if health.get("status") != "up" or health["contract"].get("file") != options.contract.name:
        return None
    return str(health.get("simulator") or "") or None


def prepare_endpoint(base_url: str, contract: Path) -> None:
    """`prepare_simulator` for a golive simulator at `base_url` speaking `contract`, with no other options."""
    prepare_simulator(
        VerifyOptions(
            contract=Path(contract),
            base_url=base_url,
            name=Path(contract).stem,
            report_dir=Path("."),
            seed=0,
            max_examples=1,
            workers="1",
            prepare=None,
            html=True,
            extra=[],
        )
    )


def prepare_simulator(options: VerifyOptions) -> None:
    """Reset, set the clock to the examples' date and load the contract's own SeedData example."""
    from simulators.core.contract import load_yaml

    document = load_yaml(options.contract)
    seed_schema = document.get("components", {}).get("schemas", {}).get("SeedData", {})
    try:
        with client(options) as http:
            http.post("/__admin/reset").raise_for_status()
            http.put("/__admin/clock", json={"now": CONTRACT_EXAMPLE_DATE}).raise_for_status()
            for example in seed_schema.get("examples", []):
                http.post("/__admin/seed", json={"data": example}).raise_for_status()
    except httpx.HTTPError as exc:
        raise VerifyError(f"could not prepare the simulator at {options.base_url}: {exc}") from exc


# -- the run ------------------------------------------------------------------------------------------------
def run_suite(options: VerifyOptions, *, echo: bool = False) -> SuiteResult:
    """Pre-flight, prepare if asked (or a golive simulator), schemathesis, then golive's reports.

    Raises nothing for a failing endpoint: every outcome is a SuiteResult with its exit code, and the JUnit and
    Allure results are written even when the endpoint could not be reached.
    """
    from golive.contracts import verify_reports

    options.report_dir.mkdir(parents=True, exist_ok=True)
    for stale in (options.junit, options.json_report, options.findings_file):
        stale.unlink(missing_ok=True)
    prepared = None
    try:
        preflight(options)
        simulator = golive_simulator(options) if options.prepare is not False else None
        if options.prepare or (options.prepare is None and simulator):
            prepare_simulator(options)
            prepared = simulator or "endpoint"
    except VerifyError as exc:
        result = SuiteResult(options, EXIT_USAGE_OR_CONNECTION, errors=[str(exc)], stop_reason="not started")
        verify_reports.write_error_reports(result)
        return result

    verify_reports.remove_previous_allure(options)
    allure_before = verify_reports.allure_files(options.allure_dir)
    command = schemathesis_command(options)
    env = settings.child_environment(
        **{
            "SCHEMATHESIS_HOOKS": FINDINGS_MODULE,
            settings.VERIFY_FINDINGS: str(options.findings_file),
            "COLUMNS": OUTPUT_COLUMNS,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), settings.get("PYTHONPATH")])),
        }
    )
    lines: list[str] = []
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
        env=env,
        encoding="utf-8",
        errors="replace",
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if echo:
                sys.stdout.write(line)
                sys.stdout.flush()
    result = SuiteResult(options, EXIT_CONFORMANT, output="".join(lines), prepared=prepared)
    _read_reports(result, process.returncode)
    verify_reports.finish_reports(result, allure_before)
    return result


def _read_reports(result: SuiteResult, returncode: int) -> None:
    options = result.options
    report: dict[str, Any] = {}
    if options.json_report.is_file():
        report = json.loads(options.json_report.read_text(encoding="utf-8"))
    if options.findings_file.is_file():
        result.findings = json.loads(options.findings_file.read_text(encoding="utf-8"))
    result.cases = int((report.get("test_cases") or {}).get("generated") or 0)
    result.failure_groups = int((report.get("test_cases") or {}).get("unique_failures") or 0)
    result.errors = [f"{e['title']} ({e['count']}×)" for e in report.get("errors") or []]
    result.stop_reason = str(report.get("stop_reason") or "")
    result.operations = list(dict.fromkeys((report.get("valid_rates") or {}).keys()))
    if not report:
        # schemathesis stopped before it could report: a usage error (bad option, unloadable contract)
        tail = result.output.strip().splitlines()[-5:]
        result.errors.append("schemathesis did not run: " + " / ".join(tail))
        result.exit_code = EXIT_USAGE_OR_CONNECTION
    elif result.findings or result.failure_groups or report.get("failures"):
        result.exit_code = EXIT_VIOLATIONS
    elif result.errors or result.stop_reason == "server_unavailable":
        result.exit_code = EXIT_USAGE_OR_CONNECTION
    elif returncode != 0:
        result.exit_code = EXIT_VIOLATIONS if returncode == 1 else EXIT_USAGE_OR_CONNECTION
