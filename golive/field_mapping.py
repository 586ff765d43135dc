"""The documented mapping from golive's contract field names to the national register's (NSP "Sikrede").

The mapping is declared once, in the contracts themselves (`x-nsp-field` on a schema property); this
module renders it as contracts/FIELD-MAPPING.md, and a test keeps that file in sync.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from golive.config import CONTRACTS
from simulators.core.contract import load_yaml

HEADER = """# Field mapping: golive contracts ↔ national register names

Generated from the `x-nsp-field` annotations in the contracts (`golive field-mapping > contracts/FIELD-MAPPING.md`);
a test fails when this file and the contracts disagree. Register names are those of NSP "Sikrede" (from NOTUS
Sikrede) and the provider register (DOMAIN.md). Register dates are YYYYMMDD; golive's contracts use ISO 8601.

| contract | schema | field | register name |
|---|---|---|---|
"""


def _walk(node: Any, schema: str, path: str) -> Iterator[tuple[str, str, str]]:
    if isinstance(node, dict):
        if "x-nsp-field" in node:
            yield schema, path or "(the value itself)", node["x-nsp-field"]
        for key, value in (node.get("properties") or {}).items():
            yield from _walk(value, schema, f"{path}.{key}" if path else key)
        for key in ("items", "allOf", "oneOf", "anyOf"):
            child = node.get(key)
            for item in child if isinstance(child, list) else [child] if child else []:
                yield from _walk(item, schema, path + ("[]" if key == "items" else ""))


def rows(contracts_dir: Path = CONTRACTS) -> list[tuple[str, str, str, str]]:
    found = []
    for path in sorted(contracts_dir.glob("*.yaml")):
        document = load_yaml(path)
        if not isinstance(document, dict):
            continue
        for name, schema in (document.get("components", {}).get("schemas") or {}).items():
            for schema_name, field, register in _walk(schema, name, ""):
                found.append((path.name, schema_name, field, register))
    return found


def render(contracts_dir: Path = CONTRACTS) -> str:
    return HEADER + "".join(f"| {c} | {s} | `{f}` | {r} |\n" for c, s, f, r in rows(contracts_dir))
