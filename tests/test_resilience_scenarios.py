"""Every resilience scenario (features/robusthed/) must fail against the SUT variant that lacks its resilience.

A scenario that passes whatever the SUT does proves nothing. For each pair (a seeded defect of the reference SUT, the
resilience scenario about that behaviour) the scenario must pass without the defect and fail with it (switched on
through GOLIVE_SUT_DEFECTS) — read from the shared `golive selftest` run (tests/catalogue.py), and its failure must name the
neighbour that shows the harm — a test manager reads "Finance booked 2 voucher(s)", not a bare assertion.
"""

from __future__ import annotations

import pytest

from tests.catalogue import catalogue_test, scenario_caught


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


@catalogue_test
@pytest.mark.parametrize("defect", sorted(PAIRS))
def test_the_resilience_scenario_passes_for_the_correct_sut_and_fails_with_the_defect(defect, whole_catalogue):
    selector, words = PAIRS[defect]
    scenario, failure = scenario_caught(whole_catalogue, selector, defect)
    assert failure is not None, f"{scenario} passed with {defect} switched on"
    assert words in failure["message"], f"the failure does not name the neighbour ({words!r}): {failure['message']}"
