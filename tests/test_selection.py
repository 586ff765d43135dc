"""`golive run --features` and `--tags` run exactly what they name, and a run that would test nothing fails
(golive/selection.py). The expected scenarios are counted from the feature files themselves, not from the selector."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_LINE = re.compile(r"^\s*(Scenario|Scenarie):", re.M)
pytestmark = pytest.mark.slow


def golive_run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    completed = subprocess.run([sys.executable, "-m", "golive.cli", "run", *args, "--no-contracts", "--no-html", "--no-explore",
                                "--report-dir", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    junit = tmp_path / "junit.xml"
    names = [c.get("name", "") for c in ET.parse(junit).getroot().iter("testcase")] if junit.exists() else []
    return completed, names


def test_a_folder_runs_exactly_its_own_scenarios(tmp_path):
    folder = ROOT / "features" / "flytning"
    expected = sum(len(SCENARIO_LINE.findall(f.read_text(encoding="utf-8"))) for f in folder.glob("*.feature"))
    completed, names = golive_run(tmp_path, "--features", "features/flytning")
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert len(names) == expected > 0


def test_a_test_managers_own_folder_outside_the_repository_runs_with_the_step_library(tmp_path):
    """A test manager keeps feature files in a folder of their own: golive run finds the steps and runs only those."""
    own = tmp_path / "mine"
    own.mkdir()
    feature = ROOT / "features" / "flytning" / "move.feature"
    (own / "flyt.feature").write_text(feature.read_text(encoding="utf-8"), encoding="utf-8")
    completed, names = golive_run(tmp_path, "--features", str(own))
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert len(names) == len(SCENARIO_LINE.findall(feature.read_text(encoding="utf-8"))) > 0
    assert str(own / "flyt.feature") in completed.stdout  # the console names the test manager's own file


def test_a_file_and_line_runs_the_one_scenario_there(tmp_path):
    feature = ROOT / "features" / "flytning" / "move.feature"
    line = next(n for n, text in enumerate(feature.read_text(encoding="utf-8").splitlines(), 1) if SCENARIO_LINE.match(text))
    completed, names = golive_run(tmp_path, "--features", f"features/flytning/move.feature:{line + 2}")
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert names == ["test_a_move_from_aalborg_to_københavn_gives_a_free_doctor_near_the_new_home"]


@pytest.mark.parametrize("args, said", [
    (("--features", "features/nowhere"), "nothing ran, so the run fails"),
    (("--tags", "@no-such-tag"), "no scenario matches --golive-tags '@no-such-tag'"),
    (("--tags", "@flytnig"), "'@flytnig' is no scenario's tag; did you mean '@flytning'?"),
    (("--tags", "@flytning and"), "is not a tag expression"),
])
def test_a_selection_that_runs_nothing_fails_and_says_why(tmp_path, args, said):
    completed, names = golive_run(tmp_path, *args)
    assert completed.returncode != 0, completed.stdout[-3000:]
    assert said in completed.stdout + completed.stderr
    assert names == []


def test_tags_select_the_tagged_scenarios():
    completed = subprocess.run([sys.executable, "-m", "pytest", "features/test_scenarios.py", "--co", "-q", "-p",
                                "no:randomly", "--golive-tags=@flytning and not @datavariation"],
                               cwd=ROOT, capture_output=True, text=True, timeout=300)
    tagged = sum(len(SCENARIO_LINE.findall(f.read_text(encoding="utf-8")))
                 for f in (ROOT / "features").rglob("*.feature") if re.search(r"^(@\S+\s+)*@flytning\b", f.read_text(encoding="utf-8"), re.M))
    assert f"{tagged}/" in completed.stdout and tagged > 0, completed.stdout[-2000:]
