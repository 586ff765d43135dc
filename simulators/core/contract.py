"""Load an OpenAPI 3.1 contract once and compile everything the kernel checks against it.

The contract is the single source of truth (ARCHITECTURE.md, principle 1): routes, parameters, request
bodies and responses are all read from it, and every schema is compiled once with jsonschema-rs (a
well-kept, fast JSON Schema 2020-12 validator) so a request costs a few microseconds of validation.
Nothing here knows about a particular simulator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .schemas import _YAML_LOADER, ContractSource, SchemaCheck, Violation, _pointer, field_path  # noqa: F401

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def load_yaml(path: Path | str) -> Any:
    """Parse a contract file safely, with libyaml when the installed PyYAML has it."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader


class ContractError(Exception):
    """The contract file itself is unusable (bad YAML, missing operationId, unbound handler)."""


def resolve_local_ref(document: dict[str, Any], node: Any, source: str = "contract") -> Any:
    """Follow local `$ref`s (`#/components/...`) from `node` to what they name; other nodes pass through."""
    for _ in range(32):
        if not (isinstance(node, dict) and "$ref" in node):
            return node
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise ContractError(f"{source}: only local $refs are supported, got {ref}")
        target: Any = document
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    raise ContractError(f"{source}: $ref chain too long")


@dataclass(slots=True)
class Parameter:
    name: str
    location: str  # path | query | header
    required: bool
    schema: dict[str, Any]
    check: SchemaCheck
    kind: Any = None  # the schema's type, with $refs followed
    item_kind: Any = None

    def coerce(self, raw: list[str]) -> Any:
        """Turn the wire strings into the schema's type; a string that will not convert stays a string
        so that the schema check reports it with the schema's own words."""
        if self.kind == "array":
            items = [part for value in raw for part in (value.split(",") if len(raw) == 1 else [value])]
            return [_scalar(v, self.item_kind) for v in items]
        return _scalar(raw[-1], self.kind)


def _scalar(value: str, kind: Any) -> Any:
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError:
        return value
    if kind == "boolean" and value in ("true", "false"):
        return value == "true"
    return value


@dataclass(slots=True)
class ResponseSpec:
    status: str  # "200" or "default"
    content_types: tuple[str, ...]
    check: SchemaCheck | None


@dataclass(slots=True)
class Operation:
    operation_id: str
    method: str
    path_template: str
    regex: re.Pattern[str] | None
    parameters: list[Parameter]
    body_required: bool
    body_content_types: tuple[str, ...]
    body_check: SchemaCheck | None
    responses: dict[str, ResponseSpec]
    tags: tuple[str, ...] = ()
    spec: dict[str, Any] = field(default_factory=dict, repr=False)
    mentions_cpr: bool = True  # whether any parameter or schema of the operation has a CPR field (journal index)

    def response_spec(self, status: int) -> ResponseSpec | None:
        return (
            self.responses.get(str(status))
            or self.responses.get(f"{str(status)[0]}XX")
            or self.responses.get("DEFAULT")
        )


class RouteNotFound(Exception):
    def __init__(self, path: str, suggestions: list[str]):
        super().__init__(path)
        self.suggestions = suggestions


class MethodNotAllowed(Exception):
    def __init__(self, allowed: list[str]):
        super().__init__(", ".join(allowed))
        self.allowed = allowed


