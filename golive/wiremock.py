"""Turn golive's contract examples into WireMock stub mappings.

Why this exists: many vendors of the municipal sygesikring solution already test against WireMock. The
examples in golive's contracts are reviewed, schema-valid request/response pairs; exported as WireMock
mappings they give such a vendor a stub of Luna, CPR, E-flyt, ... that answers exactly what the contract
documents, without adopting golive's simulators first. The contract stays the single source of truth:
nothing here is written by hand per system, every mapping is derived from one contract file.

What one mapping is. For every operation, every documented response status and its example:

* the request is matched on method, the path with the example path parameters substituted (`urlPath`;
  `urlPathPattern` when a path parameter has no example), the example query parameters (`equalTo`),
  presence of required headers, and the example request body (`equalToJson`, exact);
* the response carries the status, the example body (`jsonBody`, or `body` for non-JSON media types), the
  documented content type (application/problem+json stays problem+json) and any response header example.

Several responses answer the same request, and a request cannot say which one it wants in plain HTTP. So
the operation's first success status (in contract order) is the default answer (priority `PRIORITY_DEFAULT`), one
mapping per request example; every other status is selected the way Prism (the OpenAPI mock server) does it, with a
`Prefer: code=<status>` request header, at the higher priority `PRIORITY_PREFERRED`. When a response has
several examples and nothing in the request tells them apart, the first is served and the others are
kept in the mapping's metadata (`otherExamples`), so nothing in the contract is silently lost.

Problem examples (application/problem+json) carry their own `status`. A problem example belongs to the
HTTP status it names: under an explicit status it is used only when it names that status; under `4XX`
or `default` it becomes a mapping for the status it names, unless the operation documents that status
explicitly (then the explicit response wins).

WireMock reserves the `/__admin` prefix for its own admin API and cannot move it, so operations of
golive's admin API (contracts/admin.openapi.yaml) are mounted under `RESERVED_MOUNT` (`/__golive/__admin/...`)
in the stubs; the metadata keeps the contract's own path.

Every mapping has a stable id (uuid5 of contract, operationId, status and example names), so re-exporting
an unchanged contract yields byte-identical files and a WireMock `PUT /__admin/mappings/{id}` updates in
place. This module depends only on PyYAML: it is part of the installable `golive` runtime.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from simulators.core.contract import ContractError, load_yaml, resolve_local_ref

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
WIREMOCK_ADMIN_PREFIX = "/__admin"
RESERVED_MOUNT = "/__golive"
PREFER_HEADER = "Prefer"
PRIORITY_PREFERRED = 1  # WireMock: lower number wins; a Prefer-selected status beats the default answer
PRIORITY_DEFAULT = 5
SOURCE = "golive"
# One fixed namespace, so ids depend only on the contract's names (stable across runs and machines).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:golive:wiremock-mapping")


class ExportError(ValueError):
    """The file is not an OpenAPI document golive can export (not OpenAPI, remote $ref, ...)."""


def contract_name(contract_path: Path | str) -> str:
    """`contracts/luna.openapi.yaml` -> `luna`: the folder name of its WireMock root."""
    return Path(contract_path).name.split(".")[0]


def mapping_id(contract: str, operation_id: str, status: int, example: str) -> str:
    """The stable id of one mapping (uuid5 of contract, operationId, status and example name)."""
    return str(uuid.uuid5(NAMESPACE, f"{contract}:{operation_id}:{status}:{example}"))


# -- reading the contract ----------------------------------------------------------------------------
class _Document:
    """The raw OpenAPI document with local `$ref` resolution (examples, parameters, responses, schemas)."""

    def __init__(self, path: Path) -> None:
        try:
            self.raw: dict[str, Any] = load_yaml(path)
        except (OSError, yaml.YAMLError) as exc:
            raise ExportError(f"cannot read {path}: {exc}") from exc
        if not isinstance(self.raw, dict) or "openapi" not in self.raw:
            raise ExportError(f"{path.name} is not an OpenAPI document")
        self.path = path

    def resolve(self, node: Any) -> Any:
        try:
            return resolve_local_ref(self.raw, node, self.path.name)
        except ContractError as exc:
            raise ExportError(str(exc)) from exc


def _is_json(content_type: str) -> bool:
    base = content_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _examples(doc: _Document, media: dict[str, Any]) -> list[tuple[str, Any]]:
    """(name, value) of a media type's examples in contract order; a lone `example` is named 'example'."""
    found = []
    for name, example in (media.get("examples") or {}).items():
        example = doc.resolve(example)
        if isinstance(example, dict) and "value" in example:
            found.append((name, example["value"]))
    if not found and "example" in media:
        found.append(("example", media["example"]))
    return found


