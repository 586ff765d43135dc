"""The explorer's written-out findings for the whole catalogue (tests/data/fundet/, one per defect it caught, written
by benchmarks/explore.py --features): each fails on its defect and passes on the clean reference SUT, run by
pytest-bdd as a test manager would run it; the median finding is short enough to read (issue 13)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from golive.config import ROOT

CORPUS = ROOT / "tests" / "data" / "fundet"
RESULTS = ROOT / "benchmarks" / "results" / "explore-defects.json"
STEP_WORDS = ("Givet ", "Når ", "Og ", "Så ", "Men ")
FINAL = "viser hver nabo det, som oraklet forudsiger"
pytestmark = pytest.mark.slow


def _features() -> list[Path]:
    found = sorted(CORPUS.glob("*.feature"))
    assert found, f"no written-out findings in {CORPUS}: run benchmarks/explore.py --features {CORPUS}"
    return found


def _run(folder: Path, junit: Path) -> tuple[int, list[ET.Element]]:
    env = {**os.environ, "GOLIVE_SUT_DEFECTS": ""}
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "features/test_scenarios.py", f"--golive-features={folder}",
         "-p", "no:randomly", "-p", "no:cacheprovider", "-q", f"--junitxml={junit}"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=600,
    )  # fmt: skip
    return completed.returncode, list(ET.parse(junit).getroot().iter("testcase"))


def test_the_corpus_holds_a_finding_for_every_defect_the_benchmark_caught():
    caught = {d["defect"] for d in json.loads(RESULTS.read_text(encoding="utf-8"))["defects"] if d["caught"]}
    assert {p.stem for p in _features()} == caught


def test_each_finding_fails_on_its_own_defect(tmp_path):
    for path in _features():  # the same file, with its defect switched on for that scenario only
        text = path.read_text(encoding="utf-8").replace("@fundet ", f"@defekt:{path.stem} @fundet ", 1)
        text = text.replace("  Scenarie: Udforskning med seed", f"  Scenarie: {path.stem}, seed", 1)  # named by defect
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    code, cases = _run(tmp_path, tmp_path / "junit.xml")
    assert code == 1 and len(cases) == len(_features())
    passed = [c.get("name") for c in cases if c.find("failure") is None and c.find("error") is None]
    assert passed == [], f"written-out findings that did not fail on their defect: {passed}"


def test_each_finding_passes_on_the_clean_sut(tmp_path):
    code, cases = _run(CORPUS, tmp_path / "junit.xml")
    failed = [c.get("name") for c in cases if c.find("failure") is not None or c.find("error") is not None]
    assert (code, failed) == (0, []), failed
    assert len(cases) == len(_features())


def test_the_median_finding_has_at_most_12_steps():
    steps = [
        sum(1 for line in p.read_text(encoding="utf-8").splitlines() if line.strip().startswith(STEP_WORDS))
        for p in _features()
    ]
    assert statistics.median(steps) <= 12, sorted(steps)
