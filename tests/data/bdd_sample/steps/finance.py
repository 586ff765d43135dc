"""English sample steps: fee postings to Finance."""

from pytest_bdd import given, parsers, then, when

from golive.blame import observing


@given(parsers.parse("a citizen who lost the health card {times:d} times"))
def lost_card(scenario, times):
    scenario.record("cpr", "GET", "/persons/0101901234", 200)


@when("the citizen orders a new health card")
def orders_card(scenario):
    scenario.record("sygesikring", "POST", "/healthcards", 201)
    scenario.record("servicebus", "POST", "/topics/sygesikring.healthcard-ordered/messages", 202)


@then(parsers.parse("a fee of {amount:d} øre is posted to Finance"))
def fee_posted(scenario, amount):
    scenario.record("finance", "POST", "/vouchers", 201, {"amountOre": amount})


@then("Finance receives no voucher")
def no_voucher(scenario):
    scenario.record("finance", "POST", "/vouchers", 201)
    with observing("finance"):  # the check looked at Finance: a failure blames that integration
        raise AssertionError("Finance received 1 voucher, expected none")


@then("the Servicebus is reachable")
def servicebus_down(scenario):
    raise ConnectionError("servicebus simulator at http://127.0.0.1:1 refused the connection")
