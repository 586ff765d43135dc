"""The CPR model alone (no HTTP): the century rule, sex, life events, and what events may carry."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError

from simulators.core.clock import VirtualClock
from simulators.cpr.model import (
    CprAlreadyExists,
    CprModel,
    InvalidCprDate,
    InvalidEffectiveDate,
    InvalidStatus,
    RetiredRecord,
    UnknownMunicipality,
    UnknownPerson,
    birth_date,
    sex,
)

TODAY = date(2024, 3, 1)
AARHUS, ODENSE = 751, 461
HOME = {"street": "Solsikkevej 12", "postalCode": "8000", "city": "Aarhus C", "roadCode": 4711}
MOTHER, CHILD, LODGER = "1203801236", "0505154237", "2211752223"


def _seed(cpr: str, **extra) -> dict:
    return {"cpr": cpr, "name": {"first": "Test", "last": "Person"}, "municipalityCode": AARHUS, "address": dict(HOME), **extra}


@pytest.fixture
def published() -> list:
    return []


@pytest.fixture
def model(published) -> CprModel:
    m = CprModel(clock=VirtualClock(), publish=lambda topic, payload, **kw: published.append((topic, payload)) or "id")
    m.clock.set(TODAY)
    m.load({"persons": [_seed(MOTHER), _seed(CHILD, custody={"parents": [MOTHER], "livesWith": MOTHER})]})
    return m


# -- the century rule, against python-stdnum as an independent check ------------------------------------
def _numbers():
    """Every 7th digit for every year, on ordinary days and on days that exist only in some centuries."""
    day_months = ["0101", "1507", "3112", "2902", "3004", "3102", "3006"]
    for yy in range(100):
        for digit in range(10):
            for dm in day_months:
                yield f"{dm}{yy:02d}{digit}{(yy * 7 + digit) % 1000:03d}"


def test_birth_date_agrees_with_stdnum_for_every_century_digit_and_year():
    disagreements = []
    for number in _numbers():
        try:
            expected = stdnum_cpr.get_birth_date(number)
        except ValidationError:
            expected = None
        try:
            got = birth_date(number)
        except InvalidCprDate:
            got = None
        if got != expected:
            disagreements.append((number, got, expected))
    assert disagreements == []


@pytest.mark.parametrize(
    ("cpr", "born"),
    [
        ("0101361234", date(1936, 1, 1)),  # 7th digit 1: 1900s whatever the year
        ("0101364234", date(2036, 1, 1)),  # 4 with YY 00-36: 2000s
        ("0101374234", date(1937, 1, 1)),  # 4 with YY 37-99: 1900s
        ("0101575234", date(2057, 1, 1)),  # 5 with YY 00-57: 2000s
        ("0101585234", date(1858, 1, 1)),  # 5 with YY 58-99: 1800s
        ("0101999234", date(1999, 1, 1)),  # 9 with YY 37-99: 1900s
    ],
)
def test_birth_date_follows_the_domain_century_table(cpr, born):
    assert birth_date(cpr) == born


def test_29_february_exists_in_2000_but_not_in_1900():
    assert birth_date("2902004000") == date(2000, 2, 29)
    with pytest.raises(InvalidCprDate):
        birth_date("2902001000")


def test_numbers_failing_modulus_11_are_accepted():
    failing = [n for n in ("0101804321", "1203801236", "0505154237", "0707654321") if stdnum_cpr.checksum(n) != 0]
    assert failing, "the sample must contain numbers that fail modulus 11"
    assert all(isinstance(birth_date(n), date) for n in failing)


@pytest.mark.parametrize(("cpr", "expected"), [("0101801231", "male"), ("0101801232", "female"), ("0101801239", "male"), ("0101801230", "female")])
def test_sex_follows_the_last_digit_odd_is_male(cpr, expected):
    assert sex(cpr) == expected


# -- reads ----------------------------------------------------------------------------------------
def test_a_number_without_a_real_date_is_invalid_not_unknown(model):
    with pytest.raises(InvalidCprDate):
        model.person("3104801234")


def test_an_unknown_valid_number_is_not_found(model):
    with pytest.raises(UnknownPerson):
        model.person("0101801111")


def test_custody_is_shown_for_a_child_and_disappears_at_18(model):
    assert model.person_doc(CHILD)["custody"] == {"parents": [MOTHER], "livesWith": MOTHER}
    model.clock.set(date(2033, 5, 5))
    assert "custody" not in model.person_doc(CHILD)


def test_road_code_9999_means_no_fixed_residence_and_status_03(model):
    model.load({"persons": [_seed(LODGER, address={**HOME, "roadCode": 9999})]})
    doc = model.person_doc(LODGER)
    assert (doc["noFixedResidence"], doc["status"]) == (True, "03")


def test_household_lists_residents_at_the_address_ignoring_case_and_spaces(model):
    found = model.household(AARHUS, "solsikkevej   12", "8000")
    assert [p["cpr"] for p in found] == sorted([MOTHER, CHILD])


def test_persons_without_fixed_residence_share_no_household(model):
    ufb = {"street": "Uden fast bopæl", "postalCode": "8000", "city": "Aarhus C", "roadCode": 9999}
    model.load({"persons": [_seed(LODGER, address=ufb), _seed("0101801111", address=ufb)]})
    assert model.household(AARHUS, "Uden fast bopæl", "8000") == []


def test_the_deceased_are_not_household_members(model):
    model.apply_event(MOTHER, {"changeType": "death", "effectiveDate": "2024-02-28"})
    assert [p["cpr"] for p in model.household(AARHUS, HOME["street"], "8000")] == [CHILD]


def test_seed_rejects_an_unknown_municipality(model):
    with pytest.raises(UnknownMunicipality):
        model.load({"persons": [_seed(LODGER, municipalityCode=411)]})  # Christiansø is not a municipality


def test_seed_rejects_status_01_on_a_special_road_code(model):
    with pytest.raises(InvalidStatus):
        model.load({"persons": [_seed(LODGER, status="01", address={**HOME, "roadCode": 9999})]})


# -- events ---------------------------------------------------------------------------------------
def test_death_gives_status_90_from_the_effective_date(model):
    doc = model.apply_event(MOTHER, {"changeType": "death", "effectiveDate": "2024-02-28"})
    assert (doc["status"], doc["statusDate"]) == ("90", "2024-02-28")


def test_emigration_gives_status_80_and_removes_the_address(model):
    doc = model.apply_event(MOTHER, {"changeType": "emigration", "effectiveDate": "2024-02-28"})
    assert (doc["status"], "address" in doc, doc["municipalityCode"]) == ("80", False, AARHUS)


def test_address_change_moves_the_person_to_the_new_municipality(model):
    new = {"street": "Kongensgade 40", "postalCode": "5000", "city": "Odense C", "roadCode": 3120}
    doc = model.apply_event(MOTHER, {"changeType": "address-change", "effectiveDate": "2024-03-01", "newAddress": new, "municipalityCode": ODENSE})
    assert (doc["municipalityCode"], doc["address"]) == (ODENSE, new)


def test_returning_emigrant_becomes_active_again(model):
    model.apply_event(MOTHER, {"changeType": "emigration", "effectiveDate": "2023-01-01"})
    doc = model.apply_event(MOTHER, {"changeType": "address-change", "effectiveDate": "2024-03-01", "newAddress": HOME, "municipalityCode": AARHUS})
    assert doc["status"] == "01"


def test_cpr_change_retires_the_old_record_and_creates_the_new_one(model):
    model.apply_event(MOTHER, {"changeType": "cpr-change", "effectiveDate": "2024-03-01", "newCpr": "1203802345"})
    old, new = model.person_doc(MOTHER), model.person_doc("1203802345")
    assert (old["status"], old["newCpr"], new["previousCpr"], new["status"]) == ("60", "1203802345", MOTHER, "01")


def test_cpr_change_moves_the_childs_custody_to_the_new_number(model):
    model.apply_event(MOTHER, {"changeType": "cpr-change", "effectiveDate": "2024-03-01", "newCpr": "1203802345"})
    assert model.person_doc(CHILD)["custody"] == {"parents": ["1203802345"], "livesWith": "1203802345"}


def test_cpr_change_to_a_number_in_use_is_a_conflict(model):
    with pytest.raises(CprAlreadyExists):
        model.apply_event(MOTHER, {"changeType": "cpr-change", "effectiveDate": "2024-03-01", "newCpr": CHILD})


def test_cpr_change_to_a_number_without_a_real_date_is_invalid(model):
    with pytest.raises(InvalidCprDate):
        model.apply_event(MOTHER, {"changeType": "cpr-change", "effectiveDate": "2024-03-01", "newCpr": "3102801234"})


@pytest.mark.parametrize("change", [{"changeType": "emigration"}, {"changeType": "protection-change", "addressProtected": True}])
def test_a_deceased_person_takes_no_further_events(model, change):
    model.apply_event(MOTHER, {"changeType": "death", "effectiveDate": "2024-02-28"})
    with pytest.raises(RetiredRecord):
        model.apply_event(MOTHER, {**change, "effectiveDate": "2024-03-01"})


def test_an_effective_date_before_birth_is_invalid(model):
    with pytest.raises(InvalidEffectiveDate):
        model.apply_event(CHILD, {"changeType": "emigration", "effectiveDate": "2010-01-01"})


def test_status_change_to_60_must_be_a_cpr_change(model):
    with pytest.raises(InvalidStatus):
        model.apply_event(MOTHER, {"changeType": "status-change", "effectiveDate": "2024-03-01", "status": "60"})


# -- what events carry ------------------------------------------------------------------------------
def test_every_change_publishes_one_person_changed_event(model, published):
    model.apply_event(MOTHER, {"changeType": "death", "effectiveDate": "2024-02-28"})
    assert published == [
        (
            "cpr.person-changed",
            {"cpr": MOTHER, "changeType": "death", "effectiveDate": "2024-02-28", "status": "90", "municipalityCode": AARHUS,
             "addressProtected": False, "address": HOME},
        )
    ]


def test_a_protected_address_is_never_in_the_published_event(model, published):
    model.apply_event(MOTHER, {"changeType": "protection-change", "effectiveDate": "2024-03-01", "addressProtected": True})
    new = {"street": "Hemmeligvej 1", "postalCode": "5000", "city": "Odense C", "roadCode": 1000}
    model.apply_event(MOTHER, {"changeType": "address-change", "effectiveDate": "2024-03-01", "newAddress": new, "municipalityCode": ODENSE})
    assert [("address" in payload, payload["addressProtected"]) for _, payload in published] == [(False, True), (False, True)]


def test_a_protected_persons_new_name_is_never_in_the_published_event(model, published):
    model.apply_event(MOTHER, {"changeType": "protection-change", "effectiveDate": "2024-03-01", "addressProtected": True})
    model.apply_event(MOTHER, {"changeType": "name-change", "effectiveDate": "2024-03-01", "name": {"first": "Mette", "last": "Skjult"}})
    assert "name" not in published[-1][1]


def test_the_protected_address_is_still_given_to_the_municipality(model):
    doc = model.apply_event(MOTHER, {"changeType": "protection-change", "effectiveDate": "2024-03-01", "addressProtected": True})
    assert (doc["addressProtected"], doc["address"]) == (True, HOME)


def test_name_change_of_an_unprotected_person_carries_the_full_name(model, published):
    model.apply_event(MOTHER, {"changeType": "name-change", "effectiveDate": "2024-03-01", "name": {"first": "Mette", "middle": "Ø.", "last": "Ærø-Åberg"}})
    assert published[-1][1]["name"] == "Mette Ø. Ærø-Åberg"


def test_every_published_event_honours_the_bus_contract(model, published):
    """The bus refuses what breaks servicebus.asyncapi.yaml: CPR must publish exactly that shape."""
    from simulators.servicebus.topics import load_topics

    model.apply_event(MOTHER, {"changeType": "name-change", "effectiveDate": "2024-03-01", "name": {"first": "Mette", "last": "Ærø"}})
    model.apply_event(MOTHER, {"changeType": "protection-change", "effectiveDate": "2024-03-02", "addressProtected": True})
    model.apply_event(MOTHER, {"changeType": "death", "effectiveDate": "2024-03-03"})
    topics = load_topics()
    assert [v for topic, payload, *_ in published for v in topics[topic].violations(payload)] == []


def test_an_event_that_changes_nothing_publishes_nothing(model, published):
    model.apply_event(MOTHER, {"changeType": "protection-change", "effectiveDate": "2024-03-01", "addressProtected": False})
    assert published == []
