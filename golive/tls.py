"""A throw-away test PKI so simulators can require mutual TLS, as Serviceplatformen requires OCES3 certificates.

`test_pki(directory)` writes a test CA, a server certificate for 127.0.0.1/localhost and a client
certificate signed by the CA (trustme makes them), and returns the uvicorn settings that make a server
demand a client certificate from that CA. Nothing here is a real certificate or key.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar


@dataclass(frozen=True)
class TestPki:
    __test__: ClassVar[bool] = False  # a record of files, not a pytest test class

    ca: Path  # the CA certificate clients and servers trust
    server: Path  # server certificate + key (PEM)
    client: Path  # client certificate + key (PEM), for --cert in curl or httpx's cert=

    def uvicorn_settings(self) -> dict[str, object]:
        return {
            "ssl_certfile": str(self.server),
            "ssl_ca_certs": str(self.ca),
            "ssl_cert_reqs": ssl.CERT_REQUIRED,
        }


def test_pki(directory: Path, client_name: str = "golive-test-client") -> TestPki:
    import trustme

    directory.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="golive test CA (not for production)")
    server = ca.issue_cert("127.0.0.1", "localhost")
    client = ca.issue_cert(f"{client_name}@golive.test")
    paths = TestPki(directory / "ca.pem", directory / "server.pem", directory / "client.pem")
    ca.cert_pem.write_to_path(str(paths.ca))
    server.private_key_and_cert_chain_pem.write_to_path(str(paths.server))
    client.private_key_and_cert_chain_pem.write_to_path(str(paths.client))
    return paths


test_pki.__test__ = False  # type: ignore[attr-defined]  # a factory, not a pytest test (pytest reads __test__)
