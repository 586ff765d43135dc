"""The installed `golive` command works from any folder, as a user and CI call it (not only as `python -m` in the
repository, where the current folder happens to make simulators/ importable)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "golive"


@pytest.mark.skipif(not SCRIPT.exists(), reason="the golive console script is not installed next to this Python")
@pytest.mark.parametrize("argv", [["--version"], ["steps"], ["contracts", "diff", "--released"]])
def test_the_console_script_runs_outside_the_repository(tmp_path, argv):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    completed = subprocess.run([str(SCRIPT), *argv], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
