"""Simulators can require mutual TLS with a test CA, as Serviceplatformen requires OCES3 system certificates."""

from __future__ import annotations

import ssl

import httpx
import pytest

from golive.serve import loopback_world
from golive.tls import test_pki


@pytest.fixture(scope="module")
def mtls_luna(tmp_path_factory):
    pki = test_pki(tmp_path_factory.mktemp("pki"))
    servers = loopback_world(seed=0, auto_ports=True, systems=["luna"], tls=pki).start()
    yield pki, servers.urls()["luna"]
    servers.stop()


def context(pki, client_cert=None) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(pki.ca))
    if client_cert:
        ctx.load_cert_chain(str(client_cert))
    return ctx


def test_client_with_a_certificate_from_the_test_ca_is_served(mtls_luna):
    pki, url = mtls_luna
    assert url.startswith("https://")
    response = httpx.get(f"{url}/__admin/health", verify=context(pki, pki.client))
    assert response.status_code == 200


def test_client_without_a_certificate_is_refused(mtls_luna):
    pki, url = mtls_luna
    with pytest.raises((httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError)):
        httpx.get(f"{url}/__admin/health", verify=context(pki))


def test_client_with_a_certificate_from_another_ca_is_refused(mtls_luna, tmp_path):
    pki, url = mtls_luna
    stranger = test_pki(tmp_path / "other")
    with pytest.raises((httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError)):
        httpx.get(f"{url}/__admin/health", verify=context(pki, stranger.client))
