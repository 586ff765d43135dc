"""Trace digests: proof that an in-process run is a pure function of its seed.

Every in-process scenario runs in a world on one virtual-time scheduler (simulators/core/scheduler.py). At its end
the world hashes every journal of every simulator and the SUT, in order (`World.trace_digest`). The run collects
those per scenario (they travel from xdist workers as user properties), combines them in test-id order — so a serial
run and a `-n 2` run of the same seed give the same digest — prints the result, writes reports/trace-digests.json and
puts it in the Allure environment. Two runs with one seed that give different digests did not do the same thing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

PROPERTY = "golive_trace_digest"  # user property carrying a scenario's digest (survives pytest-xdist)
FILE = "trace-digests.json"


class TraceDigests:
    def __init__(self) -> None:
        self.by_test: dict[str, str] = {}

    def add(self, nodeid: str, digest: str) -> None:
        self.by_test[nodeid] = digest

    def combined(self) -> str | None:
        if not self.by_test:
            return None
        digest = hashlib.sha256()
        for nodeid in sorted(self.by_test):
            digest.update(f"{nodeid} {self.by_test[nodeid]}\n".encode())
        return digest.hexdigest()

    def write(self, path: Path, seed: int) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        doc = {"seed": seed, "digest": self.combined(), "scenarios": dict(sorted(self.by_test.items()))}
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path


KEY = pytest.StashKey[TraceDigests]()


def collector(config: pytest.Config) -> TraceDigests:
    if KEY not in config.stash:
        config.stash[KEY] = TraceDigests()
    return config.stash[KEY]


def combined(config: pytest.Config) -> str | None:
    return collector(config).combined() if KEY in config.stash else None
