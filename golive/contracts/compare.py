"""`golive contracts compare --simulator luna --base-url URL`: simulator fidelity, measured.

A simulator is only worth its scenarios if it behaves like the system it stands in for. This command sends
the *same* requests, in the *same* order, to a golive simulator (served on loopback by this process, reset,
clock set to the contracts' example date and seeded with its contract's SeedData example, as
golive.checks.prepare_simulator does for every check) and to a real endpoint, and reports where the answers
differ: status code, media type, problem type (RFC 9457 `type`), response shape (JSON pointers and value types,
array items merged) and schema validity (one side conforms to the contract, the other does not).

Cases come from schemathesis (the engine every golive check uses): the contract's own examples, then positive
and negative generation per operation, drawn with Hypothesis under `--seed`, so a run is reproducible and
both sides see identical requests. Values that legitimately differ between two honest systems (generated ids,
timestamps) are compared by type, never by value.

Differences are grouped by operation and kind, each with one example request as a curl command, in the
console and in reports/compare-<simulator>.json and .md. Exit codes: 0 no difference, 1 differences,
2 usage or connection error (an unknown simulator, an endpoint that does not answer).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from golive.config import CONTRACTS, REPORTS, SIMULATOR_PORTS, default_seed

PROBLEM_JSON = "application/problem+json"


class ConnectionProblem(Exception):
    """The endpoint under comparison does not answer (exit 2)."""


@dataclass
class Answer:
    status: int
    media_type: str
    body: Any  # parsed JSON, or None
    conforms: bool
    violation: str = ""


@dataclass
class Difference:
    operation: str
    kind: str  # status | media-type | problem-type | shape | schema-validity
    detail: str
    curl: str
    count: int = 1


@dataclass
class Comparison:
    simulator: str
    base_url: str
    seed: int
    cases: int = 0
    differences: dict[tuple[str, str, str], Difference] = field(default_factory=dict)

    def add(self, operation: str, kind: str, detail: str, curl: str) -> None:
        key = (operation, kind, detail)
        if key in self.differences:
            self.differences[key].count += 1
        else:
            self.differences[key] = Difference(operation, kind, detail, curl)

    def as_dict(self) -> dict:
        return {
            "simulator": self.simulator,
            "baseUrl": self.base_url,
            "seed": self.seed,
            "cases": self.cases,
            "differences": [vars(d) for d in self.differences.values()],
        }


# -- cases -----------------------------------------------------------------------------------------------------
def generate_cases(contract: Path, *, seed: int, max_examples: int, operations: list[str] | None = None) -> list:
    """Schemathesis cases for every operation (or the named operationIds): examples, positive, negative; in the
    contract's order and deterministic for the seed."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_path(contract)
    cases: list = []

    def draw(strategy, count: int) -> list:
        drawn: list = []

        @hypothesis_seed(seed)
        @settings(
            max_examples=count,
            database=None,
            deadline=None,
            phases=[Phase.generate, Phase.explicit],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def collect(case) -> None:
            drawn.append(case)

        collect()
        return drawn[:count]

    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # a contract that loaded has no invalid operation
        if operations and operation.definition.raw.get("operationId") not in operations:
            continue
        try:
            from schemathesis.specs.openapi.examples import get_strategies_from_examples

            for strategy in get_strategies_from_examples(operation):
                cases.extend(draw(strategy, 1))
        except ImportError:  # schemathesis moved its example extraction; generation below still covers the operation
            pass
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                cases.extend(draw(operation.as_strategy(generation_mode=mode), max_examples))
            except Exception as e:  # noqa: BLE001 - an operation with no negative space (all strings free) has no cases
                if type(e).__name__ not in ("Unsatisfiable", "InvalidArgument", "FailedHealthCheck"):
                    raise
    return cases


def operation_label(case) -> str:
    operation_id = case.operation.definition.raw.get("operationId")
    return f"{case.method.upper()} {case.path}" + (f" ({operation_id})" if operation_id else "")


# -- answers ---------------------------------------------------------------------------------------------------
def _answer(case, base_url: str, client: httpx.Client) -> Answer:
    from schemathesis.core.failures import Failure, FailureGroup
    from schemathesis.specs.openapi.checks import response_schema_conformance

    kwargs = case.as_transport_kwargs(base_url=base_url)
    headers = dict(kwargs.get("headers") or {})
    if kwargs.get("cookies"):
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in kwargs["cookies"].items())
    try:
        response = client.request(
            kwargs["method"], kwargs["url"], params=kwargs.get("params"), headers=headers, content=_content(kwargs)
        )
    except httpx.HTTPError as e:
        raise ConnectionProblem(f"{base_url}: {type(e).__name__}: {e}") from None
    media_type = response.headers.get("content-type", "").split(";")[0].strip()
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = None
    try:
        case.validate_response(response, checks=[response_schema_conformance])
        conforms, violation = True, ""
    except (Failure, FailureGroup) as e:
        failures = list(e.exceptions) if isinstance(e, FailureGroup) else [e]
        conforms, violation = False, "; ".join(sorted({_first_line(f) for f in failures}))
    return Answer(response.status_code, media_type, body, conforms, violation)


