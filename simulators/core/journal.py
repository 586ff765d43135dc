"""The journal: every exchange a simulator saw, in order, queryable the way Then-steps ask.

Scenarios isolate by data (principle 4), so the journal is indexed by CPR number and correlation id as
well as kept in sequence. Appends take one lock, so no entry is lost however many clients call at once
(tests assert the count exactly under 32 concurrent clients). Entries are never forgotten: a journal that
forgets is a harness that lies; `clear` (admin reset) is the only way to shrink it. Memory is bounded all the
same: past `memory` entries the oldest half is spilled to an SQLite file (simulators/core/spill.py), and queries
read both, with the same filters and order.
"""

from __future__ import annotations

import bisect
import ctypes
import ctypes.util
import gc
import itertools
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from .spill import SpillStore

CPR_KEYS = frozenset({"cpr", "cprnr", "CPRnr"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})  # an exchange by these changed nothing (RFC 9110 §9.2.1)
FREEZE_EVERY = 10_000  # entries between moves of the journal out of the garbage collector's sight (see record)


@dataclass(slots=True)
class Entry:
    seq: int
    simulator: str
    at: datetime  # wall-clock time of arrival
    virtual_at: datetime  # the world's virtual time at arrival
    operation: str | None  # operationId, or None when no operation matched
    method: str
    path: str
    query: list[tuple[str, str]]
    request_headers: dict[str, str]
    request_body: Any
    status: int
    response_body: Any
    duration_ms: float
    correlation_id: str | None
    cprs: tuple[str, ...] = ()
    violations: list[dict[str, str]] = field(default_factory=list)
    fault: str | None = None
    kind: str = "http"  # "http" for exchanges; "delivery" for what a simulator sent out (bus push, E-flyt push)
    flags: tuple[str, ...] = ()  # what the kernel noticed besides violations: "invalid-correlation-id", "incident:…"
    encoded: bytes | None = field(default=None, repr=False, compare=False)  # as_dict() as JSON, made once (document)

    def as_dict(self) -> dict[str, Any]:
        doc = {
            "seq": self.seq,
            "simulator": self.simulator,
            "kind": self.kind,
            "at": self.at.isoformat(),
            "virtualAt": self.virtual_at.isoformat(),
            "operation": self.operation,
            "method": self.method,
            "path": self.path,
            "query": [list(pair) for pair in self.query],
            "requestHeaders": self.request_headers,
            "requestBody": self.request_body,
            "status": self.status,
            "responseBody": self.response_body,
            "durationMs": round(self.duration_ms, 3),
            "correlationId": self.correlation_id,
            "cprs": list(self.cprs),
            "violations": self.violations,
            "fault": self.fault,
        }
        if self.flags:  # only when set: an entry without flags reads (and hashes) as it always did
            doc["flags"] = list(self.flags)
        return doc

    def document(self) -> bytes:
        """as_dict() as JSON bytes, encoded once: an entry does not change once journaled, and an in-process reader
        (the explorer's invariants, after every step) reads the same entries again and again."""
        if self.encoded is None:
            self.encoded = orjson.dumps(self.as_dict())
        return self.encoded

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Entry:
        """An entry back from its document (the spill store keeps documents)."""
        return cls(
            seq=doc["seq"],
            simulator=doc["simulator"],
            at=datetime.fromisoformat(doc["at"]),
            virtual_at=datetime.fromisoformat(doc["virtualAt"]),
            operation=doc["operation"],
            method=doc["method"],
            path=doc["path"],
            query=[(k, v) for k, v in doc["query"]],
            request_headers=doc["requestHeaders"],
            request_body=doc["requestBody"],
            status=doc["status"],
            response_body=doc["responseBody"],
            duration_ms=doc["durationMs"],
            correlation_id=doc["correlationId"],
            cprs=tuple(doc["cprs"]),
            violations=doc["violations"],
            fault=doc["fault"],
            kind=doc["kind"],
            flags=tuple(doc.get("flags", ())),
        )


