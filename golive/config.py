"""Where things are and which ports they use: the harness's own configuration, in one place.

Domain numbers (fees, distances, day counts) are not here: they live in simulators/rules.py.
"""

from __future__ import annotations

from typing import Any

from golive import settings
from golive.paths import ROOT  # first: it makes simulators/ importable outside pytest
from simulators import registry  # noqa: E402
from simulators.core import settings as kernel_settings  # noqa: E402

CONTRACTS = kernel_settings.CONTRACTS_DIR  # located once, by the simulators' kernel
REPORTS = ROOT / "reports"

# The neighbours golive simulates, in the order `golive up` lists them, with their default loopback ports, and how
# reports name them: views of the one registry of systems (simulators/registry.py), where a system is declared.
SIMULATOR_PORTS = registry.ports()
SUT_PORT = registry.sut().port
NEIGHBOUR_NAMES = registry.display_names()
DEFAULT_HOST = "127.0.0.1"  # loopback only, unless a developer asks for more with --host

SEED_ENV = settings.SEED
SIMULATOR_URLS_ENV = settings.SIMULATOR_URLS


default_seed = settings.seed


def run_seed(pytest_config: Any) -> int:
    """The seed of a pytest run: --golive-seed when given, else GOLIVE_SEED, else 0."""
    option = pytest_config.getoption("--golive-seed")
    return option if option is not None else default_seed()


in_process_url = registry.in_process_url

# Requirement tags in feature files (`@krav:SYG-101`) become links in the Allure report. The pattern is the
# requirement tracker's URL with `{id}` for the requirement id; override it per installation.
REQUIREMENT_URL_ENV = settings.REQUIREMENT_URL


def requirement_url(requirement_id: str) -> str:
    return settings.requirement_url_pattern().format(id=requirement_id)


# [design] The retry policy a SUT publishes for a neighbour that is down (the reference SUT's: 3 attempts per call
# with a doubling back-off, then the call queued and swept again; contracts/sygesikring.openapi.yaml, Settings),
# as the upper bound the invariants hold every SUT to: requests about one scenario's people to one neighbour in any
# minute of virtual time (golive/invariants/channels.py): ten calls' worth of the published attempts. The 68
# scenarios peak at 4 (Luna, while down); anything above the bound is a neighbour flooded, not retried.
NEIGHBOUR_ATTEMPTS_PER_CALL = 3
NEIGHBOUR_REQUESTS_PER_VIRTUAL_MINUTE = 10 * NEIGHBOUR_ATTEMPTS_PER_CALL
