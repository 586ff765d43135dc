"""What a request may be, checked before it reaches a simulator: sizes, counts, depth, the correlation id.

Every limit answers with its own 4xx problem+json and a journal entry (the kernel's `limits` layer in
simulators/core/pipeline.py); each is a field of `Limits`, changed per simulator through
`PATCH /__admin/settings/limits` (contracts/admin.openapi.yaml). The transport-level guards (read timeouts,
idle keep-alive, the connection cap) live with the server: `ServerTimeouts` here, carried out in
simulators/core/protocol.py.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import Any

from . import settings as defaults
from .http import Request, Response, problem

# A correlation id is an opaque token a client chose: letters, digits and a few separators, as UUIDs, ULIDs and
# "golive-…" ids are. Anything else (control bytes, invalid UTF-8 read as latin-1, spaces) is replaced, never echoed.
_CORRELATION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/+=@-]*")


@dataclass(slots=True)
class Limits:
    max_header_bytes: int = defaults.MAX_HEADER_BYTES
    max_headers: int = defaults.MAX_HEADERS
    max_url_bytes: int = defaults.MAX_URL_BYTES
    max_query_params: int = defaults.MAX_QUERY_PARAMS
    max_body_bytes: int = defaults.MAX_BODY_BYTES
    max_json_depth: int = defaults.MAX_JSON_DEPTH
    max_correlation_id_length: int = defaults.MAX_CORRELATION_ID_LENGTH

    def as_doc(self) -> dict[str, int]:
        return {_camel(k): v for k, v in asdict(self).items()}

    def update(self, doc: dict[str, Any]) -> None:
        for f in fields(self):
            if _camel(f.name) in doc:
                setattr(self, f.name, int(doc[_camel(f.name)]))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def valid_correlation_id(value: str, limits: Limits) -> bool:
    return 0 < len(value) <= limits.max_correlation_id_length and _CORRELATION_ID.fullmatch(value) is not None


def refuse(limits: Limits, request: Request) -> Response | None:
    """The 4xx answer to a request over one of the limits, or None. Cheapest checks first."""
    if request.timed_out:
        return problem(408, "Request timeout", "the request body did not arrive in time", kind="request-timeout")
    if request.header_count > limits.max_headers:
        return _over(
            431,
            "Too many request header fields",
            "too-many-headers",
            "header fields",
            request.header_count,
            limits.max_headers,
        )
    if request.header_bytes > limits.max_header_bytes:
        return _over(
            431,
            "Request header fields too large",
            "header-too-large",
            "header bytes",
            request.header_bytes,
            limits.max_header_bytes,
        )
    if request.url_bytes > limits.max_url_bytes:
        return _over(414, "URI too long", "uri-too-long", "URL bytes", request.url_bytes, limits.max_url_bytes)
    if len(request.query) > limits.max_query_params:
        return _over(
            400,
            "Too many query parameters",
            "too-many-query-parameters",
            "query parameters",
            len(request.query),
            limits.max_query_params,
        )
    if request.body_too_large or len(request.body) > limits.max_body_bytes:
        return problem(
            413,
            "Request body too large",
            f"the body exceeds this simulator's limit of {limits.max_body_bytes} bytes",
            kind="body-too-large",
            limit=limits.max_body_bytes,
        )
    return None


def _over(status: int, title: str, kind: str, what: str, found: int, limit: int) -> Response:
    return problem(status, title, f"{found} {what}; this simulator's limit is {limit}", kind=kind, limit=limit)


def too_deep(document: Any, raw: bytes, max_depth: int) -> bool:
    """Whether a parsed JSON document nests deeper than `max_depth` (a cheap count first: most bodies are flat)."""
    if raw.count(b"[") + raw.count(b"{") <= max_depth:
        return False
    stack = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            return True
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node if isinstance(v, (dict, list)))
    return False


@dataclass(frozen=True, slots=True)
class ServerTimeouts:
    """How long a served simulator waits for a client, and how many connections it keeps (simulators/core/protocol.py).

    A client that has not sent a whole request head within `header_s`, or a body chunk within `body_s`, is answered
    408 and closed; an idle keep-alive connection is closed after `keep_alive_s`; past `max_connections` open
    connections a new request is answered 503 problem+json with Retry-After and closed.
    """

    header_s: float = defaults.HEADER_TIMEOUT_S
    body_s: float = defaults.BODY_TIMEOUT_S
    keep_alive_s: float = defaults.KEEP_ALIVE_S
    max_connections: int = defaults.MAX_CONNECTIONS
    retry_after_s: int = defaults.RETRY_AFTER_S
    max_head_bytes: int = defaults.MAX_HEAD_BYTES
