"""Danish sample steps: a move between municipalities (flytning)."""

from pytest_bdd import given, parsers, then, when


@given(parsers.parse("at dags dato er {dato}"))
def dags_dato(scenario, dato):
    """Sætter den virtuelle dato (the virtual clock) for alle simulatorer."""
    scenario.today = dato


@given("en borger bosat i Aarhus Kommune med egen læge")
def borger_i_aarhus(scenario):
    scenario.record("cpr", "GET", "/persons/0101901234", 200)


@when(parsers.parse("borgeren melder flytning til {kommune} Kommune"))
def melder_flytning(scenario, kommune):
    scenario.record("eflyt", "POST", "/moves", 201, {"to": kommune})
    scenario.record("sygesikring", "POST", "/eflyt/move-notifications", 202)


@then("registrerer Luna lægevalget")
def luna_registrerer(scenario):
    scenario.record("luna", "PUT", "/laegevalg/0101901234", 200)


@then("svarer Luna i strid med kontrakten")
def luna_bryder_kontrakten(scenario):
    broken = {"where": "response.body", "pointer": "/ydernummer", "rule": "pattern",
              "message": "'12' does not match '^[0-9]{6}$'", "schemaPath": "/properties/ydernummer/pattern"}
    scenario.record("luna", "PUT", "/laegevalg/0101901234", 200, violations=[broken])
    raise AssertionError("kontraktbrud: luna PUT /laegevalg response.body /ydernummer pattern")
