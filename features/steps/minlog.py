"""A caseworker (sagsbehandler) looking citizens up, and the citizen's MinLog (the access log on sundhed.dk)."""

from pytest_bdd import given, then, when

from features.steps import da, en
from golive import caseworker


@given(da("en sagsbehandler i {kommune:Kommune} Kommune er logget ind"))
@given(en("a caseworker in {kommune:Kommune} Kommune is logged in"))
def sagsbehandler_logget_ind(scenario, kommune):
    """A caseworker of the municipality has logged in to the SUT (a session of their own)."""
    caseworker.log_in(scenario, kommune)


@given(da("{rolle:Rolle} er kendt af sygesikringen"))
@given(en("{rolle:Rolle} is known to the municipality's sygesikring"))
def kendt_af_sygesikringen(scenario, rolle):
    """The municipality's sygesikring holds the person (registered as the CPR register holds them)."""
    caseworker.make_known(scenario, rolle)


@when(da("sagsbehandleren logger ind igen", exact=True))
@when(en("the caseworker logs in again", exact=True))
def logger_ind_igen(scenario):
    """The caseworker logs in once more (a new session). A login looks nobody up."""
    caseworker.log_in(scenario)


@when(da("sagsbehandleren logger ind igen uden navn", exact=True))
@when(en("the caseworker logs in again without a display name", exact=True))
def logger_ind_igen_uden_navn(scenario):
    """The caseworker logs in once more without the display name MinLog shows the citizen (the contract makes it
    optional): the look-ups still name the caseworker by their user id."""
    caseworker.log_in(scenario, named=False)


@when(da("sagsbehandleren slår {rolle:Rolle} op"))
@when(en("the caseworker looks up {rolle:Rolle}"))
def slaar_op(scenario, rolle):
    """The caseworker opens the person's sygesikring in the SUT: one real look-up."""
    caseworker.look_up(scenario, rolle)


@when(da("sagsbehandleren slår borger {nr:d} op"))
@when(en("the caseworker looks up citizen {nr:d}"))
def slaar_nummereret_borger_op(scenario, nr):
    """The caseworker looks up the numbered citizen the explorer made, and the invariants are checked at once (the
    step the explorer writes a MinLog finding in: golive/explore/session.py)."""
    from golive.explore.session import session_for

    session_for(scenario).look_up(nr, log_in_again=False)


@when(da("natkørslen har kørt", exact=True))
@when(en("the nightly batch has run", exact=True))
def natkoersel(scenario):
    """A night passes (the virtual clock moves on a day) and the SUT's nightly batch runs over every citizen."""
    caseworker.nightly_batch(scenario)


@then(da("{rolle:Rolle}s MinLog viser {antal:d} opslag af sagsbehandleren"))
@then(en("{rolle:Rolle}'s MinLog shows {antal:d} look-ups by the caseworker"))
def minlog_viser(scenario, rolle, antal):
    """The person's MinLog shows exactly this many look-ups by the scenario's caseworker."""
    caseworker.expect_lookups(scenario, rolle, antal)


@then(da("MinLog viser ingen opslag fra baggrundsjob", exact=True))
@then(en("MinLog shows no look-ups by background jobs", exact=True))
def ingen_baggrundsopslag(scenario):
    """No entry in any of the scenario's people's MinLog without a look-up by the caseworker behind it: nothing for
    a login, a batch run, a bus delivery or the SUT's own background work."""
    caseworker.expect_no_background_entries(scenario)


@then(da("ingen MinLog-post nævner en anden borger", exact=True))
@then(en("no MinLog entry names another citizen", exact=True))
def ingen_anden_borger(scenario):
    """No entry in a person's MinLog names another of the scenario's people (CPR number or name)."""
    caseworker.expect_no_other_citizen_named(scenario)
