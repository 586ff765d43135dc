"""A test PKI with two certificate generations, for the OCES2 -> OCES3 rollover scenarios (issue 17).

Why: on 31 October 2023 Serviceplatformen stopped trusting OCES2 system certificates for OCES3 ("Den Danske Stat"),
and integrations broke (DOMAIN.md, "Security context"). To rehearse that, the harness needs two CA hierarchies that
look like the real ones in shape — a root, an intermediate, system certificates issued by it — a certificate
revocation list (CRL) per intermediate that the simulators consult, and system certificates with an expiry in
*virtual* time. Nothing here is a real certificate, key or CA: every name says "golive test".

`TestHierarchy.make(directory)` writes, per generation: root and intermediate (`<gen>-ca.pem`: the root, the trust
anchor) and an empty CRL (`<gen>-crl.pem`); a server certificate for 127.0.0.1 from a CA of its own (`server.pem`,
`server-ca.pem`). `issue(...)` writes a system certificate (key and chain, the form httpx and curl take) of a
generation, valid until a virtual date; `revoke(...)` puts one on its intermediate's CRL. A stranger CA ("wrong
chain") is one more hierarchy nobody trusts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path
from typing import ClassVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

OCES2, OCES3, STRANGER = "oces2", "oces3", "stranger"
GENERATIONS = (OCES2, OCES3)  # what a simulator may be told to trust
ISSUERS = {  # [design] how the synthetic hierarchies are named (a CN is at most 64 characters), shaped on the real ones
    OCES2: "golive test TRUST2408 OCES (OCES2-like)",
    OCES3: "golive test Den Danske Stat OCES (OCES3-like)",
    STRANGER: "golive test unknown issuer",
}
WALL_VALIDITY = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))  # CAs: valid across any test


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "golive test (not for production)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _pem(*items: x509.Certificate | ec.EllipticCurvePrivateKey) -> bytes:
    out = b""
    for item in items:
        if isinstance(item, x509.Certificate):
            out += item.public_bytes(serialization.Encoding.PEM)
        else:
            out += item.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
    return out


@dataclass
class Ca:
    """One CA: its certificate and key."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @classmethod
    def root(cls, common: str) -> Ca:
        key = _key()
        name = _name(f"{common} root")
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(WALL_VALIDITY[0])
            .not_valid_after(WALL_VALIDITY[1])
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .sign(key, hashes.SHA256())
        )
        return cls(cert, key)

    def issue(
        self,
        common: str,
        *,
        ca: bool = False,
        until: datetime = WALL_VALIDITY[1],
        client: bool = False,
        ip: str | None = None,
    ) -> Ca:
        key = _key()
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(common))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(WALL_VALIDITY[0])
            .not_valid_after(until)
            .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        )
        if ca:
            builder = builder.add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
            )
        else:
            usage = x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH if client else x509.oid.ExtendedKeyUsageOID.SERVER_AUTH
            builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
        if ip:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(IPv4Address(ip)), x509.DNSName("localhost")]),
                critical=False,
            )
        return Ca(builder.sign(self.key, hashes.SHA256()), key)

    def crl(self, revoked: list[int]) -> bytes:
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.cert.subject)
            .last_update(WALL_VALIDITY[0])
            .next_update(WALL_VALIDITY[1])
        )
        for serial in revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(WALL_VALIDITY[0]).build()
            )
        return builder.sign(self.key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


@dataclass
class Generation:
    root: Ca
    intermediate: Ca
    revoked: list[int] = field(default_factory=list)


@dataclass
class TestHierarchy:
    """The test PKI on disk: two generations (and a stranger), a server certificate, and the files' paths."""

    __test__: ClassVar[bool] = False  # a PKI, not a pytest test class

    directory: Path
    generations: dict[str, Generation]
    issued: int = 0

    @classmethod
    def make(cls, directory: Path) -> TestHierarchy:
        directory.mkdir(parents=True, exist_ok=True)
        generations = {}
        for gen in (*GENERATIONS, STRANGER):
            root = Ca.root(ISSUERS[gen])
            generations[gen] = Generation(root, root.issue(f"{ISSUERS[gen]} intermediate", ca=True))
        pki = cls(directory, generations)
        server_ca = Ca.root("golive test TLS server CA")
        server = server_ca.issue("127.0.0.1", ip="127.0.0.1")
        (directory / "server-ca.pem").write_bytes(_pem(server_ca.cert))
        (directory / "server.pem").write_bytes(_pem(server.key, server.cert))
        for gen in generations:
            (directory / f"{gen}-ca.pem").write_bytes(_pem(generations[gen].root.cert))
            pki._write_crl(gen)
        return pki

    def ca_file(self, generation: str) -> Path:
        return self.directory / f"{generation}-ca.pem"

    def crl_file(self, generation: str) -> Path:
        return self.directory / f"{generation}-crl.pem"

    @property
    def server(self) -> Path:
        return self.directory / "server.pem"

    @property
    def server_ca(self) -> Path:
        return self.directory / "server-ca.pem"

    def issue(self, generation: str, until: datetime, holder: str = "sygesikring") -> Path:
        """A system certificate of the generation, valid until `until` (virtual time), as key + chain PEM."""
        gen = self.generations[generation]
        self.issued += 1
        cert = gen.intermediate.issue(f"{holder} system certificate {self.issued}", until=until, client=True)
        path = self.directory / f"system-{self.issued}-{generation}.pem"
        path.write_bytes(_pem(cert.key, cert.cert, gen.intermediate.cert))
        return path

    def revoke(self, certificate: Path) -> None:
        """Put the system certificate on its issuer's CRL (spærret)."""
        cert = x509.load_pem_x509_certificates(certificate.read_bytes())[0]
        for name, gen in self.generations.items():
            if cert.issuer == gen.intermediate.cert.subject:
                gen.revoked.append(cert.serial_number)
                self._write_crl(name)

    def _write_crl(self, generation: str) -> None:
        gen = self.generations[generation]
        self.crl_file(generation).write_bytes(gen.intermediate.crl(gen.revoked))


def far_future() -> datetime:
    return datetime(2099, 12, 31, tzinfo=UTC)


def days_after(moment: datetime, days: int) -> datetime:
    return moment + timedelta(days=days)
