"""Moves (flytninger) reported in E-flyt and pushed to the municipality."""

from pytest_bdd import given, then, when

from features.steps import da, en


@given(da("borgeren skal flytte til {kommune:Kommune} Kommune"))
@given(en("the citizen is moving to {kommune:Kommune} Kommune"))
def skal_flytte_til(scenario, kommune):
    """The citizen's new home is an address in that municipality."""
    scenario.plan_move("borgeren", municipality=kommune)


@given(da("borgeren skal flytte {km:Km} km væk"))
@given(en("the citizen is moving {km:Km} km away"))
def skal_flytte_km(scenario, km):
    """The citizen's new home lies this far from the present one."""
    scenario.plan_move("borgeren", km=km)


@when(da("borgeren melder flytning pr. {dato:Dato} og vælger {praksis:Praksis}"))
@when(en("the citizen reports the move as of {dato:Dato} choosing {praksis:Praksis}"))
def melder_flytning_med_valg(scenario, dato, praksis):
    """The citizen reports the move in E-flyt's self-service and chooses a new doctor there."""
    scenario.report_move("borgeren", dato, choose=praksis)


@when(da("borgeren melder flytning pr. {dato:Dato} uden at vælge læge"))
@when(en("the citizen reports the move as of {dato:Dato} without choosing a doctor"))
def melder_flytning_uden_valg(scenario, dato):
    """The citizen reports the move in E-flyt's self-service and keeps the doctor for now: a move beyond the
    distance limit leaves 30 days of free change (DOMAIN.md, Move)."""
    scenario.report_move("borgeren", dato)


@when(da("borgeren melder flytning pr. {dato:Dato} med sine børn og vælger {praksis:Praksis}"))
@when(en("the citizen reports the move as of {dato:Dato} with the children, choosing {praksis:Praksis}"))
def melder_flytning_med_boern(scenario, dato, praksis):
    """The citizen reports a move of the household, children included, choosing a new doctor."""
    scenario.report_move("borgeren", dato, choose=praksis, with_children=True)


@then(da("E-flyt modtager en kvittering om gennemført flytning med {praksis:Praksis} fra {dato:Dato}"))
@then(en("E-flyt receives a receipt for a completed move with {praksis:Praksis} from {dato:Dato}"))
def kvittering_med_laegevalg(scenario, praksis, dato):
    """E-flyt is told the move is done and which doctor the citizen has from which day."""
    scenario.expect_receipt("borgeren", new_doctor=praksis, effective=dato)


@then(da("E-flyt modtager en kvittering om gennemført flytning uden nyt lægevalg"))
@then(en("E-flyt receives a receipt for a completed move without a new doctor"))
def kvittering_uden_laegevalg(scenario):
    """E-flyt is told the move is done and that the citizen keeps the doctor."""
    scenario.expect_receipt("borgeren")
