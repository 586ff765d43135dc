"""`golive load` (issue 16): a small doctor-choice window on Locust against the reference SUT, judged by invariants.

The window runs in a subprocess (Locust patches the standard library with gevent: never in pytest's process). A
small window (300 citizens racing for 20 places) holds every invariant with the correct SUT, and breaks the capacity
invariant — with the CPR numbers of the citizens registered beyond the places — when the SUT reads the practice
before taking its lock (capacity-check-not-atomic), a defect no single-threaded scenario can see (test_selftest's
catalogue run shows no scenario catches it). The profile, the plan and the report's shape are checked without Locust.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from golive.load import invariants, plan, profiles, report
from simulators.sygesikring.defects import DEFECTS, LOAD_ONLY

ROOT = Path(__file__).resolve().parents[1]
SMALL = ["--citizens", "300", "--places", "20"]


def golive_load(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, dict]:
    completed = subprocess.run(
        [sys.executable, "-m", "golive.cli", "load", *SMALL, "--report-dir", str(tmp_path), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    found = tmp_path / "load.json"
    return completed, json.loads(found.read_text(encoding="utf-8")) if found.exists() else {}


@pytest.mark.slow
def test_a_small_window_holds_every_invariant_against_the_reference_sut(tmp_path):
    completed, result = golive_load(tmp_path)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert result["passed"] and result["brokenInvariants"] == []
    held = {v["name"]: (v["held"], v["checked"]) for v in result["invariants"]}
    assert held["capacity"] == (True, 20)  # every place taken, none more
    assert held["exactly-once"] == (True, 300)
    assert result["locust"]["operations"]["chooseDoctor"]["requests"] == 300
    assert (tmp_path / "locust.html").is_file() and (tmp_path / "locust_stats.csv").is_file()
    allure = [json.loads(p.read_text()) for p in (tmp_path / "allure-results").glob("*-result.json")]
    assert {r["status"] for r in allure} == {"passed"} and len(allure) == len(result["invariants"])
    assert {label["value"] for r in allure for label in r["labels"] if label["name"] == "epic"} == {"Belastning"}


@pytest.mark.slow
def test_the_non_atomic_capacity_check_overfills_the_practice_under_the_window(tmp_path):
    # A race shows by chance (benchmarks/README.md: a small window missed it once at 16 users): on a loaded CI machine
    # one window may miss it, as a load test run once may; the defect must show within three windows, and does.
    for attempt in range(3):
        completed, result = golive_load(tmp_path / str(attempt), "--defects", "capacity-check-not-atomic")
        if completed.returncode != 0:
            break
    assert completed.returncode == 1, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "capacity" in result["brokenInvariants"]
    capacity = next(v for v in result["invariants"] if v["name"] == "capacity")
    assert capacity["counterExamples"] >= 1 and capacity["examples"][0]["cpr"].isdigit()
    assert "registration no. 21" in capacity["examples"][0]["detail"]
    assert "golive load --profile laegevalgsvindue --seed 0" in completed.stderr  # the seed and the replay command


def test_load_only_defects_are_in_the_catalogue():
    assert LOAD_ONLY <= DEFECTS.keys() and "capacity-check-not-atomic" in LOAD_ONLY


def test_profiles_are_configuration_and_a_typo_is_refused(tmp_path):
    window = profiles.find("laegevalgsvindue")
    assert (window.citizens, window.places, window.luna_closes_at_capacity) == (10000, 300, False)
    (tmp_path / "golive.toml").write_text('[load.profiles.x]\ncitizen = 3\n', encoding="utf-8")
    with pytest.raises(profiles.ProfileError, match="did you mean 'citizens'"):
        profiles.find("x", tmp_path)
    with pytest.raises(profiles.ProfileError, match="no load profile 'laegevalgsvindu'"):
        profiles.find("laegevalgsvindu")


def test_the_plan_is_seeded_and_opens_the_asked_places():
    small = profiles.find("laegevalgsvindue").with_overrides(citizens=40, places=7)
    first, again, other = plan.build(small, 3), plan.build(small, 3), plan.build(small, 4)
    assert first == again and first["citizens"] != other["citizens"]
    assert first["capacity"] - first["practice"]["patientCount"] == 7
    assert len({c["cpr"] for c in first["citizens"]}) == 40  # never one citizen twice


def test_a_citizen_told_registered_but_registered_twice_is_a_counter_example():
    practice = {"ydernummer": "123456"}
    observed = invariants.Observed(
        plan={"practice": practice, "places": 5, "citizens": [{"cpr": "0101801234"}, {"cpr": "0202802345"}]},
        outcomes=[
            {"cpr": "0101801234", "op": "registerCitizen", "status": 201, "kind": "active"},
            {"cpr": "0101801234", "op": "chooseDoctor", "status": 201, "kind": "registered"},
            {"cpr": "0202802345", "op": "registerCitizen", "status": 201, "kind": "active"},
            {"cpr": "0202802345", "op": "chooseDoctor", "status": 0, "kind": "no answer"},
        ],
        luna={"registrations": {"0101801234": [{"ydernummer": "123456"}, {"ydernummer": "123456", "endReason": "replaced"}]}},
        finance={}, eflyt={}, journals={},
    )
    verdict = invariants.exactly_once(observed, observed.answers(), observed.registrations())
    assert not verdict.held and [e["cpr"] for e in verdict.examples] == ["0101801234", "0202802345"]


def test_the_report_keeps_the_shape_the_gate_reads():
    verdict = invariants.Verdict("capacity", "Praksis over kapacitet", "never beyond", "luna")
    verdict.breach("0101801234", "registration no. 21")
    built = report.build(profile={"name": "x", "title": "t", "citizens": 1, "places": 1, "opens_at": "2024"}, seed=1,
                         defects=[], workers=0, verdicts=[verdict], stats={"operations": {}, "total": {}, "errorsByKind": []},
                         timings={}, wall_s=1.0, replay="golive load", problems=[], sut_url="http://sut")
    assert (built["passed"], built["brokenInvariants"]) == (False, ["capacity"])
