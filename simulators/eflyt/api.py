"""E-flyt's HTTP layer: handlers for the contract's operations, and the adapter that pushes cases to the SUT.

The handlers translate between the contract and the model. `SutNotifier` is the model's way out: it turns
a new case into an outbound `POST {sutBaseUrl}/eflyt/move-notifications` through the kernel Outbox (retries
with backoff), journals every attempt as `pushMoveNotification`, and tells the model how each attempt and
the whole delivery went. It reads the settings when a case is created, so a scenario that changes
`sutBaseUrl` or `maxAttempts` affects the next case, not the ones already under way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulators.core import Call, Delivery, Outbox
from simulators.core import settings as kernel_defaults

if TYPE_CHECKING:
    from simulators.core import Simulator

    from .model import EflytModel

PUSH_PATH = "/eflyt/move-notifications"
PUSH_OPERATION = "pushMoveNotification"  # the journal's name for a push attempt (the contract's webhook)


class SutNotifier:
    def __init__(self, outbox: Outbox, settings: dict[str, Any]) -> None:
        self.outbox = outbox
        self.settings = settings
        self.model: EflytModel | None = None
        self.simulator: Simulator | None = None

    def push(self, notification: dict[str, Any], case_id: str, generation: int, correlation_id: str | None) -> bool:
        base = self.settings.get("sutBaseUrl")
        if not base:
            return False
        self.outbox.submit(
            Delivery(
                method="POST",
                url=base.rstrip("/") + PUSH_PATH,
                body=notification,
                headers={"x-correlation-id": correlation_id} if correlation_id else {},
                max_attempts=int(self.settings.get("maxAttempts") or kernel_defaults.DELIVERY_MAX_ATTEMPTS),
                on_attempt=self._attempted,
                on_done=self._done,
                context={"caseId": case_id, "generation": generation},
            )
        )
        return True

    def _attempted(self, delivery: Delivery, status: int | None, error: str | None, elapsed_ms: float) -> None:
        assert self.model is not None
        current = self.model.delivery_attempted(
            delivery.context["caseId"], delivery.context["generation"], status, error
        )
        if not current:
            delivery.max_attempts = delivery.attempts  # the case was reset away: no more retries, nothing to journal
            return
        if self.simulator is not None:
            self.simulator.record_attempt(PUSH_OPERATION, delivery, status, error, elapsed_ms)

    def _done(self, delivery: Delivery, ok: bool) -> None:
        assert self.model is not None
        self.model.delivery_finished(delivery.context["caseId"], delivery.context["generation"], ok)

    def cancel(self) -> None:
        self.outbox.clear()

    def close(self) -> None:
        self.outbox.close()


def create_move(call: Call):
    case = call.model.report_move(call.body, correlation_id=call.correlation_id)
    return 201, case, {"location": f"/moves/{case['caseId']}"}


def get_move(call: Call):
    return 200, call.model.case_doc(call.params["caseId"])


def list_moves(call: Call):
    found = call.model.cases_for(call.params["cpr"])
    return 200, {"count": len(found), "cases": found}


def receive_move_receipt(call: Call):
    recorded, case = call.model.receive_receipt(call.params["caseId"], call.body)
    return (201 if recorded else 200), case


HANDLERS = {
    "createMove": create_move,
    "getMove": get_move,
    "listMoves": list_moves,
    "receiveMoveReceipt": receive_move_receipt,
}
