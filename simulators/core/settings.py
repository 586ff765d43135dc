"""The kernel's own limits and defaults, in one place. Domain numbers live in simulators/rules.py."""

from pathlib import Path

CONTRACTS_DIR = Path(__file__).resolve().parents[2] / "contracts"  # the one place the contracts folder is located

MAX_BODY_BYTES = 1_048_576  # requests above 1 MiB are answered 413 (documented in every contract)
# Limits checked before a request reaches a simulator (simulators/core/limits.py; PATCH /__admin/settings/limits).
MAX_HEADER_BYTES = 16_384  # all header names and values together; above: 431
MAX_HEADERS = 100  # header fields; above: 431
MAX_URL_BYTES = 8_192  # path and query string; above: 414
MAX_QUERY_PARAMS = 100  # query parameters; above: 400
MAX_JSON_DEPTH = 64  # nesting of a JSON body; above: 400
MAX_CORRELATION_ID_LENGTH = 128  # longer (or not a token) is replaced by a fresh id and the entry flagged
# Served simulators (golive up): the transport's guards (simulators/core/protocol.py).
HEADER_TIMEOUT_S = 10.0  # the whole request head must arrive within this; else 408 and close (slowloris)
BODY_TIMEOUT_S = 10.0  # each body chunk must arrive within this; else 408 and close
KEEP_ALIVE_S = 5.0  # an idle keep-alive connection is closed after this
MAX_CONNECTIONS = 256  # open connections per simulator; past it a request is answered 503 with Retry-After
RETRY_AFTER_S = 1
MAX_HEAD_BYTES = 1_048_576  # a request head over this is refused 431 by the server before it is parsed whole
# The journal keeps this many recent entries in memory and spills older ones to SQLite (simulators/core/spill.py).
JOURNAL_MEMORY_SERVED = 5_000  # a served simulator runs for days: about 10 MB of recent entries
JOURNAL_MEMORY_IN_PROCESS = 1_000_000  # an in-process world lives for one test: in practice it never spills
# Bounds of the virtual clock (PUT /__admin/clock, POST /__admin/clock/advance): beyond them, 422.
CLOCK_MIN = "1900-01-01T00:00:00+00:00"
CLOCK_MAX = "2199-12-31T23:59:59+00:00"
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
