"""The cross-system invariants (golive/invariants) hold on a correct flow and break, in business words and blaming the
right neighbour, when the reference SUT commits the defect an invariant exists for.

Each test drives a small flow in an in-process world through golive.scenario.Scenario (the same helpers the steps
call), settles it, and asks `broken()` / `check()` — what the pytest plugin does after every scenario and the
explorer after every step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from golive import blame, config, invariants
from golive.invariants import Breach, InvariantBroken, channels
from golive.invariants.facts import Facts
from golive.scenario import Scenario
from simulators.world import World


@pytest.fixture
def scenario(request) -> Iterator[Scenario]:
    with World(seed=3, reference_sut=True) as world:
        context = Scenario(world, seed=3, name=request.node.name)
        try:
            yield context
        finally:
            context.close()


def choose_with_fee(s: Scenario, *defects: str, protected: bool = False, answered: int = 201) -> None:
    """A citizen (protected or not) changes doctor, which costs the fee, with the defects switched on."""
    if defects:
        s.switch_on(*defects)
    s.add_citizen("borgeren", protected=protected)
    s.add_practice("den åbne praksis", near="borgeren", km=3)
    assert s.choose_doctor("borgeren", "den åbne praksis").status_code == answered
    s.settle()


def only(breaches: list[Breach], name: str) -> list[Breach]:
    return [b for b in breaches if b.name == name]


def test_every_invariant_is_checked_by_name():
    assert tuple(invariants._invariants()) == invariants.NAMES


def test_a_correct_flow_with_a_protected_citizen_and_a_fee_breaks_no_invariant(scenario):
    choose_with_fee(scenario, protected=True)
    assert invariants.broken(scenario) == []
    invariants.check(scenario)  # raises nothing


def test_a_protected_address_in_a_voucher_text_is_a_leak_through_finance(scenario):
    choose_with_fee(scenario, "protected-address-on-voucher", protected=True)
    leaks = only(invariants.broken(scenario), "protected-data")
    assert [b.neighbour for b in leaks] == ["finance"]
    assert "navne- og adressebeskyttelse" in leaks[0].message and "Finance" in leaks[0].message
    with pytest.raises(InvariantBroken) as failure:
        invariants.check(scenario)
    assert blame.of(failure.value) == ("finance",)
    assert str(failure.value).startswith("invariant brudt: borgeren has navne- og adressebeskyttelse")


def test_an_unprotected_address_may_travel(scenario):
    choose_with_fee(scenario, "protected-address-on-voucher", protected=False)
    assert only(invariants.broken(scenario), "protected-data") == []


def test_a_contract_violation_is_a_breach_blaming_the_neighbour_whose_contract_broke(scenario):
    choose_with_fee(scenario, "effect-date-danish-format", answered=422)  # Luna refuses the registration
    contract = only(invariants.broken(scenario), "contract")
    assert contract and {b.neighbour for b in contract} == {"luna"}
    # the plugin checks contracts itself (ContractBreach): skipped there, not reported twice
    assert only(invariants.broken(scenario, skip=("contract",)), "contract") == []


def test_a_retry_storm_against_a_neighbour_that_is_down_is_flooding(scenario):
    scenario.switch_on("retry-storm-when-down")
    scenario.add_citizen("borgeren")
    scenario.add_practice("den åbne praksis", near="borgeren", km=3)
    scenario.faults.down("luna")
    assert scenario.choose_doctor("borgeren", "den åbne praksis").status_code == 201  # answered pending
    scenario.settle()
    floods = only(invariants.broken(scenario), "no-flooding")
    assert [b.neighbour for b in floods] == ["luna"]
    assert f"at most {config.NEIGHBOUR_REQUESTS_PER_VIRTUAL_MINUTE} a minute" in floods[0].message


def test_retrying_a_neighbour_that_is_down_per_the_policy_is_no_flooding(scenario):
    scenario.add_citizen("borgeren")
    scenario.add_practice("den åbne praksis", near="borgeren", km=3)
    scenario.faults.down("luna")
    assert scenario.choose_doctor("borgeren", "den åbne praksis").status_code == 201
    scenario.settle()
    assert only(invariants.broken(scenario), "no-flooding") == []


def test_a_free_card_whose_fee_is_booked_anyway_is_a_voucher_nobody_was_charged(scenario):
    scenario.switch_on("free-card-fee-posted")
    scenario.add_citizen("borgeren")
    answer = scenario.order_card("borgeren", "first-card")
    assert answer.json()["fee"]["free"] is True
    scenario.settle()
    extra = only(invariants.broken(scenario), "one-voucher-per-fee")
    assert [b.neighbour for b in extra] == ["finance"]
    assert "that no answer of the SUT charged" in extra[0].message


def test_a_fee_never_posted_is_a_missing_voucher(scenario):
    choose_with_fee(scenario, "fee-without-idempotency-key")  # Finance refuses every posting: the fee is lost
    missing = only(invariants.broken(scenario), "one-voucher-per-fee")
    assert [b.neighbour for b in missing] == ["finance"] and "never posted" in missing[0].message


def test_a_fee_credited_to_another_account_breaks_the_balance_invariant(scenario):
    choose_with_fee(scenario, "fee-on-wrong-account")
    wrong = only(invariants.broken(scenario), "vouchers-balance")
    assert [b.neighbour for b in wrong] == ["finance"] and "not the configured fee accounts" in wrong[0].message


def test_a_choice_accepted_after_emigration_is_something_chargeable_after_coverage_ended(scenario):
    scenario.switch_on("choice-after-coverage-ended")
    scenario.add_citizen("borgeren")
    scenario.add_practice("den åbne praksis", near="borgeren", km=3)
    scenario.cpr_event("borgeren", "emigration")
    scenario.choose_doctor("borgeren", "den åbne praksis")
    scenario.settle()
    after = only(invariants.broken(scenario), "nothing-after-coverage-ended")
    assert after and "sygesikring had ended" in after[0].message
    assert after[0].neighbour in ("luna", "sygesikring")


def test_an_ended_coverage_with_nothing_after_it_holds(scenario):
    scenario.add_citizen("borgeren")
    scenario.cpr_event("borgeren", "death")
    scenario.settle()
    assert invariants.broken(scenario) == []


def test_luna_left_with_an_open_choice_after_a_death_disagrees_with_the_sut(scenario):
    scenario.switch_on("coverage-end-not-sent-to-luna")
    scenario.add_citizen("borgeren")
    scenario.cpr_event("borgeren", "death")
    scenario.settle()
    disagree = only(invariants.broken(scenario), "luna-agrees")
    assert [b.neighbour for b in disagree] == ["luna"] and "still holds the lægevalg" in disagree[0].message


def _facts(entries: list[dict]) -> Facts:
    return Facts(
        citizens=[], entries=entries, calls=[], violations=[], vouchers={}, records={}, luna={}, unfinished=False
    )


def test_a_delivery_answered_but_missing_from_the_neighbours_journal_is_a_lost_entry():
    delivery = {
        "seq": 6, "simulator": "sygesikring", "kind": "delivery", "at": "1", "method": "POST",
        "path": "http://luna.golive.internal/laegevalg", "status": 201, "correlationId": "c",
    }  # fmt: skip
    received = {
        "seq": 3, "simulator": "luna", "kind": "http", "at": "0", "method": "POST", "path": "/laegevalg",
        "status": 201, "correlationId": "c", "operation": "registerLaegevalg",
    }  # fmt: skip
    assert list(channels.no_journal_entry_lost(_facts([received, delivery]))) == []
    lost = list(channels.no_journal_entry_lost(_facts([delivery])))
    assert [b.neighbour for b in lost] == ["luna"] and "a journal entry was lost" in lost[0].message


def test_a_pending_choice_cannot_claim_the_registration_of_a_choice_made_at_once_in_the_same_minute():
    """Two choices of one practice in one virtual minute: the first registered at once (free), the second answered
    pending with a fee and later refused by Luna (the practice closed at its capacity). Luna's one registration is the
    first's: the pending one charged nothing, and no voucher is owed for it."""
    from types import SimpleNamespace

    from golive.invariants.facts import Citizen
    from golive.invariants.money import _charged

    at = "2024-05-31T09:00:00+00:00"

    def answer(status: str, fee: int) -> dict:
        body = {"cpr": "1", "ydernummer": "924319", "status": status, "fee": {"amountOre": fee, "free": fee == 0}}
        return {"status": 201, "responseBody": body, "virtualAt": at, "durationMs": 0}

    registration = {"ydernummer": "924319", "registeredAt": at}
    facts = SimpleNamespace(
        sut_answers=lambda *operations: [answer("registered", 0), answer("pending", 22500)],
        luna={"1": [registration]},
    )
    assert _charged(facts, Citizen("borgeren", "1", "Ida", False, ())) == (Counter(), Counter())
    facts.luna = {"1": [registration, dict(registration)]}  # Luna took the pending one too: it is charged
    assert _charged(facts, Citizen("borgeren", "1", "Ida", False, ())) == (Counter({22500: 1}), Counter())
    # The other order: a pending choice Luna later refused (beyond the distance limit), then the same practice asked
    # for again and registered at once (home visits waived). The one registration is the second's, charged once.
    facts.sut_answers = lambda *operations: [answer("pending", 22500), answer("registered", 22500)]
    facts.luna = {"1": [registration]}
    assert _charged(facts, Citizen("borgeren", "1", "Ida", False, ())) == (Counter({22500: 1}), Counter())


