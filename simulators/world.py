"""A world: every simulator, sharing one virtual clock and one network, wired to each other.

Tests build a world in-process (no sockets); `golive up` builds the same world with loopback base URLs
and serves each simulator on its port. The wiring is the same either way: every publisher is pointed at
the Servicebus, E-flyt at the SUT. One class, so the three ways of running cannot drift apart.

What differs is who drives time (simulators/core/scheduler.py). In-process, one VirtualScheduler runs every
asynchronous thing of every simulator and the SUT on virtual time — no thread, no sleep — and the clock starts at a
fixed moment, so a world is a pure function of its seed: `settle()` is exact and `trace_digest()` is the same on
every run with that seed. Served, a RealTimeScheduler pumps the same events on wall time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import httpx
import orjson

from simulators import registry
from simulators.core import Network, Simulator, VirtualClock
from simulators.core import settings as kernel_settings
from simulators.core.environment import Environment
from simulators.core.scheduler import RealTimeScheduler, Scheduler, VirtualScheduler

SYSTEMS = registry.neighbours()  # the neighbours declared at import; the reference SUT joins with reference_sut=True
SUT = registry.sut().name


class World:
    def __init__(
        self,
        seed: int = 0,
        base_urls: dict[str, str] | None = None,
        systems: Iterable[str] | None = None,
        sut_url: str | None = None,
        allow_real_http: bool = True,
        peers: dict[str, str] | None = None,
        reference_sut: bool = False,
        virtual: bool | None = None,
    ) -> None:
        self.seed = seed
        # In-process (no base URLs to serve on) the world runs on virtual time unless told otherwise.
        self.virtual = base_urls is None if virtual is None else virtual
        self.scheduler: Scheduler = VirtualScheduler(seed) if self.virtual else RealTimeScheduler(seed)
        start = datetime.fromisoformat(kernel_settings.VIRTUAL_WORLD_START) if self.virtual else None
        self.clock = VirtualClock(start)
        self.clock.scheduler = self.scheduler
        self.network = Network(allow_real_http=allow_real_http, scheduler=self.scheduler)
        # The reference SUT is built last: it subscribes to the Servicebus as it starts.
        systems = registry.neighbours() if systems is None else tuple(systems)  # every neighbour declared now
        self.systems = tuple(n for n in systems if n != SUT) + ((SUT,) if reference_sut or SUT in systems else ())
        self.base_urls = {name: (base_urls or {}).get(name) or registry.in_process_url(name) for name in self.systems}
        self.sut_url = self.base_urls[SUT] if SUT in self.base_urls else sut_url
        # Systems served elsewhere (another container): reached over HTTP, never shadowed by a local copy.
        self.peers = dict(peers or {})
        self.simulators: dict[str, Simulator] = {}
        for name in self.systems:
            settings = self._wiring(name)
            env = Environment(clock=self.clock, network=self.network, seed=seed, settings=settings)
            simulator = registry.get(name).create(env)
            self.simulators[name] = simulator
            self.network.register(self.base_urls[name], simulator)

    def _wiring(self, name: str) -> dict[str, Any]:
        """Every simulator is told where everyone is; the kernel keeps only the keys its contract's Settings name."""
        urls = {**self.peers, **self.base_urls}
        settings: dict[str, Any] = {f"{other}BaseUrl": url for other, url in urls.items() if other != name}
        settings["selfBaseUrl"] = urls[name]
        if self.sut_url:
            settings["sutBaseUrl"] = self.sut_url
        return settings

    @property
    def sut(self) -> Simulator | None:
        """The reference SUT when this world runs it (None when the SUT is a vendor's, at sut_url)."""
        return self.simulators.get(SUT)

    def __getitem__(self, name: str) -> Simulator:
        return self.simulators[name]

    def client(self, name: str, **kwargs: Any) -> httpx.Client:
        """An httpx client for one simulator, in-process or over loopback as the world is built."""
        return self.network.client(self.base_urls[name], **kwargs)

    def reset(self) -> None:
        for simulator in self.simulators.values():
            simulator.reset()
        self.clock.reset()

    # -- time and trace --------------------------------------------------------------------------------
    def settle(self, until: Callable[[], bool] | None = None) -> bool:
        """Run the world until nothing is left to do (or `until()` holds); exact in a virtual world. Served, wait
        with a deadline for the pump to go idle. True when `until()` held (or none was given)."""
        scheduler = self.scheduler
        if isinstance(scheduler, VirtualScheduler):
            return scheduler.settle(until)
        assert isinstance(scheduler, RealTimeScheduler)
        scheduler.wait_idle()
        return until() if until is not None else True

    def trace_digest(self) -> str:
        """A hash over every journal of every simulator and the SUT, in order: same seed, same digest."""
        return trace_digest(self.simulators.values())

    def close(self) -> None:
        for simulator in self.simulators.values():
            simulator.close()
        self.network.close()

    def __enter__(self) -> World:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# A loopback port the operating system picked (the TLS gateway of the certificate scenarios listens on port 0): where
# a call went, not what the world did, so the digest reads it as a placeholder and a run's digest stays its seed's.
_PICKED_PORT = re.compile(rb"(https?://(?:127\.0\.0\.1|localhost|\[::1\])):\d+")


def trace_digest(simulators: Iterable[Simulator]) -> str:
    """sha256 over every journal entry of the given simulators, by simulator name and then journal order (a loopback
    URL's port read as a placeholder: the journal keeps it, the digest does not depend on it)."""
    digest = hashlib.sha256()
    for simulator in sorted(simulators, key=lambda s: s.name):
        for entry in simulator.journal.query():
            digest.update(_PICKED_PORT.sub(rb"\1:PORT", orjson.dumps(entry.as_dict(), option=orjson.OPT_SORT_KEYS)))
            digest.update(b"\n")
    return digest.hexdigest()


class RemoteWorld:
    """A world whose simulators and SUT run elsewhere (loopback servers, containers): the same face to a
    scenario as World (`client(name)`, `base_urls`, `network`, `sut_url`), every call over real HTTP.

    Used when a vendor's SUT is under test: it must reach the simulators over the network, so they cannot
    live in the test process.
    """

    def __init__(self, base_urls: dict[str, str], sut_url: str) -> None:
        self.base_urls = dict(base_urls)
        self.sut_url = sut_url
        self.network = Network(allow_real_http=True)  # nothing registered: every URL is a real one
        self.systems = tuple(self.base_urls)

    @property
    def sut(self) -> None:
        return None

    def client(self, name: str, **kwargs: Any) -> httpx.Client:
        return self.network.client(self.base_urls[name], **kwargs)

    def close(self) -> None:
        pass

    def __enter__(self) -> RemoteWorld:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
