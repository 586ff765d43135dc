"""The system-certificate faults the explorer puts under a business action: Serviceplatformen refuses the SUT's
certificate (issue 17, the OCES2 -> OCES3 switch), then the SUT is given a good one.

Why here and in this shape: the rollover scenarios (features/certifikater/oces3.feature) check one choice across one
refusal. The explorer puts a refusal under any action and asks the same oracle as without one, because a refused
certificate is Luna being unreachable for the SUT, not the citizen's refusal: while it lasts the SUT may answer
`pending`, and once a good certificate is presented every neighbour must hold what the oracle predicts (the choice
registered once, the receipt sent). A SUT that drops the work, or keeps presenting the refused certificate, leaves
Luna short of a registration the oracle predicted.

The platform is real TLS on loopback (golive/rollover.py, simulators/core/tls_gateway.py), made in the example that
first draws a certificate fault (in-process worlds only). Whether the SUT's certificate is refused *now* is the
harness's own knowledge of what it gave the SUT (`refused_now`): the schedule's trusted generations, the CRL, the
expiry in virtual time — never the SUT's word. Each fault is written as the catalogued Danish certificate steps
(features/steps/certifikater.py), so a finding written back replays the same refusal and renewal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from cryptography import x509

from golive import rollover
from golive.explore.faults import WINDOW_MINUTES
from golive.pki import OCES2, OCES3, STRANGER

NEW_GENERATION = OCES3  # what the platform trusts from the switch on, and what the SUT is renewed with
NAMES = {OCES2: "OCES2", OCES3: "OCES3"}  # the steps' words for a generation


@dataclass(frozen=True)
class CertificateFault:
    steps: Callable[[date], list[str]]  # the Danish Given-steps that put it, on this day
    put: Callable[[Any, date], None]  # what those steps do (the Scenario, today)


def _switch(today: date) -> str:
    return f"at Serviceplatformen skifter til {NAMES[NEW_GENERATION]} den {today.isoformat()}"


PRESENT_NEW = f"at sygesikringen bruger et {NAMES[NEW_GENERATION]}-systemcertifikat"


def _old_generation(s: Any, today: date) -> None:
    rollover.switch_to(s, NEW_GENERATION, today)
    rollover.present(s, OCES2)


def _revoked(s: Any, today: date) -> None:
    rollover.switch_to(s, NEW_GENERATION, today)
    rollover.present(s, NEW_GENERATION)
    rollover.revoke(s)


def _expired(s: Any, today: date) -> None:
    rollover.switch_to(s, NEW_GENERATION, today)
    rollover.present(s, NEW_GENERATION)
    rollover.expires(s, today - timedelta(days=1))


def _unknown_issuer(s: Any, today: date) -> None:
    rollover.switch_to(s, NEW_GENERATION, today)
    rollover.unknown_issuer(s)


FAULTS: dict[str, CertificateFault] = {
    "certificate-old-generation": CertificateFault(  # the go-live stopper: OCES2 after the switch
        lambda today: [_switch(today), f"at sygesikringen bruger et {NAMES[OCES2]}-systemcertifikat"], _old_generation
    ),
    "certificate-revoked": CertificateFault(
        lambda today: [_switch(today), PRESENT_NEW, "at sygesikringens systemcertifikat er spærret"], _revoked
    ),
    "certificate-expired": CertificateFault(
        lambda today: [
            _switch(today),
            PRESENT_NEW,
            f"at sygesikringens systemcertifikat udløber {(today - timedelta(days=1)).isoformat()}",
        ],
        _expired,
    ),
    "certificate-unknown-issuer": CertificateFault(
        lambda today: [_switch(today), "at sygesikringen bruger et systemcertifikat fra en ukendt udsteder"],
        _unknown_issuer,
    ),
}
KINDS = tuple(FAULTS)

# The steps that end a refusal: a good certificate, and time for the SUT's sweep to send what it queued.
HEAL_STEPS = (
    f"sygesikringen får et nyt {NAMES[NEW_GENERATION]}-systemcertifikat",
    f"der går {WINDOW_MINUTES} minutter",
)


def heal(scenario: Any) -> None:
    """What HEAL_STEPS do."""
    rollover.present(scenario, NEW_GENERATION)
    scenario.advance_minutes(WINDOW_MINUTES)


def refused_now(scenario: Any) -> bool:
    """Would Serviceplatformen refuse the certificate the harness last gave the SUT, now? Decided from the harness's
    own records (the trust schedule, the revocation list, the expiry on virtual time), as the gateway's handshake
    decides it; False when the scenario has no platform."""
    platform = getattr(scenario, "serviceplatform", None)
    if platform is None or platform.certificate is None:
        return False
    now = scenario.world.clock.now()
    if platform.generation == STRANGER or platform.generation not in platform.schedule.trusted_at(now):
        return True
    cert = x509.load_pem_x509_certificates(platform.certificate.read_bytes())[0]
    if cert.serial_number in platform.pki.generations[platform.generation].revoked:
        return True
    return bool(cert.not_valid_after_utc < now)
