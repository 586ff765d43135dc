"""The shipped Danish reference data is complete and internally consistent (simulators/reference/*.csv)."""

from __future__ import annotations

from collections import Counter

import pytest

from simulators import refdata
from simulators.geo import haversine_km

EXPECTED_PER_REGION = {
    1084: 29,  # Hovedstaden
    1085: 17,  # Sjælland
    1083: 22,  # Syddanmark
    1082: 19,  # Midtjylland
    1081: 11,  # Nordjylland
}


def test_five_regions():
    assert set(refdata.regions()) == {1081, 1082, 1083, 1084, 1085}
    assert refdata.regions()[1084].name == "Region Hovedstaden"
    assert refdata.regions()[1085].name == "Region Sjælland"


def test_exactly_98_municipalities():
    assert len(refdata.municipalities()) == 98


def test_codes_and_names_unique():
    rows = list(refdata.municipalities().values())
    assert len({m.code for m in rows}) == len(rows)
    assert len({m.name.casefold() for m in rows}) == len(rows)
    assert all(m.code == code for code, m in refdata.municipalities().items())


def test_every_region_code_is_a_region():
    assert {m.region_code for m in refdata.municipalities().values()} <= set(refdata.regions())


def test_counts_per_region():
    counts = Counter(m.region_code for m in refdata.municipalities().values())
    assert dict(counts) == EXPECTED_PER_REGION


def test_christianso_is_not_a_municipality():
    assert 411 not in refdata.municipalities()
    with pytest.raises(KeyError):
        refdata.municipality("Christiansø")


@pytest.mark.parametrize(
    ("code", "name", "region_code"),
    [
        (101, "København", 1084),
        (751, "Aarhus", 1082),
        (461, "Odense", 1083),
        (851, "Aalborg", 1081),
        (259, "Køge", 1085),
        (400, "Bornholm", 1084),
        (860, "Hjørring", 1081),
        (260, "Halsnæs", 1084),
        (270, "Gribskov", 1084),
        (330, "Slagelse", 1085),
        (340, "Sorø", 1085),
    ],
)
def test_spot_checks(code, name, region_code):
    m = refdata.municipalities()[code]
    assert (m.name, m.region_code) == (name, region_code)
    assert m.region.code == region_code


def test_coordinates_inside_denmark():
    for m in refdata.municipalities().values():
        assert 54.5 <= m.lat <= 57.8, m
        assert 8.0 <= m.lon <= 15.2, m


def test_copenhagen_and_frederiksberg_town_halls_are_close():
    kbh, frb = refdata.municipality(101), refdata.municipality(147)
    assert haversine_km(kbh.lat, kbh.lon, frb.lat, frb.lon) < 5


def test_aarhus_and_odense_are_far_apart():
    # About 85 km as the crow flies (the road distance, round the Little Belt, is about 145 km): far beyond the
    # 15 km rule, and the tight band also catches a swapped lat/lon or a point in the wrong town.
    aar, ode = refdata.municipality(751), refdata.municipality(461)
    assert 80 < haversine_km(aar.lat, aar.lon, ode.lat, ode.lon) < 90


def test_every_municipality_has_a_postcode():
    missing = [m.name for m in refdata.municipalities().values() if not refdata.postcodes_in(m.code)]
    assert missing == []


def test_postcodes_point_at_real_municipalities():
    for p in refdata.postcodes().values():
        assert len(p.postcode) == 4 and p.postcode.isdigit(), p
        assert p.municipality_code in refdata.municipalities(), p


@pytest.mark.parametrize(
    ("postcode", "name", "municipality_code"),
    [
        ("1050", "København K", 101),
        ("1800", "Frederiksberg C", 147),
        ("2770", "Kastrup", 185),
        ("2791", "Dragør", 155),
        ("8000", "Aarhus C", 751),
        ("5000", "Odense C", 461),
        ("9000", "Aalborg", 851),
        ("3700", "Rønne", 400),
        ("9940", "Læsø", 825),
        ("5970", "Ærøskøbing", 492),
    ],
)
def test_postcode_spot_checks(postcode, name, municipality_code):
    p = refdata.postcodes()[postcode]
    assert (p.name, p.municipality_code) == (name, municipality_code)


def test_lookup_by_code_or_name():
    assert refdata.municipality("Aarhus Kommune").code == 751
    assert refdata.municipality("aarhus").code == 751
    assert refdata.municipality("LYNGBY-TAARBÆK KOMMUNE").code == 173
    assert refdata.municipality(751).name == "Aarhus"
    assert refdata.municipality("751").name == "Aarhus"


def test_unknown_name_suggests_close_match():
    with pytest.raises(KeyError, match="Aarhus"):
        refdata.municipality("Arhus")


def test_unknown_code_raises_key_error():
    with pytest.raises(KeyError, match="999"):
        refdata.municipality(999)
