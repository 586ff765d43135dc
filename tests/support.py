"""What several of golive's own tests share: one synthetic practice Luna can be seeded with."""

from __future__ import annotations

PRACTICE = {
    "ydernummer": "012345",
    "name": "Lægehuset ved Åen",
    "municipalityCode": 751,
    "regionCode": 1082,
    "address": {"street": "Åboulevarden 1", "postalCode": "8000", "city": "Aarhus C"},
    "location": {"lat": 56.1572, "lon": 10.2107},
    "doctors": 2,
}
