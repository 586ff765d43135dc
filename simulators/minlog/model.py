"""MinLog's state: the citizen-facing access log (MinLog on sundhed.dk) as the sygesikring system writes to it.

Plain Python, no HTTP. MinLog keeps what it is told: one entry per look-up a sender registers, in the order
registered, stamped with MinLog's receiving time. It does not judge whether a look-up was real — that is the point
of the incident it stands for: citizens saw entries for logins and batch runs because a sender wrote them, and MinLog
showed them. Judging is the harness's job (golive/invariants/minlog.py). A repeated `entryId` registers nothing new,
so a sender that retries a lost answer cannot flood the log by itself.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from simulators.core.clock import VirtualClock

OPTIONAL = ("userName", "sessionId")


@dataclass
class MinLogModel:
    clock: VirtualClock
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # by entryId, in registration order
    _by_cpr: dict[str, list[str]] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    # -- kernel protocol -------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.entries.clear()
            self._by_cpr.clear()

    def load(self, data: dict[str, Any]) -> dict[str, int]:
        for doc in data.get("entries", []):
            self.register(doc)
        return {"entries": len(data.get("entries", []))}

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"entries": list(self.entries.values())}

    # -- entries ---------------------------------------------------------------------------------
    def register(self, doc: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """Keep an entry; (entry, replayed): replayed when its entryId was registered before and nothing new was."""
        with self._lock:
            known = self.entries.get(doc["entryId"])
            if known is not None:
                return known, True
            entry = {
                key: doc[key]
                for key in ("entryId", "cpr", "user", *OPTIONAL, "organisation", "system", "action", "purpose", "at")
                if key in doc
            }
            entry["receivedAt"] = self.clock.now().isoformat()
            self.entries[entry["entryId"]] = entry
            self._by_cpr.setdefault(entry["cpr"], []).append(entry["entryId"])
            return entry, False

    def entries_for(self, cpr: str) -> list[dict[str, Any]]:
        """The citizen's own log, oldest first."""
        with self._lock:
            return [self.entries[i] for i in self._by_cpr.get(cpr, [])]
