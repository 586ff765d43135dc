"""The reference SUT's system certificate (systemcertifikat): the client certificate it shows Serviceplatformen.

Why its own module: on the OCES2 -> OCES3 switch (31 October 2023) the integration to Serviceplatformen broke, and
no new municipality could be set up until it was fixed (DOMAIN.md, "Security context"). What a careful SUT does, and
what the rollover scenarios hold it to: it presents the certificate its settings name (`systemCertificate`, a PEM of
key and chain; `serverCa`, the CA it checks the platform's server certificate against) and picks up a renewed one on
the next call; a refused certificate — a failed handshake ("unknown ca", "certificate revoked") or the platform's
`certificate-expired` problem — is loud (an alert with the reason in words, kept for `/__admin/state` and in the
journal's error) and is *not* the citizen's refusal: the call counts as unavailable, so the work is queued and sent
once the certificate is renewed. The two catalogue defects about it are the policy's certificate methods.
"""

from __future__ import annotations

import ssl
import threading
from typing import Any

import httpx

from .defects import Defects

EXPIRED = "urn:golive:problem:certificate-expired"
KEPT_ALERTS = 100


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
