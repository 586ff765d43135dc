"""Fault injection: rules that make a simulator misbehave on request, with reproducible decisions.

A rule names an operation (or "*"), a kind, and how often it strikes (a probability, a number of
calls, a virtual-time window). Whether the n-th matching call is hit is decided from (seed, rule id, n)
alone, not from a shared random stream, so the same seed gives the same decisions even when threads
interleave differently; and a rule that is removed is gone at once.

HTTP kinds act on an exchange; bus kinds act on a Servicebus delivery (the operation is then
`deliver`, and `topic` narrows it). Every HTTP kind but one strikes *before* the handler, so nothing was
done; `drop-response` strikes *after* it: the neighbour did the work (booked the voucher, registered the
choice) and the answer is lost — the connection is reset, or with `hangMs` held until the client times out.
That is the case that tells an idempotent integration from one that books twice.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import settings as defaults
from .http import Action, Response, problem

HTTP = "http"  # acts on an exchange (the kernel's fault layer)
BUS = "bus"  # acts on a Servicebus delivery (the bus model)
BEFORE, AFTER = (
    "before",
    "after",
)  # an HTTP kind strikes before the handler (nothing done) or after it (done, answer lost)


@dataclass(frozen=True)
class FaultKind:
    """One kind of misbehaviour: its name (the admin contract's FaultKind enum), the channel it acts on, when it
    strikes, what a rule of it must say, and what it does. A new kind is one registration here: the rule's checks,
    the kernel's fault layer (`before`/`after`) and the admin contract's enum (a test keeps the two equal) read it."""

    name: str
    channel: str
    phase: str = BEFORE
    needs: tuple[str, ...] = ()  # rule fields a rule of this kind must set
    summary: str = ""
    # HTTP kinds act through these (simulators/core/pipeline.py); bus kinds are carried out by the bus model.
    before: Callable[[Strike], Effect] | None = None
    after: Callable[[Strike, Response, list[Action]], tuple[Response, str]] | None = None


FAULT_KINDS: dict[str, FaultKind] = {}


def register_fault_kind(kind: FaultKind) -> FaultKind:
    if kind.name in FAULT_KINDS:
        raise ValueError(f"fault kind {kind.name!r} is already registered")
    FAULT_KINDS[kind.name] = kind
    return kind


class FaultRuleError(ValueError):
    """A fault rule that cannot be applied (unknown kind, missing status, inverted latency range)."""


@dataclass(slots=True)
class FaultRule:
    kind: str
    operation: str = "*"
    probability: float = 1.0
    times: int | None = None  # strike at most this many times, then stay dormant
    status: int | None = None  # kind=status
    latency_ms: int | None = None  # kind=latency (fixed) / kind=delay (bus)
    latency_max_ms: int | None = None  # kind=latency: uniform between latency_ms and this
    hang_ms: int | None = None  # kind=hang / drop-response: how long the server holds the request before closing it
    topic: str | None = None  # bus kinds only
    active_from: datetime | None = None  # virtual-time window ("Luna is down from ... to ...")
    active_until: datetime | None = None
    id: str = ""
    matched: int = 0
    struck: int = 0

    def validate(self) -> None:
        kind = FAULT_KINDS.get(self.kind)
        if kind is None:
            raise FaultRuleError(f"unknown fault kind {self.kind!r}; known kinds: {', '.join(FAULT_KINDS)}")
        if "status" in kind.needs and not (self.status and 400 <= self.status <= 599):
            raise FaultRuleError(f"a {kind.name} fault needs `status` between 400 and 599")
        if "latency_ms" in kind.needs and self.latency_ms is None:
            raise FaultRuleError(f"a {kind.name} fault needs `latencyMs`")
        if self.latency_max_ms is not None and (self.latency_ms or 0) > self.latency_max_ms:
            raise FaultRuleError("`latencyMaxMs` must not be below `latencyMs`")
        if not 0.0 <= self.probability <= 1.0:
            raise FaultRuleError("`probability` must be between 0 and 1")

    def as_dict(self) -> dict[str, Any]:
        doc = {
            "id": self.id,
            "kind": self.kind,
            "operation": self.operation,
            "probability": self.probability,
            "times": self.times,
            "status": self.status,
            "latencyMs": self.latency_ms,
            "latencyMaxMs": self.latency_max_ms,
            "hangMs": self.hang_ms,
            "topic": self.topic,
            "activeFrom": self.active_from.isoformat() if self.active_from else None,
            "activeUntil": self.active_until.isoformat() if self.active_until else None,
            "matched": self.matched,
            "struck": self.struck,
        }
        return {k: v for k, v in doc.items() if v is not None}

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> FaultRule:
        def when(key: str) -> datetime | None:
            return datetime.fromisoformat(doc[key]) if doc.get(key) else None

        rule = cls(
            kind=doc["kind"],
            operation=doc.get("operation", "*"),
            probability=float(doc.get("probability", 1.0)),
            times=doc.get("times"),
            status=doc.get("status"),
            latency_ms=doc.get("latencyMs"),
            latency_max_ms=doc.get("latencyMaxMs"),
            hang_ms=doc.get("hangMs"),
            topic=doc.get("topic"),
            active_from=when("activeFrom"),
            active_until=when("activeUntil"),
        )
        rule.validate()
        return rule


@dataclass(slots=True)
class Strike:
    """A decision that a rule hits this call, with the concrete numbers drawn for it."""

    rule: FaultRule
    latency_ms: float = 0.0

    @property
    def kind(self) -> str:
        return self.rule.kind


@dataclass
class FaultInjector:
    seed: int = 0
    _rules: list[FaultRule] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    def add(self, rule: FaultRule) -> FaultRule:
        rule.validate()
        with self._lock:
            rule.id = rule.id or f"f{next(self._ids)}"
            self._rules.append(rule)
        return rule

    def remove(self, rule_id: str) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [r for r in self._rules if r.id != rule_id]
            return len(self._rules) != before

    def clear(self) -> None:
        with self._lock:
            self._rules = []

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def reseed(self, seed: int) -> None:
        with self._lock:
            self.seed = seed
            for rule in self._rules:
                rule.matched = rule.struck = 0

    def decide(self, operation: str, now: datetime, kinds: tuple[str, ...], topic: str | None = None) -> list[Strike]:
        """The rules that strike this call of `operation`, in the order they were added."""
        if not self._rules:  # the hot path without faults takes no lock
            return []
        strikes = []
        with self._lock:
            for rule in self._rules:
                if rule.kind not in kinds or rule.operation not in ("*", operation):
                    continue
                if rule.topic is not None and rule.topic != topic:
                    continue
                if rule.active_from is not None and now < rule.active_from:
                    continue
                if rule.active_until is not None and now >= rule.active_until:
                    continue
                if rule.times is not None and rule.struck >= rule.times:
                    continue
                rule.matched += 1
                draw = self._draw(rule, rule.matched)
                if rule.probability < 1.0 and draw.random() >= rule.probability:
                    continue
                rule.struck += 1
                latency = float(rule.latency_ms or 0)
                if rule.latency_max_ms is not None:
                    latency = draw.uniform(latency, float(rule.latency_max_ms))
                strikes.append(Strike(rule, latency))
        return strikes

    def _draw(self, rule: FaultRule, n: int) -> random.Random:
        digest = hashlib.blake2b(f"{self.seed}:{rule.id}:{n}".encode(), digest_size=8).digest()
        return random.Random(int.from_bytes(digest, "big"))


# -- what each kind does ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Effect:
    """What a kind that strikes before the handler does to the exchange: answer instead (nothing is done), or delay."""

    answer: Response | None = None
    delay_s: float = 0.0


def _status(strike: Strike) -> Effect:
    status = strike.rule.status or 503
    return Effect(
        answer=problem(status, "Injected fault", f"fault {strike.rule.id} answers {status}", kind="injected-fault")
    )


def _hang(strike: Strike) -> Effect:
    return Effect(answer=Response(status=0, actions=[Action("hang", (strike.rule.hang_ms or defaults.HANG_MS) / 1000)]))


def _reset(strike: Strike) -> Effect:
    return Effect(answer=Response(status=0, actions=[Action("reset")]))


def _latency(strike: Strike) -> Effect:
    return Effect(delay_s=strike.latency_ms / 1000)


def _malformed(strike: Strike, response: Response, actions: list[Action]) -> tuple[Response, str]:
    response.body = response.body[: max(1, len(response.body) // 2)] or b"{"
    response.document = None
    return response, "malformed"


def _drop_response(strike: Strike, response: Response, actions: list[Action]) -> tuple[Response, str]:
    """The handler ran and committed; the client never hears of it (the connection reset, or held hangMs)."""
    hold = (strike.rule.hang_ms or 0) / 1000
    lost = Action("hang", hold) if hold else Action("reset")
    return Response(status=0, actions=[*actions, lost]), f"{strike.rule.id}:drop-response"


for _kind in (
    FaultKind(
        "latency",
        HTTP,
        needs=("latency_ms",),
        summary="the answer comes late (fixed or uniform random)",
        before=_latency,
    ),
    FaultKind("status", HTTP, needs=("status",), summary="answer with an error status, doing nothing", before=_status),
    FaultKind("hang", HTTP, summary="hold the request and answer nothing until the caller gives up", before=_hang),
    FaultKind("reset", HTTP, summary="drop the connection, doing nothing", before=_reset),
    FaultKind("malformed", HTTP, phase=AFTER, summary="cut the JSON body of the answer in half", after=_malformed),
    FaultKind(
        "drop-response",
        HTTP,
        phase=AFTER,
        summary="do the work, then lose the answer (reset, or hold hangMs)",
        after=_drop_response,
    ),
    FaultKind("duplicate", BUS, summary="deliver the message twice"),
    FaultKind("delay", BUS, summary="hold the delivery back latencyMs"),
    FaultKind("reorder", BUS, summary="deliver it after the next message (or after latencyMs)"),
    FaultKind("dead-letter", BUS, summary="dead-letter it without a delivery"),
):
    register_fault_kind(_kind)


def kinds(channel: str) -> tuple[str, ...]:
    """The registered kinds acting on a channel, in registration order."""
    return tuple(k.name for k in FAULT_KINDS.values() if k.channel == channel)


HTTP_KINDS = kinds(HTTP)
BUS_KINDS = kinds(BUS)
KINDS = tuple(FAULT_KINDS)
