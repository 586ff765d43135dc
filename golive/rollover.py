"""The OCES2 -> OCES3 certificate rollover, as a scenario sees it (issue 17): Serviceplatformen in front of Luna,
trusting certificate generations by virtual date, and the SUT's system certificate (systemcertifikat).

Why: on 31 October 2023 Serviceplatformen switched from OCES2 to OCES3 and the integration broke; no new municipality
could be set up until it was fixed (DOMAIN.md, "Security context"). These helpers put a real TLS front
(simulators/core/tls_gateway.py) on loopback before the world's Luna — [design] in golive, Serviceplatformen fronts
Luna, the neighbour whose work the SUT must queue — point the SUT at it (its settings: `lunaBaseUrl`, `serverCa`,
`systemCertificate`) and make the certificates (golive/pki.py). The harness's own calls still reach Luna in-process:
only the SUT meets the platform. In-process worlds only: the gateway needs the world's Luna and clock at hand.
"""

from __future__ import annotations

import tempfile
import weakref
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from golive.blame import SUT, observing
from golive.drivers.sut import ALERT_TOPIC
from golive.pki import GENERATIONS, OCES2, STRANGER, TestHierarchy, far_future
from simulators.core.tls_gateway import TlsGateway, TrustSchedule

LUNA = "luna"
FRONTED = LUNA  # [design] the neighbour Serviceplatformen fronts in the rollover scenarios
REASONS = {  # what a refusal says, by OpenSSL's words and the gateway's -> the words a feature file uses
    "unknown ca": "ukendt udsteder",
    "unable to get local issuer certificate": "ukendt udsteder",
    "certificate revoked": "spærret",
    "certificate expired": "udløbet",
}
ALERT_REASONS = {  # the bus alert's reason (servicebus.asyncapi.yaml, IntegrationAlertPayload) -> a feature's words
    "unknown-issuer": "ukendt udsteder",
    "wrong-generation": "ukendt udsteder",  # the platform's words for a generation it does not trust that day
    "revoked": "spærret",
    "expired": "udløbet",
}
GENERATION_NAMES = {OCES2: "OCES2", "oces3": "OCES3", STRANGER: "unknown"}  # pki's names -> the alert's


@dataclass
class Platform:
    """One scenario's Serviceplatformen: the PKI, the trust schedule, the gateway, the SUT's certificate now."""

    pki: TestHierarchy
    schedule: TrustSchedule
    gateway: TlsGateway
    keep: Any  # the temporary directory the PKI lives in, removed with the platform
    certificate: Path | None = None
    generation: str = OCES2
    issued: list[Path] = field(default_factory=list)
    shut: Any = None  # closes the gateway and removes the PKI (once; also when the scenario is collected)


def platform(context: Any) -> Platform:
    """The scenario's Serviceplatformen, made on first use: OCES2 trusted until told otherwise."""
    found = getattr(context, "serviceplatform", None)
    if found is not None:
        return found
    world = getattr(context, "world", None)
    if world is None or not hasattr(world, "simulators") or FRONTED not in world.simulators:
        import pytest

        pytest.skip("the rollover scenarios need an in-process world (its Luna and clock, to put a TLS front on)")
    keep = tempfile.TemporaryDirectory(prefix="golive-pki-")
    pki = TestHierarchy.make(Path(keep.name))
    schedule = TrustSchedule(frozenset({OCES2}))
    gateway = TlsGateway(world[FRONTED], world.clock, schedule, pki.ca_file, pki.crl_file, pki.server).start()
    found = Platform(pki, schedule, gateway, keep)
    context.serviceplatform = found
    world.fronts = {**getattr(world, "fronts", {}), gateway.url: FRONTED}  # its calls are Luna's (golive/exchanges.py)
    found.shut = weakref.finalize(context, _shut, gateway, keep)  # runs once: at Scenario.close, else when it is gone
    getattr(context, "closing", []).append(found.shut)
    context.sut.admin.update_settings({"lunaBaseUrl": gateway.url, "serverCa": str(pki.server_ca)})
    present(context, OCES2)
    return found


def _shut(gateway: TlsGateway, keep: Any) -> None:
    gateway.close()
    keep.cleanup()


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


# -- what the platform and the SUT are given ---------------------------------------------------------------------
def switch_to(context: Any, generation: str, on: date) -> None:
    """From `on` the platform trusts only `generation` (before it, what it trusted already)."""
    platform(context).schedule.switch(_midnight(on), frozenset({generation}))


