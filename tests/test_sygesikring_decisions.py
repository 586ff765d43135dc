"""The reference SUT's rule core and defect policy, alone: facts in, a decision out — no neighbours, no clock.

The model's tests (test_sygesikring_model.py) check the rules through the flows with a fake Luna, CPR and Finance;
these check the pure functions the flows ask (simulators/sygesikring/decisions.py), and that each seeded defect
changes exactly one decision of the policy (simulators/sygesikring/defects.py).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from simulators import rules
from simulators.sygesikring import config, decisions
from simulators.sygesikring.defects import DECISIONS, DEFECTS, Defects
from simulators.sygesikring.errors import (
    DistanceRule,
    ExceptionNotApplicable,
    GroupChangeLocked,
    InvalidEffectDate,
)

TODAY = date(2024, 3, 1)
ADULT = "1203801236"  # 12 Mar 1980; fails modulus 11, and is valid all the same
CHILD = "0505154237"  # 5 May 2015
TURNED_15 = "1002094321"  # 10 Feb 2009: turned 15 on 10 Feb 2024
CORRECT = Defects()


def choice(**facts) -> decisions.ChoiceFacts:
    base = {
        "cpr": ADULT,
        "first": False,
        "registration_reason": "other",
        "entitlements": {},
        "group_1_ahead": False,
        "exception": None,
    }
    return decisions.ChoiceFacts(**{**base, **facts})


# -- the policy: one decision per defect -------------------------------------------------------------------
# One example call of every policy decision, chosen so that its defect shows (a CPR number without modulus 11, a
# name longer than 34 characters, ...).
EXAMPLES = {
    "accepts_cpr": (ADULT,),
    "doctor_change_effect_days": (14,),
    "distance_limit_km": (5,),
    "move_choice_free": (),
    "children_follow": (),
    "ends_coverage_on_emigration": (),
    "ignores_stale_practice_events": (),
    "acts_on_repeats": (),
    "publishes_before_luna": (),
    "keeps_queued_choice": (),
    "municipality_after_move": (751, 461),
    "pending_receipt_claims_choice": (),
    "luna_date": (date(2024, 3, 15),),
    "group_event_date": (date(2024, 3, 15),),
    "event_address": ({"street": "Hemmeligvej 1", "postalCode": "8000"},),
    "voucher_amount": (22500,),
    "fee_account": (rules.FEE_REVENUE_ACCOUNT,),
    "debtor_name": ("Anne-Sofie Kristine Østergaard-Christiansen",),
    "sends_idempotency_key": (),
    "fee_key": ("the request's key", lambda: "a new key"),
    "retries_fee": (),
    "connection_reset_is_refusal": ("luna",),
    "looks_before_resending": (),
    "keeps_undelivered_events": (),
    "keeps_undelivered_receipts": (),
    "group_lock_days": (rules.GROUP_CHANGE_LOCK_DAYS,),
    "fee_day": (date(2024, 1, 3), date(2023, 12, 20)),
    "free_after_15": (True, date(2024, 3, 1), date(2024, 3, 1)),
    "debtor_letters": ("Søren Ærø-Åberg",),
    "voucher_text": ("Gebyr for lægeskift", {"street": "Hemmeligvej 1", "postalCode": "8000", "city": "Aarhus C"}),
    "credit_amount": (22500,),
    "card_fee_posted": (0, 22500),
    "retry_schedule": (3, 0.05),
    "checks_coverage_on_choice": (),
    "tells_luna_of_end": (),
    "reads_practice_under_lock": (),
    "logs_worklist_on_login": (),
    "logs_batch_reads": (),
    "minlog_subject": (ADULT, CHILD),
    "certificate_presented": ("renewed.pem", "first.pem"),
    "queues_on_certificate_refusal": (),
}


def decided(policy: Defects) -> dict[str, object]:
    return {name: getattr(policy, name)(*args) for name, args in EXAMPLES.items()}


def test_every_defect_is_one_decision_of_the_policy():
    assert sorted(DECISIONS) == sorted(DEFECTS)
    assert sorted(DECISIONS.values()) == sorted(EXAMPLES)


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_a_defect_changes_its_one_decision_and_no_other(defect):
    correct, committed = decided(CORRECT), decided(Defects([defect]))
    assert [name for name in EXAMPLES if committed[name] != correct[name]] == [DECISIONS[defect]]


def test_without_defects_the_policy_decides_as_domain_md_says():
    assert decided(CORRECT) == {
        "accepts_cpr": True,
        "doctor_change_effect_days": 14,
        "distance_limit_km": 5,
        "move_choice_free": True,
        "children_follow": True,
        "ends_coverage_on_emigration": True,
        "ignores_stale_practice_events": True,
        "acts_on_repeats": False,
        "publishes_before_luna": False,
        "keeps_queued_choice": True,
        "municipality_after_move": 461,
        "pending_receipt_claims_choice": False,
        "luna_date": "2024-03-15",
        "group_event_date": "2024-03-15",
        "event_address": None,
        "voucher_amount": 22500,
        "fee_account": rules.FEE_REVENUE_ACCOUNT,
        "debtor_name": "Anne-Sofie Kristine Østergaard-Christiansen",
        "sends_idempotency_key": True,
        "fee_key": "the request's key",
        "retries_fee": True,
        "connection_reset_is_refusal": False,
        "looks_before_resending": True,
        "keeps_undelivered_events": True,
        "keeps_undelivered_receipts": True,
        "group_lock_days": rules.GROUP_CHANGE_LOCK_DAYS,
        "fee_day": date(2024, 1, 3),
        "free_after_15": True,
        "debtor_letters": "Søren Ærø-Åberg",
        "voucher_text": "Gebyr for lægeskift",
        "credit_amount": -22500,
        "card_fee_posted": 0,
        "retry_schedule": (3, 0.05),
        "checks_coverage_on_choice": True,
        "tells_luna_of_end": True,
        "reads_practice_under_lock": True,
        "logs_worklist_on_login": False,
        "logs_batch_reads": False,
        "minlog_subject": ADULT,
        "certificate_presented": "renewed.pem",
        "queues_on_certificate_refusal": True,
    }


# -- fee, free or charged, effect date ----------------------------------------------------------------------
def test_the_fee_is_that_of_the_year_the_change_takes_effect():
    assert decisions.charge(None, date(2023, 12, 31)).amount_ore == 22000
    assert decisions.charge(None, date(2024, 1, 1)).amount_ore == 22500
    assert decisions.charge("moved", date(2024, 1, 1)).as_dict() == {
        "amountOre": 0,
        "free": True,
        "freeReason": "moved",
    }


def test_a_first_choice_after_moving_in_is_free_as_a_move():
    terms = decisions.doctor_change_terms(choice(first=True, registration_reason="moved-in"), TODAY, CORRECT)
    assert (terms.free_reason, terms.luna_reason) == ("moved", config.REASON_FIRST)


def test_a_closing_practice_makes_the_next_change_free_until_used():
    terms = decisions.doctor_change_terms(choice(entitlements={"practice-closed": None}), TODAY, CORRECT)
    assert (terms.free_reason, terms.luna_reason) == ("practice-closed", config.REASON_PRACTICE_CLOSED)


def test_a_free_change_after_a_move_lapses_after_its_last_day():
    entitlements = {"moved": TODAY - timedelta(days=1)}
    assert decisions.doctor_change_terms(choice(entitlements=entitlements), TODAY, CORRECT).free_reason is None


def test_an_ordinary_change_takes_effect_after_14_days_and_not_earlier():
    terms = decisions.doctor_change_terms(choice(), TODAY, CORRECT)
    assert terms.free_reason is None
    assert decisions.doctor_change_effective(None, terms, TODAY, CORRECT) == TODAY + timedelta(days=14)
    with pytest.raises(InvalidEffectDate):
        decisions.doctor_change_effective(TODAY + timedelta(days=3), terms, TODAY, CORRECT)


def test_turning_15_is_free_but_does_not_take_effect_early():
    terms = decisions.doctor_change_terms(choice(cpr=TURNED_15), TODAY, CORRECT)
    assert terms.free_reason == "turned-15" and not terms.may_take_effect_early
    with pytest.raises(InvalidEffectDate):
        decisions.doctor_change_effective(TODAY, terms, TODAY, CORRECT)


def test_a_move_makes_the_change_free_and_it_may_take_effect_at_once():
    terms = decisions.doctor_change_terms(choice(entitlements={"moved": TODAY + timedelta(days=10)}), TODAY, CORRECT)
    assert decisions.doctor_change_effective(TODAY, terms, TODAY, CORRECT) == TODAY


# -- distance ------------------------------------------------------------------------------------------------
def test_the_distance_limit_is_5_km_in_the_capital_and_15_km_elsewhere():
    assert [decisions.distance_limit_km(code, CORRECT) for code in (101, 147, 185, 155, 751)] == [5, 5, 5, 5, 15]


def test_a_doctor_beyond_the_limit_needs_the_home_visits_waived():
    with pytest.raises(DistanceRule):
        decisions.check_choice_distance("033333", 15.2, 15, 751, waive=False)
    decisions.check_choice_distance("033333", 15.2, 15, 751, waive=True)
    with pytest.raises(DistanceRule):  # E-flyt cannot waive them
        decisions.check_move_choice_distance("033333", 15.2, 15)


# -- closed practice, group, card, who follows ---------------------------------------------------------------
def test_few_open_doctors_admits_to_a_closed_practice_only_below_the_threshold():
    below = decisions.ExceptionFacts(open_doctors_near=rules.FEW_OPEN_DOCTORS_THRESHOLD - 1)
    decisions.check_closed_practice_exception(ADULT, "044444", "few-open-doctors", below)
    with pytest.raises(ExceptionNotApplicable):
        decisions.check_closed_practice_exception(
            ADULT,
            "044444",
            "few-open-doctors",
            decisions.ExceptionFacts(open_doctors_near=rules.FEW_OPEN_DOCTORS_THRESHOLD),
        )
    with pytest.raises(ExceptionNotApplicable):  # no home known: the rule cannot hold
        decisions.check_closed_practice_exception(ADULT, "044444", "few-open-doctors", decisions.ExceptionFacts())


def test_a_parents_doctor_admits_only_a_citizen_of_15():
    facts = decisions.ExceptionFacts(fifteen=True, parent_has_doctor=True)
    decisions.check_closed_practice_exception(TURNED_15, "044444", "turning-15-parent-doctor", facts)
    with pytest.raises(ExceptionNotApplicable):
        decisions.check_closed_practice_exception(
            ADULT, "044444", "turning-15-parent-doctor", decisions.ExceptionFacts(fifteen=False, parent_has_doctor=True)
        )


def test_the_doctor_of_a_return_to_group_1_stays_free_when_a_parents_doctor_is_named_too():
    terms = decisions.doctor_change_terms(
        choice(group_1_ahead=True, exception="turning-15-parent-doctor"), TODAY, CORRECT
    )
    assert terms.free_reason == "group-change"
    named = decisions.doctor_change_terms(choice(exception="turning-15-parent-doctor"), TODAY, CORRECT)
    assert (named.free_reason, named.luna_reason) == (None, config.REASON_TURNING_15)


@pytest.mark.parametrize(
    ("address", "shared"),
    [
        ({"street": "Vejen", "roadCode": 1234}, True),
        ({"street": "Rådhuspladsen", "roadCode": rules.NO_FIXED_RESIDENCE_ROAD_CODE}, False),  # uden fast bopæl
        ({}, False),
        (None, False),
    ],
)
def test_only_a_fixed_residence_is_a_home_shared_with_housemates(address, shared):
    assert decisions.a_shared_home(address) is shared


def test_a_group_change_is_locked_for_a_year_after_the_last_took_effect():
    with pytest.raises(GroupChangeLocked):
        decisions.check_group_change(ADULT, 1, 2, TODAY - timedelta(days=364), TODAY, CORRECT)
    decisions.check_group_change(ADULT, 1, 2, TODAY - timedelta(days=rules.GROUP_CHANGE_LOCK_DAYS), TODAY, CORRECT)


def test_a_card_after_a_cpr_number_change_is_free_once():
    facts = decisions.CardFacts(
        ADULT,
        earlier_cards=(date(2020, 1, 1),),
        last_move_on=None,
        name_changed_on=None,
        cpr_changed_on=TODAY - timedelta(days=5),
    )
    assert decisions.card_free_reason("cpr-change", facts, TODAY) == "cpr-change"
    again = decisions.CardFacts(**{**facts.__dict__, "earlier_cards": (date(2020, 1, 1), TODAY - timedelta(days=2))})
    assert decisions.card_free_reason("cpr-change", again, TODAY) is None


def test_only_active_children_under_15_with_another_doctor_follow_the_parent():
    citizens = [
        decisions.ChildFacts(CHILD, ADULT, active=True, doctor="011111"),
        decisions.ChildFacts("0101154238", ADULT, active=True, doctor="022222"),  # already has the new doctor
        decisions.ChildFacts("0202154237", ADULT, active=False, doctor="011111"),  # coverage ended
        decisions.ChildFacts(TURNED_15, ADULT, active=True, doctor="011111"),  # 15: an own doctor
        decisions.ChildFacts("0303154236", "0101804321", active=True, doctor=None),  # follows someone else
    ]
    assert decisions.who_follows(ADULT, "022222", citizens, TODAY) == [CHILD]


# -- what CPR and Luna tell ---------------------------------------------------------------------------------
def test_emigration_ends_the_sygesikring_and_status_80_is_the_same_news():
    assert decisions.person_change_action("emigration", None, CORRECT) == "emigration"
    assert decisions.person_change_action("status-change", "80", CORRECT) == "emigration"
    assert decisions.person_change_action("status-change", "01", CORRECT) is None


def test_a_practice_event_older_than_one_applied_is_stale():
    assert decisions.practice_event_stale(date(2024, 3, 1), date(2024, 3, 2), CORRECT)
    assert not decisions.practice_event_stale(date(2024, 3, 2), date(2024, 3, 2), CORRECT)
    assert not decisions.practice_event_stale(None, date(2024, 3, 2), CORRECT)
