"""Every dimension of the variation model (fixtures/variation.py) reaches behaviour: the explorer's strategies or the
scenarios' @datavariation steps draw its values, so generated variety is never data nobody reads (issue 13).

Each reader below is read off the code that draws the values (the explorer's strategies and rules, the Scenario's
VARIATION_READ), not written down beside it; a dimension added to the model without a reader fails the first test.
"""

from __future__ import annotations

import inspect

import pytest
from hypothesis.stateful import RuleBasedStateMachine

from fixtures.profiles import STATUS_CODES
from fixtures.variation import DIMENSIONS
from golive.explore import inputs, machine
from golive.vocabulary import VARIATION_READ, municipality_code
from simulators import rules


def _sampled(strategy) -> set:
    """The values a sampled_from strategy draws (booleans: {False, True})."""
    wrapped = getattr(strategy, "wrapped_strategy", strategy)
    elements = getattr(wrapped, "elements", None)
    return set(elements) if elements is not None else {False, True}


def _rules() -> set[str]:
    return {name for name, _ in inspect.getmembers(machine.Exploration) if name not in dir(RuleBasedStateMachine)}


def _datavariation(key: str) -> set[str]:
    """Every value of the dimension, when a @datavariation step can express it (Scenario.add_citizen_from_variation)."""
    return set(_dimension(key).keys) if key in VARIATION_READ else set()


def _dimension(key: str):
    return next(d for d in DIMENSIONS.dims if d.key == key)


def _municipality_kinds() -> set[str]:
    codes = {municipality_code(m) for m in _sampled(inputs.CITIZEN["municipality"])}
    return {"capital-5km" if c in rules.CAPITAL_MUNICIPALITIES else "other-15km" for c in codes}


READERS = {  # dimension -> the values of it the explorer or a @datavariation step draws
    "age": lambda: {"adult"} | ({"senior"} & _sampled(inputs.CITIZEN["age"]))
    | ({"turning-15"} if "turning_15" in inputs.CITIZEN else set())
    | ({"child-under-15"} if "add_child" in _rules() else set()),
    "cpr_kind": lambda: _datavariation("cpr_kind") | ({"no-modulus11", "modulus11"} if "odd_cpr" in inputs.CITIZEN else set()),
    "century": lambda: {"1900s"} | ({"2000s"} if "2000s" in _sampled(inputs.CITIZEN["age"]) else set()),
    "status": lambda: {"active"} | {{"death": "deceased", "emigration": "emigrated"}[e] for e in inputs.CPR_EVENTS
                                    if e in ("death", "emigration")}
    | ({value for value, code in STATUS_CODES.items() if code in inputs.CPR_STATUSES}
       if "status-change" in inputs.CPR_EVENTS else set()),
    "group": lambda: _datavariation("group") | {str(g) for g in _sampled(inputs.CITIZEN["group"])},
    "protection": lambda: _datavariation("protection") | ({"none", "name-and-address"} if "protected" in inputs.CITIZEN else set()),
    "residence": lambda: {"fixed"} | ({"no-fixed"} if True in _sampled(inputs.CITIZEN["no_fixed"]) else set())
    # no Danish address (status 20 or 80): a status change to it, or an emigration, leaves the citizen without one
    | ({"none"} if {"20", "80"} & set(inputs.CPR_STATUSES) or "emigration" in inputs.CPR_EVENTS else set()),
    "family": lambda: {"single"} | ({"with-children"} if "add_child" in _rules() and "with_children" in inspect.signature(machine.Exploration.move).parameters else set()),
    "distance": lambda: {"beyond-limit" if km > rules.CAPITAL_DISTANCE_LIMIT_KM else "within-limit" for km in inputs.DISTANCES}
    | {"beyond-limit" if km > rules.DISTANCE_LIMIT_KM else "within-limit" for km in inputs.DISTANCES},
    "intake": lambda: {"open", "closed"} if "open_for_intake" in inspect.signature(machine.Exploration.add_practice).parameters else set(),
    "name_kind": lambda: _datavariation("name_kind") | set(inputs.NAME_KINDS),
    "municipality": lambda: _datavariation("municipality") | _municipality_kinds(),
}  # fmt: skip


def test_every_dimension_of_the_model_has_a_reader():
    assert {d.key for d in DIMENSIONS.dims} == set(READERS)


# The values nothing draws, each with the reason; a value that is neither drawn nor here fails the test below, and one
# here that is drawn after all must leave the list.
NOT_DRAWN = {
    ("status", "changed-number"): "a CPR number change is no explorer event: the Luna simulator keeps a citizen's "
    "lægevalg under the old number, so the oracle could not say what Luna shows after it",
    ("family", "joint-custody"): "parents in separate homes: the explorer makes no child with two custody holders at "
    "two addresses yet (a known gap); two scenarios in features/flytning/flytning.feature do, with their own step",
}


def test_every_value_of_every_dimension_is_drawn_or_its_absence_is_reasoned():
    missing = {(d.key, v) for d in DIMENSIONS.dims for v in set(_dimension(d.key).keys) - READERS[d.key]()}
    assert missing == set(NOT_DRAWN), f"drawn by nothing and not reasoned: {sorted(missing - set(NOT_DRAWN))}; " \
        f"drawn after all: {sorted(set(NOT_DRAWN) - missing)}"


@pytest.mark.parametrize("key", [d.key for d in DIMENSIONS.dims])
def test_the_dimension_reaches_behaviour(key):
    reached = READERS[key]()
    values = set(_dimension(key).keys)
    assert reached <= values, f"{key}: {reached - values} are not values of the dimension"
    assert len(reached) >= min(2, len(values)), f"{key}: only {reached or 'nothing'} of {sorted(values)} is ever drawn"
