"""Events in the CPR register (death, emigration, name change) and what they do to a citizen's sygesikring."""

from pytest_bdd import given, then, when

from features.steps import da, en
from golive.blame import SUT, observing
from golive.failures import FeatureFileMistake
from golive.cpr_changes import cpr_move, new_number
from golive.vocabulary import municipality_code


@given(da("CPR har registreret borgerens {haendelse:CprHaendelse}"))
@given(en("CPR has recorded the citizen's {haendelse:CprHaendelse}"))
@when(da("CPR registrerer borgerens {haendelse:CprHaendelse}"))
@when(en("CPR records the citizen's {haendelse:CprHaendelse}"))
def cpr_registrerer(scenario, haendelse):
    """The national register records a life event for the citizen and announces it on the Servicebus."""
    scenario.cpr_event("borgeren", haendelse)


@when(da("CPR registrerer med virkning fra {dato:Dato} borgerens {haendelse:CprHaendelse}"))
@when(en("CPR records as of {dato:Dato} the citizen's {haendelse:CprHaendelse}"))
def cpr_registrerer_fra(scenario, dato, haendelse):
    """The national register records a life event dated earlier than today (a death registered days after it
    happened): what follows from it runs from that day, not from the day the SUT heard of it."""
    scenario.cpr_event("borgeren", haendelse, effective=dato)


@given(da("CPR har registreret barnets {haendelse:CprHaendelse}"))
@given(en("CPR has recorded the child's {haendelse:CprHaendelse}"))
def cpr_registrerer_for_barnet(scenario, haendelse):
    """The national register records a life event for the child and announces it on the Servicebus."""
    scenario.cpr_event("barnet", haendelse)


@when(da("CPR registrerer forælderens {haendelse:CprHaendelse}"))
@when(en("CPR records the parent's {haendelse:CprHaendelse}"))
def cpr_registrerer_for_foraelderen(scenario, haendelse):
    """The national register records a life event for 'forælderen' (who may be unknown to the municipality's
    sygesikring: then the SUT must take the delivery and change nothing)."""
    scenario.cpr_event("forælderen", haendelse)


@when(da("CPR registrerer, at borgeren flytter til {kommune:Kommune} Kommune"))
@when(en("CPR records that the citizen moves to {kommune:Kommune} Kommune"))
def cpr_flytning(scenario, kommune):
    """The national register records a move to a new address in another municipality (an address-change: the move
    E-flyt never told the SUT of); the SUT hears it on the Servicebus."""
    cpr_move(scenario, "borgeren", municipality_code(kommune))


@when(da("CPR giver borgeren et nyt personnummer", exact=True))
@when(en("CPR gives the citizen a new CPR number", exact=True))
def nyt_personnummer(scenario):
    """The national register gives the citizen a new CPR number (a cpr-change, announced on the Servicebus); from
    then on every step names the citizen by it. Luna learns of it from CPR itself, not from the SUT."""
    new_number(scenario, "borgeren")


@then(da("sygesikringen kender ikke borgerens gamle personnummer", exact=True))
@then(en("the municipality no longer knows the citizen's old CPR number", exact=True))
def gammelt_nummer_ukendt(scenario):
    """The SUT's record moved to the new number: asked by the old one, it knows nobody (404)."""
    old = scenario.formerly.get("borgeren")
    if not old:
        raise FeatureFileMistake(
            "borgeren has no old CPR number in this scenario: write 'Når CPR giver borgeren et nyt personnummer' first"
        )
    with observing(SUT):
        answer = scenario.sut.client.get(f"/citizens/{old[-1].cpr}/sygesikring")
        assert answer.status_code == 404, (
            f"asked by the old number {old[-1].cpr}, the SUT answered {answer.status_code}: {answer.text[:200]}"
        )


@then(da("borgerens sygesikring hører under {kommune:Kommune} Kommune"))
@then(en("the citizen's sygesikring belongs to {kommune:Kommune} Kommune"))
def hoerer_under(scenario, kommune):
    """The municipality's record of the citizen names this municipality."""
    with observing(SUT):
        record = scenario.sut.record(scenario.citizen("borgeren").cpr)
        assert record["municipalityCode"] == municipality_code(kommune), (
            f"the SUT has the citizen in municipality {record['municipalityCode']}, not {kommune} "
            f"({municipality_code(kommune)})"
        )


@then(da("borgerens sygesikring er ophørt på grund af {aarsag:Ophoersgrund}"))
@then(en("the citizen's coverage has ended because of {aarsag:Ophoersgrund}"))
def sygesikring_ophoert(scenario, aarsag):
    """The municipality's record shows the sygesikring ended today, for this reason."""
    scenario.expect_coverage_ended("borgeren", aarsag)


@then(da("borgerens sygesikring er ophørt den {dato:Dato} på grund af {aarsag:Ophoersgrund}"))
@then(en("the citizen's coverage ended on {dato:Dato} because of {aarsag:Ophoersgrund}"))
def sygesikring_ophoert_den(scenario, dato, aarsag):
    """The municipality's record shows the sygesikring ended on this day (the day CPR dated the event), for this
    reason."""
    scenario.expect_coverage_ended("borgeren", aarsag, on=dato)
