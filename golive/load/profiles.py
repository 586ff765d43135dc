"""The load window's profiles, read from configuration (`[tool.golive.load]` in pyproject.toml, or `[load]` in a
golive.toml): a business situation under load, declared once as data, never as literals in the code.

Why configuration: the numbers of a load window (how many citizens, how many places, on which virtual day, how many
at once, which neighbour misbehaves meanwhile) are the test manager's to choose and to change per release; the
command and the Locust users only read them. An unknown key is a usage error naming the nearest known one, so a typo
never silently runs the default.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from golive.config import ROOT


class ProfileError(ValueError):
    """A profile that does not exist or is written wrong (exit 2)."""


@dataclass(frozen=True)
class Profile:
    name: str
    title: str = ""
    why: str = ""
    citizens: int = 300
    places: int = 20
    opens_at: datetime = datetime.fromisoformat("2024-03-01T08:00:00+01:00")
    card_share: float = 0.0
    move_share: float = 0.0
    users: int = 16
    spawn_rate: float = 16.0
    sut_threads: int = 16
    luna_closes_at_capacity: bool = False
    faults: str = ""
    max_run_s: float = 600.0

    def with_overrides(self, **given: Any) -> Profile:
        """The profile with the command line's overrides (None: keep the configured value)."""
        return replace(self, **{k: v for k, v in given.items() if v is not None})

    def as_dict(self) -> dict[str, Any]:
        doc = {f.name: getattr(self, f.name) for f in fields(self)}
        doc["opens_at"] = self.opens_at.isoformat()
        return doc


_KEYS = {f.name.replace("_", "-"): f for f in fields(Profile) if f.name != "name"}


def _table(root: Path) -> dict[str, Any]:
    for path, inner in ((root / "golive.toml", ("load",)), (root / "pyproject.toml", ("tool", "golive", "load"))):
        if not path.is_file():
            continue
        document: Any = tomllib.loads(path.read_text(encoding="utf-8"))
        for key in inner:
            document = document.get(key) if isinstance(document, dict) else None
        if isinstance(document, dict):
            return document
    return {}


def profiles(root: Path = ROOT) -> dict[str, Profile]:
    """Every configured profile by name."""
    table = _table(root)
    return {name: _profile(name, doc) for name, doc in (table.get("profiles") or {}).items()}


def default_name(root: Path = ROOT) -> str:
    return str(_table(root).get("default-profile", "laegevalgsvindue"))


def find(name: str | None, root: Path = ROOT) -> Profile:
    known = profiles(root)
    wanted = name or default_name(root)
    if wanted not in known:
        near = difflib.get_close_matches(wanted, known, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise ProfileError(f"no load profile {wanted!r}{hint} Known: {', '.join(sorted(known)) or 'none'}")
    return known[wanted]


def _profile(name: str, doc: dict[str, Any]) -> Profile:
    values: dict[str, Any] = {}
    for key, value in doc.items():
        if key not in _KEYS:
            near = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            raise ProfileError(f"load profile {name!r}: unknown setting {key!r}{hint}")
        field = _KEYS[key]
        try:
            values[field.name] = _convert(field.type, value)
        except (TypeError, ValueError) as exc:
            raise ProfileError(f"load profile {name!r}: {key} = {value!r}: {exc}") from None
    profile = Profile(name=name, **values)
    if profile.citizens < 1 or profile.places < 0 or profile.users < 1:
        raise ProfileError(f"load profile {name!r}: citizens and users must be at least 1, places at least 0")
    if not 0 <= profile.card_share <= 1 or not 0 <= profile.move_share <= 1:
        raise ProfileError(f"load profile {name!r}: card-share and move-share are shares between 0 and 1")
    return profile


def _convert(kind: Any, value: Any) -> Any:
    kind = str(kind)
    if kind == "datetime":
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        if moment.tzinfo is None:
            raise ValueError("a moment needs its time zone (e.g. +01:00)")
        return moment
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError("true or false")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("a whole number")
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError("a number")
        return float(value)
    return str(value)