def test_a_pending_choice_of_the_old_doctor_cannot_claim_the_history_luna_was_given_in_the_same_instant():
    """The explorer's chunk 148000447: the citizen's doctor of years (seeded in Luna when the scenario began, effective
    2020) chosen again while Luna was down, answered pending with a fee, and refused once Luna was back (beyond the
    distance limit after a move). In virtual time nothing between them moved the clock: only the effect date tells
    the history from the choice, as Luna registers no choice in the past."""
    from types import SimpleNamespace

    from golive.invariants.facts import Citizen
    from golive.invariants.money import _charged

    at = "2024-03-01T09:00:00+00:00"
    body = {"cpr": "1", "ydernummer": "820342", "status": "pending", "fee": {"amountOre": 22500, "free": False}}
    history = {"ydernummer": "820342", "registeredAt": at, "effectiveDate": "2020-03-01", "endDate": "2024-02-29"}
    facts = SimpleNamespace(
        sut_answers=lambda *operations: [{"status": 201, "responseBody": body, "virtualAt": at, "durationMs": 0}],
        luna={"1": [history]},
    )
    assert _charged(facts, Citizen("borgeren", "1", "Ida", False, ())) == (Counter(), Counter())
    facts.luna = {"1": [history, {**history, "effectiveDate": "2024-03-15", "endDate": None}]}  # Luna took it
    assert _charged(facts, Citizen("borgeren", "1", "Ida", False, ())) == (Counter({22500: 1}), Counter())


