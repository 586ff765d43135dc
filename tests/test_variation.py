"""The variation model (fixtures/variation.py) and its rows as data (fixtures/profiles.py).

Coverage is checked three ways: by `coverage` (the model's own, allpairspy-independent count), by a brute-force
oracle here (every valid row of the full cartesian product: 129,024 combinations, 12,288 valid), and by building
every row into seed data that the CPR and Luna simulators' contracts and models accept.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations, product

import pytest
from allpairspy import AllPairs

from fixtures.cpr import is_modulus11
from fixtures.profiles import STATUS_CODES, build_case, build_cases
from fixtures.providers import DataFactory
from fixtures.variation import (
    DIMENSIONS,
    VALID_REFERENCE_YEARS,
    Constraint,
    Dimensions,
    Row,
    allpairs_rows,
    coverage,
    pairwise,
)
from simulators import rules
from simulators.core.clock import VirtualClock
from simulators.core.contract import load_contract
from simulators.cpr.model import CprModel
from simulators.luna.model import LunaModel

SEEDS = (0, 1, 2)


@pytest.fixture(scope="module")
def valid_rows_by_brute_force() -> list[dict[str, str]]:
    """Every full row of the cartesian product that breaks no constraint (the oracle)."""
    keys = DIMENSIONS.keys
    rows = (dict(zip(keys, combo)) for combo in product(*(d.keys for d in DIMENSIONS)))
    return [r for r in rows if all(c.allows(r) for c in DIMENSIONS.constraints)]


@pytest.fixture(scope="module")
def rows_by_seed() -> dict[int, list[Row]]:
    return {seed: pairwise(DIMENSIONS, seed) for seed in SEEDS}


def _pairs(row: dict[str, str]) -> set:
    ordered = [(k, row[k]) for k in DIMENSIONS.keys]
    return set(combinations(ordered, 2))


# -- the model -----------------------------------------------------------------------------------------
def test_allowed_pairs_are_exactly_those_some_valid_row_holds(valid_rows_by_brute_force):
    oracle = set().union(*(_pairs(r) for r in valid_rows_by_brute_force))

    report = coverage([], DIMENSIONS)

    assert report.allowed == oracle
    assert set(report.excluded) == set(DIMENSIONS.pairs()) - oracle


def test_excluded_pairs_carry_a_reason():
    report = coverage([], DIMENSIONS)
    deceased_child = (("age", "child-under-15"), ("status", "deceased"))

    assert report.excluded and all(report.excluded.values())
    assert "minors-have-custody-parents" in report.excluded[deceased_child]
    assert "ended-records-are-seeded-alone" in report.excluded[deceased_child]


def test_a_constraint_naming_an_unknown_value_is_refused():
    typo = Constraint("typo", "", {"status": frozenset({"dead"})}, {"family": frozenset({"single"})})

    with pytest.raises(ValueError, match="has no value"):
        Dimensions(DIMENSIONS.dims, (typo,))


def test_dimension_values_have_unique_labels():
    labels = [v.label for d in DIMENSIONS for v in d.values]

    assert len(labels) == len(set(labels))


# -- pairwise ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", SEEDS)
def test_every_allowed_pair_is_covered(rows_by_seed, seed):
    report = coverage(rows_by_seed[seed], DIMENSIONS)

    assert report.missing == frozenset(), report.summary()
    assert report.ratio == 1.0


@pytest.mark.parametrize("seed", SEEDS)
def test_every_row_satisfies_every_constraint(rows_by_seed, seed):
    broken = [(r.name, DIMENSIONS.broken_by(r.as_dict())) for r in rows_by_seed[seed]]

    assert [b for b in broken if b[1]] == []


def test_pairwise_is_no_larger_than_allpairspy_on_the_same_model(rows_by_seed):
    """allpairspy alone: without constraints it covers every pair with rows that cannot exist; with them as
    its filter it stops before covering every allowed pair. Ours covers all with no more rows than the former
    and fewer than the latter completed pair by pair."""
    unconstrained = list(AllPairs([list(d.keys) for d in DIMENSIONS]))
    constrained = allpairs_rows(DIMENSIONS)
    left_out = coverage([Row(tuple((k, r[k]) for k in DIMENSIONS.keys), DIMENSIONS) for r in constrained], DIMENSIONS).missing
    # the naive fix: one extra row per pair allpairspy left out
    constrained_completed = len(constrained) + len(left_out)

    for rows in rows_by_seed.values():
        assert len(rows) <= len(unconstrained)
        assert len(rows) <= constrained_completed


def test_pairwise_is_far_smaller_than_all_combinations(rows_by_seed, valid_rows_by_brute_force):
    largest_pair_product = max(len(a.values) * len(b.values) for a, b in combinations(DIMENSIONS.dims, 2))

    assert largest_pair_product <= len(rows_by_seed[0]) < len(valid_rows_by_brute_force) / 100


def test_the_same_seed_gives_identical_rows(rows_by_seed):
    assert pairwise(DIMENSIONS, 1) == rows_by_seed[1]


def test_different_seeds_give_different_rows(rows_by_seed):
    assert rows_by_seed[0] != rows_by_seed[1] != rows_by_seed[2]


def test_coverage_notices_a_pair_that_only_one_removed_row_held(rows_by_seed):
    rows = rows_by_seed[0]
    counts: dict = {}
    for row in rows:
        for p in row.pairs():
            counts[p] = counts.get(p, 0) + 1
    victim = next(r for r in rows if any(counts[p] == 1 for p in r.pairs()))

    report = coverage([r for r in rows if r is not victim], DIMENSIONS)

    assert report.missing and not report.complete


def test_coverage_flags_a_row_that_breaks_a_constraint():
    values = {d.key: d.default for d in DIMENSIONS} | {"age": "child-under-15", "century": "2000s", "family": "single"}
    impossible = Row(tuple((k, values[k]) for k in DIMENSIONS.keys), DIMENSIONS)

    report = coverage([impossible], DIMENSIONS)

    assert report.invalid_rows == ((impossible.name, ("minors-have-custody-parents",)),)
    assert report.covered == frozenset()


# -- row names -----------------------------------------------------------------------------------------
def test_a_row_is_named_by_its_age_band_and_its_unusual_values():
    values = {d.key: d.default for d in DIMENSIONS} | {
        "cpr_kind": "no-modulus11", "protection": "name-and-address", "municipality": "capital-5km", "intake": "closed",
    }

    row = Row(tuple((k, values[k]) for k in DIMENSIONS.keys), DIMENSIONS)

    assert row.name == "adult·no-mod11·protected·closed·capital-5km"


@pytest.mark.parametrize("seed", SEEDS)
def test_row_names_are_unique_within_a_set(rows_by_seed, seed):
    names = [r.name for r in rows_by_seed[seed]]

    assert len(names) == len(set(names))


# -- rows as data (fixtures/profiles.py) ---------------------------------------------------------------
@pytest.fixture(scope="module")
def contract_checks():
    cpr = load_contract("contracts/cpr.openapi.yaml").schema_check({"$ref": "#/components/schemas/SeedData"})
    luna = load_contract("contracts/luna.openapi.yaml").schema_check({"$ref": "#/components/schemas/SeedData"})
    return cpr, luna


def _age_band(case) -> str:
    age = case.person.age_on(case.today)
    if case.turns_15_on:
        return "turning-15" if age == 14 and case.person.age_on(case.turns_15_on) == 15 else f"not turning 15 ({age})"
    return "child-under-15" if age < 15 else "adult" if 18 <= age <= 66 else "senior" if age >= 67 else f"teen {age}"


def _observed(case) -> dict[str, str]:
    """What the built data actually is, in the row's vocabulary (computed from the data, not from the row)."""
    p = case.person
    others = [m for m in case.household if m.cpr != p.cpr and m.cpr != p.new_cpr]
    children = [m for m in others if m.custody] if not p.custody else [p]
    if not children:
        family = "single"
    else:
        parents = {cpr for c in children for cpr in c.custody.parents}
        homes = {m.address for m in case.household if m.cpr in parents}
        family = "joint-custody" if len(homes) > 1 else "with-children"
    residence = "none" if p.address is None else "no-fixed" if p.no_fixed_residence else "fixed"
    return {
        "age": _age_band(case),
        "cpr_kind": "modulus11" if is_modulus11(p.cpr) else "no-modulus11",
        "century": "2000s" if p.birth_date.year >= 2000 else "1900s",
        "status": {v: k for k, v in STATUS_CODES.items()}[p.status],
        "group": str(p.sikringsgruppe),
        "protection": "name-and-address" if p.address_protected else "none",
        "residence": residence,
        "family": family,
        "distance": "within-limit" if case.distance_km <= rules.distance_limit_km(p.municipality_code) else "beyond-limit",
        "intake": "open" if case.practice.open_for_intake else "closed",
        "name_kind": p.name_kind,
        "municipality": "capital-5km" if p.municipality_code in rules.CAPITAL_MUNICIPALITIES else "other-15km",
    }