def _first_line(failure: BaseException) -> str:
    """ "Response violates schema: "capacity" is a required property" from schemathesis' multi-line failure text."""
    lines = [line.strip() for line in str(failure).splitlines() if line.strip()]
    title = getattr(failure, "title", "") or (lines[0] if lines else type(failure).__name__)
    reason = next((line for line in lines if line != title and not line.startswith("-")), "")
    reason = re.sub(r"^.* is not of type ", "a value is not of type ", reason)  # group by rule, not by value
    return f"{title}: {reason}"[:200] if reason else title[:200]


def _content(kwargs: dict) -> bytes | None:
    if "json" in kwargs:
        return json.dumps(kwargs["json"]).encode()
    data = kwargs.get("data")
    if data is None:
        return None
    return data if isinstance(data, bytes) else str(data).encode()


def shape(value: Any, pointer: str = "") -> set[tuple[str, str]]:
    """The (JSON pointer, type) pairs of a JSON value; array items share the pointer segment `[]`."""
    if isinstance(value, dict):
        found = {(pointer or "/", "object")}
        for key, item in value.items():
            found |= shape(item, f"{pointer}/{key}")
        return found
    if isinstance(value, list):
        found = {(pointer or "/", "array")}
        for item in value:
            found |= shape(item, f"{pointer}/[]")
        return found
    kind = (
        "null"
        if value is None
        else "boolean"
        if isinstance(value, bool)
        else "integer"
        if isinstance(value, int)
        else "number"
        if isinstance(value, float)
        else "string"
    )
    return {(pointer or "/", kind)}


def compare_answers(simulator: Answer, target: Answer) -> list[tuple[str, str]]:
    """(kind, detail) for every way the target's answer differs from the simulator's."""
    found = []
    if simulator.status != target.status:
        found.append(("status", f"simulator {simulator.status}, endpoint {target.status}"))
    if simulator.media_type != target.media_type:
        found.append(("media-type", f"simulator {simulator.media_type or '-'}, endpoint {target.media_type or '-'}"))
    if PROBLEM_JSON in (simulator.media_type, target.media_type):
        a = simulator.body.get("type") if isinstance(simulator.body, dict) else None
        b = target.body.get("type") if isinstance(target.body, dict) else None
        if a != b:
            found.append(("problem-type", f"simulator {a}, endpoint {b}"))
    elif simulator.status == target.status and (simulator.body is not None or target.body is not None):
        a, b = shape(simulator.body), shape(target.body)
        a_types, b_types = dict(a), dict(b)
        for pointer in sorted(a_types.keys() | b_types.keys()):
            if pointer not in b_types:
                found.append(("shape", f"{pointer} ({a_types[pointer]}) missing at the endpoint"))
            elif pointer not in a_types:
                found.append(("shape", f"{pointer} ({b_types[pointer]}) only at the endpoint"))
            elif {t for p, t in a if p == pointer} != {t for p, t in b if p == pointer}:
                found.append(
                    (
                        "shape",
                        f"{pointer}: simulator {sorted(t for p, t in a if p == pointer)}, "
                        f"endpoint {sorted(t for p, t in b if p == pointer)}",
                    )
                )
    if simulator.conforms != target.conforms:
        side, why = ("endpoint", target.violation) if simulator.conforms else ("simulator", simulator.violation)
        found.append(("schema-validity", f"only the {side}'s response breaks the contract: {why}"))
    return found


