"""A citizen from the scenario's @datavariation row: one test per pairwise row of the variation model, the row's
values turned into the citizen a step asks for (a mixin of golive/scenario.py's Scenario).

Why its own place: a row whose dimensions no step reads runs the same citizen in every row -- green for variety never
tried. The step "en borger fra datavariationen ..." reads VARIATION_READ (golive/vocabulary.py); a row of other
dimensions, or a scenario without a row, is told as a feature-file mistake here at runtime (and by `golive lint`,
golive/tag_check.py, before it runs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from golive.failures import FeatureFileMistake
from golive.vocabulary import VARIATION_READ

if TYPE_CHECKING:
    from fixtures.providers import Person

CAPITAL = "København"  # [design] the municipality used for a row's capital-5km value


class VariedCitizens:
    variation: Any
    add_citizen: Callable[..., Person]  # Scenario's

    def add_citizen_from_variation(self, role: str = "borgeren", municipality: str = "Aarhus") -> Person:
        """A citizen (with a doctor of their own) whose data is the scenario's @datavariation row: cpr_kind ->
        modulus11, name_kind, protection, group, municipality (capital-5km: København instead of the named one).
        A row of other dimensions, or none, is a FeatureFileMistake: every row would run the same ordinary citizen."""
        if self.variation is None:
            raise FeatureFileMistake(
                "the step takes its citizen from the scenario's data variation, but the scenario has no "
                f"@datavariation tag: tag it, e.g. '@datavariation:{','.join(VARIATION_READ)}'"
            )
        values = self.variation.as_dict()
        unread = sorted(set(values) - set(VARIATION_READ))
        if unread:
            raise FeatureFileMistake(
                f"the data variation's {', '.join(unread)} reach no step: 'en borger fra datavariationen' reads "
                f"{', '.join(VARIATION_READ)}; every row would run the same citizen"
            )
        options: dict[str, Any] = {"municipality": municipality}
        if "cpr_kind" in values:
            options["modulus11"] = values["cpr_kind"] == "modulus11"
        if "name_kind" in values:
            options["name_kind"] = values["name_kind"]
        if "protection" in values:
            options["protected"] = values["protection"] != "none"
        if "group" in values:
            options["group"] = int(values["group"])
        if values.get("municipality") == "capital-5km":
            options["municipality"] = CAPITAL
        return self.add_citizen(role, **options)
