"""Events in the CPR register (death, emigration, name change) and what they do to a citizen's sygesikring."""

from pytest_bdd import given, then, when

from features.steps import da, en


@given(da("CPR har registreret borgerens {haendelse}"))
@given(en("CPR has recorded the citizen's {haendelse}"))
@when(da("CPR registrerer borgerens {haendelse}"))
@when(en("CPR records the citizen's {haendelse}"))
def cpr_registrerer(scenario, haendelse):
    """The national register records a life event for the citizen and announces it on the Servicebus."""
    scenario.cpr_event("borgeren", haendelse)


@then(da("borgerens sygesikring er ophørt på grund af {aarsag}"))
@then(en("the citizen's coverage has ended because of {aarsag}"))
def sygesikring_ophoert(scenario, aarsag):
    """The municipality's record shows the sygesikring ended today, for this reason."""
    scenario.expect_coverage_ended("borgeren", aarsag)