def _pick_media(content: dict[str, Any], doc: _Document) -> tuple[str, list[tuple[str, Any]]] | None:
    """The media type to stub: the first JSON one with examples, else the first one with examples."""
    candidates = sorted(content.items(), key=lambda item: not _is_json(item[0]))
    for content_type, media in candidates:
        examples = _examples(doc, media or {})
        if examples:
            return content_type, examples
    return None


def _parameter_example(doc: _Document, param: dict[str, Any], schema_hints: bool = False) -> tuple[bool, Any]:
    """(found, value) of a parameter's example: `example`, first of `examples`, the schema's example;
    with `schema_hints` (path parameters, which must have some value) also its default or first enum."""
    if "example" in param:
        return True, param["example"]
    for example in (param.get("examples") or {}).values():
        example = doc.resolve(example)
        if isinstance(example, dict) and "value" in example:
            return True, example["value"]
    schema = doc.resolve(param.get("schema") or {})
    if "example" in schema:
        return True, schema["example"]
    if schema.get("examples"):
        return True, schema["examples"][0]
    if schema_hints and "default" in schema:
        return True, schema["default"]
    if schema_hints and schema.get("enum"):
        return True, schema["enum"][0]
    return False, None


def _wire(value: Any) -> str:
    """A parameter value as it appears on the wire (booleans lower-case, as OpenAPI's form style)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- building mappings -------------------------------------------------------------------------------
def _url_pattern(doc: _Document, template: str, params: list[dict[str, Any]]) -> dict[str, str]:
    """`urlPath` with the example path parameters substituted, or `urlPathPattern` when one has none."""
    values: dict[str, str] = {}
    for param in params:
        if param.get("in") == "path":
            found, value = _parameter_example(doc, param, schema_hints=True)
            if found:
                values[param["name"]] = quote(_wire(value), safe="")
    mount = (
        RESERVED_MOUNT if template == WIREMOCK_ADMIN_PREFIX or template.startswith(WIREMOCK_ADMIN_PREFIX + "/") else ""
    )
    names = re.findall(r"\{([^}]+)\}", template)
    if all(name in values for name in names):
        path = template
        for name in names:
            path = path.replace("{" + name + "}", values[name])
        return {"urlPath": mount + path}
    pieces = re.split(r"(\{[^}]+\})", template)
    regex = "".join(
        (re.escape(values[p[1:-1]]) if p[1:-1] in values else "[^/]+") if p.startswith("{") else re.escape(p)
        for p in pieces
    )
    return {"urlPathPattern": re.escape(mount) + regex}


def _query_matchers(doc: _Document, params: list[dict[str, Any]]) -> dict[str, Any]:
    """Query parameters: `equalTo` the example; a required one without an example must merely be present."""
    matchers: dict[str, Any] = {}
    for param in params:
        if param.get("in") != "query":
            continue
        found, value = _parameter_example(doc, param)
        if found and isinstance(value, list):
            matchers[param["name"]] = {"hasExactly": [{"equalTo": _wire(v)} for v in value]}
        elif found:
            matchers[param["name"]] = {"equalTo": _wire(value)}
        elif param.get("required"):
            matchers[param["name"]] = {"matches": ".*"}
    return matchers


def _header_matchers(params: list[dict[str, Any]]) -> dict[str, Any]:
    """Required header parameters must be present; their value is the client's (an Idempotency-Key is
    unique per call, so matching the example's value would make the stub useless)."""
    return {
        param["name"]: {"matches": ".+"}
        for param in params
        if param.get("in") == "header"
        and param.get("required")
        and param["name"].lower() not in ("content-type", "accept")
    }


def _response_headers(doc: _Document, response: dict[str, Any]) -> dict[str, str]:
    headers = {}
    for name, header in (response.get("headers") or {}).items():
        header = doc.resolve(header)
        found, value = _parameter_example(doc, header)
        if found and name.lower() != "content-type":
            headers[name] = _wire(value)
    return headers


def _response_body(content_type: str, value: Any) -> dict[str, Any]:
    if _is_json(content_type):
        # WireMock reads `"jsonBody": null` as "no body"; a JSON null example must go out as text.
        return {"jsonBody": value} if value is not None else {"body": "null"}
    return {"body": value if isinstance(value, str) else json.dumps(value)}


def _body_pattern(content_type: str, value: Any) -> dict[str, Any]:
    if _is_json(content_type):
        return {"equalToJson": value, "ignoreArrayOrder": False, "ignoreExtraElements": False}
    return {"equalTo": value if isinstance(value, str) else json.dumps(value)}


