"""Every system golive knows, declared once: the neighbours it simulates and the system under test.

Why one registry (ARCHITECTURE.md principle 9): a system's name, the words a feature file uses for it, its port, its
contract and how to build it used to be written in ten places that no document listed. Everything that needs to
know the systems reads them from here — the world (which simulators to build and wire), `golive up` and `golive run`
(ports), the verdict per integration and failure messages (display names, the words a message names it by), the
Scenario and the fault steps (the words a test manager writes), `golive contracts verify` (contract names) and the
compose file (checked against it by a test).

Adding a neighbour: its package under simulators/ (model.py, api.py, `create(env)`), its contract under contracts/,
and one `System(...)` entry below. A system built some other way (a test's throw-away neighbour) passes `factory`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulators.core.environment import Environment
    from simulators.core.kernel import Simulator

NEIGHBOUR = "neighbour"
SUT = "sut"


@dataclass(frozen=True)
class System:
    name: str  # the package under simulators/, the contract's file stem, the key everywhere else
    display: str  # how reports and failure messages name it ("E-flyt")
    words: tuple[str, ...]  # how a feature file names it, Danish and English ("Servicebussen", "the Servicebus")
    port: int  # its default loopback port (`golive up`, compose)
    role: str = NEIGHBOUR  # NEIGHBOUR, or SUT for the reference system under test
    contract_file: str = ""  # under contracts/; default "<name>.openapi.yaml"
    calls_sut: bool = False  # it sends to the system under test on its own (E-flyt pushes move cases): told where
    factory: Callable[[Environment], Simulator] | None = field(default=None, compare=False, repr=False)

    @property
    def contract(self) -> str:
        return self.contract_file or f"{self.name}.openapi.yaml"

    def create(self, env: Environment) -> Simulator:
        """Build the system's simulator in a world: its package's `create(env)`, unless a factory was given."""
        if self.factory is not None:
            return self.factory(env)
        return importlib.import_module(f"simulators.{self.name}").create(env)


_SYSTEMS: dict[str, System] = {}


def register(system: System) -> System:
    """Declare a system. A name may be declared once; declaring a word another system uses is a mistake too."""
    if system.name in _SYSTEMS:
        raise ValueError(f"a system named {system.name!r} is already registered")
    taken = {w.casefold(): s.name for s in _SYSTEMS.values() for w in s.words}
    clash = [w for w in system.words if w.casefold() in taken]
    if clash:
        raise ValueError(f"{system.name}: the word(s) {clash} already name {taken[clash[0].casefold()]!r}")
    _SYSTEMS[system.name] = system
    return system


def unregister(name: str) -> None:
    """Forget a system (a test's throw-away neighbour)."""
    _SYSTEMS.pop(name, None)


def systems() -> Iterator[System]:
    return iter(list(_SYSTEMS.values()))


def get(name: str) -> System:
    try:
        return _SYSTEMS[name]
    except KeyError:
        raise KeyError(f"no system named {name!r}; known: {', '.join(_SYSTEMS)}") from None


def neighbours() -> tuple[str, ...]:
    """The simulated neighbours' names, in declaration order (the order `golive up` lists them)."""
    return tuple(s.name for s in _SYSTEMS.values() if s.role == NEIGHBOUR)


def sut() -> System:
    return next(s for s in _SYSTEMS.values() if s.role == SUT)


def ports() -> dict[str, int]:
    """Default loopback port of every neighbour (the SUT's is `sut().port`)."""
    return {s.name: s.port for s in _SYSTEMS.values() if s.role == NEIGHBOUR}


def display_names() -> dict[str, str]:
    return {s.name: s.display for s in _SYSTEMS.values() if s.role == NEIGHBOUR}


def by_word() -> dict[str, str]:
    """Every word a feature file may use for a system -> the system's name."""
    return {w: s.name for s in _SYSTEMS.values() for w in s.words}


def contract_names() -> tuple[str, ...]:
    """Every system's contract name (the neighbours' and the SUT's)."""
    return tuple(s.name for s in _SYSTEMS.values())


BUS = "servicebus"  # the neighbour every other system publishes its events to


def in_process_url(name: str) -> str:
    """Base URL of a system in an in-process world: a name no DNS resolves, so nothing leaks out."""
    return f"http://{name}.golive.internal"


# -- the systems ---------------------------------------------------------------------------------------------------
register(System("luna", "Luna", ("Luna",), 8701))
register(System("servicebus", "Servicebus", ("Servicebussen", "the Servicebus", "Servicebus"), 8702))
register(System("eflyt", "E-flyt", ("E-flyt",), 8703, calls_sut=True))
register(System("finance", "Finance", ("Finance",), 8704))
register(System("cpr", "CPR", ("CPR",), 8705))
register(System("minlog", "MinLog", ("MinLog",), 8706))
register(System("sygesikring", "The SUT (sygesikring)", ("sygesikringen", "the SUT"), 8700, role=SUT))
