"""The correlation id in force for the SUT's outbound calls: every call made while handling a request (or a job
started by one) carries that request's `x-correlation-id`, so a journal query finds the whole flow."""

from __future__ import annotations

import contextvars

CORRELATION: contextvars.ContextVar[str | None] = contextvars.ContextVar("sygesikring_correlation_id", default=None)
