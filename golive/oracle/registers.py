"""The oracle's predictions for what the registers tell the SUT on their own: CPR's life events (about a citizen the
SUT knows, or about a person it does not: a child it has not met yet), and E-flyt sending a case again.

A mixin of model.py's Oracle, kept apart so each module stays readable; it works on the same model (CitizenModel).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from golive.oracle import tables
from golive.oracle.answers import COVERAGE, Answer, Prediction

if TYPE_CHECKING:
    from datetime import date

    from golive.oracle.model import CitizenModel

CASE_CONFLICT = "case-conflict"  # contracts/sygesikring.openapi.yaml: the same caseId with another body


class RegisterPredictions:
    citizens: dict[str, CitizenModel]
    today: date

    def predict_cpr_event(
        self,
        name: str,
        change: str,
        new_full_name: str | None = None,
        status: str | None = None,
        new_cpr: str | None = None,
        effective: date | None = None,
    ) -> Prediction:
        """A life event in CPR (cpr.person-changed on the bus). About a person the SUT holds no record of (a child it
        has not met: children become known when they move with a parent) it changes nothing anywhere: the SUT must
        take the delivery and do nothing [design: CPR's events are for every person; the municipality acts on its
        own citizens'] -- but the person is gone from CPR all the same, so a later move takes them along no more.
        effective: the day CPR dates the event (None: today); a death registered days later ends the sygesikring, and
        the registration Luna had in force, from that day."""
        c, on = self.citizens[name], effective or self.today
        if change == "status-change" and status is not None:
            ends, unknown = tables.cpr_status_effect(status)
            if unknown:
                c.unknown = f"after CPR status {status} ({unknown})"
                return Prediction(None, (), c.unknown)
            change = ends or change
        if not c.known:  # CPR's record changes; the SUT has nothing to change (nor to tell Luna: ended_in_luna stays)
            if change in ("death", "emigration"):
                c.active, c.end_reason, c.end_date = False, change, on
            elif change == "name-change" and new_full_name:
                c.full_name = new_full_name  # the name the SUT reads from CPR if it meets the person later
            return Prediction(None, (c.cpr,))
        if change in ("death", "emigration"):
            if c.active:
                c.active, c.end_reason, c.end_date = False, change, on
                # Luna ends the registration in force that day (one ahead of it is cancelled): without one, nothing
                # ends there
                c.ended_in_luna = any(start <= on for _, start, _ in c.doctors)
                c.messages[COVERAGE].append((change, on.isoformat(), c.municipality))
            return Prediction(None, (c.cpr,))
        if change == "name-change":
            c.name_changed_on = on
            if new_full_name:
                c.full_name = new_full_name
            return Prediction(None, (c.cpr,))
        if change == "status-change":  # a status that changes nothing (tables.UNCHANGED)
            return Prediction(None, (c.cpr,))
        if change == "cpr-change":  # the SUT's record moves to the new number, with its history; the next card is
            c.cpr_changed_on = on  # free once (tables.cpr_change_card_free). What the neighbours hold under the
            if new_cpr is None:  # old number stays the person's (golive/cpr_changes.py): read under both.
                return Prediction(None, (), "the neighbours' history of a citizen whose CPR number changed")
            c.cpr = new_cpr
            return Prediction(None, (c.cpr,))
        return Prediction(None, (c.cpr,), f"the CPR event {change!r}")

    def predict_address_change(
        self, name: str, municipality: int, home: tuple[float, float], street: str
    ) -> Prediction:
        """A move CPR records (address-change; E-flyt never told the SUT). Into another municipality: the record
        follows it, and the free changes of moving in run from today (a group change, and a health card, within
        rules.FREE_CHANGE_AFTER_MOVE_DAYS), as for a move reported in E-flyt (features/cpr/flytning_i_cpr.feature).
        [design] CPR gives an address, not a point: the SUT's home becomes the municipality's reference point
        (`home`), and no free doctor change is given, since the distance to the doctor cannot be measured (the
        citizen reports the move in E-flyt for that). Within the municipality only the address changes. Nothing is
        published and no neighbour sees anything new. The address of a protected citizen is not on the bus: the
        SUT keeps the one it had."""
        c = self.citizens[name]
        c.in_cpr_at = (street, municipality)
        if not c.protected:
            c.street = street
        if municipality != c.municipality:
            c.municipality, c.home = municipality, home
            c.moved_in_on = c.last_move_on = self.today
        c.told_municipality = municipality  # the harness's CPR data follows the register (golive/cpr_changes.py)
        return Prediction(None, (c.cpr,))

    def predict_move_again(self, name: str, changed: bool) -> Prediction:
        """E-flyt pushes the citizen's last move case again (its answer was lost). The contract: idempotent by caseId
        -- the very same case is taken again (202) and handled once; another body under the same caseId is refused
        (409 case-conflict) and the first case stands. Either way no neighbour sees anything new."""
        c = self.citizens[name]
        return Prediction(Answer(409, CASE_CONFLICT) if changed else Answer(202), (c.cpr,))
