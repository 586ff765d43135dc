"""The reference SUT's system certificate (systemcertifikat): the client certificate it shows Serviceplatformen.

Why its own module: on the OCES2 -> OCES3 switch (31 October 2023) the integration to Serviceplatformen broke, and
no new municipality could be set up until it was fixed (DOMAIN.md, "Security context"). What a careful SUT does, and
what the rollover scenarios hold it to: it presents the certificate its settings name (`systemCertificate`, a PEM of
key and chain; `serverCa`, the CA it checks the platform's server certificate against) and picks up a renewed one on
the next call; a refused certificate — a failed handshake ("unknown ca", "certificate revoked") or the platform's
`certificate-expired` problem — is loud (an alert with the reason in words, kept for `/__admin/state` and in the
journal's error, and one `sygesikring.integration-alert` on the Servicebus per refusal episode) and is *not* the
citizen's refusal: the call counts as unavailable, so the work is queued and sent once the certificate is renewed.
The two catalogue defects about it are the policy's certificate methods.

An episode is one certificate refused by one neighbour: the bus alert goes out when it is first refused, not on each
retry; a renewed certificate refused anew, or the same one refused again after it had been accepted, is a new one.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from cryptography import x509

from .defects import Defects

EXPIRED = "urn:golive:problem:certificate-expired"
KEPT_ALERTS = 100
ALERT_TOPIC = "sygesikring.integration-alert"
INTEGRATION = "serviceplatformen"  # [design] the platform that checks the system certificate, in front of Luna
ISSUERS = {"den danske stat": "OCES3", "oces3": "OCES3", "trust2408": "OCES2", "oces2": "OCES2"}  # issuer words -> gen.
REASONS = (  # a refusal's words (OpenSSL's, or the platform's problem) -> the alert's reason
    ("revoked", "revoked"),
    ("expired", "expired"),
    ("unknown ca", "unknown-issuer"),
    ("unable to get local issuer", "unknown-issuer"),
)


def tls_reason(error: BaseException) -> str | None:
    """The TLS failure behind an httpx error, in words ("unknown ca", "certificate revoked"); None if it was none."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            reason = (seen.reason or str(seen)).lower()
            for prefix in ("tlsv13_alert_", "tlsv1_alert_", "sslv3_alert_"):
                reason = reason.replace(prefix, "")
            return reason.replace("_", " ")
        seen = seen.__cause__ or seen.__context__
    text = str(error).lower()
    return text if "alert" in text or "certificate" in text else None


class Certificates:
    """Which certificate the SUT shows, the clients built with it, and the alerts about refused certificates."""

    def __init__(self, settings: dict[str, Any], defects: Defects) -> None:
        self.settings = settings
        self.defects = defects
        self.alerts: list[dict[str, Any]] = []
        self._first: str | None = None
        self._lock = threading.Lock()
        self._episodes: dict[str, str | None] = {}  # neighbour -> the refused certificate already alerted on the bus
        # Set by create(): the bus publishing path (Neighbours.publish), the clock, the count of waiting work.
        self.publish: Callable[..., Any] | None = None
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.backlog: Callable[[], int] = lambda: 0

    def in_use(self) -> str | None:
        """The certificate the next call presents: the configured one (the defect: the first one ever loaded)."""
        configured = self.settings.get("systemCertificate")
        with self._lock:
            self._first = self._first or configured
            return self.defects.certificate_presented(configured, self._first)

    def client(self, base: str, timeout: float) -> httpx.Client | None:
        """An httpx client presenting the system certificate to an https neighbour; None when none is configured."""
        certificate = self.in_use()
        if not certificate or not base.startswith("https://"):
            return None
        context = ssl.create_default_context(cafile=self.settings.get("serverCa"))
        context.load_cert_chain(certificate)
        return httpx.Client(base_url=base, verify=context, timeout=timeout, trust_env=False)

    def refused(self, neighbour: str, error: BaseException | None, status: int | None, document: Any) -> str | None:
        """The reason, when the neighbour refused the certificate (a failed handshake or `certificate-expired`), after
        raising the alert; None for any other outcome."""
        reason = tls_reason(error) if error is not None else None
        if reason is None and status == 403 and isinstance(document, dict) and document.get("type") == EXPIRED:
            reason = str(document.get("detail") or "certificate expired")
        if reason is None:
            return None
        certificate = self.in_use()
        with self._lock:
            self.alerts.append({"neighbour": neighbour, "certificate": certificate, "reason": reason})
            del self.alerts[:-KEPT_ALERTS]
        return reason

    def alert_bus(self, neighbour: str, reason: str) -> None:
        """Publish the refusal on the Servicebus once per episode (see the module docstring): the integration, the
        neighbour, the reason in words, the generation presented, when and how much work waits — nobody's CPR."""
        certificate = self.in_use()
        with self._lock:
            if neighbour in self._episodes and self._episodes[neighbour] == certificate:
                return  # this certificate's refusal is already known: a retry, not news
            self._episodes[neighbour] = certificate
        generation = generation_of(certificate)
        payload = {
            "system": "sygesikring",
            "integration": INTEGRATION,
            "neighbour": neighbour,
            "reason": alert_reason(reason, generation),
            "certificateGeneration": generation,
            "raisedAt": self.now().astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "queuedWork": max(0, int(self.backlog())),
        }
        if self.publish is not None:
            self.publish(ALERT_TOPIC, payload, key=f"{INTEGRATION}.{neighbour}")

    def accepted(self, neighbour: str) -> None:
        """The neighbour answered over the certificate: the refusal episode, if there was one, is over."""
        if neighbour in self._episodes:
            with self._lock:
                self._episodes.pop(neighbour, None)

    def reset(self) -> None:
        """A reset SUT starts without open episodes (the admin state's alerts stay, as they always have)."""
        with self._lock:
            self._episodes.clear()


def alert_reason(reason: str, generation: str) -> str:
    """The alert's reason: a known generation from an untrusted issuer is the wrong generation (OCES2 after the
    switch), any other untrusted issuer an unknown one."""
    for words, code in REASONS:
        if words in reason:
            return "wrong-generation" if code == "unknown-issuer" and generation != "unknown" else code
    return "refused"


def generation_of(certificate: str | None) -> str:
    """OCES2 or OCES3 by the system certificate's issuer (TRUST2408 / Den Danske Stat); `unknown` otherwise."""
    if not certificate:
        return "unknown"
    try:
        issuer = x509.load_pem_x509_certificates(Path(certificate).read_bytes())[0].issuer.rfc4514_string().lower()
    except (OSError, ValueError, IndexError):
        return "unknown"
    return next((gen for words, gen in ISSUERS.items() if words in issuer), "unknown")
