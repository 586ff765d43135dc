"""Health cards (sundhedskort, the yellow card): ordering one, paid or free."""

from pytest_bdd import then, when

from features.steps import p


@when(p("borgeren bestiller et sundhedskort på grund af {aarsag}"))
@when(p("the citizen orders a health card because of {aarsag}"))
def bestiller_kort(scenario, aarsag):
    """The citizen orders a health card, giving the reason (first card, lost card, turning 15, name change)."""
    scenario.order_card("borgeren", aarsag)


@then("kortet er gratis")
@then("the card is free")
def kort_gratis(scenario):
    """No fee is charged for the card."""
    scenario.expect_free("borgeren")


@then(p("kortet koster {kr:d} kr."))
@then(p("the card costs {kr:d} kr."))
def kort_koster(scenario, kr):
    """The card costs the year's fee, in kroner."""
    scenario.expect_charged("borgeren", kr)
