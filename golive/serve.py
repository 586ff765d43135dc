"""Serve a world's simulators over loopback: one uvicorn server per simulator, each in its own thread.

Each server has its own event loop, so a simulator that calls another synchronously (the reference
SUT calling Luna) never blocks the one it calls. Servers bind 127.0.0.1 unless told otherwise. `Servers`
is a context manager: it returns when every simulator answers its health check, and stops them all
cleanly on exit (Ctrl-C included).
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
import uvicorn

from golive.config import DEFAULT_HOST, SIMULATOR_PORTS, SUT_PORT
from simulators.core.asgi import AsgiApp
from simulators.core.limits import ServerTimeouts
from simulators.core.protocol import guarded_protocol
from simulators.world import SUT, World

if TYPE_CHECKING:
    from golive.tls import TestPki

# [design] How long stopping waits for the servers' threads, all together. A server whose event loop is
# stuck (a hung simulator) never sees its exit flag: it is abandoned (a daemon thread, its port with it) so a
# hung simulator can never hold up the end of a scenario, a run or Ctrl-C for longer than this.
STOP_DEADLINE_S = 3.0


def free_port(host: str = DEFAULT_HOST) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def plan_ports(systems: Iterable[str], auto: bool, host: str = DEFAULT_HOST) -> dict[str, int]:
    """Fixed, documented ports for developers (`golive up`); free ones for runs that must not clash."""
    fixed = {**SIMULATOR_PORTS, SUT: SUT_PORT}
    return {name: free_port(host) if auto else fixed[name] for name in systems}


@dataclass
class Served:
    name: str
    url: str
    server: uvicorn.Server
    thread: threading.Thread


class Servers:
    def __init__(
        self,
        world: World,
        ports: dict[str, int],
        host: str = DEFAULT_HOST,
        tls: dict[str, Any] | None = None,
        log_level: str = "warning",
        timeouts: ServerTimeouts | None = None,
        threads: dict[str, int] | None = None,
    ) -> None:
        self.world = world
        self.threads = threads or {}  # simulator -> request threads (AsgiApp); none: one request at a time
        self.timeouts = timeouts or ServerTimeouts()
        self.log_level = log_level
        self.host = host
        self.ports = ports
        self.tls = tls or {}
        self.health_cert: str | None = None  # the client certificate health checks present under mTLS
        self.served: dict[str, Served] = {}

    def start(self, timeout_s: float = 10.0) -> Servers:
        for name, port in self.ports.items():
            config = uvicorn.Config(
                AsgiApp(self.world[name], self.timeouts, self.threads.get(name, 0)),
                host=self.host,
                port=port,
                log_level=self.log_level,
                access_log=False,
                lifespan="off",
                loop="uvloop",
                http=guarded_protocol(self.timeouts),  # httptools with a head deadline and a connection cap
                timeout_keep_alive=max(1, round(self.timeouts.keep_alive_s)),
                **self.tls,
            )
            server = uvicorn.Server(config)
            thread = threading.Thread(target=server.run, name=f"serve-{name}", daemon=True)
            thread.start()
            scheme = "https" if self.tls else "http"
            self.served[name] = Served(name, f"{scheme}://{self.host}:{port}", server, thread)
        self.wait_healthy(timeout_s)
        return self

    def wait_healthy(self, timeout_s: float) -> None:
        """Poll each simulator's /__admin/health until it answers 200, with one deadline for all."""
        deadline = time.monotonic() + timeout_s
        pending = dict(self.served)
        verify: ssl.SSLContext | bool = False
        if self.tls.get("ssl_ca_certs"):
            context = ssl.create_default_context(cafile=str(self.tls["ssl_ca_certs"]))
            if self.health_cert:
                context.load_cert_chain(self.health_cert)
            verify = context
        with httpx.Client(timeout=1.0, verify=verify) as client:
            while pending:
                for name, served in list(pending.items()):
                    if not served.thread.is_alive():
                        raise RuntimeError(f"{name} stopped while starting (port {self.ports[name]} in use?)")
                    try:
                        if client.get(f"{served.url}/__admin/health").status_code == 200:
                            del pending[name]
                    except httpx.HTTPError:
                        pass
                if pending and time.monotonic() > deadline:
                    raise TimeoutError(f"not healthy after {timeout_s}s: {', '.join(pending)}")
                if pending:
                    time.sleep(0.01)  # poll interval of a readiness loop that has a deadline

    def stop(self, deadline_s: float = STOP_DEADLINE_S) -> list[str]:
        """Stop every server and close the world; returns the names of servers that were hung and abandoned."""
        abandoned = self._stop(list(self.served), deadline_s)
        for served in self.served.values():  # a simulator served on request threads lets them go
            pool = getattr(served.server.config.app, "pool", None)
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
        self.world.close()
        return abandoned

    def stop_server(self, name: str, deadline_s: float = STOP_DEADLINE_S) -> bool:
        """Stop one simulator's server (its state stays in the world); False when it was hung and abandoned."""
        return not self._stop([name], deadline_s)

    def _stop(self, names: list[str], deadline_s: float) -> list[str]:
        for name in names:
            self.served[name].server.should_exit = True
        deadline = time.monotonic() + deadline_s
        for name in names:
            self.served[name].thread.join(timeout=max(0.0, deadline - time.monotonic()))
        return [name for name in names if self.served[name].thread.is_alive()]

    def urls(self) -> dict[str, str]:
        return {name: served.url for name, served in self.served.items()}

    def __enter__(self) -> Servers:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def loopback_world(
    seed: int,
    auto_ports: bool,
    host: str = DEFAULT_HOST,
    sut_url: str | None = None,
    systems: Iterable[str] | None = None,
    tls: TestPki | None = None,
    peers: dict[str, str] | None = None,
    public_host: str | None = None,
    log_level: str = "warning",
    reference_sut: bool = False,
    timeouts: ServerTimeouts | None = None,
    threads: dict[str, int] | None = None,
) -> Servers:
    """A world whose base URLs are its own servers, ready to `start()`.

    `public_host` is the name others reach this process by (a compose service name) when it differs from
    the bind address; `peers` are simulators served by other processes.
    """
    names = tuple(SIMULATOR_PORTS if systems is None else systems) + ((SUT,) if reference_sut else ())
    ports = plan_ports(names, auto_ports, host)
    scheme = "https" if tls else "http"
    reach = public_host or host
    world = World(
        seed=seed,
        base_urls={n: f"{scheme}://{reach}:{p}" for n, p in ports.items()},
        systems=names,
        sut_url=sut_url,
        peers=peers,
    )
    servers = Servers(world, ports, host, tls.uvicorn_settings() if tls else None, log_level, timeouts, threads)
    servers.health_cert = str(tls.client) if tls else None
    return servers


def timeouts_from(args: Any) -> ServerTimeouts:
    """The served simulators' client timeouts and connection cap from `golive up`'s flags (core/limits.py)."""
    from dataclasses import replace

    given = {
        "header_s": args.header_timeout,
        "body_s": args.body_timeout,
        "keep_alive_s": args.keep_alive,
        "max_connections": args.max_connections,
    }
    return replace(ServerTimeouts(), **{k: v for k, v in given.items() if v is not None})
