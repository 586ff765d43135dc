"""Serviceplatformen's mutual-TLS front, with a trust policy that changes on a date of *virtual* time (issue 17).

Why a gateway of its own and not uvicorn's TLS: on 31 October 2023 Serviceplatformen stopped trusting OCES2 system
certificates for OCES3, and integrations broke. To rehearse that, a simulator must decide *per connection* which CA
generations it trusts, by the world's virtual clock — which OpenSSL cannot see and uvicorn's one SSL context cannot
change. So the gateway accepts each loopback connection itself and does the handshake with the context for the
trust in force at that virtual moment (`TrustSchedule`: old only, both during an overlap, new only): a certificate
of a generation not trusted now, or from a CA nobody trusts, fails the *real* handshake ("unknown ca"); one on its
issuer's CRL fails it too ("certificate revoked": every context checks the leaf against the CRL files, read afresh).
Expiry is the one check OpenSSL would make on *wall* time, so the contexts switch time checks off and the gateway
checks the certificate's notAfter against the virtual clock after the handshake, answering 403 problem+json
`certificate-expired` on that connection. Each refusal is kept in `refusals`, with its reason in words.

Behind the TLS, a request is handed to the in-process simulator (`Simulator.handle`) as the in-process transport
does. Threads: the caller (the SUT, inside the world's one thread) waits on the socket while the gateway's thread runs
the simulator, so still one thread at a time acts on the world.
"""

from __future__ import annotations

import functools
import socket
import socketserver
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import orjson
from cryptography import x509

from .http import PROBLEM_JSON, Request

if TYPE_CHECKING:
    from .clock import VirtualClock
    from .kernel import Simulator

NO_CHECK_TIME = 0x200000  # OpenSSL's X509_V_FLAG_NO_CHECK_TIME: expiry is judged on virtual time, below
SHUTDOWN_POLL_S = 0.02  # how often the serving thread looks for a shutdown (socketserver polls; see TlsGateway)


@dataclass
class TrustSchedule:
    """Which certificate generations are trusted from which virtual moment: `initial`, then each switch in order."""

    initial: frozenset[str]
    switches: list[tuple[datetime, frozenset[str]]] = field(default_factory=list)

    def switch(self, at: datetime, trusted: frozenset[str]) -> None:
        self.switches = sorted([*self.switches, (at, trusted)], key=lambda s: s[0])

    def trusted_at(self, now: datetime) -> frozenset[str]:
        trusted = self.initial
        for at, then in self.switches:
            if now >= at:
                trusted = then
        return trusted


@dataclass
class Refusal:
    at: str  # virtual time
    reason: str  # in words: "unknown ca", "certificate revoked", "certificate expired 2023-12-31"


class TlsGateway:
    """A loopback HTTPS server in front of one in-process simulator, trusting per `schedule` (see the module)."""

    def __init__(
        self,
        simulator: Simulator,
        clock: VirtualClock,
        schedule: TrustSchedule,
        ca_file: Callable[[str], Path],
        crl_file: Callable[[str], Path],
        server_cert: Path,
        host: str = "127.0.0.1",
    ) -> None:
        self.simulator, self.clock, self.schedule = simulator, clock, schedule
        self.ca_file, self.crl_file, self.server_cert = ca_file, crl_file, server_cert
        self.refusals: list[Refusal] = []
        self._lock = threading.Lock()
        gateway = self

        class Handler(_Handler):
            owner = gateway

        self._server = _QuietServer((host, 0), Handler)
        self._server.daemon_threads = True
        # serve_forever notices shutdown() only between polls: at its default 0.5 s a closed gateway held its scenario
        # ~0.4 s (a quarter of the explorer's time once certificate faults came in); 20 ms costs nothing while it waits
        serve = functools.partial(self._server.serve_forever, poll_interval=SHUTDOWN_POLL_S)
        self._thread = threading.Thread(target=serve, name="tls-gateway", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"https://{host.decode() if isinstance(host, bytes) else host}:{port}"

    def start(self) -> TlsGateway:
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def context(self) -> ssl.SSLContext:
        """The server context for the trust in force now: its generations' roots, their CRLs, no wall-time check."""
        trusted = sorted(self.schedule.trusted_at(self.clock.now()))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(self.server_cert))
        context.verify_mode = ssl.CERT_REQUIRED
        context.verify_flags |= ssl.VERIFY_CRL_CHECK_LEAF | NO_CHECK_TIME
        for generation in trusted:
            context.load_verify_locations(cafile=str(self.ca_file(generation)))
            context.load_verify_locations(cafile=str(self.crl_file(generation)))
        return context

    def refuse(self, reason: str) -> None:
        with self._lock:
            self.refusals.append(Refusal(self.clock.now().isoformat(), reason))

    def expired(self, der: bytes | None) -> str | None:
        """'certificate expired <date>' when the client's certificate is past its notAfter in virtual time."""
        if not der:
            return None
        until = x509.load_der_x509_certificate(der).not_valid_after_utc
        return f"certificate expired {until.date().isoformat()}" if until < self.clock.now() else None


def tls_reason(error: BaseException) -> str:
    """An OpenSSL failure in words: the verification's own message ("unable to get local issuer certificate",
    "certificate revoked") or the alert's reason ("unknown ca")."""
    message = getattr(error, "verify_message", None)
    if message:
        return str(message)
    reason = str(getattr(error, "reason", None) or "").lower()
    for prefix in ("tlsv13_alert_", "tlsv1_alert_", "sslv3_alert_"):
        reason = reason.replace(prefix, "")
    return reason.replace("_", " ") or str(error)


class _QuietServer(socketserver.ThreadingTCPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A refused handshake is kept in `refusals`, not printed."""


class _Handler(BaseHTTPRequestHandler):
    owner: TlsGateway
    protocol_version = "HTTP/1.1"
    expired_reason: str | None = None

    def setup(self) -> None:
        raw: socket.socket = self.request
        try:
            self.request = self.owner.context().wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            self.owner.refuse(tls_reason(exc))
            raw.close()
            raise ConnectionAbortedError(str(exc)) from exc
        self.expired_reason = self.owner.expired(self.request.getpeercert(binary_form=True))
        if self.expired_reason:
            self.owner.refuse(self.expired_reason)
        super().setup()

    def handle(self) -> None:
        try:
            super().handle()
        except (ssl.SSLError, OSError):
            pass

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.expired_reason:
            self._answer(
                403,
                {"content-type": PROBLEM_JSON},
                orjson.dumps(
                    {
                        "type": "urn:golive:problem:certificate-expired",
                        "title": "The client's system certificate has expired",
                        "status": 403,
                        "detail": f"Serviceplatformen refused the system certificate: {self.expired_reason}",
                    }
                ),
            )
            return
        parts = urlsplit(self.path)
        simulator = self.owner.simulator
        request = Request.from_wire(
            self.command, parts.path, parts.query, self.headers.items(), body, simulator.max_body_bytes, "tls-gateway"
        )
        response = simulator.handle(request)
        self._answer(response.status, response.headers, response.body)

    def _answer(self, status: int, headers: dict[str, Any], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("content-length", "connection"):
                self.send_header(name, str(value))
        self.send_header("content-length", str(len(body)))
        self.send_header("connection", "close")  # trust is decided per handshake: one request per connection
        self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass
