"""The simulator kernel: one `handle(Request) -> Response` that every simulator shares.

For each exchange: the reserved admin prefix goes to the admin API (attached from outside, simulators/core/admin.py);
everything else runs the request path's layers (simulators/core/pipeline.py: limits, route, validate, faults, the
bound handler, response check); then one journal entry, whatever happened. A request that breaks the contract is
answered 4xx problem+json and journaled with its violations; a response that breaks it is a bug in the simulator,
answered 500 and journaled loudly, never passed on silently; a crash in a handler is a 500 problem+json with an
incident id that the console log line and the journal entry both carry (the traceback goes to the log, never to the
client). A correlation id that is not a short token is replaced by a fresh one, and the entry flagged.
"""

from __future__ import annotations

import itertools
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from . import settings as defaults
from .clock import VirtualClock
from .contract import Contract, Operation, Violation, load_contract
from .faults import FaultInjector
from .http import JSON, PROBLEM_JSON, Request, Response, problem
from .journal import CPR_KEYS, SAFE_METHODS, Entry, Journal, find_cprs
from .limits import Limits, valid_correlation_id
from .pipeline import Call, Exchange, Handler, Reply, run
from .scheduler import RealTimeScheduler, Scheduler

__all__ = ["ADMIN_PREFIX", "CORRELATION_HEADER", "Call", "Handler", "Model", "Reply", "Simulator"]

ADMIN_PREFIX = "/__admin"
CORRELATION_HEADER = "x-correlation-id"
JOURNALED_TEXT = 2_048  # a journaled path or header value is cut here (the limits refuse longer ones anyway)
log = logging.getLogger("golive.simulators")


class Model(Protocol):
    """What the kernel needs of a simulator's state model (plain Python, no HTTP)."""

    def reset(self) -> None: ...

    def load(self, data: dict[str, Any]) -> dict[str, Any]: ...

    def snapshot(self) -> dict[str, Any]: ...


@dataclass
class Simulator:
    """A contract, a state model and the handlers that join them, plus the kernel's shared services."""

    name: str
    contract: Contract
    model: Any
    handlers: Mapping[str, Handler]  # copied into a dict of this simulator's own
    clock: VirtualClock = field(default_factory=VirtualClock)
    seed: int = 0
    max_body_bytes: int = defaults.MAX_BODY_BYTES
    settings: dict[str, Any] = field(default_factory=dict)
    on_settings: Callable[[dict[str, Any]], None] | None = None
    publisher: Any = None  # an EventPublisher, when the simulator publishes events to the Servicebus
    scheduler: Scheduler = field(default_factory=RealTimeScheduler)  # the world's: stamps, durations, ids
    journal_memory: int | None = None  # entries kept in memory before spilling to disk (None: by where it runs)

    def __post_init__(self) -> None:
        self.handlers: dict[str, Handler] = dict(
            self.handlers
        )  # this simulator's own table: patching one never leaks into another
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
        self.limits = Limits(max_body_bytes=self.max_body_bytes)
        self._initial_limits = self.limits.as_doc()
        if self.journal_memory is None:
            virtual = self.scheduler.virtual
            self.journal_memory = defaults.JOURNAL_MEMORY_IN_PROCESS if virtual else defaults.JOURNAL_MEMORY_SERVED
        self.journal = Journal(self.name, memory=self.journal_memory)
        self._incidents = itertools.count(1)
        self.faults = FaultInjector(seed=self.seed)
        self.started = time.monotonic()
        self._initial_settings = dict(self.settings)
        # The admin API (/__admin, a simulator of its own over this one) is attached from outside the kernel:
        # simulators/core/admin.py's `attach_admin`, which Environment.simulator calls for every system it builds.
        self.admin: Simulator | None = None

    @classmethod
    def from_contract(
        cls, name: str, contract_path: Path | str, model: Any, handlers: Mapping[str, Handler], **kwargs: Any
    ) -> Simulator:
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
        self.limits.update(self._initial_limits)
        self.max_body_bytes = self.limits.max_body_bytes
        if self.on_settings:
            self.on_settings(self.settings)

    def close(self) -> None:
        closer = getattr(self.model, "close", None)
        if closer:
            closer()
        if self.publisher is not None:
            self.publisher.outbox.close()
        self.journal.close()

    def _new_correlation_id(self) -> str:
        """For a request that brought none. Cheap (a uuid4 per request cost 9% of the kernel's time); in a virtual
        world taken from the world's seeded ids, so a replay names its exchanges alike."""
        if self.scheduler.virtual:
            return f"golive-{self.scheduler.new_id()}"
        return f"{_CORRELATION_PREFIX}{next(_correlation_counter)}"

    # -- the one entry point -----------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        if self.admin is not None and (request.path == ADMIN_PREFIX or request.path.startswith(ADMIN_PREFIX + "/")):
            if request.method not in SAFE_METHODS:
                self.journal.note_write()  # a seed, clock, fault or reset changes what the next read sees
            return self.admin.handle(request)
        started = self.scheduler.now()
        flags: list[str] = []
        correlation_id = request.headers.get(CORRELATION_HEADER)
        if correlation_id is not None and not valid_correlation_id(correlation_id, self.limits):
            flags.append("invalid-correlation-id")  # replaced, never echoed: it may be huge or not even text
            correlation_id = None
        correlation_id = correlation_id or self._new_correlation_id()
        exchange = Exchange(request, correlation_id)
        try:
            run(self, exchange)
            assert exchange.response is not None
            response = exchange.response
        except Exception as exc:  # a bug in a handler or model: say so, journal it, keep serving
            incident = f"{self.name}-incident-{next(self._incidents)}"
            log.error(
                "%s: incident %s: %s: %s (correlation id %s)",
                self.name,
                incident,
                type(exc).__name__,
                exc,
                correlation_id,
            )
            log.debug("%s: incident %s", self.name, incident, exc_info=True)
            flags.append(f"incident:{incident}")
            response = problem(
                500,
                "Simulator error",
                f"an internal error in the {self.name} simulator; its log names incident {incident}",
                kind="simulator-error",
                simulator=self.name,
                incidentId=incident,
            )
        if exchange.fault and not self.scheduler.virtual:
            log.warning("%s: fault %s struck (%s %s)", self.name, exchange.fault, request.method, request.path[:200])
        response.headers.setdefault(CORRELATION_HEADER, correlation_id)
        self._record(
            request,
            exchange.operation,
            exchange.body,
            response,
            exchange.violations,
            exchange.fault,
            correlation_id,
            started,
            exchange.path_params,
            tuple(flags),
        )
        return response

    def _record(
        self,
        request: Request,
        operation: Operation | None,
        request_doc: Any,
        response: Response,
        violations: list[Violation],
        fault: str | None,
        correlation_id: str,
        started: float,
        path_params: dict[str, str],
        flags: tuple[str, ...] = (),
    ) -> None:
        response_doc = response.document
        if (
            response_doc is None
            and response.body
            and response.headers.get("content-type", "").startswith((JSON, PROBLEM_JSON))
        ):
            response_doc = response.body.decode("utf-8", "replace")
        entry = Entry(
            seq=0,
            simulator=self.name,
            at=self.scheduler.stamp(),
            virtual_at=self.clock.now(),
            operation=operation.operation_id if operation else None,
            method=request.method,
            path=request.path[:JOURNALED_TEXT],
            query=request.query[: self.limits.max_query_params],
            request_headers={
                k: v[:JOURNALED_TEXT] if k != CORRELATION_HEADER or not flags else correlation_id
                for k, v in request.headers.items()
                if k in defaults.JOURNALED_HEADERS
            },
            request_body=request_doc,
            status=response.status,
            response_body=response_doc,
            duration_ms=(self.scheduler.now() - started) * 1000,
            correlation_id=correlation_id,
            cprs=find_cprs(
                request_doc,
                response_doc,
                extra=[v for k, v in path_params.items() if k in CPR_KEYS or k.endswith("Cpr")],
            )
            if operation is None or operation.mentions_cpr
            else (),
            violations=[v.as_dict() for v in violations],
            fault=fault,
            flags=flags,
        )
        self.journal.record(entry)

    def record_attempt(
        self,
        operation: str,
        delivery: Any,
        status: int | None,
        error: str | None,
        elapsed_ms: float,
        correlation_id: str | None = None,
    ) -> None:
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

    def record_delivery(
        self,
        *,
        operation: str,
        method: str,
        url: str,
        body: Any,
        status: int | None,
        error: str | None,
        duration_ms: float,
        correlation_id: str | None,
        fault: str | None = None,
    ) -> None:
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
