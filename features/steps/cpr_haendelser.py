"""Events in the CPR register (death, emigration, name change) and what they do to a citizen's sygesikring."""

from pytest_bdd import given, then, when

from features.steps import da, en


@given(da("CPR har registreret borgerens {haendelse:CprHaendelse}"))
@given(en("CPR has recorded the citizen's {haendelse:CprHaendelse}"))
@when(da("CPR registrerer borgerens {haendelse:CprHaendelse}"))
@when(en("CPR records the citizen's {haendelse:CprHaendelse}"))
def cpr_registrerer(scenario, haendelse):
    """The national register records a life event for the citizen and announces it on the Servicebus."""
    scenario.cpr_event("borgeren", haendelse)


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


@then(da("borgerens sygesikring er ophørt på grund af {aarsag:Ophoersgrund}"))
@then(en("the citizen's coverage has ended because of {aarsag:Ophoersgrund}"))
def sygesikring_ophoert(scenario, aarsag):
    """The municipality's record shows the sygesikring ended today, for this reason."""
    scenario.expect_coverage_ended("borgeren", aarsag)
