"""The simulator kernel: one `handle(Request) -> Response` that every simulator shares.

For each exchange, in order: reserved admin prefix → admin API; size limit; route lookup in the
contract; parameter and body validation against the compiled contract; injected faults; the bound
handler (which calls the model); response validation; one journal entry. A request that breaks the
contract is answered 4xx problem+json and journaled with its violations; a response that breaks it is a
bug in the simulator, answered 500 and journaled loudly, never passed on silently. No client mistake can
reach a handler, so none can crash one.
"""

from __future__ import annotations

import itertools
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

import orjson

from . import settings as defaults
from .clock import VirtualClock
from .contract import Contract, MethodNotAllowed, Operation, RouteNotFound, Violation, load_contract
from .errors import DomainError
from .faults import HTTP_KINDS, FaultInjector
from .http import JSON, PROBLEM_JSON, Action, Request, Response, problem
from .journal import CPR_KEYS, Entry, Journal, find_cprs
from .scheduler import RealTimeScheduler, Scheduler

ADMIN_PREFIX = "/__admin"
_PROBLEM_MEMBERS = frozenset({"type", "title", "status", "detail", "instance", "kind"})  # RFC 9457's own members
CORRELATION_HEADER = "x-correlation-id"


class Model(Protocol):
    """What the kernel needs of a simulator's state model (plain Python, no HTTP)."""

    def reset(self) -> None: ...

    def load(self, data: dict[str, Any]) -> dict[str, Any]: ...

    def snapshot(self) -> dict[str, Any]: ...


@dataclass(slots=True)
class Call:
    """What a handler gets: validated, typed inputs and the world around it."""

    params: dict[str, Any]
    body: Any
    request: Request
    simulator: "Simulator"
    correlation_id: str

    @property
    def model(self) -> Any:
        return self.simulator.model

    @property
    def clock(self) -> VirtualClock:
        return self.simulator.clock


Reply = tuple  # (status, document) or (status, document, headers)
Handler = Callable[[Call], Reply]


