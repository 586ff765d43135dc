"""The kernel's own request and response: plain data, no web framework.

Both the ASGI adapter (servers) and the httpx transport (in-process) translate to and from these, so
one `Simulator.handle` serves all three ways of running a simulator.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import orjson

PROBLEM_JSON = "application/problem+json"
JSON = "application/json"


@dataclass(slots=True)
class Request:
    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # names lower-cased
    body: bytes = b""
    body_too_large: bool = False  # set by the transport when it stopped reading at the size limit
    client: str = ""
    header_bytes: int = 0  # sizes as they came over the wire, for the kernel's limits (simulators/core/limits.py)
    header_count: int = 0
    url_bytes: int = 0
    timed_out: bool = False  # set by the transport when the body did not arrive within its deadline (408)

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name.lower(), default)

    @classmethod
    def from_wire(
        cls,
        method: str,
        path: str,
        raw_query: str,
        headers: Iterable[tuple[str, str]],
        body: bytes,
        limit: int,
        client: str,
    ) -> Request:
        """A request as a client library holds it: the body is cut at the size limit (+1 byte to tell)."""
        pairs = list(headers)
        return cls(
            method=method,
            path=path or "/",
            query=parse_qsl(raw_query, keep_blank_values=True) if raw_query else [],
            headers={k.lower(): v for k, v in pairs},
            body=body[: limit + 1],
            body_too_large=len(body) > limit,
            client=client,
            header_bytes=sum(len(k) + len(v) for k, v in pairs),
            header_count=len(pairs),
            url_bytes=len(path) + len(raw_query),
        )


@dataclass(slots=True)
class Action:
    """Something the transport must do instead of (or before) answering normally: an injected fault."""

    kind: str  # "delay" | "hang" | "reset"
    seconds: float = 0.0


@dataclass(slots=True)
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    document: Any = None  # the parsed JSON body, kept for the journal without re-parsing
    actions: list[Action] = field(default_factory=list)

    @classmethod
    def json(
        cls, status: int, document: Any, content_type: str = JSON, headers: dict[str, str] | None = None
    ) -> Response:
        all_headers = {"content-type": content_type}
        if headers:
            all_headers.update(headers)
        body = b"" if document is None else orjson.dumps(document)
        return cls(status=status, body=body, headers=all_headers, document=document)


def problem(
    status: int, title: str, detail: str | None = None, kind: str = "about:blank", **extensions: Any
) -> Response:
    """An RFC 9457 problem+json answer. `kind` is the problem type slug (`urn:golive:problem:<kind>`)."""
    doc: dict[str, Any] = {
        "type": kind if kind == "about:blank" else f"urn:golive:problem:{kind}",
        "title": title,
        "status": status,
    }
    if detail:
        doc["detail"] = detail
    doc.update({k: v for k, v in extensions.items() if v is not None})
    return Response.json(status, doc, content_type=PROBLEM_JSON)
