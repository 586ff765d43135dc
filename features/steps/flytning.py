"""Moves (flytninger) reported in E-flyt and pushed to the municipality."""

from pytest_bdd import given, then, when

from features.steps import da, en
from golive.blame import SUT, observing


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


@when(da("E-flyt sender flytningssagen igen", exact=True))
@when(en("E-flyt sends the move case again", exact=True))
def sender_sagen_igen(scenario):
    """E-flyt pushes the citizen's move case once more, exactly as before (its answer was lost): the SUT answers as
    the first time and handles the case once (the contract: idempotent by caseId)."""
    _resend(scenario)


@when(da("E-flyt sender flytningssagen igen med flyttedato {dato:Dato}"))
@when(en("E-flyt sends the move case again with move date {dato:Dato}"))
def sender_sagen_igen_aendret(scenario, dato):
    """E-flyt pushes the citizen's move case again under the same case id, with another move date: a different
    case under a name already taken (the contract: refused, 409 case-conflict)."""
    _resend(scenario, moveDate=dato.isoformat())


def _resend(scenario, **changed):
    scenario.settle()  # the first push has been taken and handled
    notification = {**scenario.eflyt.notification(scenario.case_id("borgeren")), **changed}
    scenario.answers["flytningssagen"] = scenario.sut.receive_move(notification)
    scenario.settle()


@then(da("sygesikringen tager imod flytningssagen igen", exact=True))
@then(en("the municipality takes the move case again", exact=True))
def tager_imod_igen(scenario):
    """The repeated case is answered 202, as the first (nothing is handled twice: the other Så steps say so)."""
    with observing(SUT):
        response = scenario.answers["flytningssagen"]
        assert response.status_code == 202, f"the repeated case was answered {response.status_code}: {response.text[:300]}"


@then(da("sygesikringen afviser flytningssagen som en anden sag under samme sagsnummer", exact=True))
@then(en("the municipality refuses the move case as another case under the same case id", exact=True))
def afviser_konflikt(scenario):
    """The changed case is refused as a conflict (409 case-conflict), and the first stands."""
    with observing(SUT):
        response = scenario.answers["flytningssagen"]
        assert response.status_code == 409 and response.json().get("type", "").endswith(":case-conflict"), (
            f"the changed case was answered {response.status_code}: {response.text[:300]}"
        )
