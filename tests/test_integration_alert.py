"""The reference SUT's integration alert on the Servicebus (issue 17): when Serviceplatformen refuses its system
certificate it publishes `sygesikring.integration-alert` once per refusal episode — not once per retry — through its
normal publishing path; the defect `tls-error-drops-work` raises none. Over real TLS on loopback (test_rollover.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from golive.pki import OCES2, OCES3, STRANGER, TestHierarchy, far_future
from simulators.core.tls_gateway import TlsGateway, TrustSchedule
from simulators.servicebus.topics import load_topics
from simulators.sygesikring.certificates import ALERT_TOPIC, alert_reason, generation_of
from simulators.sygesikring.ports import Unavailable
from simulators.world import World

SWITCH = datetime(2023, 10, 31, tzinfo=UTC)


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> TestHierarchy:
    return TestHierarchy.make(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def platform(pki) -> Iterator[tuple[World, TlsGateway]]:
    with World(seed=1, reference_sut=True) as world:
        schedule = TrustSchedule(frozenset({OCES2}), [(SWITCH, frozenset({OCES3}))])
        gateway = TlsGateway(world["luna"], world.clock, schedule, pki.ca_file, pki.crl_file, pki.server).start()
        world["sygesikring"].settings.update({"lunaBaseUrl": gateway.url, "serverCa": str(pki.server_ca)})
        world.clock.set(datetime(2023, 11, 1, 12, tzinfo=UTC))
        try:
            yield world, gateway
        finally:
            gateway.close()


def present(world: World, certificate) -> None:
    world["sygesikring"].settings["systemCertificate"] = str(certificate)


def read_luna(world: World) -> str:
    """One read of Luna by the SUT: 'answered', 'unavailable' (queued-work behaviour) or 'refused' (the defect)."""
    try:
        found = world["sygesikring"].model.neighbours.practice("012345")
    except Unavailable:
        return "unavailable"
    return "answered" if found is None else "found"


def alerts(world: World) -> list[dict]:
    world.settle()
    return [m["payload"] for m in world["servicebus"].model.messages(topic=ALERT_TOPIC)]


def test_the_topic_is_a_channel_of_the_contract_and_the_example_fits():
    topic = load_topics()[ALERT_TOPIC]
    payloads = [example["payload"] for example in topic.examples]
    assert payloads and all(not topic.violations(payload) for payload in payloads)
    assert topic.violations({**payloads[0], "cpr": "0101804321"}), "an alert must never carry a CPR number"


def test_generation_and_reason_in_business_words(pki):
    assert generation_of(str(pki.issue(OCES2, far_future()))) == "OCES2"
    assert generation_of(str(pki.issue(OCES3, far_future()))) == "OCES3"
    assert generation_of(str(pki.issue(STRANGER, far_future()))) == "unknown"
    assert alert_reason("unknown ca", "OCES2") == "wrong-generation"
    assert alert_reason("unknown ca", "unknown") == "unknown-issuer"
    assert alert_reason("certificate revoked", "OCES3") == "revoked"
    assert alert_reason("certificate expired 2024-02-29", "OCES3") == "expired"
    assert alert_reason("handshake failure", "OCES3") == "refused"


def test_one_alert_per_episode_not_per_retry(pki, platform):
    world, _ = platform
    present(world, pki.issue(OCES2, far_future()))
    assert [read_luna(world) for _ in range(3)] == ["unavailable"] * 3
    found = alerts(world)
    assert len(found) == 1, found
    assert found[0] | {"raisedAt": "x", "queuedWork": 0} == {
        "system": "sygesikring",
        "integration": "serviceplatformen",
        "neighbour": "luna",
        "reason": "wrong-generation",
        "certificateGeneration": "OCES2",
        "raisedAt": "x",
        "queuedWork": 0,
    }
    assert found[0]["raisedAt"].startswith("2023-11-01T12:")  # virtual time

    present(world, pki.issue(STRANGER, far_future()))  # a renewal, refused anew: a new episode
    assert read_luna(world) == "unavailable"
    assert [a["reason"] for a in alerts(world)] == ["wrong-generation", "unknown-issuer"]

    present(world, pki.issue(OCES3, far_future()))  # renewed properly: answered, no alert
    assert read_luna(world) == "answered"
    assert len(alerts(world)) == 2


def test_the_defect_that_drops_work_raises_no_bus_alert(pki, platform):
    world, _ = platform
    world["sygesikring"].settings["defects"] = ["tls-error-drops-work"]
    world["sygesikring"].model.defects.set(["tls-error-drops-work"])
    present(world, pki.issue(OCES2, far_future()))
    assert read_luna(world) == "answered"  # the refused handshake taken as the neighbour's answer
    assert alerts(world) == []
