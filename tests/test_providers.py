"""The Faker providers (fixtures/providers.py): consistent persons, real geography, families, practices,
seed shapes the simulators' contracts accept, and byte-identical output for one seed."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from faker import Faker

from simulators import refdata
from fixtures.cpr import is_modulus11, sex_of
from fixtures.providers import (
    ADDRESS_SPREAD_KM,
    NO_FIXED_RESIDENCE_STREET,
    CprProvider,
    DanishAddressProvider,
    DanishPersonProvider,
    DataFactory,
    FamilyProvider,
    PracticeProvider,
    dumps,
    name_kind_of,
    nearest_municipality,
)
from simulators import rules
from simulators.core.clock import VirtualClock
from simulators.core.contract import load_contract
from simulators.cpr.model import CprModel, age_on
from simulators.cpr.model import birth_date as simulator_birth_date
from simulators.geo import haversine_km
from simulators.luna.model import LunaModel

TODAY = date(2025, 1, 1)
ALL_STATUSES = sorted(rules.CPR_STATUS_DESCRIPTIONS)


@pytest.fixture(scope="module")
def person_seed_check():
    return load_contract("contracts/cpr.openapi.yaml").schema_check({"$ref": "#/components/schemas/PersonSeed"})


@pytest.fixture(scope="module")
def cpr_seed_data_check():
    return load_contract("contracts/cpr.openapi.yaml").schema_check({"$ref": "#/components/schemas/SeedData"})


@pytest.fixture(scope="module")
def practice_seed_check():
    return load_contract("contracts/luna.openapi.yaml").schema_check({"$ref": "#/components/schemas/PracticeSeed"})


@pytest.fixture
def factory() -> DataFactory:
    return DataFactory(seed=1234, today=TODAY)


def _load_into_cpr(seed: dict) -> CprModel:
    model = CprModel(VirtualClock(TODAY))
    model.load(seed)
    return model


# -- Faker integration ---------------------------------------------------------------------------------
def test_providers_plug_into_an_ordinary_faker_and_follow_its_seed():
    def sample(seed: int) -> list:
        fake = Faker("da_DK")
        for provider in (CprProvider, DanishAddressProvider, DanishPersonProvider, FamilyProvider, PracticeProvider):
            fake.add_provider(provider)
        fake.seed_instance(seed)
        return [fake.cpr(), fake.danish_person().as_dict(), fake.practice().as_dict(), fake.danish_family().as_dict()]

    assert sample(5) == sample(5)
    assert sample(5) != sample(6)


def test_a_provider_without_its_dependency_says_which_provider_to_add():
    fake = Faker("da_DK")
    fake.add_provider(DanishPersonProvider)

    with pytest.raises(RuntimeError, match=r"add_provider\(DanishAddressProvider\)|add_provider\(CprProvider\)"):
        fake.danish_person()


# -- persons -------------------------------------------------------------------------------------------
def test_sex_and_birth_date_agree_with_the_cpr_number(factory):
    persons = factory.persons(500)

    assert all(sex_of(p.cpr) == p.sex and simulator_birth_date(p.cpr) == p.birth_date for p in persons)
    assert {p.sex for p in persons} == {"male", "female"}


def test_modulus11_is_honoured_both_ways(factory):
    with_ = [factory.person(modulus11=True) for _ in range(100)]
    without = [factory.person(modulus11=False) for _ in range(100)]

    assert all(is_modulus11(p.cpr) and p.cpr_kind == "modulus11" for p in with_)
    assert not any(is_modulus11(p.cpr) for p in without)


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_every_cpr_status_gives_a_person_seed_the_contract_and_the_cpr_simulator_accept(factory, person_seed_check, status):
    person = factory.person(status=status)
    seed = person.as_cpr_seed()

    assert person_seed_check.problems(seed, "PersonSeed") == []
    assert _load_into_cpr({"persons": [seed]}).person(person.cpr).status == status


def test_random_persons_cover_every_status_group_and_protection(factory):
    persons = factory.persons(3000)

    assert {p.status for p in persons} == set(ALL_STATUSES)
    assert {p.sikringsgruppe for p in persons} == {1, 2}
    assert {p.address_protected for p in persons} == {True, False}
    assert {p.cpr_kind for p in persons} == {"modulus11", "no-modulus11"}


def test_status_03_has_a_special_road_code(factory):
    persons = [factory.person(status="03") for _ in range(50)]

    assert all(p.address.road_code in rules.SPECIAL_ROAD_CODES for p in persons)


def test_no_fixed_residence_is_road_code_9999_with_status_03(factory):
    person = factory.person(residence="no-fixed")

    assert (person.status, person.address.road_code, person.address.street) == ("03", 9999, NO_FIXED_RESIDENCE_STREET)
    assert _load_into_cpr({"persons": [person.as_cpr_seed()]}).person_doc(person.cpr)["noFixedResidence"] is True


@pytest.mark.parametrize("status", sorted(rules.CPR_NO_ADDRESS_STATUSES))
def test_statuses_without_a_danish_address_carry_none(factory, status):
    person = factory.person(status=status)

    assert person.address is None and "address" not in person.as_cpr_seed()


def test_a_changed_number_points_to_a_new_number_with_the_same_birth_date_and_sex(factory):
    person = factory.person(status="60")

    assert person.new_cpr not in (None, person.cpr)
    assert (simulator_birth_date(person.new_cpr), sex_of(person.new_cpr)) == (person.birth_date, person.sex)


@pytest.mark.parametrize(
    "status, residence", [("01", "no-fixed"), ("20", "fixed"), ("01", "none"), ("90", "none"), ("42", None)]
)
def test_contradictory_status_and_residence_are_refused(factory, status, residence):
    with pytest.raises(ValueError):
        factory.person(status=status, residence=residence)


def test_protection_is_carried_into_the_seed(factory):
    person = factory.person(address_protected=True)

    assert _load_into_cpr({"persons": [person.as_cpr_seed()]}).person_doc(person.cpr)["addressProtected"] is True


# -- names ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["plain", "æøå", "hyphenated", "over-34"])
def test_a_name_of_each_kind_has_that_kind(factory, person_seed_check, kind):
    persons = [factory.person(name_kind=kind) for _ in range(200)]

    assert {p.name_kind for p in persons} == {kind}
    assert {name_kind_of(p.first, p.middle, p.last) for p in persons} == {kind}
    assert all(person_seed_check.problems(p.as_cpr_seed(), "PersonSeed") == [] for p in persons)


def test_long_names_exceed_the_register_field_and_are_kept_whole(factory):
    person = factory.person(name_kind="over-34")
    doc = _load_into_cpr({"persons": [person.as_cpr_seed()]}).person_doc(person.cpr)

    assert len(person.full_name) > rules.REGISTER_NAME_LENGTH
    assert doc["name"]["full"] == person.full_name


def test_danish_letters_and_hyphens_come_from_fakers_danish_lists(factory):
    danish = [factory.person(name_kind="æøå").full_name for _ in range(200)]
    double = [factory.person(name_kind="hyphenated").last for _ in range(200)]

    assert all(set(n) & set("æøåÆØÅ") for n in danish)
    assert len({c for n in danish for c in n if c in "æøåÆØÅ"}) >= 3
    assert all(len(d.split("-")) == 2 and all(d.split("-")) for d in double)


# -- addresses and geography ---------------------------------------------------------------------------
def test_every_municipality_gets_addresses_with_its_own_postcodes_near_its_point(factory):
    for code, municipality in refdata.municipalities().items():
        address = factory.address(code)
        own_postcodes = {p.postcode for p in refdata.postcodes_in(code)}

        assert address.municipality_code == code
        assert address.postal_code in own_postcodes
        assert haversine_km(municipality.lat, municipality.lon, address.lat, address.lon) <= ADDRESS_SPREAD_KM + 0.01


def test_random_municipalities_reach_all_98(factory):
    codes = {factory.faker.danish_municipality_code() for _ in range(3000)}

    assert codes == set(refdata.municipalities())


@pytest.mark.parametrize("distance_km, bearing", [(0.5, 0), (4.9, 90), (5.1, 200), (14.9, 300), (15.1, 45), (24.0, 135)])
def test_an_address_is_placed_at_the_chosen_distance_and_bearing(factory, distance_km, bearing):
    home = factory.address(751)  # Aarhus

    placed = factory.address_at(home.location, distance_km, bearing)

    assert haversine_km(*home.location, *placed.location) == pytest.approx(distance_km, abs=0.001)
    assert placed.municipality_code == nearest_municipality(*placed.location).code
    assert placed.postal_code in {p.postcode for p in refdata.postcodes_in(placed.municipality_code)}


def test_a_practice_is_placed_at_the_chosen_distance_from_a_home(factory):
    person = factory.person(municipality_code=101)

    practice = factory.practice(near=person.location, distance_km=4.5)

    assert haversine_km(*person.location, *practice.location) == pytest.approx(4.5, abs=0.001)


def test_a_fixed_bearing_that_leaves_denmark_is_refused(factory):
    skagen = (57.7209, 10.5839)

    with pytest.raises(ValueError, match="leaves Denmark"):
        factory.address_at(skagen, 40.0, 0.0)


# -- families ------------------------------------------------------------------------------------------
def test_two_parents_share_a_home_and_custody_of_children_under_15(factory, cpr_seed_data_check):
    family = factory.family("two-parents", children=3)
    a, b = family.parents

    assert a.address == b.address and all(c.address == a.address for c in family.children)
    assert all(set(c.custody.parents) == {a.cpr, b.cpr} and c.custody.lives_with in (a.cpr, b.cpr) for c in family.children)
    assert all(c.age_on(TODAY) < rules.CHILD_FOLLOWS_PARENT_UNTIL for c in family.children)
    assert cpr_seed_data_check.problems(family.as_cpr_seed(), "SeedData") == []
    assert len(_load_into_cpr(family.as_cpr_seed()).household(a.municipality_code, a.address.street, a.address.postal_code)) == 5


def test_joint_custody_has_separate_homes_and_the_child_lives_with_one_parent(factory):
    family = factory.family("joint-custody", children=2, children_live_with=1)
    a, b = family.parents

    assert a.address != b.address
    assert all(c.custody.lives_with == b.cpr and c.address == b.address for c in family.children)
    assert all(set(c.custody.parents) == {a.cpr, b.cpr} for c in family.children)
    _load_into_cpr(family.as_cpr_seed())


def test_sole_custody_has_one_parent(factory):
    family = factory.family("sole-custody", children=1)

    assert len(family.parents) == 1
    assert family.children[0].custody.parents == (family.parents[0].cpr,)


def test_a_child_turns_15_on_the_given_date(factory):
    birthday = date(2025, 3, 20)

    child = factory.family("two-parents", child_turning_15_on=birthday).children[0]

    assert child.age_on(birthday - timedelta(days=1)) == 14
    assert child.age_on(birthday) == 15


def test_nobody_turns_15_on_29_february(factory):
    with pytest.raises(ValueError, match="29 February"):
        factory.family("two-parents", child_turning_15_on=date(2028, 2, 29))


def test_parents_are_adults_when_their_children_are_born(factory):
    families = [factory.family("two-parents") for _ in range(100)]

    assert all(age_on(p.birth_date, c.birth_date) >= 18 for f in families for p in f.parents for c in f.children)


def test_an_existing_person_can_become_a_parent(factory):
    parent = factory.person(born_between=(date(1985, 1, 1), date(1990, 1, 1)), status="01")

    family = factory.family("joint-custody", parent=parent, children_live_with=0)

    assert family.parents[0] is parent
    assert all(c.custody.lives_with == parent.cpr and c.address == parent.address for c in family.children)


def test_a_household_without_fixed_residence_is_refused(factory):
    with pytest.raises(ValueError, match="shares no household"):
        factory.family("two-parents", parent=factory.person(residence="no-fixed"))


# -- practices -----------------------------------------------------------------------------------------
def test_practices_have_unique_six_digit_ydernumre_and_one_to_six_doctors(factory):
    practices = [factory.practice() for _ in range(2000)]
    numbers = [p.ydernummer for p in practices]

    assert len(set(numbers)) == len(numbers)
    assert all(len(n) == 6 and n.isdigit() for n in numbers)
    assert any(n.startswith("0") for n in numbers)
    assert {p.doctors for p in practices} == {1, 2, 3, 4, 5, 6}


def test_closed_practices_are_full_and_open_ones_have_room(factory):
    closed = [factory.practice(open_for_intake=False) for _ in range(100)]
    open_ = [factory.practice(open_for_intake=True) for _ in range(100)]

    assert all(p.patient_count >= p.capacity == p.doctors * rules.PATIENTS_PER_DOCTOR_LIMIT for p in closed)
    assert all(p.patient_count < p.capacity for p in open_)


def test_a_practice_seed_is_accepted_by_lunas_contract_and_model(factory, practice_seed_check):
    practices = [factory.practice() for _ in range(200)]
    model = LunaModel(VirtualClock(TODAY))

    assert [v for p in practices for v in practice_seed_check.problems(p.as_luna_seed(), "PracticeSeed")] == []
    model.load({"practices": [p.as_luna_seed() for p in practices]})
    assert all(model.practice_doc(model.practices[p.ydernummer])["capacity"] == p.capacity for p in practices)


def test_a_practice_lies_in_the_region_of_its_municipality(factory):
    practice = factory.practice(municipality_code=860)

    assert (practice.municipality_code, practice.region_code) == (860, 1081)


# -- reproducibility -----------------------------------------------------------------------------------
def _world(seed: int) -> bytes:
    f = DataFactory(seed, today=TODAY)
    items = []
    for _ in range(200):
        items.append(f.person())
        items.append(f.family(["two-parents", "joint-custody", "sole-custody"][len(items) % 3]))
        items.append(f.practice())
    return dumps(items)


def test_the_same_seed_gives_byte_identical_data():
    assert _world(99) == _world(99)


def test_the_same_seed_gives_the_same_bytes_in_another_process_with_another_hash_seed():
    """No dependence on set order or hash randomisation: what a CI run generates, a developer's run does too."""
    script = (
        "import hashlib, sys; from datetime import date; from fixtures.providers import DataFactory, dumps; "
        "f = DataFactory(99, today=date(2025, 1, 1)); "
        "print(hashlib.sha256(dumps([f.person() for _ in range(100)] + [f.family() for _ in range(30)])).hexdigest())"
    )
    root = Path(__file__).resolve().parents[1]
    digests = {
        subprocess.run(
            [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": str(hash_seed), "PYTHONPATH": str(root)},
        ).stdout.strip()
        for hash_seed in (1, 2)
    }

    assert len(digests) == 1 and len(digests.pop()) == 64


def test_another_seed_gives_other_data():
    assert _world(99) != _world(100)


def test_no_cpr_number_repeats_across_persons_families_and_successors():
    f = DataFactory(3, today=TODAY)
    numbers = [p.cpr for _ in range(300) for p in (f.person(), *f.family().members)]
    numbers += [f.person(status="60").new_cpr for _ in range(50)]

    assert len(numbers) == len(set(numbers))
