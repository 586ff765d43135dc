"""Sikringsgruppe (insurance group 1 or 2): changing it, its effect date and the one-year lock."""

from pytest_bdd import then, when

from features.steps import da, en


@when(da("borgeren skifter til sikringsgruppe {gruppe:Gruppe}"))
@when(en("the citizen changes to sikringsgruppe {gruppe:Gruppe}"))
def skifter_gruppe(scenario, gruppe):
    """The citizen asks to change to the other sikringsgruppe."""
    scenario.change_group("borgeren", gruppe)


@then(da("skiftet accepteres med virkning om {dage:d} dage"))
@then(en("the change is accepted with effect in {dage:d} days"))
def skift_accepteres(scenario, dage):
    """The municipality accepts the group change, in force this many days from today."""
    scenario.expect_accepted("borgeren", days=dage)


@then(da("skiftet afvises, fordi {grund:Afvisning}"))
@then(en("the change is refused because {grund:Afvisning}"))
def skift_afvises(scenario, grund):
    """The municipality refuses the group change for the reason given."""
    scenario.expect_refused("borgeren", grund)


@then(da("skiftet koster {kr:d} kr."))
@then(en("the change costs {kr:d} kr."))
def skift_koster(scenario, kr):
    """The SUT's answer charges the fee of the year the change takes effect, in kroner."""
    scenario.expect_charged("borgeren", kr)


@then(da("skiftet er gratis", exact=True))
@then(en("the change is free", exact=True))
def skift_gratis(scenario):
    """No fee is charged for the group change (a free case of DOMAIN.md: after a move, after turning 15)."""
    scenario.expect_free("borgeren")


@then(da("borgeren er i sikringsgruppe {gruppe:Gruppe}"))
@then(en("the citizen is in sikringsgruppe {gruppe:Gruppe}"))
def er_i_gruppe(scenario, gruppe):
    """The municipality's record shows the citizen in this group today."""
    scenario.expect_group("borgeren", gruppe)