# -- the run ---------------------------------------------------------------------------------------------------
def compare(
    simulator: str,
    base_url: str,
    *,
    seed: int,
    max_examples: int,
    operations: list[str] | None = None,
    prepare_target: bool = False,
    simulator_url: str | None = None,
) -> Comparison:
    """Run the cases against a freshly served simulator (or `simulator_url`, already served) and `base_url`."""
    from golive.contracts.verify_engine import prepare_endpoint as prepare_simulator
    from golive.serve import loopback_world

    contract = CONTRACTS / f"{simulator}.openapi.yaml"
    comparison = Comparison(simulator, base_url, seed)
    with httpx.Client(timeout=10) as target_client:
        try:
            target_client.get(base_url.rstrip("/") + "/")
        except httpx.HTTPError as e:
            raise ConnectionProblem(f"{base_url} does not answer: {type(e).__name__}: {e}") from None
        servers = None if simulator_url else loopback_world(seed=seed, auto_ports=True, systems=[simulator]).start()
        try:
            sim_url = simulator_url or (servers.urls()[simulator] if servers is not None else "")
            prepare_simulator(sim_url, contract)
            if prepare_target:
                try:
                    prepare_simulator(base_url, contract)
                except httpx.HTTPError as e:
                    raise ConnectionProblem(f"{base_url}: cannot prepare it through /__admin: {e}") from None
            cases = generate_cases(contract, seed=seed, max_examples=max_examples, operations=operations)
            with httpx.Client(timeout=10) as sim_client:
                for case in cases:
                    ours = _answer(case, sim_url, sim_client)
                    theirs = _answer(case, base_url, target_client)
                    comparison.cases += 1
                    for kind, detail in compare_answers(ours, theirs):
                        comparison.add(operation_label(case), kind, detail, _curl(case, base_url))
        finally:
            if servers is not None:
                servers.stop()
    return comparison


def _curl(case, base_url: str) -> str:
    """A curl line for the endpoint (schemathesis' own rendering, pointed at the endpoint's base URL)."""
    return case.as_curl_command(base_url=base_url.rstrip("/"))


def render_markdown(comparison: Comparison) -> str:
    lines = [
        f"# Simulator fidelity: {comparison.simulator} vs {comparison.base_url}",
        "",
        f"{comparison.cases} cases, seed {comparison.seed}: "
        + (f"{len(comparison.differences)} distinct differences" if comparison.differences else "no difference"),
        "",
    ]
    by_operation: dict[str, list[Difference]] = {}
    for difference in comparison.differences.values():
        by_operation.setdefault(difference.operation, []).append(difference)
    for operation in sorted(by_operation):
        lines += [f"## {operation}", ""]
        for d in by_operation[operation]:
            lines += [f"- **{d.kind}** ({d.count}x): {d.detail}", "", "  ```sh", f"  {d.curl}", "  ```", ""]
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--simulator", required=True, choices=sorted(SIMULATOR_PORTS), help="the golive simulator to compare with"
    )
    parser.add_argument("--base-url", required=True, help="the real endpoint (e.g. a vendor's test system)")
    parser.add_argument(
        "--seed", type=int, default=None, help="seed for case generation (default: GOLIVE_SEED or the run seed)"
    )
    parser.add_argument(
        "--max-examples", type=int, default=10, help="generated cases per operation and mode (default 10)"
    )
    parser.add_argument("--operation", action="append", dest="operations", help="only this operationId (repeatable)")
    parser.add_argument(
        "--prepare-target",
        action="store_true",
        help="also reset and seed the endpoint through /__admin (when it is a golive simulator too)",
    )
    parser.add_argument(
        "--report-dir", type=Path, default=REPORTS, help="where compare-<simulator>.json/.md go (default reports/)"
    )


def run(args: argparse.Namespace) -> int:
    seed = args.seed if args.seed is not None else default_seed()
    try:
        comparison = compare(
            args.simulator,
            args.base_url,
            seed=seed,
            max_examples=args.max_examples,
            operations=args.operations,
            prepare_target=args.prepare_target,
        )
    except ConnectionProblem as e:
        print(f"golive contracts compare: {e}", file=sys.stderr)
        return 2
    args.report_dir.mkdir(parents=True, exist_ok=True)
    json_path = args.report_dir / f"compare-{args.simulator}.json"
    md_path = args.report_dir / f"compare-{args.simulator}.md"
    json_path.write_text(json.dumps(comparison.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    markdown = render_markdown(comparison)
    md_path.write_text(markdown + "\n", encoding="utf-8")
    print(markdown)
    print(f"reports: {json_path}, {md_path}")
    if comparison.differences:
        print(f"verdict: {args.simulator} and {args.base_url} differ (seed {seed}; replay with --seed {seed})")
        return 1
    print(f"verdict: no difference in {comparison.cases} cases (seed {seed})")
    return 0
