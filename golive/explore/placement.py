"""Practices placed exactly on a distance limit, as the distance is measured (golive/oracle/tables.distance_km).

Why: a practice generated "15 km" away lies at 15 km give or take the rounding of its coordinates (fixtures round to
six decimals, about 0.1 m), so it is never *exactly* at the limit, and a SUT that reads "within 15 km" as
`distance < 15` instead of `<= 15` is never caught. Exact equality of a float distance needs care: one step of a
latitude float moves a point about 8e-13 km, hundreds of times the resolution of a distance near 15 km (2e-15 km).
So the point is sought due east (or west) of the home: on that meridian, a hair nearer than the limit at its nearest
point to the home, it is moved north by bisection over latitude floats; near there the distance grows so slowly
with latitude that some float gives the limit exactly. Where none does, a few neighbouring longitudes are tried,
and failing those the nearest point within the limit is taken (one floating-point step further lies beyond it), so
both sides of the boundary stay in reach.

Exactly 15.0 is such a case for every home: the haversine ends in `2 * EARTH_RADIUS_KM * asin(...)`, and no float
asin gives a product of exactly 15.0 (the products step over it), so 15 km lands on 14.999999999999998, the largest
distance within the limit. Exactly 5.0 is reachable, and found for practically every home: the 5 km limit of the
capital municipalities is where `distance > limit` and `distance >= limit` part.
"""

from __future__ import annotations

import math
from typing import Any

from golive.oracle.tables import distance_km
from simulators import rules
from simulators.geo import offset

LIMITS = (float(rules.CAPITAL_DISTANCE_LIMIT_KM), float(rules.DISTANCE_LIMIT_KM))  # the limits placed exactly
NEARER = 1e-7  # [design] the share of the distance the starting point lies nearer than the limit (mm)
BEARING = 90.0  # [design] due east of the home: any bearing has a meridian to slide along; east stays in Denmark's box
LONGITUDE_TRIES = 32  # neighbouring longitude floats tried when a latitude bisection does not hit the limit


def on_limit(km: float) -> bool:
    """Is `km` one of the distance limits (rules.py), so that a practice that far is placed exactly on it?"""
    return km in LIMITS


def placed(origin: tuple[float, float], km: float) -> dict[str, Any]:
    """Scenario.add_practice's placement arguments for a practice `km` from `origin`: exactly on the limit when `km`
    is one (due east, solved as the distance is measured), else none (the usual placement at about that distance)."""
    return {"bearing": BEARING, "location": exactly_at(origin, km)} if on_limit(km) else {}


def _largest_within(origin: tuple[float, float], lon: float, lo: float, hi: float, km: float) -> float:
    """The latitude in [lo, hi) nearest hi whose point (lat, lon) is within `km` of origin (lo within, hi beyond)."""
    while True:
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            return lo
        if distance_km(origin, (mid, lon)) <= km:
            lo = mid
        else:
            hi = mid


def _nearest_latitude(origin: tuple[float, float], lon: float, lo: float, hi: float) -> float:
    """The latitude in [lo, hi] whose point on the meridian `lon` is nearest origin (ternary search): north of it the
    distance grows with latitude, slowest near it."""
    for _ in range(100):
        a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if distance_km(origin, (a, lon)) < distance_km(origin, (b, lon)):
            hi = b
        else:
            lo = a
    return (lo + hi) / 2


def exactly_at(origin: tuple[float, float], km: float, bearing: float = BEARING) -> tuple[float, float]:
    """A point whose distance from `origin` computes to exactly `km`, about `bearing` (90: east, 270: west) from it;
    where no float gives exactly `km`, the farthest point found within it."""
    ahead = offset(origin[0], origin[1], km, bearing)
    lon = origin[1] + (ahead[1] - origin[1]) * (1 - NEARER)
    for _ in range(2):  # the meridian's nearest point to the home lies a little off the bearing: scale to it
        nearest = _nearest_latitude(origin, lon, ahead[0] - 0.01, ahead[0] + 0.01)
        lon = origin[1] + (lon - origin[1]) * km * (1 - NEARER) / distance_km(origin, (nearest, lon))
    north = nearest + 0.05  # about 5 km north: beyond the limit
    best: tuple[float, float] | None = None
    for _ in range(LONGITUDE_TRIES):
        if distance_km(origin, (nearest, lon)) > km or distance_km(origin, (north, lon)) <= km:
            break
        lat = _largest_within(origin, lon, nearest, north, km)
        best = best or (lat, lon)
        if distance_km(origin, (lat, lon)) == km:
            return (lat, lon)
        lon = math.nextafter(lon, origin[1])  # one float nearer the home: the boundary moves a little north
    if best is None:
        raise ValueError(f"no point {km} km from {origin} at bearing {bearing}")
    return best
