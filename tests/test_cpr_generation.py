"""Generated CPR numbers (fixtures/cpr.py) obey the register's rules, checked by independent oracles.

100,000 numbers from one seeded factory, mixed sexes, birth dates from 1858 to today (all three centuries),
one in three without modulus 11. Oracles: python-stdnum's `stdnum.dk.cpr` (independent of this project), the
CPR simulator's `birth_date` (the project's own decoding), and the century table from DOMAIN.md written out
below as data.

Note on stdnum: since python-stdnum 1.x `validate` no longer checks the checksum (its docstring: "the checksum
isn't actually used any more"), so a number without modulus 11 is *valid* for stdnum and never raises
InvalidChecksum. "Fails only the checksum" is therefore asserted as: stdnum's own `checksum()` is not 0 while
stdnum's `validate` (format, length, real birth date, not in the future) accepts the number.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.dk import cpr as stdnum_cpr

from fixtures.cpr import SEXES, CprExhausted, CprFactory, century_digits, is_modulus11, sex_of
from simulators.cpr.model import birth_date as simulator_birth_date

N = 100_000
SEED = 20_071_001
FIRST_DATE = date(1858, 1, 1)
LAST_DATE = date.today()  # stdnum refuses birth dates in the future

# DOMAIN.md's century table as data: 7th digit -> ((YY range, century), ...)
CENTURY_TABLE = {
    **{d: ((range(0, 100), 1900),) for d in (0, 1, 2, 3)},
    **{d: ((range(0, 37), 2000), (range(37, 100), 1900)) for d in (4, 9)},
    **{d: ((range(0, 58), 2000), (range(58, 100), 1800)) for d in (5, 6, 7, 8)},
}


def table_century(seventh_digit: int, yy: int) -> int:
    for years, century in CENTURY_TABLE[seventh_digit]:
        if yy in years:
            return century
    raise AssertionError(f"table has no entry for digit {seventh_digit}, YY {yy}")


@pytest.fixture(scope="module")
def generated() -> list[tuple[str, date, str, bool]]:
    """(number, birth date, sex, modulus11 asked for) x 100,000."""
    factory = CprFactory(SEED)
    choose = random.Random(SEED)
    span = (LAST_DATE - FIRST_DATE).days
    out = []
    for i in range(N):
        born = date.fromordinal(FIRST_DATE.toordinal() + choose.randrange(span + 1))
        sex = SEXES[i % 2]
        modulus11 = i % 3 != 0
        out.append((factory.make(born, sex, modulus11), born, sex, modulus11))
    return out


def test_no_number_is_issued_twice(generated):
    numbers = [n for n, *_ in generated]

    assert len(set(numbers)) == len(numbers) == N


def test_every_modulus11_number_is_valid_for_stdnum_with_checksum_zero(generated):
    wrong = [n for n, _, _, mod11 in generated if mod11 and not (stdnum_cpr.is_valid(n) and stdnum_cpr.checksum(n) == 0)]

    assert wrong == []


def test_numbers_without_modulus11_fail_only_the_checksum(generated):
    without = [n for n, _, _, mod11 in generated if not mod11]
    failing_checksum = [n for n in without if stdnum_cpr.checksum(n) != 0]
    accepted_otherwise = [n for n in without if stdnum_cpr.validate(n) == n]  # raises on format/length/date

    assert len(without) > 30_000
    assert failing_checksum == without
    assert accepted_otherwise == without


def test_modulus11_flag_matches_an_independent_weighted_sum(generated):
    def weighted(n: str) -> int:
        return sum(w * int(d) for w, d in zip((4, 3, 2, 7, 6, 5, 4, 3, 2, 1), n)) % 11

    mismatched = [n for n, _, _, mod11 in generated if (weighted(n) == 0) != mod11 or is_modulus11(n) != mod11]

    assert mismatched == []


def test_birth_date_round_trips_through_stdnum(generated):
    wrong = [(n, born) for n, born, _, _ in generated if stdnum_cpr.get_birth_date(n) != born]

    assert wrong == []


def test_birth_date_round_trips_through_the_cpr_simulator(generated):
    wrong = [(n, born) for n, born, _, _ in generated if simulator_birth_date(n) != born]

    assert wrong == []


def test_sex_round_trips_through_the_last_digit(generated):
    wrong = [(n, sex) for n, _, sex, _ in generated if ("male" if int(n[9]) % 2 else "female") != sex or sex_of(n) != sex]

    assert wrong == []


def test_seventh_digit_and_year_give_the_birth_century_by_the_domain_table(generated):
    wrong = [n for n, born, _, _ in generated if table_century(int(n[6]), int(n[4:6])) != born.year // 100 * 100]

    assert wrong == []


def test_the_sample_spans_all_centuries_sexes_kinds_and_seventh_digits(generated):
    centuries = Counter(born.year // 100 for _, born, _, _ in generated)
    digits = Counter(n[6] for n, *_ in generated)

    assert set(centuries) == {18, 19, 20}
    assert set(digits) == set("0123456789")
    assert Counter(sex for _, _, sex, _ in generated) == {"male": N // 2, "female": N // 2}


def test_serial_digits_are_spread_evenly_not_typed_looking(generated):
    """Positions 8-10 of the modulus-11 numbers: every digit 0-9 about equally often (a generator that skipped
    check digit 0, or preferred low serials, would show here)."""
    mod11 = [n for n, _, _, m in generated if m]
    shares = {pos: Counter(n[pos] for n in mod11) for pos in (7, 8, 9)}

    assert all(0.07 < count / len(mod11) < 0.13 for counter in shares.values() for count in counter.values())
    assert all(len(counter) == 10 for counter in shares.values())


@pytest.mark.parametrize(
    "year, digits",
    [(1890, (5, 6, 7, 8)), (1936, (0, 1, 2, 3)), (1937, (0, 1, 2, 3, 4, 9)), (1999, (0, 1, 2, 3, 4, 9)),
     (2000, (4, 5, 6, 7, 8, 9)), (2036, (4, 5, 6, 7, 8, 9)), (2037, (5, 6, 7, 8)), (2057, (5, 6, 7, 8))],
)
def test_century_digits_follow_the_domain_table(year, digits):
    expected = tuple(d for d in range(10) if table_century(d, year % 100) == year // 100 * 100)

    assert century_digits(year) == digits == expected


@pytest.mark.parametrize("born", [date(1857, 12, 31), date(2058, 1, 1)])
def test_birth_dates_the_century_table_cannot_express_are_refused(born):
    with pytest.raises(ValueError, match="no 7th digit encodes the year"):
        CprFactory(1).make(born, "female")


def test_an_unknown_sex_is_refused():
    with pytest.raises(ValueError, match="sex must be"):
        CprFactory(1).make(date(1980, 3, 12), "x")  # type: ignore[arg-type]


@pytest.mark.parametrize("modulus11", [True, False])
def test_exhausting_a_birth_date_raises_a_clear_error_after_every_number_was_issued(modulus11):
    born, sex = date(1980, 3, 12), "female"
    # Oracle: every serial 0000-9999 the simulator decodes to that date, with the right sex and kind.
    possible = {
        n for n in (f"120380{s:04d}" for s in range(10_000))
        if simulator_birth_date(n) == born and int(n[9]) % 2 == 0 and (stdnum_cpr.checksum(n) == 0) == modulus11
    }
    factory = CprFactory(3)

    issued = {factory.make(born, sex, modulus11) for _ in range(len(possible))}

    assert issued == possible
    assert factory.capacity(born, sex, modulus11) == len(possible)
    with pytest.raises(CprExhausted, match=r"female born 1980-03-12"):
        factory.make(born, sex, modulus11)


def test_reserved_numbers_are_never_issued():
    born = date(1980, 3, 12)
    factory = CprFactory(5)
    everything = {n for n in (f"120380{s:04d}" for s in range(10_000)) if int(n[9]) % 2 == 1 and stdnum_cpr.checksum(n) == 0}
    kept_free = sorted(everything)[0]
    factory.reserve(everything - {kept_free})

    assert factory.make(born, "male") == kept_free


def test_the_same_seed_gives_the_same_numbers_and_another_seed_other_numbers():
    def draw(seed: int) -> list[str]:
        factory = CprFactory(seed)
        return [factory.make_between(date(1930, 1, 1), date(2020, 12, 31)) for _ in range(500)]

    assert draw(11) == draw(11)
    assert draw(11) != draw(12)


@given(
    born=st.dates(min_value=date(1858, 1, 1), max_value=date(2057, 12, 31)),
    sex=st.sampled_from(SEXES),
    modulus11=st.booleans(),
    seed=st.integers(min_value=0, max_value=2**32),
)
@settings(max_examples=300, derandomize=True, database=None, deadline=None)
def test_any_encodable_date_sex_and_kind_round_trip(born, sex, modulus11, seed):
    number = CprFactory(seed).make(born, sex, modulus11)

    assert (simulator_birth_date(number), sex_of(number), is_modulus11(number)) == (born, sex, modulus11)