@dataclass
class Simulator:
    """A contract, a state model and the handlers that join them, plus the kernel's shared services."""

    name: str
    contract: Contract
    model: Any
    handlers: dict[str, Handler]
    clock: VirtualClock = field(default_factory=VirtualClock)
    seed: int = 0
    max_body_bytes: int = defaults.MAX_BODY_BYTES
    settings: dict[str, Any] = field(default_factory=dict)
    on_settings: Callable[[dict[str, Any]], None] | None = None
    publisher: Any = None  # an EventPublisher, when the simulator publishes events to the Servicebus
    scheduler: Scheduler = field(default_factory=RealTimeScheduler)  # the world's: stamps, durations, ids

    def __post_init__(self) -> None:
        self.handlers = dict(self.handlers)  # this simulator's own table: patching one never leaks into another
        missing = sorted(set(self.contract.operations) - set(self.handlers))
        extra = sorted(set(self.handlers) - set(self.contract.operations))
        if missing or extra:
            raise ValueError(
                f"{self.name}: handlers do not match {self.contract.path.name}: "
                f"unbound operations {missing}, handlers without an operation {extra}"
            )
        own = (self.contract.schema("Settings") or {}).get("properties")
        if own is not None:  # a world hands every simulator the same wiring; keep what this one understands
            for key in [k for k in self.settings if k not in own]:
                del self.settings[key]
        self.journal = Journal(self.name)
        self.faults = FaultInjector(seed=self.seed)
        self.started = time.monotonic()
        self._initial_settings = dict(self.settings)
        # The admin API (/__admin, a simulator of its own over this one) is attached from outside the kernel:
        # simulators/core/admin.py's `attach_admin`, which Environment.simulator calls for every system it builds.
        self.admin: Simulator | None = None

    @classmethod
    def from_contract(cls, name: str, contract_path: Path | str, model: Any, handlers: dict[str, Handler], **kwargs: Any) -> "Simulator":
        return cls(name=name, contract=load_contract(str(contract_path)), model=model, handlers=handlers, **kwargs)

    # -- lifecycle ---------------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to a fresh start: state, journal, faults, clock, settings."""
        self.model.reset()
        self.journal.clear()
        self.faults.clear()
        self.faults.reseed(self.seed)
        self.clock.reset()
        if self.publisher is not None:
            self.publisher.reset()
        self.settings.clear()
        self.settings.update(self._initial_settings)
        if self.on_settings:
            self.on_settings(self.settings)

    def close(self) -> None:
        closer = getattr(self.model, "close", None)
        if closer:
            closer()
        if self.publisher is not None:
            self.publisher.outbox.close()

    def _new_correlation_id(self) -> str:
        """For a request that brought none. Cheap (a uuid4 per request cost 9% of the kernel's time); in a virtual
        world taken from the world's seeded ids, so a replay names its exchanges alike."""
        if self.scheduler.virtual:
            return f"golive-{self.scheduler.new_id()}"
        return f"{_CORRELATION_PREFIX}{next(_correlation_counter)}"

    # -- the one entry point -----------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        if self.admin is not None and (request.path == ADMIN_PREFIX or request.path.startswith(ADMIN_PREFIX + "/")):
            return self.admin.handle(request)
        started = self.scheduler.now()
        correlation_id = request.headers.get(CORRELATION_HEADER) or self._new_correlation_id()
        operation: Operation | None = None
        request_doc: Any = None
        violations: list[Violation] = []
        fault: str | None = None
        path_params: dict[str, str] = {}
        try:
            operation, response, request_doc, violations, fault = self._dispatch(request, correlation_id, path_params)
        except Exception as exc:  # a bug in a handler or model: say so, journal it, keep serving
            response = problem(
                500,
                "Simulator error",
                f"{type(exc).__name__}: {exc}",
                kind="simulator-error",
                simulator=self.name,
                trace=traceback.format_exc(limit=5),
            )
        response.headers.setdefault(CORRELATION_HEADER, correlation_id)
        self._record(request, operation, request_doc, response, violations, fault, correlation_id, started, path_params)
        return response

    def _dispatch(self, request: Request, correlation_id: str, path_params: dict[str, str]
                  ) -> tuple[Operation | None, Response, Any, list[Violation], str | None]:
        if request.body_too_large:
            return None, problem(
                413,
                "Request body too large",
                f"the body exceeds this simulator's limit of {self.max_body_bytes} bytes",
                kind="body-too-large",
                limit=self.max_body_bytes,
            ), None, [], None
        try:
            operation, raw_path = self.contract.match(request.method, request.path)
            path_params.update(raw_path)
        except RouteNotFound as exc:
            return None, problem(
                404,
                "No such operation",
                f"{request.method} {request.path} is not in the {self.contract.title} contract",
                kind="unknown-path",
                nearMisses=exc.suggestions or None,
            ), _body_for_journal(request), [], None
        except MethodNotAllowed as exc:
            response = problem(
                405,
                "Method not allowed",
                f"{request.method} is not allowed on {request.path}; allowed: {', '.join(exc.allowed)}",
                kind="method-not-allowed",
            )
            response.headers["allow"] = ", ".join(exc.allowed)
            return None, response, _body_for_journal(request), [], None

        params, body, bad = self._read_request(operation, raw_path, request)
        if bad is not None:
            response, violations = bad
            return operation, response, body, violations, None

        strikes = self.faults.decide(operation.operation_id, self.clock.now(), HTTP_KINDS)
        actions: list[Action] = []
        for strike in strikes:
            kind = strike.kind
            if kind == "status":
                status = strike.rule.status or 503
                response = problem(status, "Injected fault", f"fault {strike.rule.id} answers {status}", kind="injected-fault")
                return operation, response, body, [], f"{strike.rule.id}:status"
            if kind == "reset":
                response = Response(status=0, actions=[Action("reset")])
                return operation, response, body, [], f"{strike.rule.id}:reset"
            if kind == "hang":
                seconds = (strike.rule.hang_ms or defaults.HANG_MS) / 1000
                return operation, Response(status=0, actions=[Action("hang", seconds)]), body, [], f"{strike.rule.id}:hang"
            if kind == "latency":
                actions.append(Action("delay", strike.latency_ms / 1000))

        call = Call(params=params, body=body, request=request, simulator=self, correlation_id=correlation_id)
        try:
            reply = self.handlers[operation.operation_id](call)
        except DomainError as err:
            extensions = {k: v for k, v in err.extensions.items() if k not in _PROBLEM_MEMBERS}
            response = problem(err.status, err.title, err.detail, kind=err.code, **extensions)
            # A model that checks a contract of its own (the Servicebus against AsyncAPI) reports violations:
            # they count in the journal like the kernel's own, so "no exchange broke a contract" sees them.
            broken = [Violation.from_dict(v) for v in extensions.get("violations", ()) if isinstance(v, dict)]
            if broken:
                return operation, response, body, broken, None
        else:
            response = _to_response(reply)
        violations = self._check_response(operation, response)
        if violations:
            response = problem(
                500,
                "Simulator broke its own contract",
                f"{operation.operation_id} produced a response that violates {self.contract.path.name}",
                kind="response-contract-violation",
                violations=[v.as_dict() for v in violations],
            )
        response.actions.extend(actions)
        lost = next((s for s in strikes if s.kind == "drop-response"), None)
        if lost is not None:  # the handler ran and committed; the client never hears of it
            hold = (lost.rule.hang_ms or 0) / 1000
            action = Action("hang", hold) if hold else Action("reset")
            return operation, Response(status=0, actions=[*actions, action]), body, violations, f"{lost.rule.id}:drop-response"
        fault = None
        if any(s.kind == "malformed" for s in strikes):
            response.body = response.body[: max(1, len(response.body) // 2)] or b"{"
            response.document = None
            fault = "malformed"
        if actions:
            fault = ",".join(filter(None, [fault, "latency"]))
        return operation, response, body, violations, fault

    def _read_request(self, operation: Operation, raw_path: dict[str, str], request: Request):
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
                    violations.append(Violation(f"request.{param.location}.{param.name}", "", "required", f"{param.location} parameter {param.name!r} is required"))
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
                    return params, _body_for_journal(request), (
                        problem(
                            415,
                            "Unsupported media type",
                            f"send {', '.join(operation.body_content_types)}; got {content_type or 'no content-type'}",
                            kind="unsupported-media-type",
                        ),
                        [Violation("request.header.content-type", "", "content-type", f"content-type {content_type!r} is not in the contract")],
                    )
                try:
                    text = request.body.decode("utf-8")
                except UnicodeDecodeError as exc:
                    return params, None, (
                        problem(400, "Body is not UTF-8", str(exc), kind="invalid-encoding"),
                        [Violation("request.body", "", "encoding", "body is not valid UTF-8")],
                    )
                try:
                    body = orjson.loads(text)
                except orjson.JSONDecodeError as exc:
                    return params, text[:2000], (
                        problem(400, "Malformed JSON", str(exc), kind="malformed-json"),
                        [Violation("request.body", "", "json", f"malformed JSON: {exc}")],
                    )
                if operation.body_check is not None:
                    violations.extend(operation.body_check.problems(body, "request.body"))
            elif operation.body_required:
                violations.append(Violation("request.body", "", "required", "a request body is required"))
        elif request.body and request.method in ("GET", "DELETE", "HEAD"):
            pass  # a body on a read is ignored, as HTTP allows
        if violations:
            return params, body, (
                problem(
                    400,
                    "Request violates the contract",
                    "; ".join(f"{v.where}{v.pointer}: {v.message}" for v in violations[:5]),
                    kind="contract-violation",
                    violations=[v.as_dict() for v in violations],
                ),
                violations,
            )
        return params, body, None

    def _check_response(self, operation: Operation, response: Response) -> list[Violation]:
        spec = operation.response_spec(response.status)
        if spec is None:
            return [Violation("response.status", "", "status", f"status {response.status} is not documented for {operation.operation_id}")]
        if not spec.content_types:
            return [] if not response.body else [Violation("response.body", "", "content", f"status {response.status} is documented without a body")]
        content_type = response.headers.get("content-type", "").split(";")[0]
        if content_type not in spec.content_types:
            return [Violation("response.header.content-type", "", "content-type", f"{content_type!r} is not documented for status {response.status}")]
        if spec.check is None:
            return []
        return spec.check.problems(response.document, "response.body")

    def _record(self, request: Request, operation: Operation | None, request_doc: Any, response: Response,
                violations: list[Violation], fault: str | None, correlation_id: str, started: float,
                path_params: dict[str, str]) -> None:
        response_doc = response.document
        if response_doc is None and response.body and response.headers.get("content-type", "").startswith((JSON, PROBLEM_JSON)):
            response_doc = response.body.decode("utf-8", "replace")
        entry = Entry(
            seq=0,
            simulator=self.name,
            at=self.scheduler.stamp(),
            virtual_at=self.clock.now(),
            operation=operation.operation_id if operation else None,
            method=request.method,
            path=request.path,
            query=request.query,
            request_headers={k: v for k, v in request.headers.items() if k in defaults.JOURNALED_HEADERS},
            request_body=request_doc,
            status=response.status,
            response_body=response_doc,
            duration_ms=(self.scheduler.now() - started) * 1000,
            correlation_id=correlation_id,
            cprs=find_cprs(request_doc, response_doc, extra=[v for k, v in path_params.items() if k in CPR_KEYS or k.endswith("Cpr")])
            if operation is None or operation.mentions_cpr else (),
            violations=[v.as_dict() for v in violations],
            fault=fault,
        )
        self.journal.record(entry)

    def record_attempt(self, operation: str, delivery: Any, status: int | None, error: str | None, elapsed_ms: float,
                       correlation_id: str | None = None) -> None:
        """Journal one attempt of an outbox Delivery (the outbox's on_attempt signature, plus the operation name)."""
        self.record_delivery(
            operation=operation,
            method=delivery.method,
            url=delivery.url,
            body=delivery.body,
            status=status,
            error=error,
            duration_ms=elapsed_ms,
            correlation_id=correlation_id or delivery.headers.get("x-correlation-id"),
        )

    def record_delivery(self, *, operation: str, method: str, url: str, body: Any, status: int | None, error: str | None,
                        duration_ms: float, correlation_id: str | None, fault: str | None = None) -> None:
        """Journal something this simulator sent on its own (a bus push, an E-flyt case), attempt by attempt."""
        self.journal.record(
            Entry(
                seq=0,
                simulator=self.name,
                at=self.scheduler.stamp(),
                virtual_at=self.clock.now(),
                operation=operation,
                method=method,
                path=url,
                query=[],
                request_headers={},
                request_body=body,
                status=status or 0,
                response_body=error,
                duration_ms=duration_ms,
                correlation_id=correlation_id,
                cprs=find_cprs(body),
                fault=fault,
                kind="delivery",
            )
        )


_CORRELATION_PREFIX = f"golive-{uuid.uuid4().hex[:12]}-"
_correlation_counter = itertools.count(1)


def _to_response(reply: Any) -> Response:
    if isinstance(reply, Response):
        return reply
    status, document, *rest = reply
    headers = rest[0] if rest else None
    if document is None:
        return Response(status=status, headers=dict(headers or {}))
    return Response.json(status, document, headers=headers)


def _body_for_journal(request: Request) -> Any:
    """Record what the client sent even when it could not be parsed: nothing is lost from the journal."""
    if not request.body:
        return None
    try:
        return orjson.loads(request.body)
    except orjson.JSONDecodeError:
        return request.body[:2000].decode("utf-8", "replace")
