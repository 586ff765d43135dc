"""The breaking-change classifier behind `golive contracts diff` (golive/contracts/diff.py): its rules and its walk.

The rules, from both sides of the wire. A change is BREAKING when a client or a provider that honoured the
old contract stops honouring the new one without changing a line of its code:

* Requests (the client sends, the provider validates): the set of requests the provider accepts may only
  grow. Breaking: a removed operation, a new required parameter/body/property/header, an optional one made
  required, a narrowed type or enum, a tightened bound (maxLength, minimum, pattern, ...), a removed request
  media type, a property removed from an object that forbids unknown properties. Not breaking: a new optional
  parameter or property, a widened enum or type, a loosened bound, a removed optional parameter.
* Responses (the provider sends, the consumer reads): the set of responses a consumer may see may only
  shrink. Breaking: a removed status code or media type, a removed response property or header, a property no
  longer required, a widened type or enum (a consumer that switches on the old values meets one it does not
  know: a *new enum value in a response is breaking*), a loosened bound or a dropped pattern. Not breaking: a
  new optional response property (consumers are tolerant readers: they ignore fields they do not know, and
  every golive simulator does), a new required one, a narrowed enum or a tightened bound.
* A new response status code is *not* breaking: RFC 9110 section 15 obliges a client to treat an unknown code
  as the x00 code of its class, so a documented new 404 or 503 tells consumers what was already possible.
* Not breaking either: a new operation, documentation (summary, description, examples), OpenAPI `links`,
  `info.version`, servers. These are listed as `ok` so a reviewer sees everything that changed in the shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from golive.contracts.diff_schemas import BREAKING, OK, SchemaRules, _ptr  # noqa: F401  (BREAKING, OK public here)

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

# Bounds: the keyword, and which direction of change *tightens* it (accepts fewer values).
_DOC_KEYS = {
    "description",
    "summary",
    "example",
    "examples",
    "title",
    "externalDocs",
    "deprecated",
    "$comment",
    "x-golive",
    "links",
    "tags",
}


class UsageError(Exception):
    """The command cannot run: a file is missing or is not an OpenAPI document (exit 2)."""


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the two versions, with its verdict."""

    verdict: str  # BREAKING or ok
    kind: str  # the rule, e.g. "request-property-added-required"
    operation: str  # "POST /laegevalg (registerLaegevalg)", or "" for the document
    operation_id: str | None
    pointer: str  # JSON pointer in the new document (old one for removals)
    detail: str

    @property
    def breaking(self) -> bool:
        return self.verdict == BREAKING

    def line(self) -> str:
        where = f"{self.operation} {self.pointer}".strip()
        return f"{self.verdict:<8}  {where}  {self.kind}: {self.detail}"


