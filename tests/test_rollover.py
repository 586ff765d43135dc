"""The OCES2 -> OCES3 rollover over real TLS on loopback (issue 17): Serviceplatformen's gateway trusts certificate
generations by *virtual* date, and a certificate of the wrong generation, a revoked one or one from an unknown issuer
fails the real handshake, with the reason in words on both sides; an expired one (virtual time) is refused with a
problem the SUT reads as a certificate refusal."""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from golive.pki import OCES2, OCES3, STRANGER, TestHierarchy, far_future
from simulators.core.tls_gateway import TlsGateway, TrustSchedule
from simulators.sygesikring.certificates import tls_reason
from simulators.world import World

SWITCH = datetime(2023, 10, 31, tzinfo=UTC)


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> TestHierarchy:
    return TestHierarchy.make(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def luna_behind_the_platform(pki) -> Iterator[tuple[World, TlsGateway]]:
    with World(seed=1) as world:
        schedule = TrustSchedule(frozenset({OCES2}), [(SWITCH, frozenset({OCES3}))])
        gateway = TlsGateway(world["luna"], world.clock, schedule, pki.ca_file, pki.crl_file, pki.server).start()
        try:
            yield world, gateway
        finally:
            gateway.close()


def call(gateway: TlsGateway, pki: TestHierarchy, certificate) -> httpx.Response:
    context = ssl.create_default_context(cafile=str(pki.server_ca))
    context.load_cert_chain(str(certificate))
    with httpx.Client(verify=context, timeout=5.0, trust_env=False) as client:
        return client.get(f"{gateway.url}/practices/012345")


def refusals(gateway: TlsGateway) -> list[str]:
    """The gateway's refusals; the client may hear the alert a moment before the gateway's thread has noted it."""
    deadline = time.monotonic() + 2.0
    while not gateway.refusals and time.monotonic() < deadline:
        time.sleep(0.01)  # a poll with a deadline, for the gateway's thread
    return [r.reason for r in gateway.refusals]


def test_before_the_switch_an_oces2_certificate_is_served(pki, luna_behind_the_platform):
    world, gateway = luna_behind_the_platform
    world.clock.set(datetime(2023, 10, 30, 12, tzinfo=UTC))
    assert call(gateway, pki, pki.issue(OCES2, far_future())).status_code == 404  # served: Luna knows no such practice
    assert gateway.refusals == []


def test_after_the_switch_the_handshake_fails_for_oces2_with_the_reason_on_both_sides(pki, luna_behind_the_platform):
    world, gateway = luna_behind_the_platform
    world.clock.set(datetime(2023, 11, 1, 12, tzinfo=UTC))
    with pytest.raises(httpx.HTTPError) as caught:
        call(gateway, pki, pki.issue(OCES2, far_future()))
    assert tls_reason(caught.value) == "unknown ca", caught.value
    assert refusals(gateway) == ["unable to get local issuer certificate"]
    assert call(gateway, pki, pki.issue(OCES3, far_future())).status_code == 404  # the new generation is served


def test_a_certificate_from_an_unknown_issuer_never_passes_the_handshake(pki, luna_behind_the_platform):
    world, gateway = luna_behind_the_platform
    world.clock.set(datetime(2023, 10, 30, 12, tzinfo=UTC))
    with pytest.raises(httpx.HTTPError) as caught:
        call(gateway, pki, pki.issue(STRANGER, far_future()))
    assert tls_reason(caught.value) == "unknown ca"


def test_a_revoked_certificate_fails_the_handshake_as_revoked(pki, luna_behind_the_platform):
    world, gateway = luna_behind_the_platform
    world.clock.set(datetime(2023, 11, 1, 12, tzinfo=UTC))
    certificate = pki.issue(OCES3, far_future())
    pki.revoke(certificate)
    with pytest.raises(httpx.HTTPError) as caught:
        call(gateway, pki, certificate)
    assert tls_reason(caught.value) == "certificate revoked"
    assert refusals(gateway) == ["certificate revoked"]


def test_a_certificate_past_its_expiry_in_virtual_time_is_refused_with_a_problem(pki, luna_behind_the_platform):
    world, gateway = luna_behind_the_platform
    world.clock.set(datetime(2024, 3, 1, 12, tzinfo=UTC))
    response = call(gateway, pki, pki.issue(OCES3, datetime(2024, 2, 29, tzinfo=UTC)))
    assert response.status_code == 403
    assert response.json()["type"] == "urn:golive:problem:certificate-expired"
    assert [r.reason for r in gateway.refusals] == ["certificate expired 2024-02-29"]
