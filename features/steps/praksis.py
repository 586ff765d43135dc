"""Practices (ydere) in Luna: where they lie, whether they take new patients, and the region closing them."""

from pytest_bdd import given, when

from features.steps import da, en
from golive.explore import placement


@given(da("en åben praksis {km:Km} km fra borgerens bopæl"))
@given(en("an open practice {km:Km} km from the citizen's home"))
def aaben_praksis_naer(scenario, km):
    """A practice open for new patients this far from the citizen's home ("den åbne praksis"). At a distance limit
    (5 or 15 km) it lies exactly on it as the distance is measured (golive/explore/placement.py): "within the limit"
    includes the limit, and a few metres either way would never tell `<=` from `<`."""
    place = placement.placed(scenario.citizen("borgeren").location, km)
    scenario.add_practice("den åbne praksis", near="borgeren", km=km, **place)


@given(da("en åben praksis med {laeger:d} læger og {patienter:d} patienter {km:Km} km fra borgerens bopæl"))
@given(en("an open practice with {laeger:d} doctors and {patienter:d} patients {km:Km} km from the citizen's home"))
def aaben_praksis_med_patienter(scenario, laeger, patienter, km):
    """A practice open for new patients, with this many doctors and patients registered in Luna: its places are
    1,600 per doctor (DOMAIN.md), so a full one or one with a last place left can be written out."""
    scenario.add_practice("den åbne praksis", near="borgeren", km=km, doctors=laeger, patients=patienter)


@given(da("en åben praksis {km:Km} km fra borgerens nye adresse"))
@given(en("an open practice {km:Km} km from the citizen's new address"))
def aaben_praksis_ny_adresse(scenario, km):
    """A practice open for new patients this far from the address the citizen moves to."""
    scenario.add_practice("den åbne praksis", near="borgeren", km=km, at_destination=True)


@given(da("en lukket praksis {km:Km} km fra borgerens bopæl"))
@given(en("a closed practice {km:Km} km from the citizen's home"))
def lukket_praksis_naer(scenario, km):
    """A practice closed for new patients (lukket for tilgang) this far from the citizen's home."""
    scenario.add_practice("den lukkede praksis", near="borgeren", km=km, open_for_intake=False)


@given(da("en lukket praksis i {kommune:Kommune} Kommune"))
@given(en("a closed practice in {kommune:Kommune} Kommune"))
def lukket_praksis_i_kommune(scenario, kommune):
    """A practice closed for new patients near the municipality's town hall."""
    scenario.add_practice("den lukkede praksis", municipality=kommune, km=1.0, open_for_intake=False)


@when(da("regionen lukker {praksis:Praksis}, fordi praksis ophører"))
@when(en("the region closes {praksis:Praksis} because the practice ends"))
def praksis_ophoerer(scenario, praksis):
    """The region closes the practice in Luna for good; the change travels over the Servicebus to the municipality."""
    scenario.close_practice(praksis, "praksis ophører")