def _bus_call(n: int, fault: bool = False) -> dict:
    return {
        "seq": n, "simulator": "servicebus", "kind": "http", "virtualAt": "2024-03-01T09:00:30", "method": "POST",
        "path": "/topics/sygesikring.laegevalg/messages", "status": 503 if fault else 202, "requestBody": {"n": n},
    }  # fmt: skip


LIMIT = config.NEIGHBOUR_REQUESTS_PER_VIRTUAL_MINUTE


@pytest.mark.parametrize(
    ("before", "after", "flooded"),
    [(LIMIT + 6, 2, False), (LIMIT, LIMIT, False), (0, LIMIT + 1, True), (5, LIMIT + 1, True), (0, LIMIT, False)],
)
def test_a_busy_minute_before_the_neighbour_went_down_is_no_flood(before, after, flooded):
    """The explorer's seed 160: a family's move and choices sent the bus 34 different messages in one virtual minute,
    then it went down; counting the answered ones before the first failure made a correct SUT a flooder. From the
    first failure on, every request counts."""
    calls = [_bus_call(n) for n in range(before)] + [_bus_call(before + n, fault=True) for n in range(after)]
    facts = Facts(citizens=[], entries=calls, calls=calls, violations=[], vouchers={}, records={}, luna={},
                  unfinished=False)  # fmt: skip
    assert bool(list(channels.neighbours_not_flooded(facts))) is flooded


def test_a_bus_that_is_down_gets_one_probe_a_sweep_and_every_event_once_it_is_back(scenario):
    """The reference SUT's outbox under a long outage (a circuit breaker's probe): each sweep sends the bus one waiting
    event, not all of them again; the rest follow as soon as it takes one. Before, every sweep resent every waiting
    event, and a family's choices flooded the bus past the policy's bound (found by the explorer, seed 160)."""

    def to_bus() -> list[dict]:
        return [e for e in scenario.exchanges() if e.get("simulator") == "servicebus" and e.get("kind", "http") == "http"
                and str(e.get("path", "")).startswith("/topics/sygesikring.")]  # fmt: skip

    for n in range(3):
        scenario.add_citizen(f"borger {n + 1}")
    scenario.add_practice("den åbne praksis", near="borger 1", km=3)
    scenario.faults.down("servicebus")
    for n in range(3):
        assert scenario.choose_doctor(f"borger {n + 1}", "den åbne praksis", waive=True).status_code == 201
    scenario.settle()
    before = len(to_bus())
    scenario.settle()  # one more sweep while the bus is still down
    probe = to_bus()[before:]
    assert len({repr(e.get("requestBody")) for e in probe}) == 1, "more than one waiting event sent in one sweep"
    scenario.faults.up("servicebus")
    scenario.settle()
    taken = {repr(e.get("requestBody")) for e in to_bus() if int(e.get("status") or 0) < 300}
    assert len(taken) == 3
    assert only(invariants.broken(scenario), "no-flooding") == []


