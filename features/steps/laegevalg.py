"""Lægevalg (choice of doctor) through the municipality's self-service, and what the municipality answers."""

from pytest_bdd import then, when

from features.steps import p


@when(p("{rolle:Rolle} vælger {praksis:Praksis}"))
@when(p("{rolle:Rolle} chooses {praksis:Praksis}"))
def vaelger_praksis(scenario, rolle, praksis):
    """The citizen asks the municipality to register this practice as their doctor."""
    scenario.choose_doctor(rolle, praksis)


@when(p("{rolle:Rolle} vælger {praksis:Praksis} og giver afkald på sygebesøg"))
def vaelger_fjern_praksis(scenario, rolle, praksis):
    """The citizen chooses a practice beyond the distance limit and waives home visits."""
    scenario.choose_doctor(rolle, praksis, waive=True)


@when(p("{rolle:Rolle} vælger {praksis:Praksis} med undtagelsen {undtagelse}"))
def vaelger_med_undtagelse(scenario, rolle, praksis, undtagelse):
    """The citizen chooses a closed practice, invoking one of the exceptions that may admit them."""
    scenario.choose_doctor(rolle, praksis, exception=undtagelse)


@then(p("lægevalget accepteres med virkning fra {dato:Dato}"))
@then(p("the choice is accepted with effect from {dato:Dato}"))
def accepteres_fra(scenario, dato):
    """The municipality accepts the choice, in force from this day."""
    scenario.expect_accepted("borgeren", effective=dato)


@then(p("lægevalget accepteres med virkning om {dage:d} dage"))
@then(p("the choice is accepted with effect in {dage:d} days"))
def accepteres_om(scenario, dage):
    """The municipality accepts the choice, in force this many days from today."""
    scenario.expect_accepted("borgeren", days=dage)


@then(p("lægevalget afvises, fordi {grund}"))
@then(p("the choice is refused because of {grund}"))
def afvises_fordi(scenario, grund):
    """The municipality refuses the choice for the reason given."""
    scenario.expect_refused("borgeren", grund)


@then(p("lægevalget afvises på grund af {grund}"))
def afvises_paa_grund_af(scenario, grund):
    """The municipality refuses the choice for the reason given."""
    scenario.expect_refused("borgeren", grund)


@then("lægevalget er gratis")
@then("the choice is free")
def laegevalg_gratis(scenario):
    """No fee is charged for the choice."""
    scenario.expect_free("borgeren")


@then(p("lægevalget koster {kr:d} kr."))
@then(p("the choice costs {kr:d} kr."))
def laegevalg_koster(scenario, kr):
    """The choice costs the year's fee, in kroner."""
    scenario.expect_charged("borgeren", kr)
