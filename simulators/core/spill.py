"""Where a journal's older entries go: an embedded SQLite file per simulator (stdlib sqlite3), still queryable.

The journal (simulators/core/journal.py) keeps its newest entries in memory and hands the oldest here in batches, so
a simulator that serves for days holds a bounded number of entries in memory and loses none. Each entry is stored
whole (its JSON document) beside the columns the admin API filters on; queries answer oldest first, like the journal.
The store is not thread-safe by itself: the journal calls it under its own lock.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import weakref
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

_SCHEMA = """
CREATE TABLE entries (
    seq INTEGER PRIMARY KEY, operation TEXT, correlation_id TEXT, at REAL, kind TEXT, broken INTEGER, doc BLOB
);
CREATE INDEX entries_correlation ON entries (correlation_id, seq);
CREATE INDEX entries_operation ON entries (operation, seq);
CREATE TABLE cprs (cpr TEXT, seq INTEGER, PRIMARY KEY (cpr, seq)) WITHOUT ROWID;
"""


class SpillStore:
    def __init__(self, simulator: str, folder: Path | None = None) -> None:
        self.simulator = simulator
        self._folder = folder
        self._own_folder: Path | None = None
        self._db: sqlite3.Connection | None = None
        self.path: Path | None = None
        self.count = 0

    def _open(self) -> sqlite3.Connection:
        if self._db is None:
            if self._folder is None:
                self._own_folder = Path(tempfile.mkdtemp(prefix=f"golive-journal-{self.simulator}-"))
                folder = self._own_folder
                # A simulator nobody closes (a test's) still leaves no folder behind when it is collected or at exit.
                weakref.finalize(self, shutil.rmtree, folder, True)
            else:
                folder = self._folder
                folder.mkdir(parents=True, exist_ok=True)
            self.path = folder / f"{self.simulator}-journal.sqlite3"
            self.path.unlink(missing_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=OFF")  # a scratch store: no crash recovery needed, half the writes
            self._db.execute("PRAGMA synchronous=OFF")
            self._db.executescript(_SCHEMA)
        return self._db

    def add(
        self, rows: Sequence[tuple[int, str | None, str | None, float, str, bool, dict[str, Any], tuple[str, ...]]]
    ) -> None:
        """Store entries: (seq, operation, correlation id, arrival (epoch s), kind, broke a contract, doc, cprs)."""
        db = self._open()
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (seq, op, cid, at, kind, int(broken), orjson.dumps(doc, default=str))
                for seq, op, cid, at, kind, broken, doc, _ in rows
            ],
        )
        db.executemany("INSERT OR IGNORE INTO cprs VALUES (?, ?)", [(cpr, row[0]) for row in rows for cpr in row[7]])
        db.execute("COMMIT")
        self.count += len(rows)

    def query(
        self,
        *,
        operation: str | None,
        cpr: str | None,
        correlation_id: str | None,
        since: datetime | None,
        until: datetime | None,
        violations_only: bool,
        kind: str | None,
        newest: int | None,
    ) -> list[dict[str, Any]]:
        """Documents of the stored entries matching every filter, oldest first; `newest` keeps the newest N."""
        if self._db is None or not self.count:
            return []
        where: list[str] = []
        args: list[object] = []
        if cpr is not None:
            where.append("seq IN (SELECT seq FROM cprs WHERE cpr = ?)")
            args.append(cpr)
        for column, value in (("operation", operation), ("correlation_id", correlation_id), ("kind", kind)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        if since is not None:
            where.append("at >= ?")
            args.append(since.timestamp())
        if until is not None:
            where.append("at <= ?")
            args.append(until.timestamp())
        if violations_only:
            where.append("broken = 1")
        sql = "SELECT doc FROM entries" + (" WHERE " + " AND ".join(where) if where else "")
        if newest:
            sql += " ORDER BY seq DESC LIMIT ?"
            args.append(newest)
            docs = [orjson.loads(doc) for (doc,) in self._db.execute(sql, args)]
            docs.reverse()
            return docs
        return [orjson.loads(doc) for (doc,) in self._db.execute(sql + " ORDER BY seq", args)]

    def clear(self) -> None:
        """Forget everything stored and give the disk back."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
        if self._own_folder is not None:
            shutil.rmtree(self._own_folder, ignore_errors=True)
            self._own_folder = None
        self.path = None
        self.count = 0