def test_the_sut_s_fees_and_finance_s_vouchers_agree_or_the_difference_is_named():
    from golive.invariants import money
    from golive.invariants.facts import Citizen

    def facts(fees: list[dict], vouchers: list[dict], unfinished: bool = False) -> Facts:
        return Facts(
            citizens=[Citizen("borgeren", "0101901234", "A B", False, ())], entries=[], calls=[], violations=[],
            vouchers={"0101901234": vouchers}, records={"0101901234": {"fees": fees}}, luna={}, unfinished=unfinished,
        )  # fmt: skip

    voucher = {"voucherId": "V-1", "lines": [{"amountOre": 22500}, {"amountOre": -22500}]}
    fee = {"amountOre": 22500, "voucherId": "V-1"}
    assert list(money.sut_and_finance_agree(facts([fee], [voucher]))) == []
    unlisted = list(money.sut_and_finance_agree(facts([{**fee, "voucherId": None}], [voucher])))
    assert [b.neighbour for b in unlisted] == ["finance"] and "lists no fee booked in it" in unlisted[0].message
    unbooked = list(money.sut_and_finance_agree(facts([fee], [])))
    assert "which Finance does not hold" in unbooked[0].message
    other = list(money.sut_and_finance_agree(facts([{**fee, "amountOre": 225}], [voucher])))
    assert "Finance booked 22500 øre" in other[0].message
    assert list(money.sut_and_finance_agree(facts([], [voucher], unfinished=True))) == []  # a posting still queued


def test_a_minlog_entry_names_the_caseworker_as_they_logged_in():
    from golive.invariants import minlog
    from golive.invariants.facts import Citizen

    login = {
        "simulator": "sygesikring", "operation": "openCaseworkerSession", "status": 201,
        "requestBody": {"caseworker": "SB-1", "name": "Sagsbehandler i Aarhus Kommune", "municipalityCode": 751},
        "responseBody": {"sessionId": "s-1"},
    }  # fmt: skip
    right = {"cpr": "0101901234", "sessionId": "s-1", "user": "SB-1", "userName": "Sagsbehandler i Aarhus Kommune",
             "organisation": "Aarhus Kommune", "action": "Opslag"}  # fmt: skip

    def breaches(entry: dict, asked: dict | None = None) -> list[Breach]:
        opened = {**login, "requestBody": asked or login["requestBody"]}
        stored = {"simulator": "minlog", "operation": "registerEntry", "status": 201, "requestBody": entry}
        facts = Facts(
            citizens=[Citizen("borgeren", "0101901234", "A B", False, ())], entries=[stored], calls=[], violations=[],
            vouchers={}, records={}, luna={}, unfinished=False, answered=[opened],
        )  # fmt: skip
        return list(minlog.entry_names_the_caseworker(facts))

    assert breaches(right) == []
    assert breaches({**right, "organisation": "Kommune 751"}) == []  # the code names the municipality too
    unnamed = {k: v for k, v in right.items() if k != "userName"}
    assert breaches(unnamed, {"caseworker": "SB-1", "municipalityCode": 751}) == []  # no name given, none shown
    wrong = breaches({**right, "user": "SB-2", "userName": "Batch"})
    assert [b.neighbour for b in wrong] == ["minlog"]
    assert "user 'SB-2'" in wrong[0].message and "userName 'Batch'" in wrong[0].message
    assert "organisation 'Odense Kommune'" in breaches({**right, "organisation": "Odense Kommune"})[0].message


def test_a_choice_luna_registered_but_never_announced_on_the_bus_breaks_bus_tells_luna(scenario):
    scenario.switch_on("event-lost-when-bus-down")
    scenario.add_citizen("borgeren")
    scenario.add_practice("den åbne praksis", near="borgeren", km=3)
    scenario.faults.down("servicebus")
    assert scenario.choose_doctor("borgeren", "den åbne praksis").status_code == 201
    scenario.settle()  # the SUT's outbox tries the bus while it is down
    scenario.faults.up("servicebus")
    scenario.settle()
    lost = only(invariants.broken(scenario), "bus-tells-luna")
    assert [b.neighbour for b in lost] == ["servicebus"] and "never told the partners" in lost[0].message


