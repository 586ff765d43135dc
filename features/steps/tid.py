"""Time: the one virtual clock every simulator and the SUT share (ARCHITECTURE.md principle 5)."""

from pytest_bdd import given, when

from features.steps import da, en
from golive.failures import FeatureFileMistake


def _move_clock_to(scenario, dato):
    """The clock goes to the date; back in time only before anyone or anything is given: once the scenario has
    acted, a date before today would undo what happened (a feature-file mistake, not a verdict)."""
    if dato < scenario.today and (scenario.citizens or scenario.practices):
        raise FeatureFileMistake(
            f"the clock cannot go back to {dato.isoformat()}: it is {scenario.today.isoformat()} already and the "
            f"scenario has acted since; write {scenario.today.isoformat()} or later, or 'der er gået N dage'"
        )
    scenario.set_today(dato)


@given(da("at dags dato er {dato:Dato}"))
@given(en("today is {dato:Dato}"))
def dags_dato(scenario, dato):
    """The virtual date of the whole world is set to this day."""
    _move_clock_to(scenario, dato)


@given(da("der er gået {dage:d} dage"))
@given(en("{dage:d} days have passed"))
@when(da("der er gået {dage:d} dage"))
@when(en("{dage:d} days have passed"))
def dage_gaar(scenario, dage):
    """The virtual clock moves this many days forward."""
    scenario.advance_days(dage)


@given(da("der er gået 1 dag", exact=True))
@given(en("1 day has passed", exact=True))
@when(da("der er gået 1 dag", exact=True))
@when(en("1 day has passed", exact=True))
def en_dag_gaar(scenario):
    """The virtual clock moves one day forward (as a test manager writes it; 'der er gået 1 dage' does the same)."""
    scenario.advance_days(1)


@when(da("dags dato bliver {dato:Dato}"))
@when(en("the date becomes {dato:Dato}"))
def dato_bliver(scenario, dato):
    """The virtual clock moves to this day."""
    _move_clock_to(scenario, dato)
