"""Domain error categories that models raise; the kernel maps each category to one HTTP status.

Models stay free of HTTP (STYLE.md): they raise `ClosedPractice(NotAdmitted)` and never name 409.
Each subclass gives its problem type a slug (`code`) so that an acceptance tester can tell a closed
practice from an unknown ydernummer in the report.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base for every rule a simulator model enforces."""

    status = 422
    code = "rule-violated"
    title = "A business rule was broken"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions


class NotFound(DomainError):
    """The thing named does not exist (unknown ydernummer, CPR, case, voucher)."""

    status = 404
    code = "not-found"
    title = "Not found"


class Conflict(DomainError):
    """The request clashes with the current state (closed practice, closed period, reused key)."""

    status = 409
    code = "conflict"
    title = "Conflict with current state"


class Unprocessable(DomainError):
    """Well-formed and contract-valid, but breaks a business rule (effect date in the past, unbalanced voucher)."""

    status = 422
    code = "rule-violated"
    title = "A business rule was broken"
