"""The kernel's request path, as small layers over one exchange.

For each request, in order: limits (sizes and counts) -> route (the contract's operation) -> validate (parameters and
body against the compiled contract) -> faults before the handler -> the bound handler (which calls the model) ->
response check -> faults after the handler. Each layer reads and writes one `Exchange`; a layer that answers (a 4xx, an
injected fault) ends the path. The journal is the kernel's last step (Simulator.handle), whatever happened here. No
client mistake reaches a handler, so none can crash one; fault kinds act through their registered effects
(simulators/core/faults.py), so a new kind adds no branch here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from .contract import Contract, MethodNotAllowed, Operation, RouteNotFound, Violation
from .errors import DomainError
from .faults import AFTER, BEFORE, FAULT_KINDS, HTTP_KINDS, Strike
from .http import Action, Request, Response, problem
from .limits import refuse, too_deep

if TYPE_CHECKING:
    from .clock import VirtualClock
    from .kernel import Simulator

_PROBLEM_MEMBERS = frozenset({"type", "title", "status", "detail", "instance", "kind"})  # RFC 9457's own members


@dataclass(slots=True)
class Call:
    """What a handler gets: validated, typed inputs and the world around it."""

    params: dict[str, Any]
    body: Any
    request: Request
    simulator: Simulator
    correlation_id: str

    @property
    def model(self) -> Any:
        return self.simulator.model

    @property
    def clock(self) -> VirtualClock:
        return self.simulator.clock


Reply = Any  # (status, document), (status, document, headers), or a Response
Handler = Callable[[Call], Reply]


@dataclass
class Exchange:
    """One request on its way through the layers, and what they decided."""

    request: Request
    correlation_id: str
    operation: Operation | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    body: Any = None  # the parsed body (or what could be read of it), for the journal
    violations: list[Violation] = field(default_factory=list)
    strikes: list[Strike] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)  # what the transport must do before answering (latency)
    response: Response | None = None
    fault: str | None = None
    done: bool = False

    def answer(self, response: Response, fault: str | None = None) -> None:
        self.response, self.fault, self.done = response, fault, True


def limits(sim: Simulator, ex: Exchange) -> None:
    """Sizes and counts (simulators/core/limits.py): header bytes and fields 431, URL 414, query 400, body 413."""
    refused = refuse(sim.limits, ex.request)
    if refused is not None:
        ex.answer(refused)


def route(sim: Simulator, ex: Exchange) -> None:
    request = ex.request
    try:
        ex.operation, raw_path = sim.contract.match(request.method, request.path)
        ex.path_params.update(raw_path)
    except RouteNotFound as exc:
        ex.body = body_for_journal(request)
        ex.answer(
            problem(
                404,
                "No such operation",
                f"{request.method} {request.path} is not in the {sim.contract.title} contract",
                kind="unknown-path",
                nearMisses=exc.suggestions or None,
            )
        )
    except MethodNotAllowed as exc:
        response = problem(
            405,
            "Method not allowed",
            f"{request.method} is not allowed on {request.path}; allowed: {', '.join(exc.allowed)}",
            kind="method-not-allowed",
        )
        response.headers["allow"] = ", ".join(exc.allowed)
        ex.body = body_for_journal(request)
        ex.answer(response)


def validate(sim: Simulator, ex: Exchange) -> None:
    assert ex.operation is not None
    ex.params, ex.body, bad = read_request(ex.operation, ex.path_params, ex.request, sim.limits.max_json_depth)
    if bad is not None:
        response, ex.violations = bad
        ex.answer(response)


def faults_before(sim: Simulator, ex: Exchange) -> None:
    """Decide which fault rules strike this call; the kinds that strike before the handler act now."""
    assert ex.operation is not None
    ex.strikes = sim.faults.decide(ex.operation.operation_id, sim.clock.now(), HTTP_KINDS)
    for strike in ex.strikes:
        kind = FAULT_KINDS[strike.kind]
        if kind.phase != BEFORE or kind.before is None:
            continue
        effect = kind.before(strike)
        if effect.answer is not None:
            ex.answer(effect.answer, f"{strike.rule.id}:{strike.kind}")
            return
        if effect.delay_s:
            ex.actions.append(Action("delay", effect.delay_s))


def call_handler(sim: Simulator, ex: Exchange) -> None:
    assert ex.operation is not None
    call = Call(params=ex.params, body=ex.body, request=ex.request, simulator=sim, correlation_id=ex.correlation_id)
    try:
        reply = sim.handlers[ex.operation.operation_id](call)
    except DomainError as err:
        extensions = {k: v for k, v in err.extensions.items() if k not in _PROBLEM_MEMBERS}
        response = problem(err.status, err.title, err.detail, kind=err.code, **extensions)
        # A model that checks a contract of its own (the Servicebus against AsyncAPI) reports violations:
        # they count in the journal like the kernel's own, so "no exchange broke a contract" sees them.
        broken = [Violation.from_dict(v) for v in extensions.get("violations", ()) if isinstance(v, dict)]
        if broken:
            ex.violations = broken
            ex.answer(response)
            return
        ex.response = response
    else:
        ex.response = to_response(reply)


def check_response(sim: Simulator, ex: Exchange) -> None:
    """A response that breaks the contract is a bug in the simulator: answered 500, never passed on silently."""
    assert ex.operation is not None and ex.response is not None
    ex.violations = response_violations(sim.contract, ex.operation, ex.response)
    if ex.violations:
        ex.response = problem(
            500,
            "Simulator broke its own contract",
            f"{ex.operation.operation_id} produced a response that violates {sim.contract.path.name}",
            kind="response-contract-violation",
            violations=[v.as_dict() for v in ex.violations],
        )
    ex.response.actions.extend(ex.actions)


def faults_after(sim: Simulator, ex: Exchange) -> None:
    """The kinds that strike after the handler: the work is done, the answer is lost or garbled."""
    assert ex.response is not None
    labels: list[str] = []
    applied: set[str] = set()
    for strike in ex.strikes:
        kind = FAULT_KINDS[strike.kind]
        if kind.phase != AFTER or kind.after is None or kind.name in applied:
            continue
        applied.add(kind.name)  # two rules of one kind garble an answer once
        changed, label = kind.after(strike, ex.response, ex.actions)
        if changed.status == 0:  # the answer is lost: nothing else can happen to it
            ex.answer(changed, label)
            return
        ex.response = changed
        labels.append(label)
    if ex.actions:
        labels.append("latency")
    ex.fault = ",".join(labels) or None


LAYERS: tuple[Callable[[Simulator, Exchange], None], ...] = (
    limits,
    route,
    validate,
    faults_before,
    call_handler,
    check_response,
    faults_after,
)


def run(sim: Simulator, ex: Exchange) -> Exchange:
    for layer in LAYERS:
        layer(sim, ex)
        if ex.done:
            break
    return ex


def read_request(operation: Operation, raw_path: dict[str, str], request: Request, max_depth: int = 64):
    """Typed params and parsed body, or (problem response, violations) when the request is bad."""
    violations: list[Violation] = []
    params: dict[str, Any] = {}
    query: dict[str, list[str]] = {}
    for key, value in request.query:
        query.setdefault(key, []).append(value)
    for param in operation.parameters:
        if param.location == "path":
            raw = [raw_path[param.name]] if param.name in raw_path else []
        elif param.location == "query":
            raw = query.get(param.name, [])
        else:
            raw = [request.headers[param.name]] if param.name in request.headers else []
        if not raw:
            if param.required:
                violations.append(
                    Violation(
                        f"request.{param.location}.{param.name}",
                        "",
                        "required",
                        f"{param.location} parameter {param.name!r} is required",
                    )
                )
            continue
        value = param.coerce(raw)
        found = param.check.problems(value, f"request.{param.location}.{param.name}")
        if found:
            violations.extend(found)
        else:
            params[param.name] = value
    body: Any = None
    if operation.body_content_types:
        if request.body:
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
            if content_type not in operation.body_content_types:
                return (
                    params,
                    body_for_journal(request),
                    (
                        problem(
                            415,
                            "Unsupported media type",
                            f"send {', '.join(operation.body_content_types)}; got {content_type or 'no content-type'}",
                            kind="unsupported-media-type",
                        ),
                        [
                            Violation(
                                "request.header.content-type",
                                "",
                                "content-type",
                                f"content-type {content_type!r} is not in the contract",
                            )
                        ],
                    ),
                )
            try:
                text = request.body.decode("utf-8")
            except UnicodeDecodeError as exc:
                return (
                    params,
                    None,
                    (
                        problem(400, "Body is not UTF-8", str(exc), kind="invalid-encoding"),
                        [Violation("request.body", "", "encoding", "body is not valid UTF-8")],
                    ),
                )
            try:
                body = orjson.loads(text)
            except orjson.JSONDecodeError as exc:
                return (
                    params,
                    text[:2000],
                    (
                        problem(400, "Malformed JSON", str(exc), kind="malformed-json"),
                        [Violation("request.body", "", "json", f"malformed JSON: {exc}")],
                    ),
                )
            if too_deep(body, request.body, max_depth):
                return (
                    params,
                    None,
                    (
                        problem(
                            400,
                            "JSON nested too deep",
                            f"the body nests deeper than {max_depth} levels",
                            kind="json-too-deep",
                            limit=max_depth,
                        ),
                        [Violation("request.body", "", "depth", f"JSON nested deeper than {max_depth} levels")],
                    ),
                )
            if operation.body_check is not None:
                violations.extend(operation.body_check.problems(body, "request.body"))
        elif operation.body_required:
            violations.append(Violation("request.body", "", "required", "a request body is required"))
    elif request.body and request.method in ("GET", "DELETE", "HEAD"):
        pass  # a body on a read is ignored, as HTTP allows
    if violations:
        return (
            params,
            body,
            (
                problem(
                    400,
                    "Request violates the contract",
                    "; ".join(f"{v.where}{v.pointer}: {v.message}" for v in violations[:5]),
                    kind="contract-violation",
                    violations=[v.as_dict() for v in violations],
                ),
                violations,
            ),
        )
    return params, body, None


def response_violations(contract: Contract, operation: Operation, response: Response) -> list[Violation]:
    spec = operation.response_spec(response.status)
    if spec is None:
        return [
            Violation(
                "response.status",
                "",
                "status",
                f"status {response.status} is not documented for {operation.operation_id}",
            )
        ]
    if not spec.content_types:
        return (
            []
            if not response.body
            else [Violation("response.body", "", "content", f"status {response.status} is documented without a body")]
        )
    content_type = response.headers.get("content-type", "").split(";")[0]
    if content_type not in spec.content_types:
        return [
            Violation(
                "response.header.content-type",
                "",
                "content-type",
                f"{content_type!r} is not documented for status {response.status}",
            )
        ]
    if spec.check is None:
        return []
    return spec.check.problems(response.document, "response.body")


def to_response(reply: Any) -> Response:
    if isinstance(reply, Response):
        return reply
    status, document, *rest = reply
    headers = rest[0] if rest else None
    if document is None:
        return Response(status=status, headers=dict(headers or {}))
    return Response.json(status, document, headers=headers)


def body_for_journal(request: Request) -> Any:
    """Record what the client sent even when it could not be parsed: nothing is lost from the journal."""
    if not request.body:
        return None
    try:
        return orjson.loads(request.body)
    except orjson.JSONDecodeError:
        return request.body[:2000].decode("utf-8", "replace")