def _problem_status(content_type: str, value: Any) -> int | None:
    """The status an RFC 9457 problem example names; None for any other body (a `status` field in an
    ordinary document, such as a fault rule's, is data, not the HTTP status)."""
    if content_type.split(";")[0].strip().lower() != "application/problem+json" or not isinstance(value, dict):
        return None
    status = value.get("status")
    return status if isinstance(status, int) and not isinstance(status, bool) else None


def _status_candidates(key: str) -> tuple[int | None, range]:
    """An OpenAPI response key as (explicit status or None, the statuses it may stand for)."""
    if key.isdigit():
        return int(key), range(int(key), int(key) + 1)
    if re.fullmatch(r"[1-5]XX", key):
        first = int(key[0]) * 100
        return None, range(first, first + 100)
    return None, range(100, 600)  # default


def _answers(doc: _Document, op: dict[str, Any]) -> list[dict[str, Any]]:
    """Every (status, example) the operation documents, explicit statuses first, each status once."""
    responses = {str(k).upper(): doc.resolve(v) for k, v in (op.get("responses") or {}).items()}
    explicit = {int(k) for k in responses if k.isdigit()}
    order = sorted(responses, key=lambda k: (0, k) if k.isdigit() else (1, k) if k != "DEFAULT" else (2, k))
    answers: dict[int, dict[str, Any]] = {}
    for key in order:
        response = responses[key]
        fixed, allowed = _status_candidates(key)
        content = response.get("content") or {}
        picked = _pick_media(content, doc) if content else None
        if picked is None:
            if fixed is not None and not content and fixed not in answers:
                answers[fixed] = {
                    "key": key,
                    "status": fixed,
                    "contentType": None,
                    "examples": [],
                    "headers": _response_headers(doc, response),
                }
            continue
        content_type, examples = picked
        by_status: dict[int, list[tuple[str, Any]]] = {}
        for name, value in examples:
            named = _problem_status(content_type, value)
            if fixed is not None:
                if named is not None and named != fixed:
                    continue  # a shared problem example written for another status
                status = fixed
            elif named is not None and named in allowed and named not in explicit:
                status = named
            elif named is None and key != "DEFAULT":
                status = allowed.start  # "4XX" without a status in the example: its first code
            else:
                continue
            by_status.setdefault(status, []).append((name, value))
        for status, found in by_status.items():
            if status not in answers:
                answers[status] = {
                    "key": key,
                    "status": status,
                    "contentType": content_type,
                    "examples": found,
                    "headers": _response_headers(doc, response),
                }
    return [answers[s] for s in sorted(answers)]


def _request_variants(doc: _Document, op: dict[str, Any]) -> tuple[str | None, list[tuple[str, Any]]]:
    body = doc.resolve(op.get("requestBody")) if op.get("requestBody") else None
    if not body:
        return None, []
    picked = _pick_media(body.get("content") or {}, doc)
    return picked if picked else (None, [])


