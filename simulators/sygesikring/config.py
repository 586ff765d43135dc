"""The reference SUT's own configuration: numbers that are not in simulators/rules.py.

Domain numbers from the law (fees, distances, day counts) live in simulators/rules.py and are read from there.
What is here is either a [design] choice of how *this* implementation behaves (retries, timeouts, which
topics it subscribes to) or a [design] reading of a rule the public sources leave open. The lead may move a
rule-like constant (PRACTICE_GONE_REASONS) into rules.py; the rest belongs to the reference SUT alone.
"""

from __future__ import annotations

import uuid

from simulators import rules

NAME = "sygesikring"

# -- rules the sources leave open --------------------------------------------------------------------
# [design] Which `luna.practice-changed` reasons take the doctor from the practice's existing patients: in
# simulators/rules.py (PRACTICE_GONE_REASONS), where the oracle reads it too.
PRACTICE_GONE_REASONS = rules.PRACTICE_GONE_REASONS

# [design] Lægevalg reasons (Luna's and the bus's `reason` enum) for each way a choice is made.
REASON_FIRST = "first"
REASON_MOVE = "move"
REASON_CHANGE = "change"
REASON_TURNING_15 = "turning-15"
REASON_PRACTICE_CLOSED = "practice-closed"
REASON_CHILD_FOLLOWS = "child-follows-parent"
REASON_GROUP_CHANGE = "group-change"

# [design] The voucher text (bilagstekst) per fee reason; the debtor's name is appended.
FEE_TEXTS = {
    "doctor-change": "Gebyr for lægeskift",
    "group-change": "Gebyr for skift af sikringsgruppe",
    "health-card": "Gebyr for sundhedskort",
}
VOUCHER_SOURCE = NAME

# -- talking to the neighbours ------------------------------------------------------------------------
NEIGHBOUR_TIMEOUT_S = 5.0  # [design] one HTTP call to a neighbour
NEIGHBOUR_ATTEMPTS = 3  # [design] attempts within one request, for idempotent calls, on 5xx / timeouts
NEIGHBOUR_BACKOFF_S = 0.05  # [design] first back-off, doubling between attempts
PENDING_RETRY_INTERVAL_S = 0.25  # [design] how often the background worker retries queued work (real time)
# [design] Finance's refusals that wait for the municipality's finance team, not for the SUT: a posting into a closed
# accounting period (month) is kept under its key and posted when the period is reopened (the Finance contract: a
# refused request does not use up its key; fix the cause and send it again). Dropped, the citizen's fee is lost.
FINANCE_HOLDS = ("period-closed",)
RECEIPT_MAX_ATTEMPTS = 5  # [design] receipts to E-flyt are pushed through an outbox with this many attempts

# [design] The Servicebus topics the SUT consumes, each subscribed by webhook to {selfBaseUrl}/servicebus/deliveries.
# eflyt.move-reported is not among them: E-flyt pushes the full case (with address and doctor choice) directly,
# and the bus event carries neither, so acting on it would only race the push.
SUBSCRIBED_TOPICS = ("luna.practice-changed", "cpr.person-changed")
SUBSCRIPTION_NAME = "Sygesikring (golive reference SUT)"
SUBSCRIPTION_RECHECK_S = 0.5  # how often the SUT confirms the bus still has its subscriptions (a restarted bus forgets)
DELIVERIES_PATH = "/servicebus/deliveries"

# [design] Idempotency keys for Finance are UUIDs derived (uuid5) from what was asked, in this namespace, so the
# same request on the same day can never post two vouchers, whichever process retries it.
IDEMPOTENCY_NAMESPACE = uuid.UUID("6f1d7c2e-9a4b-5c3d-8e2f-1a0b9c8d7e6f")
