"""The Gherkin scenarios are worth something only if they fail when the SUT gets their flow wrong.

For each pair (seeded defect of the reference SUT, the scenario about that behaviour) the scenario is run in a
subprocess twice: with the defect switched on it must fail (exit code 1), without it must pass (exit code 0).
The defect is switched on through the environment variable GOLIVE_SUT_DEFECTS, which golive.scenario.Scenario
reads and sends to the SUT as `PATCH /__admin/settings {"defects": [...]}` — the same way a run against a
vendor's SUT would configure nothing at all. (ARCHITECTURE.md principle 7.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

# defect -> a -k expression selecting exactly the one scenario about that behaviour
PAIRS = {
    "effect-date-danish-format": "lægeskift_koster_gebyr_og",
    "group-date-as-datetime": "skift_fra_gruppe_1_til_gruppe_2_koster",
    "fee-without-idempotency-key": "a_replacement_for_a_lost_card",
    "fee-charged-on-move": "flytning_ud_over_afstandsgrænsen",
    "emigration-ignored": "efter_ophør_kan_borgeren",
    "move-keeps-old-municipality-code": "move_from_aalborg",
    "fee-on-wrong-account": "a_replacement_for_a_lost_card",
    "fee-in-kroner": "lægeskift_koster_gebyr_og",
    "effect-date-off-by-one": "lægeskift_koster_gebyr_og",
    "protected-address-on-bus": "beskyttet_adresse",
    "modulus11-rejects-valid-cpr": "modulus_11_accepteres_ved_flytning",
    "child-not-following-parent": "under_15_følger",
    "copenhagen-15km": "8_km_væk",
    "name-truncated-34": "34_tegn",
    "event-before-luna-accepted": "en_lukket_praksis_afviser",
}


def run_scenario(selector: str, defect: str | None) -> subprocess.CompletedProcess:
    env = {**os.environ, "GOLIVE_SUT_DEFECTS": defect or ""}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "features/test_scenarios.py", "-k", selector, "-q", "-p", "no:cacheprovider",
         "-W", "ignore::pytest.PytestUnknownMarkWarning"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.mark.parametrize("defect", sorted(PAIRS))
def test_the_scenario_passes_for_the_correct_sut_and_fails_with_the_defect(defect):
    selector = PAIRS[defect]
    correct = run_scenario(selector, None)
    defective = run_scenario(selector, defect)
    assert (correct.returncode, "1 passed" in correct.stdout) == (0, True), correct.stdout[-2000:]
    assert (defective.returncode, "1 failed" in defective.stdout) == (1, True), defective.stdout[-2000:]
