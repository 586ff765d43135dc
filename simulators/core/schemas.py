"""Compiled JSON Schemas and the violations they report, each naming the contract line of the rule it broke.

Why its own module: the kernel validates every request and response against schemas compiled once with
jsonschema-rs (a well-kept, fast JSON Schema 2020-12 validator), and a violation is only useful to a vendor when
it says which field, which rule and where in the contract (simulators/core/contract.py loads the contracts).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~25x faster start-up than pure Python


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken contract rule, in words an acceptance tester can read.

    Beyond the validator's own words it says *where in the exchange* (`field`, a JSON path such as
    `body.effectiveDate`), *which rule as the contract states it* (`expected`, e.g. ``format: date``), *what
    was sent* (`value`, shortened) and *where in the contract* (`contract_line`, ``contracts/luna.openapi.yaml:412``),
    so a failing scenario can name the rule without anyone opening the YAML to look for it.
    """

    where: str  # "request.body", "request.query.municipality", "response.body", ...
    pointer: str  # JSON pointer to the offending value ("" for the whole document)
    rule: str  # the JSON Schema keyword that failed ("pattern", "required", ...)
    message: str
    schema_path: str = ""
    field: str = ""  # "body.effectiveDate", "query.municipality", "response.body.fee.amountOre"
    expected: str = ""  # the keyword and its value in the contract: "format: date", "required: [amountOre]"
    value: str = ""  # the offending value, JSON, shortened ("" when a required member is missing)
    contract_line: str = ""  # "contracts/luna.openapi.yaml:412", the violated schema node

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Violation:
        return cls(
            str(doc.get("where", "")),
            str(doc.get("pointer", "")),
            str(doc.get("rule", "")),
            str(doc.get("message", "")),
            str(doc.get("schemaPath", "")),
            str(doc.get("field", "")),
            str(doc.get("expected", "")),
            str(doc.get("value", "")),
            str(doc.get("contractLine", "")),
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "where": self.where,
            "pointer": self.pointer,
            "rule": self.rule,
            "message": self.message,
            "schemaPath": self.schema_path,
            "field": self.field or field_path(self.where, self.pointer),
            "expected": self.expected or self.rule,
            "value": self.value,
            "contractLine": self.contract_line,
        }


def field_path(where: str, pointer: str, member: str | None = None) -> str:
    """`request.body` + `/fee/lines/0/amountOre` -> `body.fee.lines[0].amountOre` (requests drop the "request."
    prefix: the field is what the sender wrote; responses keep "response." so the two are never confused)."""
    text = where.removeprefix("request.")
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]] if pointer else []
    if member is not None:
        parts.append(member)
    for part in parts:
        text += f"[{part}]" if part.isdigit() else f".{part}"
    return text


MAX_SHOWN = 80  # [design] characters of a value or rule shown in a violation; the journal keeps the whole body


def _short(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def _yamlish(value: Any) -> str:
    """A contract value as the YAML author wrote it: `date`, `[cpr, ydernummer]`, `34`, `false`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_yamlish(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yamlish(v)}" for k, v in value.items()) + "}"
    return "null" if value is None else str(value)


def _pointer(*parts: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class ContractSource:
    """Where a contract's nodes are written: JSON pointer -> line in the YAML file.

    Built on the first violation and kept (one libyaml compose, ~10 ms for the largest contract), so a
    contract that is never broken costs nothing at start-up and a valid request never looks here.
    """

    def __init__(self, path: Path | None, document: Any) -> None:
        self.path = path
        self.document = document
        self._lines: dict[str, int] | None = None
        self._lock = threading.Lock()

    @property
    def display(self) -> str:
        """The contract's file as a reader finds it: relative to the repository (contracts/luna.openapi.yaml)."""
        if self.path is None:
            return ""
        resolved = self.path.resolve()
        for parent in resolved.parents:
            if (parent / "contracts").is_dir() and resolved.is_relative_to(parent / "contracts"):
                return str(resolved.relative_to(parent))
        return str(self.path)

    def line(self, pointer: str) -> int | None:
        if self.path is None:
            return None
        if self._lines is None:
            with self._lock:
                if self._lines is None:
                    self._lines = _line_index(self.path)
        found = self._lines.get(pointer)
        while found is None and pointer:  # a node the index lacks (a scalar list item): its nearest parent
            pointer = pointer.rsplit("/", 1)[0]
            found = self._lines.get(pointer)
        return found

    def node(self, pointer: str) -> Any:
        node = self.document
        for part in pointer.split("/")[1:]:
            key = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list):
                node = node[int(key)]
            elif isinstance(node, dict):
                node = node[key]
            else:
                raise KeyError(pointer)
        return node