class _Side:
    """One version of the contract with $ref resolution that survives recursive schemas."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.doc = document

    def deref(self, node: Any) -> Any:
        from simulators.core.contract import ContractError, resolve_local_ref

        try:
            return resolve_local_ref(self.doc, node)
        except (ContractError, KeyError, TypeError) as e:
            raise UsageError(f"unresolvable $ref {node.get('$ref') if isinstance(node, dict) else node}: {e}") from None

    def operations(self) -> dict[tuple[str, str], tuple[str, dict, list]]:
        """(METHOD, path with parameter names blanked) -> (original path, operation, path-level parameters)."""
        found = {}
        for path, item in (self.doc.get("paths") or {}).items():
            item = self.deref(item) or {}
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    found[(method.upper(), re.sub(r"\{[^}]*\}", "{}", path))] = (
                        path,
                        item[method],
                        item.get("parameters", []),
                    )
        return found


# -- the walk --------------------------------------------------------------------------------------------------
class _Differ(SchemaRules):
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old, self.new = _Side(old), _Side(new)
        self.changes: list[Change] = []
        self._operation = ""
        self._operation_id: str | None = None

    def add(self, verdict: str, kind: str, pointer: str, detail: str) -> None:
        self.changes.append(Change(verdict, kind, self._operation, self._operation_id, pointer, detail))

    def run(self) -> list[Change]:
        self._document()
        old_ops, new_ops = self.old.operations(), self.new.operations()
        for key in sorted(old_ops.keys() | new_ops.keys()):
            method, _ = key
            if key not in new_ops:
                path, op, _ = old_ops[key]
                self._at(method, path, op)
                self.add(
                    BREAKING, "operation-removed", _ptr("paths", path, method.lower()), "clients calling it get 404/405"
                )
            elif key not in old_ops:
                path, op, _ = new_ops[key]
                self._at(method, path, op)
                self.add(OK, "operation-added", _ptr("paths", path, method.lower()), "new operation")
            else:
                self._operation_pair(method, old_ops[key], new_ops[key])
        return self.changes

    def _document(self) -> None:
        old_info, new_info = self.old.doc.get("info", {}), self.new.doc.get("info", {})
        if old_info.get("version") != new_info.get("version"):
            self.add(OK, "version-changed", "/info/version", f"{old_info.get('version')} -> {new_info.get('version')}")

    def _at(self, method: str, path: str, op: dict) -> None:
        self._operation_id = op.get("operationId")
        self._operation = f"{method} {path}" + (f" ({self._operation_id})" if self._operation_id else "")

    # -- operations ----------------------------------------------------------------------------------------
    def _operation_pair(self, method: str, old: tuple, new: tuple) -> None:
        old_path, old_op, old_common = old
        new_path, new_op, new_common = new
        self._at(method, new_path, new_op)
        self._operation_id = old_op.get("operationId") or self._operation_id  # what scenarios recorded using
        base = ("paths", new_path, method.lower())
        if old_op.get("operationId") != new_op.get("operationId"):
            self.add(
                BREAKING,
                "operation-id-changed",
                _ptr(*base, "operationId"),
                f"{old_op.get('operationId')} -> {new_op.get('operationId')} (generated clients and links name it)",
            )
        if bool(old_op.get("security")) != bool(new_op.get("security")) and new_op.get("security"):
            self.add(BREAKING, "security-added", _ptr(*base, "security"), "the operation now requires credentials")
        self._parameters(
            base,
            self._params(self.old, old_common, old_op, old_path),
            self._params(self.new, new_common, new_op, new_path),
        )
        self._request_body(base, old_op.get("requestBody"), new_op.get("requestBody"))
        self._responses(base, old_op.get("responses") or {}, new_op.get("responses") or {})
        old_links = self._links(self.old, old_op)
        new_links = self._links(self.new, new_op)
        if old_links != new_links:
            self.add(
                OK,
                "links-changed",
                _ptr(*base, "responses"),
                "OpenAPI links describe how operations chain; the wire is unchanged",
            )

    @staticmethod
    def _links(side: _Side, op: dict) -> dict[str, Any]:
        found = {}
        for status, response in (op.get("responses") or {}).items():
            links = (side.deref(response) or {}).get("links")
            if links:
                found[str(status)] = {name: side.deref(link) for name, link in links.items()}
        return found

    def _params(self, side: _Side, common: list, op: dict, path: str) -> dict[tuple[str, str], dict]:
        merged: dict[tuple[str, str], dict] = {}
        for raw in list(common or []) + list(op.get("parameters") or []):
            param = side.deref(raw)
            if isinstance(param, dict) and "name" in param:
                name = param["name"].lower() if param.get("in") == "header" else param["name"]
                merged[(param.get("in", "query"), name)] = param
        # path parameter names are positional: `{cpr}` renamed to `{personnummer}` changes nothing on the wire
        order = re.findall(r"\{([^}]*)\}", path)
        return {
            (("path", f"#{order.index(k[1])}") if k[0] == "path" and k[1] in order else k): v for k, v in merged.items()
        }

    def _parameters(self, base: tuple, old: dict, new: dict) -> None:
        for key in sorted(old.keys() | new.keys()):
            where, name = key
            label = f"{where} parameter {new.get(key, old.get(key, {})).get('name', name)}"
            pointer = _ptr(*base, "parameters", f"{where}:{new.get(key, old.get(key, {})).get('name', name)}")
            if key not in new:
                self.add(
                    OK, "request-parameter-removed", pointer, f"{label} is no longer read (clients may still send it)"
                )
            elif key not in old:
                if new[key].get("required") or where == "path":
                    self.add(BREAKING, "request-parameter-added-required", pointer, f"new required {label}")
                else:
                    self.add(OK, "request-parameter-added", pointer, f"new optional {label}")
            else:
                was, now = bool(old[key].get("required")), bool(new[key].get("required"))
                if now and not was:
                    self.add(BREAKING, "request-parameter-became-required", pointer, f"{label} was optional")
                elif was and not now:
                    self.add(OK, "request-parameter-became-optional", pointer, f"{label} was required")
                if old[key].get("style", "") != new[key].get("style", "") or old[key].get("explode") != new[key].get(
                    "explode"
                ):
                    self.add(BREAKING, "request-parameter-style-changed", pointer, f"{label} is serialised differently")
                self._schema(old[key].get("schema"), new[key].get("schema"), pointer + "/schema", "request", set())

    def _request_body(self, base: tuple, old_raw: Any, new_raw: Any) -> None:
        pointer = _ptr(*base, "requestBody")
        old, new = self.old.deref(old_raw), self.new.deref(new_raw)
        if old is None and new is None:
            return
        if old is None:
            verdict = BREAKING if new.get("required") else OK
            self.add(
                verdict,
                "request-body-added" + ("-required" if new.get("required") else ""),
                pointer,
                "operation now takes a body",
            )
            return
        if new is None:
            self.add(OK, "request-body-removed", pointer, "the body is no longer read")
            return
        if new.get("required") and not old.get("required"):
            self.add(
                BREAKING, "request-body-became-required", pointer + "/required", "clients sending no body are refused"
            )
        self._content(pointer, old.get("content") or {}, new.get("content") or {}, "request")

    def _content(self, pointer: str, old: dict, new: dict, direction: str) -> None:
        for media in sorted(old.keys() | new.keys()):
            at = pointer + _ptr("content", media)
            if media not in new:
                self.add(
                    BREAKING,
                    f"{direction}-media-type-removed",
                    at,
                    f"{media} is no longer {'accepted' if direction == 'request' else 'sent'}"
                    + (f" (now: {', '.join(sorted(new))})" if new else ""),
                )
            elif media not in old:
                self.add(
                    OK,
                    f"{direction}-media-type-added",
                    at,
                    f"{media} is also {'accepted' if direction == 'request' else 'offered'}",
                )
            else:
                self._schema(
                    (old[media] or {}).get("schema"), (new[media] or {}).get("schema"), at + "/schema", direction, set()
                )

    def _responses(self, base: tuple, old: dict, new: dict) -> None:
        for status in sorted(set(map(str, old)) | set(map(str, new))):
            pointer = _ptr(*base, "responses", status)
            o = self.old.deref(old.get(status, old.get(int(status)) if status.isdigit() else None))
            n = self.new.deref(new.get(status, new.get(int(status)) if status.isdigit() else None))
            if n is None:
                self.add(
                    BREAKING,
                    "response-status-removed",
                    pointer,
                    f"{status} is no longer documented (consumers handling it lose their contract)",
                )
                continue
            if o is None:
                self.add(
                    OK,
                    "response-status-added",
                    pointer,
                    f"{status} is now documented (RFC 9110: clients must handle unknown codes by class)",
                )
                continue
            self._response_headers(pointer, o.get("headers") or {}, n.get("headers") or {})
            self._content(pointer, o.get("content") or {}, n.get("content") or {}, "response")

    def _response_headers(self, pointer: str, old: dict, new: dict) -> None:
        old_l = {k.lower(): v for k, v in old.items()}
        new_l = {k.lower(): v for k, v in new.items()}
        for name in sorted(old_l.keys() | new_l.keys()):
            at = pointer + _ptr("headers", name)
            if name not in new_l:
                self.add(BREAKING, "response-header-removed", at, f"consumers reading {name} no longer get it")
            elif name not in old_l:
                self.add(OK, "response-header-added", at, f"new header {name}")
            else:
                o, n = self.old.deref(old_l[name]), self.new.deref(new_l[name])
                if o.get("required") and not n.get("required"):
                    self.add(BREAKING, "response-header-became-optional", at, f"{name} may now be missing")
                self._schema(o.get("schema"), n.get("schema"), at + "/schema", "response", set())


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every classified change between two parsed OpenAPI documents, in a stable order."""
    return _Differ(old, new).run()
