"""Time: the one virtual clock every simulator and the SUT share (ARCHITECTURE.md principle 5)."""

from pytest_bdd import given, when

from features.steps import da, en


@given(da("at dags dato er {dato:Dato}"))
@given(en("today is {dato:Dato}"))
def dags_dato(scenario, dato):
    """The virtual date of the whole world is set to this day."""
    scenario.set_today(dato)


@given(da("der er gået {dage:d} dage"))
@given(en("{dage:d} days have passed"))
@when(da("der er gået {dage:d} dage"))
@when(en("{dage:d} days have passed"))
def dage_gaar(scenario, dage):
    """The virtual clock moves this many days forward."""
    scenario.advance_days(dage)


@when(da("dags dato bliver {dato:Dato}"))
@when(en("the date becomes {dato:Dato}"))
def dato_bliver(scenario, dato):
    """The virtual clock moves to this day."""
    scenario.set_today(dato)