class Contract:
    """One OpenAPI document, compiled: route lookup and per-operation checks."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.document: dict[str, Any] = load_yaml(self.path)
        except (OSError, yaml.YAMLError) as exc:
            raise ContractError(f"cannot read contract {self.path}: {exc}") from exc
        info = self.document.get("info", {})
        self.title: str = info.get("title", self.path.stem)
        self.version: str = str(info.get("version", "0"))
        self.components: dict[str, Any] = self.document.get("components", {})
        self.source = ContractSource(self.path, self.document)
        self.operations: dict[str, Operation] = {}
        self._literal: dict[str, dict[str, Operation]] = {}
        self._templated: list[tuple[re.Pattern[str], dict[str, Operation]]] = []
        self._named: dict[str, SchemaCheck | None] = {}  # named schemas' compiled checks, made once per process
        self._compile()

    # -- compilation -------------------------------------------------------------------------------
    def _resolve(self, node: Any) -> Any:
        """Follow a local $ref on a parameter/response/requestBody object (schemas keep their refs)."""
        return resolve_local_ref(self.document, node, self.path.name)

    def _mentions_cpr(self, op_spec: dict[str, Any], parameter_names: list[str]) -> bool:
        """Does the operation carry a CPR number anywhere (parameters, bodies, $refs followed)?

        Decided once per operation, so the journal only searches documents that can hold one.
        """
        if any(_is_cpr_key(name) for name in parameter_names):
            return True
        seen: set[str] = set()
        successes = [r for status, r in (op_spec.get("responses") or {}).items() if str(status)[0] in "123"]
        stack: list[Any] = [op_spec.get("parameters", []), op_spec.get("requestBody", {}), successes]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref.startswith("#/") and ref not in seen:
                    seen.add(ref)
                    try:
                        stack.append(self._resolve({"$ref": ref}))
                    except (KeyError, ContractError):
                        pass
                properties = node.get("properties")
                if isinstance(properties, dict) and any(_is_cpr_key(k) for k in properties):
                    return True
                if (
                    node.get("type") == "object"
                    and properties is None
                    and node.get("additionalProperties") is not False
                ):
                    return True  # an open object (a bus payload, a journal body) may carry anything, a CPR included
                stack.extend(
                    v for k, v in node.items() if k not in ("example", "examples") and isinstance(v, (dict, list))
                )
            elif isinstance(node, list):
                stack.extend(node)
        return False

    def named_check(self, name: str) -> SchemaCheck | None:
        """The compiled check of components/schemas/<name> (None when the contract has no such schema). Contracts
        are loaded once per process and never change, so every world's simulators share one compiled check."""
        if name not in self._named:
            self._named[name] = (
                self.schema_check({"$ref": f"#/components/schemas/{name}"}) if self.schema(name) else None
            )
        return self._named[name]

    def schema_check(self, schema: dict[str, Any], pointer: str = "") -> SchemaCheck:
        """A compiled check of `schema`; `pointer` (where it sits in this document) lets its violations
        name their contract line. A `{"$ref": ...}` schema needs none: the ref says where it is."""
        return SchemaCheck(schema, self.components, pointer, self.source)

    def _resolve_at(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Like _resolve, and also where the node it lands on sits in the document."""
        for _ in range(32):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/")):
                return self._resolve(node), pointer
            pointer = node["$ref"][1:]
            try:
                node = self.source.node(pointer)
            except (KeyError, IndexError, ValueError) as exc:
                raise ContractError(f"{self.path.name}: $ref {node['$ref']} names nothing") from exc
        raise ContractError(f"{self.path.name}: $ref chain too long")

    def _compile(self) -> None:
        for template, item in (self.document.get("paths") or {}).items():
            item, item_at = self._resolve_at(item, _pointer("paths", template))
            shared = [
                self._resolve_at(p, f"{item_at}/parameters/{i}") for i, p in enumerate(item.get("parameters", []))
            ]
            by_method: dict[str, Operation] = {}
            regex = None
            if "{" in template:
                pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
                regex = re.compile(f"^{pattern}$")
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                op_spec = item[method]
                op_id = op_spec.get("operationId")
                if not op_id:
                    raise ContractError(f"{self.path.name}: {method.upper()} {template} has no operationId")
                op_at = f"{item_at}/{method}"
                params = {
                    (p["name"].lower() if p["in"] == "header" else p["name"], p["in"]): (p, at) for p, at in shared
                }
                for i, p in enumerate(op_spec.get("parameters", [])):
                    p, at = self._resolve_at(p, f"{op_at}/parameters/{i}")
                    params[(p["name"].lower() if p["in"] == "header" else p["name"], p["in"])] = (p, at)
                parameters = [
                    Parameter(
                        name=name,
                        location=loc,
                        required=bool(p.get("required", loc == "path")),
                        schema=p.get("schema", {}),
                        check=self.schema_check(p.get("schema", {}), f"{at}/schema"),
                        kind=self._resolve(p.get("schema", {})).get("type"),
                        item_kind=self._resolve(self._resolve(p.get("schema", {})).get("items", {})).get("type"),
                    )
                    for (name, loc), (p, at) in params.items()
                    if loc in ("path", "query", "header")
                ]
                body, body_at = (
                    self._resolve_at(op_spec["requestBody"], f"{op_at}/requestBody")
                    if op_spec.get("requestBody")
                    else (None, "")
                )
                body_types: tuple[str, ...] = ()
                body_check = None
                if body:
                    content = body.get("content", {})
                    body_types = tuple(content)
                    json_type = next((t for t in content if _is_json(t)), None)
                    if json_type and "schema" in content[json_type]:
                        body_check = self.schema_check(
                            content[json_type]["schema"], body_at + _pointer("content", json_type, "schema")
                        )
                responses = {}
                for status, resp in (op_spec.get("responses") or {}).items():
                    resp, resp_at = self._resolve_at(resp, f"{op_at}/responses/{status}")
                    content = resp.get("content", {})
                    json_type = next((t for t in content if _is_json(t)), None)
                    check = (
                        self.schema_check(
                            content[json_type]["schema"], resp_at + _pointer("content", json_type, "schema")
                        )
                        if json_type and "schema" in content[json_type]
                        else None
                    )
                    responses[str(status).upper()] = ResponseSpec(str(status).upper(), tuple(content), check)
                operation = Operation(
                    operation_id=op_id,
                    method=method.upper(),
                    path_template=template,
                    regex=regex,
                    parameters=parameters,
                    body_required=bool(body and body.get("required", False)),
                    body_content_types=body_types,
                    body_check=body_check,
                    responses=responses,
                    tags=tuple(op_spec.get("tags", ())),
                    spec=op_spec,
                )
                operation.mentions_cpr = self._mentions_cpr(op_spec, [p.name for p in parameters])
                if op_id in self.operations:
                    raise ContractError(f"{self.path.name}: operationId {op_id} is used twice")
                self.operations[op_id] = operation
                by_method[operation.method] = operation
            if regex is None:
                self._literal[template] = by_method
            else:
                self._templated.append((regex, by_method))

    # -- lookup ------------------------------------------------------------------------------------
    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]]:
        """The operation for a request line, with its raw path parameters.

        Raises RouteNotFound (with the closest templates, as WireMock's near-misses do) or MethodNotAllowed.
        """
        by_method = self._literal.get(path)
        params: dict[str, str] = {}
        if by_method is None:
            for regex, candidate in self._templated:
                found = regex.match(path)
                if found:
                    by_method, params = candidate, found.groupdict()
                    break
        if by_method is None:
            raise RouteNotFound(path, self.suggest(path))
        operation = by_method.get(method.upper())
        if operation is None:
            raise MethodNotAllowed(sorted(by_method))
        return operation, params

    def suggest(self, path: str) -> list[str]:
        import difflib

        templates = list(self._literal) + [op.path_template for _, ops in self._templated for op in ops.values()]
        return difflib.get_close_matches(path, sorted(set(templates)), n=3, cutoff=0.4)

    def schema(self, name: str) -> dict[str, Any] | None:
        return self.components.get("schemas", {}).get(name)


def _is_cpr_key(name: str) -> bool:
    from .journal import CPR_KEYS

    return name in CPR_KEYS or name.endswith("Cpr")


def _is_json(content_type: str) -> bool:
    base = content_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


@cache
def load_contract(path: str) -> Contract:
    """Contracts are immutable files: compile each once per process however many simulators use it."""
    return Contract(path)
