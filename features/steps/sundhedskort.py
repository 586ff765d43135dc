"""Health cards (sundhedskort, the yellow card): ordering one, paid or free."""

from pytest_bdd import then, when

from features.steps import da, en


@when(da("borgeren bestiller et sundhedskort på grund af {aarsag:Kortgrund}"))
@when(en("the citizen orders a health card because of {aarsag:Kortgrund}"))
def bestiller_kort(scenario, aarsag):
    """The citizen orders a health card, giving the reason (first card, lost card, turning 15, name change)."""
    scenario.order_card("borgeren", aarsag)


@then(da("kortet er gratis", exact=True))
@then(en("the card is free", exact=True))
def kort_gratis(scenario):
    """No fee is charged for the card."""
    scenario.expect_free("borgeren")


@then(da("kortet koster {kr:d} kr."))
@then(en("the card costs {kr:d} kr."))
def kort_koster(scenario, kr):
    """The card costs the year's fee, in kroner."""
    scenario.expect_charged("borgeren", kr)
