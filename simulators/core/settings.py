"""The kernel's own limits and defaults, in one place. Domain numbers live in simulators/rules.py."""

MAX_BODY_BYTES = 1_048_576  # requests above 1 MiB are answered 413 (documented in every contract)
HANG_MS = 30_000  # an injected hang holds the request this long unless the rule says otherwise
JOURNALED_HEADERS = frozenset({"content-type", "x-correlation-id", "idempotency-key", "user-agent", "authorization-subject"})
OUTBOX_WORKERS = 4
OUTBOX_BACKOFF_S = 0.05  # first retry after 50 ms, doubling
OUTBOX_MAX_BACKOFF_S = 2.0
DELIVERY_MAX_ATTEMPTS = 5
