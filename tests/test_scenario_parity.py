"""Scenarios isolate by data, not by luck: serial and two pytest-xdist workers give the same verdicts."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from golive.config import ROOT

pytestmark = pytest.mark.slow


def verdicts(junit: Path) -> dict[str, str]:
    found = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        outcome = next((child.tag for child in case if child.tag in ("failure", "error", "skipped")), "passed")
        found[f"{case.get('classname')}::{case.get('name')}"] = outcome
    return found


def run_features(junit: Path, *extra: str) -> dict[str, str]:
    subprocess.run([sys.executable, "-m", "pytest", str(ROOT / "features"), "-q", "-p", "no:cacheprovider",
                    "--junitxml", str(junit), *extra], capture_output=True, text=True, cwd=ROOT, timeout=600)
    return verdicts(junit)


def test_two_workers_give_the_same_verdicts_as_serial(tmp_path):
    serial = run_features(tmp_path / "serial.xml")
    parallel = run_features(tmp_path / "parallel.xml", "-n", "2")

    assert len(serial) >= 25
    assert parallel == serial