def _line_index(path: Path) -> dict[str, int]:
    """JSON pointer -> 1-based line of every mapping member and sequence item (the line of its key)."""
    with open(path, encoding="utf-8") as handle:
        root = yaml.compose(handle, Loader=_YAML_LOADER)
    lines: dict[str, int] = {}
    stack: list[tuple[Any, str]] = [(root, "")] if root is not None else []
    while stack:
        node, pointer = stack.pop()
        if pointer not in lines:
            lines[pointer] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = pointer + _pointer(key.value)
                lines[child] = key.start_mark.line + 1
                stack.append((value, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, f"{pointer}/{index}"))
    return lines


class SchemaCheck:
    """A compiled schema: `problems(instance, where)` returns the violations, empty when valid.

    `pointer` is where the schema sits in the contract document and `source` where the document was read
    from; with both, every violation names the contract line of the rule it broke.
    """

    __slots__ = ("_validator", "schema", "pointer", "source")

    def __init__(
        self,
        schema: dict[str, Any],
        components: dict[str, Any],
        pointer: str = "",
        source: ContractSource | None = None,
    ) -> None:
        # Local $refs (#/components/...) resolve against the root, so the components ride along.
        root = dict(schema)
        root["components"] = components
        self.schema = schema
        self.pointer = pointer
        self.source = source
        self._validator = jsonschema_rs.validator_for(root, validate_formats=True)

    def problems(self, instance: Any, where: str) -> list[Violation]:
        if self._validator.is_valid(instance):
            return []
        return [self._violation(error, where) for error in self._validator.iter_errors(instance)]

    def _violation(self, error: Any, where: str) -> Violation:
        instance_path = list(error.instance_path)
        pointer = _pointer(*instance_path) if instance_path else ""
        rule = _rule_name(error)
        missing = getattr(error.kind, "property", None) if type(error.kind).__name__ == "Required" else None
        schema_pointer = self._schema_pointer([str(p) for p in error.schema_path])
        expected, line = rule, ""
        if self.source is not None and schema_pointer is not None:
            try:
                # A missing member breaks `required` for that member: name it, not the whole list.
                stated = [missing] if missing is not None else self.source.node(schema_pointer)
                expected = f"{rule}: {_short(_yamlish(stated))}"
            except (KeyError, IndexError, ValueError):
                pass
            number = self.source.line(schema_pointer)
            line = f"{self.source.display}:{number}" if number else ""
        value = "" if missing is not None else _short(json.dumps(error.instance, ensure_ascii=False, default=str))
        return Violation(
            where=where,
            pointer=pointer,
            rule=rule,
            message=error.message,
            schema_path="/".join(str(p) for p in error.schema_path),
            field=field_path(where, pointer, str(missing) if missing is not None else None),
            expected=expected,
            value=value,
            contract_line=line,
        )

    def _schema_pointer(self, schema_path: list[str]) -> str | None:
        """The violated keyword's JSON pointer in the contract document. jsonschema-rs reports the path from
        the check's root, switching to the absolute location once it follows a $ref into #/components."""
        for index in range(len(schema_path) - 1, -1, -1):
            if schema_path[index] == "components" and schema_path[index + 1 : index + 2] == ["schemas"]:
                return _pointer(*schema_path[index:])
        if self.source is None:
            return None
        return self.pointer + _pointer(*schema_path)


def _rule_name(error: Any) -> str:
    path = list(error.schema_path)
    return str(path[-1]) if path else type(error.kind).__name__.lower()