def test_the_bus_and_luna_agree_on_a_choice_announced_once_and_only_what_luna_holds():
    from golive.invariants import lifecycle
    from golive.invariants.facts import Citizen

    cpr = "0101901234"
    asked = {"simulator": "luna", "operation": "registerLaegevalg", "status": 201,
             "requestBody": {"cpr": cpr, "ydernummer": "123456", "effectiveDate": "2024-03-15"}}  # fmt: skip

    def event(message_id: str, ydernummer: str = "123456") -> dict:
        return {"simulator": "servicebus", "path": lifecycle.LAEGEVALG_TOPIC + "messages", "status": 202,
                "requestBody": {"messageId": message_id, "payload": {"cpr": cpr, "ydernummer": ydernummer,
                                                                       "effectiveDate": "2024-03-15"}}}  # fmt: skip

    def breaches(entries: list[dict], held: list[dict]) -> list[str]:
        facts = Facts(
            citizens=[Citizen("borgeren", cpr, "A B", False, ())], entries=entries, calls=[], violations=[],
            vouchers={}, records={}, luna={cpr: held}, unfinished=False,
        )  # fmt: skip
        return [b.message for b in lifecycle.bus_tells_what_luna_registered(facts)]

    held = [{"ydernummer": "123456", "effectiveDate": "2024-03-15"}]
    assert breaches([asked, event("m1"), event("m1")], held) == []  # the same message resent is one event
    assert "2 times" in breaches([asked, event("m1"), event("m2")], held)[0]
    assert breaches([asked, asked, event("m1"), event("m2")], held) == []  # two choices of it Luna took: two events
    assert "never registered" in breaches([asked, event("m1"), event("m3", "654321")], held)[0]
    assert "never told the partners" in breaches([asked], held)[0]
    assert breaches([asked], []) == []  # asked, but Luna does not hold it: refused, nothing to announce
    unanswered = {**asked, "status": None}  # the SUT's call timed out: Luna may have taken it and answered too late
    assert breaches([asked, unanswered, event("m1"), event("m2")], held) == []
    assert "2 times" in breaches([asked, {**asked, "status": 409}, event("m1"), event("m2")], held)[0]  # refused


def test_a_500_from_the_sut_is_a_crash_whoever_asked_and_a_503_is_an_answer():
    crash = {"simulator": "sygesikring", "kind": "http", "seq": 4, "at": "1", "method": "POST",
             "path": "/servicebus/deliveries", "operation": "receiveBusDelivery", "status": 500}  # fmt: skip
    away = {**crash, "seq": 5, "status": 503}
    breaches = list(channels.sut_never_crashes(_facts([crash, away])))
    assert [(b.name, b.neighbour) for b in breaches] == [("sut-no-crash", "sygesikring")]
    assert "receiveBusDelivery" in breaches[0].message
    assert list(channels.sut_never_crashes(_facts([{**crash, "simulator": "luna"}]))) == []  # a fault at a neighbour


def test_e_flyt_hears_back_on_every_case_the_sut_took_and_only_of_doctors_luna_registered():
    from golive.invariants import lifecycle
    from golive.invariants.facts import Citizen

    cpr = "0101901234"

    def breaches(case: dict, held: list[dict], unfinished: bool = False) -> list[str]:
        facts = Facts(
            citizens=[Citizen("borgeren", cpr, "A B", False, ())], entries=[], calls=[], violations=[],
            vouchers={}, records={}, luna={cpr: held}, unfinished=unfinished, cases={"borgeren": case},
        )  # fmt: skip
        return [b.message for b in lifecycle.eflyt_hears_back(facts)]

    taken = {"caseId": "c1", "deliveryState": "delivered", "status": "delivered-to-sut", "receipts": []}
    assert "never told E-flyt what became of it" in breaches(taken, [])[0]
    assert breaches(taken, [], unfinished=True) == []  # the SUT may still be at it
    assert breaches({**taken, "deliveryState": "failed"}, []) == []  # never taken: nothing owed
    told = {"status": "completed", "laegevalg": {"ydernummer": "123456", "effectiveDate": "2024-03-15"}}
    done = {**taken, "status": "completed", "receipts": [{"status": "pending"}, told]}
    assert breaches(done, [{"ydernummer": "123456", "effectiveDate": "2024-03-15"}]) == []
    assert "a lægevalg Luna never registered" in breaches(done, [])[0]
