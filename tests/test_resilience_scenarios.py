"""Every resilience scenario (features/robusthed/) must fail against the SUT variant that lacks its resilience.

A scenario that passes whatever the SUT does proves nothing. For each pair (a seeded defect of the reference SUT, the
resilience scenario about that behaviour) the scenario runs in a subprocess twice: without the defect it must pass,
with it (GOLIVE_SUT_DEFECTS, as tests/test_scenario_defects.py does) it must fail, and its failure must name the
neighbour that shows the harm — a test manager reads "Finance booked 2 voucher(s)", not a bare assertion.
"""

from __future__ import annotations

import pytest

from tests.test_scenario_defects import run_scenario

pytestmark = pytest.mark.slow

# defect -> (-k expression selecting exactly one scenario in features/robusthed/, words the failure must contain)
PAIRS = {
    "fee-posted-twice-on-retry": ("finance_timer_ud_efter_bogføringen", "Finance booked 2"),
    "fee-not-retried": ("finance_svarer_med_fejl_to_gange", "Finance booked 0"),
    "duplicate-delivery-processed-twice": ("dødsfald_leveret_to_gange", "coverage-ended events"),
    "stale-practice-event-applied": ("forsinket_genåbning", "Finance booked 1"),
    "receipt-completed-before-luna": ("luna_er_nede_under_en_flytning", "E-flyt got a 'completed' receipt"),
    "queued-choice-forgotten": ("luna_er_nede_når_borgeren_vælger", "Luna registering"),
    "connection-reset-taken-as-refusal": ("luna_afbryder_forbindelsen", "refused"),
    "luna-registration-retried-blindly": ("luna_svarer_for_sent", "Luna registered"),
    "event-lost-when-bus-down": ("servicebussen_er_nede", "sygesikring.laegevalg-changed"),
    "receipt-lost-when-eflyt-down": ("eflyt_tager_ikke_imod_kvitteringer", "a receipt for case"),
}


@pytest.mark.parametrize("defect", sorted(PAIRS))
def test_the_resilience_scenario_passes_for_the_correct_sut_and_fails_with_the_defect(defect):
    selector, words = PAIRS[defect]
    correct = run_scenario(selector, None)
    defective = run_scenario(selector, defect)
    assert (correct.returncode, "1 passed" in correct.stdout) == (0, True), correct.stdout[-2000:]
    assert (defective.returncode, "1 failed" in defective.stdout) == (1, True), defective.stdout[-2000:]
    assert words in defective.stdout, f"the failure does not name the neighbour ({words!r}):\n{defective.stdout[-3000:]}"