@pytest.mark.parametrize("today", [date(VALID_REFERENCE_YEARS.start, 1, 1), date(2025, 1, 1), date(VALID_REFERENCE_YEARS.stop - 1, 12, 31)])
def test_every_row_builds_data_that_is_what_the_row_says(rows_by_seed, today):
    factory = DataFactory(seed=17, today=today)

    cases = build_cases(rows_by_seed[0], factory)

    assert [(c.name, _observed(c)) for c in cases if _observed(c) != c.row.as_dict()] == []


@pytest.mark.parametrize("seed", SEEDS)
def test_every_row_seeds_the_cpr_and_luna_simulators(rows_by_seed, contract_checks, seed):
    cpr_check, luna_check = contract_checks
    factory = DataFactory(seed=seed, today=date(2025, 1, 1))
    cases = build_cases(rows_by_seed[seed], factory)
    cpr_seed = {"persons": [p for c in cases for p in c.cpr_seed()["persons"]]}
    luna_seed = {"practices": [p for c in cases for p in c.luna_seed()["practices"]]}
    cpr_model, luna_model = CprModel(VirtualClock(factory.today)), LunaModel(VirtualClock(factory.today))

    assert cpr_check.problems(cpr_seed, "cpr SeedData") == []
    assert luna_check.problems(luna_seed, "luna SeedData") == []
    cpr_model.load(cpr_seed)
    luna_model.load(luna_seed)
    assert len(cpr_model.persons) == len(cpr_seed["persons"])  # no CPR number twice
    assert len(luna_model.practices) == len(cases)  # no ydernummer twice


def test_a_reference_year_outside_the_model_is_refused(rows_by_seed):
    factory = DataFactory(seed=1, today=date(VALID_REFERENCE_YEARS.stop, 1, 1))

    with pytest.raises(ValueError, match="reference years"):
        build_case(rows_by_seed[0][0], factory)


def test_cases_are_reproducible_from_the_seed(rows_by_seed):
    def build(seed: int) -> list:
        return [c.as_dict() for c in build_cases(rows_by_seed[0], DataFactory(seed=seed, today=date(2025, 1, 1)))]

    assert build(4) == build(4)
    assert build(4) != build(5)
