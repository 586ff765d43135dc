"""Lægevalg (choice of doctor) through the municipality's self-service, and what the municipality answers."""

from pytest_bdd import then, when

from features.steps import da, en


@when(da("{rolle:Rolle} vælger {praksis:Praksis}"))
@when(en("{rolle:Rolle} chooses {praksis:Praksis}"))
def vaelger_praksis(scenario, rolle, praksis):
    """The citizen asks the municipality to register this practice as their doctor."""
    scenario.choose_doctor(rolle, praksis)


@when(da("{rolle:Rolle} vælger {praksis:Praksis} og giver afkald på sygebesøg"))
def vaelger_fjern_praksis(scenario, rolle, praksis):
    """The citizen chooses a practice beyond the distance limit and waives home visits."""
    scenario.choose_doctor(rolle, praksis, waive=True)


@when(da("{rolle:Rolle} vælger {praksis:Praksis} med virkning fra {dato:Dato}"))
@when(en("{rolle:Rolle} chooses {praksis:Praksis} from {dato:Dato}"))
def vaelger_praksis_fra(scenario, rolle, praksis, dato):
    """The citizen chooses the practice and asks for the choice to take effect on the date (by default it takes
    effect 14 days on; a free change may take effect at once)."""
    scenario.choose_doctor(rolle, praksis, effective=dato)


@when(da("{rolle:Rolle} vælger {praksis:Praksis} med undtagelsen {undtagelse:Undtagelse}"))
def vaelger_med_undtagelse(scenario, rolle, praksis, undtagelse):
    """The citizen chooses a closed practice, invoking one of the exceptions that may admit them."""
    scenario.choose_doctor(rolle, praksis, exception=undtagelse)


@when(da("{rolle:Rolle} vælger ydernummer {ydernummer:Ydernummer}, som Luna ikke kender"))
@when(en("{rolle:Rolle} chooses ydernummer {ydernummer:Ydernummer}, which Luna does not know"))
def vaelger_ukendt_ydernummer(scenario, rolle, ydernummer):
    """The citizen asks for an ydernummer no practice in Luna has (six digits, e.g. mistyped)."""
    scenario.choose_unknown_practice(rolle, ydernummer)


@then(da("lægevalget accepteres med virkning fra {dato:Dato}"))
@then(en("the choice is accepted with effect from {dato:Dato}"))
def accepteres_fra(scenario, dato):
    """The municipality accepts the choice, in force from this day."""
    scenario.expect_accepted("borgeren", effective=dato)


@then(da("lægevalget accepteres med virkning om {dage:d} dage"))
@then(en("the choice is accepted with effect in {dage:d} days"))
def accepteres_om(scenario, dage):
    """The municipality accepts the choice, in force this many days from today."""
    scenario.expect_accepted("borgeren", days=dage)


@then(da("lægevalget afvises, fordi {grund:Afvisning}"))
@then(en("the choice is refused because of {grund:Afvisning}"))
def afvises_fordi(scenario, grund):
    """The municipality refuses the choice for the reason given."""
    scenario.expect_refused("borgeren", grund)


@then(da("lægevalget afvises på grund af {grund:Afvisning}"))
def afvises_paa_grund_af(scenario, grund):
    """The municipality refuses the choice for the reason given."""
    scenario.expect_refused("borgeren", grund)


@then(da("lægevalget er gratis", exact=True))
@then(en("the choice is free", exact=True))
def laegevalg_gratis(scenario):
    """No fee is charged for the choice."""
    scenario.expect_free("borgeren")


@then(da("lægevalget koster {kr:d} kr."))
@then(en("the choice costs {kr:d} kr."))
def laegevalg_koster(scenario, kr):
    """The choice costs the year's fee, in kroner."""
    scenario.expect_charged("borgeren", kr)
