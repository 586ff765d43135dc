"""The command that replays a run exactly: seed, selection, SUT and the defects the reference SUT was told to commit.

Why one place: the console's last line, the report's metadata and a failing scenario's "golive seed" section all
tell a reader how to run it again; a replay that forgets `GOLIVE_SUT_DEFECTS` runs clean and "cannot reproduce".
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

from golive import settings
from golive.paths import ROOT


def run_command(
    seed: int,
    *,
    features: str | None = None,
    tags: str | None = None,
    only: Sequence[str] | None = None,
    sut_url: str | None = None,
) -> str:
    """`golive run …` with everything that decided this run, prefixed by the defects switched on, if any."""
    parts = ["golive", "run", "--seed", str(seed)]
    if features and _resolved(features) != (ROOT / "features").resolve():
        parts += ["--features", shlex.quote(str(features))]
    if tags:
        parts += ["--tags", shlex.quote(tags)]
    if only:
        parts += ["--only", *only]
    if sut_url:
        parts += ["--sut-url", sut_url]
    defects = settings.sut_defects()
    prefix = f"{settings.SUT_DEFECTS}={','.join(defects)} " if defects else ""
    return prefix + " ".join(parts)


def _resolved(path: str) -> Path:
    return Path(path.rsplit(":", 1)[0] if path.rsplit(":", 1)[-1].isdigit() else path).resolve()
