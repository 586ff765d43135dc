"""Unit-test requests-based client code against golive's simulators, in-process, with `responses`.

Code built on `requests` (a municipality's integration layer, a vendor's Luna client) cannot use the
httpx transport. `simulated()` activates a `responses.RequestsMock` whose callbacks hand each request to
the simulator's kernel, so the client gets the same validation, state, journal and injected faults as
over HTTP, with no sockets:

    with simulated({"https://luna.example": world["luna"]}):
        my_luna_client.register_doctor(...)        # uses requests.post(...)
    assert world["luna"].journal.query(operation="registerLaegevalg")
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests
import responses

from simulators.core.actions import Transport, carry_out
from simulators.core.http import Request

if TYPE_CHECKING:
    from simulators.core.kernel import Simulator
    from simulators.world import World

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def _callback(simulator: Simulator):
    def handle(prepared: requests.PreparedRequest):
        parts = urlsplit(str(prepared.url))
        raw = prepared.body or b""
        body = (
            raw.encode("utf-8") if isinstance(raw, str) else bytes(raw) if isinstance(raw, (bytes, bytearray)) else b""
        )
        headers = (
            (str(k), v.decode("latin-1") if isinstance(v, bytes) else str(v)) for k, v in prepared.headers.items()
        )
        request = Request.from_wire(
            prepared.method or "GET", parts.path, parts.query, headers, body, simulator.max_body_bytes, "responses"
        )
        response = simulator.handle(request)
        # requests' own timeout is not known here: a hang times out at once, as it always did in this adapter
        outcome = carry_out(response.actions, 0.0, simulator.scheduler.elapse)
        if outcome is Transport.TIMED_OUT:
            raise requests.ReadTimeout("the simulator held the request and answered nothing (injected hang)")
        if outcome is Transport.RESET:
            raise requests.ConnectionError("connection reset by peer (injected fault)")
        return response.status, response.headers, response.body

    return handle


@contextmanager
def simulated(
    targets: Mapping[str, Simulator] | World, assert_all_requests_are_fired: bool = False
) -> Iterator[responses.RequestsMock]:
    """Route requests to base URLs onto simulators. `targets` maps base URL → simulator, or is a World."""
    if hasattr(targets, "simulators") and hasattr(targets, "base_urls"):
        targets = {targets.base_urls[name]: sim for name, sim in targets.simulators.items()}
    with responses.RequestsMock(assert_all_requests_are_fired=assert_all_requests_are_fired) as mock:
        for base_url, simulator in targets.items():
            pattern = re.compile(re.escape(base_url.rstrip("/")) + r"(/.*)?$")
            for method in METHODS:
                mock.add_callback(method, pattern, callback=_callback(simulator), content_type=None)
        yield mock
