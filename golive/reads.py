"""What the harness reads of an in-process world, read again only when it may have changed since.

Why: the explorer checks the oracle and every invariant after each business action, and each check read every
citizen's state at every neighbour and every journal about them afresh: twelve reads and twenty journal queries an
action, most of them answered exactly as the step before (benchmarks/README.md, issue 13). A read is kept with the
version of what it read, and served again while that version stands:
- a neighbour's view of one citizen (Luna's registrations, Finance's vouchers, the Servicebus's messages) while no
  write at that neighbour named the citizen's CPR number, no write there named none (a practice's intake, a call a
  fault struck before its body was read, an admin change), and the virtual clock stands;
- the SUT's view (a citizen's record, its unfinished work, E-flyt's receipts it answered) while nothing at all was
  written anywhere, no scheduled event ran and the clock stands: the SUT changes its state on answers it receives, so
  any write anywhere may have changed it;
- a journal about a CPR number or correlation id while its entry count stands; only the new entries are decoded.
A write is an exchange by any method but GET/HEAD/OPTIONS, a delivery, or an admin change
(simulators/core/journal.py counts them). Only a virtual in-process world with the reference SUT gets this (`of`):
a vendor's SUT or a served world changes without this process seeing it, and is read afresh every time.

What is served again is the same documents as before: callers read them and never change them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import orjson

T = TypeVar("T")


class Reads:
    def __init__(self, world: Any) -> None:
        self.world = world
        self.journals = {name: simulator.journal for name, simulator in world.simulators.items()}
        self._kept: dict[tuple, tuple[Any, Any]] = {}
        self._journals: dict[tuple, tuple[int, int, list[dict]]] = {}  # key -> (count, last seq, documents)
        self._union: tuple[list[list[dict]], list[dict]] | None = None  # the last union(): its reads, its answer

    @classmethod
    def of(cls, world: Any) -> Reads | None:
        """Reads for a virtual in-process world that runs the reference SUT; None for any other (read afresh)."""
        from simulators.registry import sut

        simulators = getattr(world, "simulators", None)
        if not getattr(world, "virtual", False) or not simulators or sut().name not in simulators:
            return None
        return cls(world)

    def _keep(self, key: tuple, version: Any, read: Callable[[], T]) -> T:
        kept = self._kept.get(key)
        if kept is not None and kept[0] == version:
            return kept[1]
        value = read()
        self._kept[key] = (version, value)
        return value

    def about(self, system: str, cpr: str, what: str, read: Callable[[], T]) -> T:
        """A neighbour's view of one citizen, read again once a write there may have changed it."""
        journal = self.journals[system]
        version = (self.world.clock.now(), journal.unattributed_writes, journal.writes_about(cpr))
        return self._keep((system, cpr, what), version, read)

    def anything(self, what: tuple, read: Callable[[], T]) -> T:
        """A view that any write anywhere may change (the SUT's), read again after any."""
        version = (
            self.world.clock.now(),
            getattr(self.world.scheduler, "executed", None),
            tuple(j.writes for j in self.journals.values()),
        )
        return self._keep(("*", *what), version, read)

    def journal(self, system: str, *, cpr: str | None = None, correlation_id: str | None = None) -> list[dict]:
        """The system's journal about a CPR number or correlation id (as GET /__admin/journal documents), decoding
        only the entries added since the last read."""
        journal = self.journals[system]
        count = journal.counts(cpr=cpr, correlation_id=correlation_id)
        key = (system, cpr, correlation_id)
        kept = self._journals.get(key)
        if kept is not None and count is not None and kept[0] == count:
            return kept[2]
        found = journal.query(cpr=cpr, correlation_id=correlation_id, violations_only=False)
        if kept is None or count is None:
            documents = _decode(found)
        else:
            documents = kept[2] + _decode([e for e in found if e.seq > kept[1]])
        if count is not None:
            self._journals[key] = (len(found), found[-1].seq if found else 0, documents)
        return documents

    def union(self, found: list[list[dict]]) -> list[dict]:
        """`union(found)`, kept while these are the very lists of last time (kept journal reads are the same lists
        while their journal added nothing; they are held here, so none's id is reused while compared)."""
        if self._union is None or [id(x) for x in found] != [id(x) for x in self._union[0]]:
            self._union = (found, union(found))
        return self._union[1]


def union(found: list[list[dict]]) -> list[dict]:
    """The journal entries of several reads, each once, in time order."""
    seen: dict[tuple[str, int], dict] = {}
    for entries in found:
        for entry in entries:
            seen[(entry["simulator"], entry["seq"])] = entry
    return sorted(seen.values(), key=lambda e: (e["at"], e["simulator"], e["seq"]))


def _decode(entries: list[Any]) -> list[dict]:
    return orjson.loads(b"[" + b",".join(e.document() for e in entries) + b"]")


def kept(context: Any, system: str, cpr: str, what: str, read: Callable[[], T]) -> T:
    """`read()`, or what it gave last time when nothing it depends on may have changed: the context's (a Scenario's)
    kept reads when it has them. A neighbour's view of a citizen is kept per citizen; the SUT's (`system` is the
    SUT's name) until any write anywhere. A read that raises keeps nothing."""
    reads: Reads | None = getattr(context, "reads", None)
    if reads is None:
        return read()
    from simulators.registry import sut

    if system == sut().name or system not in reads.journals:
        return reads.anything((system, cpr, what), read)
    return reads.about(system, cpr, what, read)
