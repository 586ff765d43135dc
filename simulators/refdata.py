"""Danish administrative reference data: regions, municipalities and postcodes.

Why: simulators and generators need real codes (a municipality code the real systems would accept, the region
it belongs to, a plausible postcode and a point on the map for the 15 km / 5 km rules). The facts live in CSV
files under `simulators/reference/` (see SOURCES.md there) so they can be reviewed and diffed as data; this
module only parses them.

Stdlib only, and each file is read once (functools.lru_cache): lookups happen in hot paths of the simulators.
The returned dicts are shared, so callers must not mutate them. It lives below simulators/ because the
simulators read it (a municipality's region, a postcode's town); the data generators in fixtures/ read it from here.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).parent / "reference"

_KOMMUNE_SUFFIX = " kommune"


@dataclass(frozen=True)
class Region:
    """One of the 5 Danish regions (DAWA `regioner`): code 1081-1085."""

    code: int
    name: str


@dataclass(frozen=True)
class Municipality:
    """One of the 98 municipalities (DAWA `kommuner`), with an approximate town-hall / main-town point (WGS84)."""

    code: int
    name: str
    region_code: int
    lat: float
    lon: float

    @property
    def region(self) -> Region:
        """The region the municipality belongs to."""
        return regions()[self.region_code]


@dataclass(frozen=True)
class Postcode:
    """A postcode (DAWA `postnumre`) and the municipality of its main town; a string because it is an identifier."""

    postcode: str
    name: str
    municipality_code: int


def _rows(filename: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / filename).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def regions() -> dict[int, Region]:
    """All regions by code."""
    return {int(r["code"]): Region(int(r["code"]), r["name"]) for r in _rows("regions.csv")}


@cache
def municipalities() -> dict[int, Municipality]:
    """All 98 municipalities by code (411 Christiansø is not a municipality and is not included)."""
    return {
        int(r["code"]): Municipality(
            code=int(r["code"]),
            name=r["name"],
            region_code=int(r["region_code"]),
            lat=float(r["lat"]),
            lon=float(r["lon"]),
        )
        for r in _rows("municipalities.csv")
    }


@cache
def postcodes() -> dict[str, Postcode]:
    """The representative postcodes by postcode (a subset of all Danish postcodes, at least one per municipality)."""
    return {
        r["postcode"]: Postcode(r["postcode"], r["name"], int(r["municipality_code"])) for r in _rows("postcodes.csv")
    }


@cache
def _by_name() -> dict[str, Municipality]:
    return {m.name.casefold(): m for m in municipalities().values()}


def municipality(code_or_name: int | str) -> Municipality:
    """Look a municipality up by code (101 or "101"), name ("Aarhus") or name with suffix ("Aarhus Kommune").

    Names are case-insensitive. Raises KeyError naming the closest known names, so a typo in a feature file
    says what was probably meant.
    """
    if isinstance(code_or_name, int) and not isinstance(code_or_name, bool):
        try:
            return municipalities()[code_or_name]
        except KeyError:
            raise KeyError(f"{code_or_name} is not a Danish municipality code") from None
    text = str(code_or_name).strip()
    if text.isdigit():
        return municipality(int(text))
    key = text.casefold()
    if key.endswith(_KOMMUNE_SUFFIX):
        key = key[: -len(_KOMMUNE_SUFFIX)].strip()
    found = _by_name().get(key)
    if found is not None:
        return found
    close = difflib.get_close_matches(key, list(_by_name()), n=3, cutoff=0.6)
    hint = ", ".join(repr(_by_name()[c].name) for c in close) if close else "none"
    raise KeyError(f"{code_or_name!r} is not a Danish municipality; close names: {hint}")


def postcodes_in(municipality_code: int) -> list[Postcode]:
    """The known postcodes whose main town lies in the municipality, lowest first."""
    return sorted(
        (p for p in postcodes().values() if p.municipality_code == municipality_code),
        key=lambda p: p.postcode,
    )