def mappings_for(contract_path: Path | str) -> list[dict[str, Any]]:
    """WireMock stub mappings (JSON-ready dicts) for every example of every operation of one contract.

    The list is in contract order and deterministic: the same contract always gives the same mappings.
    """
    path = Path(contract_path)
    doc = _Document(path)
    contract = contract_name(path)
    version = str((doc.raw.get("info") or {}).get("version", ""))
    mappings: list[dict[str, Any]] = []
    for template, item in (doc.raw.get("paths") or {}).items():
        item = doc.resolve(item)
        shared = [doc.resolve(p) for p in item.get("parameters", [])]
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op = item[method]
            operation_id = op.get("operationId") or f"{method.upper()} {template}"
            params_by_key = {(p["name"], p["in"]): p for p in shared}
            for p in op.get("parameters", []):
                p = doc.resolve(p)
                params_by_key[(p["name"], p["in"])] = p
            params = list(params_by_key.values())
            url = _url_pattern(doc, template, params)
            query = _query_matchers(doc, params)
            headers = _header_matchers(params)
            request_type, request_examples = _request_variants(doc, op)
            answers = _answers(doc, op)
            if not answers:
                continue
            # The default answer is the first success the contract lists (authors put the main one first:
            # 201 "posted" before 200 "replayed"), not the lowest number.
            statuses = [a["status"] for a in answers]
            written = [int(k) for k in (op.get("responses") or {}) if str(k).isdigit() and str(k).startswith("2")]
            default_status = next((s for s in written if s in statuses), statuses[0])
            base_meta = {
                "source": SOURCE,
                "contract": path.name,
                "contractTitle": str((doc.raw.get("info") or {}).get("title", "")),
                "contractVersion": version,
                "operationId": operation_id,
                "method": method.upper(),
                "path": template,
            }
            for answer in answers:
                status = answer["status"]
                examples: list[tuple[Any, Any]] = answer["examples"] or [(None, None)]
                if status == default_status:
                    variants: list[tuple[Any, Any]] = list(request_examples) or [(None, None)]
                    request_names = {name for name, _ in variants}
                    for request_name, request_value in variants:
                        # A response example named like the request example answers that request.
                        chosen = next(
                            (e for e in examples if request_name is not None and e[0] == request_name), examples[0]
                        )
                        request: dict[str, Any] = {"method": method.upper(), **url}
                        if query:
                            request["queryParameters"] = query
                        if headers:
                            request["headers"] = dict(headers)
                        if request_name is not None and request_type is not None:
                            request["bodyPatterns"] = [_body_pattern(request_type, request_value)]
                        others = [e for e in examples if e is not chosen and e[0] not in request_names]
                        mappings.append(
                            _mapping(
                                contract,
                                operation_id,
                                answer,
                                chosen,
                                request_name,
                                request,
                                PRIORITY_DEFAULT,
                                others,
                                base_meta,
                                selected_by="request",
                            )
                        )
                else:
                    request = {"method": method.upper(), **url}
                    request["headers"] = {
                        **headers,
                        PREFER_HEADER: {"matches": rf"(.*[,;\s])?code={status}([,;\s].*)?"},
                    }
                    mappings.append(
                        _mapping(
                            contract,
                            operation_id,
                            answer,
                            examples[0],
                            None,
                            request,
                            PRIORITY_PREFERRED,
                            examples[1:],
                            base_meta,
                            selected_by=f"{PREFER_HEADER}: code={status}",
                        )
                    )
    return mappings


def _mapping(
    contract: str,
    operation_id: str,
    answer: dict[str, Any],
    chosen: tuple[str | None, Any],
    request_name: str | None,
    request: dict[str, Any],
    priority: int,
    others: list[tuple[str | None, Any]],
    base_meta: dict[str, Any],
    selected_by: str,
) -> dict[str, Any]:
    status = answer["status"]
    response_name, value = chosen
    example_key = response_name or "-"
    if request_name is not None:
        example_key = f"{request_name}->{example_key}"
    ident = mapping_id(contract, operation_id, status, example_key)
    response: dict[str, Any] = {"status": status}
    response_headers = dict(answer["headers"])
    if answer["contentType"] is not None and response_name is not None:
        response.update(_response_body(answer["contentType"], value))
        response_headers = {"Content-Type": answer["contentType"], **response_headers}
    if response_headers:
        response["headers"] = response_headers
    metadata = {
        **base_meta,
        "status": status,
        "contractStatus": answer["key"].lower() if answer["key"] == "DEFAULT" else answer["key"],
        "contentType": answer["contentType"],
        "responseExample": response_name,
        "requestExample": request_name,
        "selectedBy": selected_by,
    }
    if others:
        metadata["otherExamples"] = [{"name": name, "value": other} for name, other in others]
    title = f"{contract} {operation_id} {status}" + (f" {response_name}" if response_name else "")
    if request_name:
        title += f" (request {request_name})"
    return {
        "id": ident,
        "uuid": ident,
        "name": title,
        "priority": priority,
        "request": request,
        "response": response,
        "metadata": metadata,
    }


def export(contract_paths: Iterable[Path | str], out_dir: Path | str) -> int:
    """Write `<out_dir>/<contract>/mappings/*.json`, one WireMock root per contract; return the count.

    Start WireMock on one of them with `java -jar wiremock-standalone.jar --root-dir <out_dir>/luna`.
    Files golive wrote earlier into those folders are replaced, so a renamed example leaves no stale
    stub behind; files anyone else put there are left alone.
    """
    out = Path(out_dir)
    count = 0
    for contract_path in contract_paths:
        mappings = mappings_for(contract_path)
        folder = out / contract_name(contract_path) / "mappings"
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.json"):
            try:
                if json.loads(old.read_text(encoding="utf-8")).get("metadata", {}).get("source") == SOURCE:
                    old.unlink()
            except (OSError, ValueError, AttributeError):
                continue
        for mapping in mappings:
            meta = mapping["metadata"]
            stem = _file_stem(
                f"{meta['operationId']}-{meta['status']}-{meta['requestExample'] or ''}-{meta['responseExample'] or ''}"
            )
            (folder / f"{stem}-{mapping['id'][:8]}.json").write_text(
                json.dumps(mapping, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            count += 1
    return count


def _file_stem(text: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^A-Za-z0-9._-]", "-", text)).strip("-")
