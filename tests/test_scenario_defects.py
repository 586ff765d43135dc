"""The Gherkin scenarios are worth something only if they fail when the SUT gets their flow wrong.

For each pair (seeded defect of the reference SUT, the scenario about that behaviour) the scenario must pass
without the defect and fail with it. The evidence is the shared `golive selftest` run (tests/catalogue.py): its
baseline runs the whole suite with no defect, and it runs the suite again with each defect switched on through
GOLIVE_SUT_DEFECTS, which golive.scenario.Scenario sends to the SUT as `PATCH /__admin/settings {"defects": [...]}`
— the same way a run against a vendor's SUT would configure nothing at all. (ARCHITECTURE.md principle 7.) The
selftest asks "did anything catch it"; this asks "did the scenario written for it catch it".
"""

from __future__ import annotations

import pytest

from tests.catalogue import catalogue_test, scenario_caught

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
    "keeps-old-certificate": "efter_skiftet_afvises_oces2",
    "tls-error-drops-work": "efter_skiftet_afvises_oces2",
    "minlog-entry-per-login": "et_nyt_login_er_ikke_et_opslag",
    "minlog-entry-per-batch-run": "natkørslen_læser_borgeren",
    "minlog-names-wrong-citizen": "et_opslag_nævner_kun_den_borger",
}


@catalogue_test
@pytest.mark.parametrize("defect", sorted(PAIRS))
def test_the_scenario_passes_for_the_correct_sut_and_fails_with_the_defect(defect, whole_catalogue):
    scenario, failure = scenario_caught(whole_catalogue, PAIRS[defect], defect)
    assert failure is not None, f"{scenario} passed with {defect} switched on"
    assert failure["integrations"], f"{scenario} failed blaming no integration: {failure['message']}"