def overlap_from(context: Any, on: date) -> None:
    """From `on` the platform trusts both generations (until a later switch says otherwise)."""
    platform(context).schedule.switch(_midnight(on), frozenset(GENERATIONS))


def present(context: Any, generation: str, until: date | None = None) -> None:
    """The SUT is given a system certificate of `generation` (a renewal, when it had one), valid until `until`."""
    p = platform(context)
    expiry = _midnight(until) if until is not None else far_future()
    p.certificate = p.pki.issue(generation, expiry)
    p.generation = generation
    p.issued.append(p.certificate)
    context.sut.admin.update_settings({"systemCertificate": str(p.certificate)})


def expires(context: Any, on: date) -> None:
    """The SUT's system certificate (of its generation) is valid until `on` only."""
    present(context, platform(context).generation, until=on)


def revoke(context: Any) -> None:
    """The SUT's system certificate is put on its issuer's CRL (spærret)."""
    p = platform(context)
    assert p.certificate is not None
    p.pki.revoke(p.certificate)


def unknown_issuer(context: Any) -> None:
    """The SUT is given a system certificate from a CA the platform never trusts (the wrong chain)."""
    present(context, STRANGER)


# -- what must have happened --------------------------------------------------------------------------------------
def expect_refused(context: Any, words: str) -> None:
    """The platform refused the SUT's certificate for this reason, and the SUT said so loudly (an alert with it)."""
    context.settle()
    p = platform(context)
    seen = [_in_words(r.reason) for r in p.gateway.refusals]
    with observing(FRONTED):
        assert words in seen, (
            f"Serviceplatformen refused the SUT's system certificate {len(seen)} time(s), "
            f"never as '{words}': {sorted(set(seen)) or 'it refused nothing'}"
        )
    state = context.sut.admin.state() or {}
    alerts = [a.get("reason", "") for a in state.get("certificateAlerts", [])]
    with observing(SUT):
        assert any(_in_words(a) == words for a in alerts), (
            f"the SUT raised no alert about its refused system certificate ('{words}'); its alerts: {alerts or 'none'}"
        )


def expect_accepted(context: Any) -> None:
    """The platform refused none of the SUT's connections."""
    context.settle()
    refusals = [r.reason for r in platform(context).gateway.refusals]
    with observing(FRONTED):
        assert not refusals, f"Serviceplatformen refused the SUT's system certificate: {refusals}"


def alerts(context: Any) -> list[dict]:
    """The SUT's integration alerts on the Servicebus in this scenario (its correlation id), oldest first."""
    return context.bus.messages(topic=ALERT_TOPIC, correlation_id=context.correlation_id, strict=True)


def expect_alerted(context: Any) -> None:
    """The SUT published exactly one alert on the Servicebus about its refused certificate (one per episode, not one
    per retry): Serviceplatformen, the fronted neighbour, a reason the platform gave and the generation it presented
    (the work waiting is counted as it was then: nothing yet, when a read met the refusal first). The alert goes out
    through the SUT's outbox: it is awaited, then counted once all has settled."""
    p = platform(context)
    with observing(SUT):
        context.waits.until(lambda: alerts(context) or None, what=f"an alert on {ALERT_TOPIC}")
        context.settle()
        found = [m["payload"] for m in alerts(context)]
        assert len(found) == 1, (
            f"the SUT published {len(found)} alerts on {ALERT_TOPIC} about one refused certificate, expected 1 "
            f"(one per refusal episode, not one per retry): {found}"
        )
        alert, seen = found[0], {_in_words(r.reason) for r in p.gateway.refusals}
        expected = {"integration": "serviceplatformen", "neighbour": FRONTED}
        expected["certificateGeneration"] = GENERATION_NAMES.get(p.generation, p.generation)
        wrong = {k: (alert.get(k), v) for k, v in expected.items() if alert.get(k) != v}
        assert not wrong, f"the SUT's alert on {ALERT_TOPIC} says (found, expected): {wrong}"
        assert ALERT_REASONS.get(alert.get("reason", "")) in seen, (
            f"the SUT's alert gives the reason '{alert.get('reason')}'; Serviceplatformen refused it as {sorted(seen)}"
        )


def expect_no_alert(context: Any) -> None:
    """The SUT published no alert about its system certificate in this scenario."""
    context.settle()
    found = [m["payload"] for m in alerts(context)]
    with observing(SUT):
        assert not found, f"the SUT published {len(found)} alert(s) on {ALERT_TOPIC} with nothing refused: {found}"


def _in_words(reason: str) -> str:
    for known, words in REASONS.items():
        if known in reason:
            return words
    return reason
