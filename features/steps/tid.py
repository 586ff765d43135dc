"""Time: the one virtual clock every simulator and the SUT share (ARCHITECTURE.md principle 5)."""

from pytest_bdd import given, when

from features.steps import p


@given(p("at dags dato er {dato:Dato}"))
@given(p("today is {dato:Dato}"))
def dags_dato(scenario, dato):
    """The virtual date of the whole world is set to this day."""
    scenario.set_today(dato)


@given(p("der er gået {dage:d} dage"))
@given(p("{dage:d} days have passed"))
@when(p("der er gået {dage:d} dage"))
@when(p("{dage:d} days have passed"))
def dage_gaar(scenario, dage):
    """The virtual clock moves this many days forward."""
    scenario.advance_days(dage)


@when(p("dags dato bliver {dato:Dato}"))
@when(p("the date becomes {dato:Dato}"))
def dato_bliver(scenario, dato):
    """The virtual clock moves to this day."""
    scenario.set_today(dato)
