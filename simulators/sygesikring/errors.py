"""The reference SUT's domain errors: each is one problem type of contracts/sygesikring.openapi.yaml.

The kernel maps a DomainError to RFC 9457 problem+json (status, `code` as the type's slug, `title`, the detail
and any extra fields). One class per problem type the contract names: two errors that share a status are still
different problems to a caller (a `same-doctor` is not a `same-group`), so none are merged. The rule core
(decisions.py) and the flows raise them; a move case's error ends up in its receipt to E-flyt instead.
"""

from __future__ import annotations

from simulators.core.errors import Conflict, DomainError, NotFound, Unprocessable

from .ports import Refused

__all__ = [
    "CaseConflict",
    "CitizenExists",
    "ClosedPractice",
    "CoverageEnded",
    "DistanceRule",
    "DomainError",
    "ExceptionNotApplicable",
    "GroupChangeLocked",
    "InvalidCpr",
    "InvalidCprDate",
    "InvalidEffectDate",
    "InvalidFollows",
    "LunaRefused",
    "SameDoctor",
    "SameGroup",
    "UnknownCitizen",
    "UnknownMunicipality",
    "UnknownYder",
    "luna_error",
]


class UnknownCitizen(NotFound):
    code = "unknown-citizen"
    title = "Citizen not known to the municipality's sygesikring"


class UnknownYder(NotFound):
    code = "unknown-yder"
    title = "Unknown ydernummer"


class CitizenExists(Conflict):
    code = "citizen-exists"
    title = "Citizen already registered"


class CoverageEnded(Conflict):
    code = "coverage-ended"
    title = "The citizen's sygesikring has ended"


class ClosedPractice(Conflict):
    code = "closed-practice"
    title = "Practice closed for intake"


class GroupChangeLocked(Conflict):
    code = "group-change-locked"
    title = "Group change locked"


class CaseConflict(Conflict):
    code = "case-conflict"
    title = "Move case id reused with a different body"


class InvalidEffectDate(Unprocessable):
    code = "invalid-effect-date"
    title = "Invalid effect date"


class DistanceRule(Unprocessable):
    code = "distance-rule"
    title = "Practice beyond the distance limit"


class ExceptionNotApplicable(Unprocessable):
    code = "exception-not-applicable"
    title = "Closed-practice exception not applicable"


class SameGroup(Unprocessable):
    code = "same-group"
    title = "Already in that sikringsgruppe"


class SameDoctor(Unprocessable):
    code = "same-doctor"
    title = "Already the citizen's doctor"


class InvalidCpr(Unprocessable):
    """Only the defect `modulus11-rejects-valid-cpr` raises this: a valid number refused by modulus 11."""

    code = "invalid-cpr"
    title = "Invalid CPR number"


class InvalidCprDate(Unprocessable):
    code = "invalid-cpr-date"
    title = "CPR number without a real date"


class UnknownMunicipality(Unprocessable):
    code = "unknown-municipality"
    title = "Not a Danish municipality code"


class InvalidFollows(Unprocessable):
    code = "invalid-follows"
    title = "A child can only follow a known parent, and only until 15"


class LunaRefused(Unprocessable):
    code = "luna-refused"
    title = "Luna refused the registration"


def luna_error(refused: Refused) -> DomainError:
    """Luna's refusals, in the SUT's own words (the same codes: closed-practice, unknown-yder, invalid-effect-date)."""
    if refused.status == 409:
        return ClosedPractice(f"Luna: {refused.detail}", luna=refused.code)
    if refused.status == 404:
        return UnknownYder(f"Luna: {refused.detail}", luna=refused.code)
    if refused.code == "invalid-effect-date":
        return InvalidEffectDate(f"Luna: {refused.detail}", luna=refused.code)
    return LunaRefused(f"Luna answered {refused.status} {refused.code}: {refused.detail}", luna=refused.code)
