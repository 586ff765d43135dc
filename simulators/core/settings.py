"""The kernel's own limits and defaults, in one place. Domain numbers live in simulators/rules.py."""

from pathlib import Path

CONTRACTS_DIR = Path(__file__).resolve().parents[2] / "contracts"  # the one place the contracts folder is located

MAX_BODY_BYTES = 1_048_576  # requests above 1 MiB are answered 413 (documented in every contract)
HANG_MS = 30_000  # an injected hang holds the request this long unless the rule says otherwise
JOURNALED_HEADERS = frozenset(
    {"content-type", "x-correlation-id", "idempotency-key", "user-agent", "authorization-subject"}
)
OUTBOX_WORKERS = 4
OUTBOX_BACKOFF_S = 0.05  # first retry after 50 ms, doubling
OUTBOX_MAX_BACKOFF_S = 2.0
DELIVERY_MAX_ATTEMPTS = 5
MAX_EVENTS_PER_SETTLE = 20_000  # a virtual world that runs more events than this in one wait is declared runaway
REALTIME_WORKERS = 4  # pump threads of a served world's scheduler (a slow neighbour must not hold up the others)
# [design] Where the clock of an in-process (virtual) world starts, until a scenario sets "dags dato": a fixed moment,
# so a world is a pure function of its seed. The date is the scenarios' usual "dags dato".
VIRTUAL_WORLD_START = "2024-03-01T09:00:00+00:00"