def find_cprs(*documents: Any, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """Every CPR number mentioned in the documents: values of keys named cpr, or ending in 'Cpr'."""
    found: dict[str, None] = {value: None for value in extra if value}
    stack = list(documents)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and (key in CPR_KEYS or key.endswith("Cpr")):
                    found[value] = None
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(item for item in node if isinstance(item, (dict, list)))
    return tuple(found)


class Journal:
    def __init__(self, simulator: str, memory: int = 1_000_000, spill_dir: Path | None = None) -> None:
        self.simulator = simulator
        self.memory = max(2, memory)  # entries kept in memory; older ones are spilled to disk
        self._lock = threading.Lock()
        self._entries: list[Entry] = []
        self._by_cpr: dict[str, list[Entry]] = {}
        self._by_correlation: dict[str, list[Entry]] = {}
        self._seq = itertools.count(1)
        self._store = SpillStore(simulator, spill_dir)
        # What may have changed the simulator's state, counted for an in-process reader that keeps what it read until
        # then (golive/reads.py): writes naming a CPR number count for that number, anything else for everyone.
        self._writes_about: dict[str, int] = {}
        self.writes = 0  # every write: an unsafe exchange, a delivery it sent, an admin change (note_write)
        self.unattributed_writes = 0  # the writes naming no CPR number (a practice's intake, a struck call, admin)

    def record(self, entry: Entry) -> Entry:
        with self._lock:
            entry.seq = next(self._seq)
            self._entries.append(entry)
            for cpr in entry.cprs:
                self._by_cpr.setdefault(cpr, []).append(entry)
            if entry.correlation_id:
                self._by_correlation.setdefault(entry.correlation_id, []).append(entry)
            if entry.kind != "http" or entry.method not in SAFE_METHODS:
                self.writes += 1
                for cpr in entry.cprs:
                    self._writes_about[cpr] = self._writes_about.get(cpr, 0) + 1
                if not entry.cprs:
                    self.unattributed_writes += 1
            if len(self._entries) > self.memory:
                self._spill(len(self._entries) - self.memory // 2)
        if entry.seq % FREEZE_EVERY == 0:
            # A journal only grows, and every entry holds a few container objects: Python's full
            # collections would walk all of them, pausing the server ~86 ms per 100,000 entries (the p99
            # of the benchmark). Entries are never cyclic garbage, so move everything alive now into the
            # permanent generation; reference counting still frees them when the journal is cleared.
            gc.freeze()
        return entry

    def note_write(self) -> None:
        """A change the journal does not see (an admin seed, clock or setting): counted as a write for everyone."""
        with self._lock:
            self.writes += 1
            self.unattributed_writes += 1

    def writes_about(self, cpr: str) -> int:
        """The writes so far whose exchange named the CPR number (see `writes` for what counts as one)."""
        return self._writes_about.get(cpr, 0)

    def counts(self, *, cpr: str | None = None, correlation_id: str | None = None) -> int | None:
        """How many entries a `query(cpr=...)` or `query(correlation_id=...)` would find, without finding them; None
        once entries were spilled (the index then no longer holds them all)."""
        with self._lock:
            if self._store.count:
                return None
            index = self._by_cpr if cpr is not None else self._by_correlation
            return len(index.get(cpr if cpr is not None else correlation_id or "", ()))

    def _spill(self, n: int) -> None:
        """Move the oldest n entries to the store (under the lock): the indexes lose their oldest members alike."""
        moving, self._entries = self._entries[:n], self._entries[n:]
        self._store.add(
            [
                (
                    e.seq,
                    e.operation,
                    e.correlation_id,
                    e.at.timestamp(),
                    e.kind,
                    bool(e.violations),
                    e.as_dict(),
                    e.cprs,
                )
                for e in moving
            ]
        )
        last = moving[-1].seq
        touched_cprs = {cpr for e in moving for cpr in e.cprs}
        touched_ids = {e.correlation_id for e in moving if e.correlation_id}
        for index, keys in ((self._by_cpr, touched_cprs), (self._by_correlation, touched_ids)):
            for key in keys:
                members = index[key]
                del members[: bisect.bisect_right(members, last, key=_seq)]
                if not members:
                    del index[key]

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries) + self._store.count

    def stats(self) -> dict[str, Any]:
        """How big the journal is and where it lives (GET /__admin/health)."""
        with self._lock:
            spilled = self._store.count
            return {
                "size": len(self._entries) + spilled,
                "inMemory": len(self._entries),
                "memoryLimit": self.memory,
                "spilled": spilled,
                "spillFile": str(self._store.path) if self._store.path else None,
            }

    def clear(self) -> None:
        with self._lock:
            freed = len(self._entries) + self._store.count
            self._entries = []
            self._by_cpr = {}
            self._by_correlation = {}
            self._store.clear()
        if freed >= FREEZE_EVERY:
            _give_memory_back()

    def close(self) -> None:
        with self._lock:
            self._store.clear()

    def query(
        self,
        *,
        operation: str | None = None,
        cpr: str | None = None,
        correlation_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        violations_only: bool = False,
        kind: str | None = None,
        limit: int | None = None,
    ) -> list[Entry]:
        """Entries matching every given filter, oldest first; `limit` keeps the newest N."""
        with self._lock:
            if cpr is not None:
                pool = list(self._by_cpr.get(cpr, ()))
            elif correlation_id is not None:
                pool = list(self._by_correlation.get(correlation_id, ()))
            else:
                pool = list(self._entries)
            spilled = self._store.count
        result = self._filter(pool, operation, correlation_id, since, until, violations_only, kind)
        if spilled and not (limit and len(result) >= limit):
            with self._lock:
                docs = self._store.query(
                    operation=operation,
                    cpr=cpr,
                    correlation_id=correlation_id,
                    since=since,
                    until=until,
                    violations_only=violations_only,
                    kind=kind,
                    newest=limit - len(result) if limit else None,
                )
            first = result[0].seq if result else None
            older = [Entry.from_dict(doc) for doc in docs]
            # An entry spilled between the two looks is in both: keep the memory's copy.
            result = [e for e in older if first is None or e.seq < first] + result
        return result[-limit:] if limit else result

    @staticmethod
    def _filter(
        pool: list[Entry],
        operation: str | None,
        correlation_id: str | None,
        since: datetime | None,
        until: datetime | None,
        violations_only: bool,
        kind: str | None,
    ) -> list[Entry]:
        return [
            e
            for e in pool
            if (operation is None or e.operation == operation)
            and (correlation_id is None or e.correlation_id == correlation_id)
            and (since is None or e.at >= since)
            and (until is None or e.at <= until)
            and (not violations_only or e.violations)
            and (kind is None or e.kind == kind)
        ]


def _seq(entry: Entry) -> int:
    return entry.seq


def _give_memory_back() -> None:
    """Ask the C allocator to return freed pages to the system (glibc), so a reset shows in resident memory."""
    name = ctypes.util.find_library("c")
    if not name:
        return
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError):
        pass
