"""The verdict per integration reads the evidence failing checks recorded (golive/blame.py), never words."""

import pytest

from golive import blame, verdicts
from golive.failures import ContractBreach, FeatureFileMistake, HarnessError, breach_parties


def outcome(name, status, *, blamed=(), touched=(), message=""):
    return verdicts.Outcome(f"x::{name}", name, status, message, tuple(blamed), set(touched))


def test_a_failure_fails_exactly_the_integrations_it_blames():
    summary = verdicts.integration_summary(
        [outcome("a", "failed", blamed=["finance"], touched=["luna", "servicebus", "finance", "cpr"])], {}
    )
    assert verdicts.failed_integrations(summary) == ["finance"]
    assert summary["luna"]["verdict"] == "passed" and summary["luna"]["scenarios"] == 1


def test_words_in_a_message_blame_nobody():
    """The old guess: a message naming Luna failed Luna. Evidence only now."""
    summary = verdicts.integration_summary(
        [outcome("b", "failed", blamed=["finance"], message="Luna and E-flyt and the Servicebus")], {}
    )
    assert verdicts.failed_integrations(summary) == ["finance"]


def test_an_integration_fails_when_its_contract_suite_failed():
    assert verdicts.integration_summary([], {"luna": False})["luna"]["verdict"] == "FAILED"


def test_covered_and_nothing_blamed_passes_and_untouched_is_not_covered():
    summary = verdicts.integration_summary([outcome("c", "passed", touched=["servicebus"])], {"servicebus": True})
    assert (summary["servicebus"]["verdict"], summary["servicebus"]["scenarios"]) == ("passed", 1)
    assert summary["cpr"]["verdict"] == "not covered"


@pytest.mark.parametrize("party", [blame.HARNESS, blame.SCENARIO, blame.UNATTRIBUTED])
def test_harness_feature_file_and_unattributed_failures_fail_no_integration(party):
    outcomes = [outcome("d", "failed", blamed=[party], touched=["luna"])]
    summary = verdicts.integration_summary(outcomes, {})
    assert verdicts.failed_integrations(summary) == []
    assert verdicts.other_failures(outcomes) == {party: ["d"]}
    assert blame.label(party) in verdicts.render_summary(summary, outcomes)


@pytest.mark.parametrize("party", [blame.HARNESS, blame.SCENARIO, blame.UNATTRIBUTED])
def test_a_scenario_that_stopped_short_is_no_evidence_for_what_it_touched(party):
    """A feature file's mistake after the scenario's first exchange with Luna: its checks never ran, so Luna is not
    "passed" on its strength (it was, before: one broken feature file made an integration look tested)."""
    outcomes = [outcome("f", "failed", blamed=[party], touched=["luna"])]
    summary = verdicts.integration_summary(outcomes, {})
    assert (summary["luna"]["verdict"], summary["luna"]["scenarios"]) == ("not covered", 0)
    assert "1 stopped before their checks" in verdicts.render_summary(summary, outcomes)
    outcomes.append(outcome("g", "passed", touched=["luna"]))
    summary = verdicts.integration_summary(outcomes, {})
    assert (summary["luna"]["verdict"], summary["luna"]["scenarios"], summary["luna"]["stopped_short"]) == (
        "passed",
        1,
        1,
    )


def test_the_suts_own_answers_are_a_row_of_their_own():
    summary = verdicts.integration_summary([outcome("e", "failed", blamed=[blame.SUT])], {})
    assert verdicts.failed_integrations(summary) == [blame.SUT]


def test_failures_blame_by_their_kind_when_no_check_recorded_one():
    assert blame.of(HarnessError("down")) == (blame.HARNESS,)
    assert blame.of(FeatureFileMistake("bad date")) == (blame.SCENARIO,)
    assert blame.of(AssertionError("bare")) == (blame.UNATTRIBUTED,)
    assert blame.of(KeyError("a bug in a step")) == (blame.HARNESS,)
    assert blame.of(ContractBreach("kontraktbrud: …", ["luna"])) == ("luna",)


def test_the_innermost_check_wins():
    with pytest.raises(AssertionError) as caught:
        with blame.observing("luna"):
            with blame.observing("finance"):
                raise AssertionError("Finance booked twice")
    assert blame.of(caught.value) == ("finance",)


def test_a_harness_error_is_never_blamed_on_the_neighbour_a_check_looked_at():
    with pytest.raises(HarnessError) as caught:
        with blame.observing("luna"):
            raise HarnessError("Luna hung")
    assert blame.of(caught.value) == (blame.HARNESS,)


def test_a_contract_breach_blames_the_integration_whose_contract_was_broken():
    def entry(simulator, where, path="/x", agent="python-httpx/0.28"):
        return {"simulator": simulator, "path": path, "requestHeaders": {"user-agent": agent},
                "violations": [{"where": where, "rule": "format"}]}

    assert breach_parties([entry("luna", "request.body")]) == ["luna"]  # the SUT sent Luna a bad request
    assert breach_parties([entry("finance", "response.body")]) == ["finance"]
    assert breach_parties([entry("sygesikring", "request.body", "/eflyt/move-notifications")]) == ["eflyt"]
    assert breach_parties([entry("sygesikring", "response.body", "/citizens")]) == [blame.SUT]
    assert breach_parties([entry("sygesikring", "request.body", "/citizens", "golive-scenario/1")]) == [blame.HARNESS]


def test_every_expectation_declares_what_it_looks_at():
    """A check without a declared party would fail as 'unattributed': every expect_* says whom it observes."""
    from golive.expectations import Expectations

    undeclared = [
        name for name in dir(Expectations)
        if name.startswith("expect_") and name != "expect_no_violations"
        and not hasattr(getattr(Expectations, name), "golive_observes")
    ]
    assert undeclared == []


def test_every_declared_party_is_one_the_verdict_table_knows():
    """A misspelt party ("finanse") would blame a row nobody reads: each declaration names a registry system or one of
    blame's own parties."""
    from golive.expectations import Expectations

    declared = {getattr(getattr(Expectations, name), "golive_observes", None) for name in dir(Expectations)}
    assert {p for p in declared if isinstance(p, str)} <= set(blame.parties())
