"""Finance's bookkeeping rules, on the model alone (no HTTP): what a municipal finance system refuses and remembers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from simulators import rules
from simulators.core.clock import VirtualClock
from simulators.finance.model import (
    AlreadyReversed,
    CprRequired,
    FinanceModel,
    IdempotencyKeyReused,
    PeriodClosed,
    ReversalNotReversible,
    UnbalancedVoucher,
    UnknownAccount,
    UnknownVoucher,
    WrongMunicipality,
)
from tests.support import CPR, FEE_ORE, fee_voucher

OTHER_CPR = "0202024322"  # no modulus 11: must be accepted like any other


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc))


@pytest.fixture
def model(clock) -> FinanceModel:
    return FinanceModel(clock=clock)


# -- posting ------------------------------------------------------------------------------------------

def test_balanced_voucher_is_posted_in_the_period_of_its_posting_date(model):
    voucher, replayed = model.post_voucher(fee_voucher(postingDate="2024-02-29"), "key-1")

    assert (voucher.as_dict()["period"], voucher.as_dict()["status"], replayed) == ("2024-02", "posted", False)


def test_posted_voucher_records_virtual_time_and_totals(model, clock):
    doc = model.post_voucher(fee_voucher(), "key-1")[0].as_dict()

    assert (doc["postedAt"], doc["totals"]) == (clock.now().isoformat(), {"debitOre": FEE_ORE, "creditOre": FEE_ORE, "lineCount": 2})


def test_voucher_numbers_count_up_within_the_posting_year(model):
    ids = [model.post_voucher(fee_voucher(postingDate=day), f"key-{day}")[0].voucher_id
           for day in ("2024-03-01", "2024-03-02", "2025-01-02")]

    assert ids == ["V-2024-000001", "V-2024-000002", "V-2025-000001"]


def test_unbalanced_voucher_is_rejected_with_its_sum(model):
    doc = fee_voucher()
    doc["lines"][1]["amountOre"] = -FEE_ORE + 100

    with pytest.raises(UnbalancedVoucher) as raised:
        model.post_voucher(doc, "key-1")

    assert raised.value.extensions["sumOre"] == 100 and "100 øre" in raised.value.detail


def test_unbalanced_voucher_posts_nothing(model):
    doc = fee_voucher()
    doc["lines"][0]["amountOre"] += 1

    with pytest.raises(UnbalancedVoucher):
        model.post_voucher(doc, "key-1")

    assert model.vouchers == {}


def test_unknown_account_is_rejected_and_named(model):
    doc = fee_voucher()
    doc["lines"][1]["account"] = "4.62.99.7.2"

    with pytest.raises(UnknownAccount) as raised:
        model.post_voucher(doc, "key-1")

    assert raised.value.extensions["accounts"] == ["4.62.99.7.2"]


def test_voucher_with_three_lines_balances_over_all_of_them(model):
    doc = fee_voucher()
    doc["lines"] = [
        {"account": rules.DEBTOR_ACCOUNT, "amountOre": 20000},
        {"account": rules.BANK_ACCOUNT, "amountOre": 2500},
        {"account": rules.FEE_REVENUE_ACCOUNT, "amountOre": -22500},
    ]

    voucher, _ = model.post_voucher(doc, "key-1")

    assert voucher.as_dict()["totals"] == {"debitOre": 22500, "creditOre": 22500, "lineCount": 3}


# -- idempotency --------------------------------------------------------------------------------------

def test_same_key_and_body_replays_the_same_voucher(model):
    first, _ = model.post_voucher(fee_voucher(), "key-1")

    again, replayed = model.post_voucher(fee_voucher(), "key-1")

    assert (again.voucher_id, replayed, len(model.vouchers)) == (first.voucher_id, True, 1)


def test_replay_compares_json_values_not_key_order(model):
    model.post_voucher(fee_voucher(), "key-1")
    reordered = dict(reversed(list(fee_voucher().items())))

    _, replayed = model.post_voucher(reordered, "key-1")

    assert replayed


def test_same_key_with_a_different_body_is_refused(model):
    first, _ = model.post_voucher(fee_voucher(), "key-1")

    with pytest.raises(IdempotencyKeyReused) as raised:
        model.post_voucher(fee_voucher(text="Gebyr for nyt sundhedskort"), "key-1")

    assert raised.value.extensions["voucherId"] == first.voucher_id


def test_a_refused_request_does_not_use_up_its_key(model):
    model.close_period("2024-03")
    with pytest.raises(PeriodClosed):
        model.post_voucher(fee_voucher(), "key-1")
    model.reopen_period("2024-03")

    _, replayed = model.post_voucher(fee_voucher(), "key-1")

    assert not replayed and len(model.vouchers) == 1


def test_replay_still_answers_after_the_period_has_closed(model):
    first, _ = model.post_voucher(fee_voucher(), "key-1")
    model.close_period("2024-03")

    again, replayed = model.post_voucher(fee_voucher(), "key-1")

    assert (again.voucher_id, replayed) == (first.voucher_id, True)


def test_a_key_used_for_a_reversal_cannot_post_a_voucher(model):
    original, _ = model.post_voucher(fee_voucher(), "key-1")
    model.reverse_voucher(original.voucher_id, "key-2")

    with pytest.raises(IdempotencyKeyReused):
        model.post_voucher(fee_voucher(), "key-2")


# -- periods ------------------------------------------------------------------------------------------

def test_posting_into_a_closed_period_is_refused(model):
    model.close_period("2024-03")

    with pytest.raises(PeriodClosed) as raised:
        model.post_voucher(fee_voucher(), "key-1")

    assert raised.value.extensions["period"] == "2024-03"


def test_a_closed_period_leaves_other_periods_open(model):
    model.close_period("2024-02")

    voucher, _ = model.post_voucher(fee_voucher(), "key-1")

    assert voucher.period == "2024-03"


def test_closing_a_period_twice_keeps_the_first_closing_time(model, clock):
    first = model.close_period("2024-02")
    clock.advance(timedelta(days=1))

    second = model.close_period("2024-02")

    assert second == first


def test_a_reopened_period_accepts_postings_again(model):
    model.close_period("2024-03")
    reopened = model.reopen_period("2024-03")

    model.post_voucher(fee_voucher(), "key-1")

    assert reopened["status"] == "open" and model.period_doc("2024-03")["voucherCount"] == 1


def test_periods_list_the_twelve_months_of_the_year_with_status(model):
    model.close_period("2024-01")

    year, periods = model.periods()

    assert (year, [p["period"] for p in periods if p["status"] == "closed"], len(periods)) == (2024, ["2024-01"], 12)


# -- settings -----------------------------------------------------------------------------------------

def test_a_debtor_line_without_cpr_is_refused_when_cpr_is_required(model):
    doc = fee_voucher()
    del doc["cpr"]

    with pytest.raises(CprRequired):
        model.post_voucher(doc, "key-1")


def test_a_debtor_line_without_cpr_is_accepted_when_cpr_is_not_required(model):
    model.require_cpr = False
    doc = fee_voucher()
    del doc["cpr"]

    voucher, _ = model.post_voucher(doc, "key-1")

    assert voucher.cpr is None


def test_a_voucher_without_debtor_lines_needs_no_cpr(model):
    doc = fee_voucher()
    del doc["cpr"]
    doc["lines"][0]["account"] = rules.BANK_ACCOUNT

    voucher, _ = model.post_voucher(doc, "key-1")

    assert voucher.status == "posted"


def test_books_of_one_municipality_refuse_another_municipalitys_voucher(model):
    model.municipality_code = 461

    with pytest.raises(WrongMunicipality):
        model.post_voucher(fee_voucher(municipalityCode=751), "key-1")


# -- reversal -----------------------------------------------------------------------------------------

def test_reversal_negates_every_line_and_marks_the_original_reversed(model):
    original, _ = model.post_voucher(fee_voucher(), "key-1")

    reversal, _ = model.reverse_voucher(original.voucher_id, "key-2", {"postingDate": "2024-03-05"})

    assert (
        [line.amount_ore for line in reversal.lines],
        reversal.reverses,
        original.status,
        original.reversed_by,
    ) == ([-FEE_ORE, FEE_ORE], original.voucher_id, "reversed", reversal.voucher_id)


def test_reversal_is_dated_today_unless_told_otherwise(model, clock):
    original, _ = model.post_voucher(fee_voucher(postingDate="2024-02-15"), "key-1")

    reversal, _ = model.reverse_voucher(original.voucher_id, "key-2")

    assert reversal.posting_date == clock.today()


def test_a_voucher_can_be_reversed_only_once(model):
    original, _ = model.post_voucher(fee_voucher(), "key-1")
    model.reverse_voucher(original.voucher_id, "key-2")

    with pytest.raises(AlreadyReversed):
        model.reverse_voucher(original.voucher_id, "key-3")


def test_the_same_reversal_key_replays_the_reversal(model):
    original, _ = model.post_voucher(fee_voucher(), "key-1")
    first, _ = model.reverse_voucher(original.voucher_id, "key-2")

    again, replayed = model.reverse_voucher(original.voucher_id, "key-2")

    assert (again.voucher_id, replayed) == (first.voucher_id, True)


def test_a_reversal_cannot_itself_be_reversed(model):
    original, _ = model.post_voucher(fee_voucher(), "key-1")
    reversal, _ = model.reverse_voucher(original.voucher_id, "key-2")

    with pytest.raises(ReversalNotReversible):
        model.reverse_voucher(reversal.voucher_id, "key-3")


def test_a_reversal_into_a_closed_period_is_refused_and_leaves_the_original_posted(model):
    original, _ = model.post_voucher(fee_voucher(), "key-1")
    model.close_period("2024-03")

    with pytest.raises(PeriodClosed):
        model.reverse_voucher(original.voucher_id, "key-2")

    assert original.status == "posted"


def test_reversing_an_unknown_voucher_is_not_found(model):
    with pytest.raises(UnknownVoucher):
        model.reverse_voucher("V-2024-000042", "key-1")


# -- debtors and accounts -----------------------------------------------------------------------------

def test_debtor_postings_sum_to_what_the_citizen_owes(model):
    model.post_voucher(fee_voucher(), "key-1")
    model.post_voucher(fee_voucher(text="Gebyr for nyt sundhedskort"), "key-2")

    debt = model.debtor_postings(CPR)

    assert (len(debt["postings"]), debt["balanceOre"]) == (2, 2 * FEE_ORE)


def test_a_reversed_fee_nets_the_citizens_debt_to_zero(model):
    original, _ = model.post_voucher(fee_voucher(), "key-1")
    model.reverse_voucher(original.voucher_id, "key-2")

    assert model.debtor_postings(CPR)["balanceOre"] == 0


def test_debtor_postings_show_only_that_citizens_debtor_lines(model):
    model.post_voucher(fee_voucher(), "key-1")
    model.post_voucher(fee_voucher(cpr=OTHER_CPR), "key-2")

    debt = model.debtor_postings(OTHER_CPR)

    assert [(p["voucherId"], p["amountOre"]) for p in debt["postings"]] == [("V-2024-000002", FEE_ORE)]


def test_a_citizen_without_postings_owes_nothing(model):
    assert model.debtor_postings(CPR) == {"cpr": CPR, "account": rules.DEBTOR_ACCOUNT, "balanceOre": 0, "postings": []}


def test_account_balances_follow_the_postings(model):
    model.post_voucher(fee_voucher(), "key-1")

    balances = {a["account"]: a["balanceOre"] for a in model.account_balances()}

    assert (balances[rules.DEBTOR_ACCOUNT], balances[rules.FEE_REVENUE_ACCOUNT], balances[rules.BANK_ACCOUNT]) == (FEE_ORE, -FEE_ORE, 0)


def test_the_default_chart_holds_the_accounts_the_sygesikring_flows_need(model):
    assert {rules.FEE_REVENUE_ACCOUNT, rules.DEBTOR_ACCOUNT, rules.BANK_ACCOUNT} <= set(model.accounts)


def test_vouchers_are_found_by_cpr_period_and_account(model):
    model.post_voucher(fee_voucher(), "key-1")
    model.post_voucher(fee_voucher(cpr=OTHER_CPR, postingDate="2024-04-02"), "key-2")

    assert (
        [v.voucher_id for v in model.find_vouchers(cpr=OTHER_CPR)],
        [v.voucher_id for v in model.find_vouchers(period="2024-03")],
        len(model.find_vouchers(account=rules.FEE_REVENUE_ACCOUNT)),
        model.find_vouchers(account=rules.BANK_ACCOUNT),
    ) == (["V-2024-000002"], ["V-2024-000001"], 2, [])


# -- kernel protocol ----------------------------------------------------------------------------------

def test_seed_adds_accounts_and_closes_periods(model):
    loaded = model.load({"accounts": [{"account": "4.62.81.7.9", "name": "Andre gebyrer", "kind": "revenue"}],
                         "closedPeriods": ["2023-12"]})

    assert (loaded, "4.62.81.7.9" in model.accounts, model.period_doc("2023-12")["status"]) == (
        {"accounts": 1, "closedPeriods": 1, "vouchers": 0}, True, "closed")


def test_reset_restores_the_default_chart_and_forgets_everything_else(model):
    model.load({"accounts": [{"account": "4.62.81.7.9", "name": "Andre gebyrer", "kind": "revenue"}], "closedPeriods": ["2024-01"]})
    model.post_voucher(fee_voucher(), "key-1")

    model.reset()
    voucher, replayed = model.post_voucher(fee_voucher(), "key-1")

    assert ("4.62.81.7.9" in model.accounts, model.closed_periods, voucher.voucher_id, replayed) == (
        False, {}, "V-2024-000001", False)
