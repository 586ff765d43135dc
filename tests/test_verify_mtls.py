"""`golive contracts verify` over mutual TLS, as a vendor's endpoint behind Serviceplatformen-style client
certificates: it passes with the right certificate and stops with exit code 2 and a sentence that says why
with a certificate from an unknown CA, an expired one, none at all, or a server certificate it cannot trust.

The test CA is built here with trustme (not golive.tls.test_pki) because an expired client certificate must be
signed by the very CA the server trusts: only then is "expired" the one thing wrong with it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from golive.cli import main
from golive.serve import loopback_world
from golive.tls import TestPki, test_pki

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    import trustme

    directory = tmp_path_factory.mktemp("pki")
    ca = trustme.CA(organization_name="golive test CA (not for production)")
    now = dt.datetime.now(dt.timezone.utc)
    issued = {
        "server.pem": ca.issue_cert("127.0.0.1", "localhost"),
        "client.pem": ca.issue_cert("vendor@golive.test"),
        "expired.pem": ca.issue_cert("old-vendor@golive.test", not_before=now - dt.timedelta(days=400),
                                     not_after=now - dt.timedelta(days=1)),
    }
    ca.cert_pem.write_to_path(str(directory / "ca.pem"))
    for name, cert in issued.items():
        cert.private_key_and_cert_chain_pem.write_to_path(str(directory / name))
    stranger = test_pki(directory / "stranger")  # another CA altogether
    return TestPki(directory / "ca.pem", directory / "server.pem", directory / "client.pem"), directory, stranger


@pytest.fixture(scope="module")
def cpr_url(pki):
    servers = loopback_world(seed=0, auto_ports=True, systems=["cpr"], tls=pki[0], log_level="error").start()
    yield servers.urls()["cpr"]
    servers.stop()


def verify(url, tmp_path, *tls_args) -> int:
    return main(["contracts", "verify", "cpr", "--base-url", url, "--max-examples", "3", "--seed", "5",
                 "--report-dir", str(tmp_path), "-q", *tls_args])


def test_the_right_client_certificate_is_verified_over_mutual_tls(pki, cpr_url, tmp_path, capsys):
    code = verify(cpr_url, tmp_path, "--cert", str(pki[0].client), "--ca-bundle", str(pki[0].ca))

    out = capsys.readouterr().out
    assert cpr_url.startswith("https://")
    assert code == 0, out[-3000:]
    assert "prepared golive simulator cpr" in out  # the admin API was reached over mTLS too


def test_a_certificate_from_an_unknown_ca_is_refused_clearly(pki, cpr_url, tmp_path, capsys):
    code = verify(cpr_url, tmp_path, "--cert", str(pki[2].client), "--ca-bundle", str(pki[0].ca))

    err = capsys.readouterr().err
    assert code == 2
    assert "refused the client certificate" in err and "unknown to the server" in err and "not a CA the server trusts" in err


def test_an_expired_certificate_is_refused_clearly(pki, cpr_url, tmp_path, capsys):
    code = verify(cpr_url, tmp_path, "--cert", str(pki[1] / "expired.pem"), "--ca-bundle", str(pki[0].ca))

    err = capsys.readouterr().err
    assert code == 2
    assert "refused the client certificate" in err and "it has expired" in err


def test_no_client_certificate_says_one_is_required(pki, cpr_url, tmp_path, capsys):
    code = verify(cpr_url, tmp_path, "--ca-bundle", str(pki[0].ca))

    assert code == 2
    assert "requires a client certificate" in capsys.readouterr().err


def test_an_untrusted_server_certificate_says_so(pki, cpr_url, tmp_path, capsys):
    code = verify(cpr_url, tmp_path, "--cert", str(pki[0].client))  # no --ca-bundle: the test CA is not trusted

    err = capsys.readouterr().err
    assert code == 2
    assert "server certificate" in err and "not trusted" in err


def test_a_refused_certificate_is_reported_in_junit_too(pki, cpr_url, tmp_path):
    import xml.etree.ElementTree as ET

    verify(cpr_url, tmp_path, "--cert", str(pki[1] / "expired.pem"), "--ca-bundle", str(pki[0].ca))

    error = ET.parse(tmp_path / "cpr.xml").getroot().find(".//error")
    assert error is not None and "it has expired" in error.text
