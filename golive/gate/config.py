"""The gate's thresholds and which evidence it requires, from `[tool.golive.gate]` in pyproject.toml (or `[gate]`
in a golive.toml beside it), with defaults. An unknown key is a usage error naming the nearest known one: a
misspelt threshold must not silently fall back to its default.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from golive.paths import ROOT

# Every kind of evidence the gate knows; the order is the dossier's.
CHECKS = (
    "scenarios",
    "contracts",
    "breaking-changes",
    "variation",
    "resilience",
    "exploration",
    "load",
    "selftest",
)
# [design] Required by default: what `golive run` produces. Exploration, load and the selftest count when present.
DEFAULT_REQUIRE = ("scenarios", "contracts", "breaking-changes", "variation", "resilience")


class GateConfigError(ValueError):
    """The gate's configuration cannot be used (exit 2)."""


@dataclass(frozen=True)
class GateConfig:
    """The thresholds; `a | b` is `a`'s `require` with `b`'s other values (a command-line override)."""

    require: tuple[str, ...] = DEFAULT_REQUIRE
    min_scenarios: int = 1  # scenarios that must have run
    min_contract_cases: int = 1  # cases a contract suite must have run against each system
    min_pair_coverage: float = 1.0  # of every data-variation scenario's allowed pairs
    min_resilience_scenarios: int = 1  # features/robusthed/ scenarios that must have run
    min_explored_actions: int = 1000  # business actions explored without a finding
    max_findings: int = 0  # exploration findings allowed
    min_detection_rate: float = 1.0  # the selftest's share of the defect catalogue caught
    source: str = "defaults"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __or__(self, other: GateConfig) -> GateConfig:
        return replace(other, require=self.require, source=f"{other.source}, require from {self.source}")


KEYS = {
    "require": "require",
    "min-scenarios": "min_scenarios",
    "min-contract-cases": "min_contract_cases",
    "min-pair-coverage": "min_pair_coverage",
    "min-resilience-scenarios": "min_resilience_scenarios",
    "min-explored-actions": "min_explored_actions",
    "max-findings": "max_findings",
    "min-detection-rate": "min_detection_rate",
}


def nearest(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(known)}"


def from_table(table: dict[str, Any], source: str) -> GateConfig:
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KEYS:
            raise GateConfigError(f"{source}: unknown gate setting '{key}'{nearest(key, list(KEYS))}")
        values[KEYS[key]] = value
    require = values.get("require", DEFAULT_REQUIRE)
    if not isinstance(require, list | tuple) or not all(isinstance(r, str) for r in require):
        raise GateConfigError(f"{source}: 'require' must be a list of evidence names ({', '.join(CHECKS)})")
    for name in require:
        if name not in CHECKS:
            raise GateConfigError(f"{source}: 'require' names unknown evidence '{name}'{nearest(name, list(CHECKS))}")
    values["require"] = tuple(require)
    for key, attribute in KEYS.items():
        if attribute != "require" and attribute in values:
            wanted = float if attribute.startswith(("min_pair", "min_detection")) else int
            value = values[attribute]
            if isinstance(value, bool) or not isinstance(value, int | float) or (wanted is int and value != int(value)):
                raise GateConfigError(f"{source}: '{key}' must be a{'n integer' if wanted is int else ' number'}")
            if value < 0 or (wanted is float and value > 1):
                raise GateConfigError(f"{source}: '{key}' is out of range ({value})")
            values[attribute] = wanted(value)
    return GateConfig(**values, source=source)


def load(root: Path = ROOT, explicit: Path | None = None) -> GateConfig:
    """The configuration: an explicit file (its `[gate]` or `[tool.golive.gate]` table), else golive.toml, else
    pyproject.toml's `[tool.golive.gate]`, else the defaults."""
    candidates = [explicit] if explicit else [root / "golive.toml", root / "pyproject.toml"]
    for path in candidates:
        if path is None or not path.is_file():
            if explicit:
                raise GateConfigError(f"{explicit}: no such configuration file")
            continue
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise GateConfigError(f"{path}: not valid TOML: {exc}") from None
        table = document.get("gate") or document.get("tool", {}).get("golive", {}).get("gate")
        if table is not None:
            return from_table(table, f"{path.name} [{'gate' if 'gate' in document else 'tool.golive.gate'}]")
    return GateConfig()
