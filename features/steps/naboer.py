"""What the neighbours saw: Luna's registrations, the Servicebus's deliveries, Finance's vouchers, contract checks; and
what the municipality's finance team does in Finance (closing and reopening an accounting month).

E-flyt's receipts are asserted in flytning.py, next to the move that causes them.
"""

from pytest_bdd import given, then, when

from features.steps import da, en


@then(da("Luna registrerer {rolle:Rolle} hos {praksis:Praksis} med virkning fra {dato:Dato}"))
@then(en("Luna registers {rolle:Rolle} with {praksis:Praksis} from {dato:Dato}"))
def luna_registrerer_fra(scenario, rolle, praksis, dato):
    """Luna holds the new doctor choice, in force from this day."""
    scenario.expect_luna_registration(rolle, praksis, effective=dato)


@then(da("Luna registrerer {rolle:Rolle} hos {praksis:Praksis} med virkning om {dage:d} dage"))
@then(en("Luna registers {rolle:Rolle} with {praksis:Praksis} in {dage:d} days"))
def luna_registrerer_om(scenario, rolle, praksis, dage):
    """Luna holds the new doctor choice, in force this many days from today."""
    scenario.expect_luna_registration(rolle, praksis, days=dage)


@then(da("Luna registrerer {rolle:Rolle} hos {praksis:Praksis} med undtagelsen {undtagelse:Undtagelse}"))
def luna_registrerer_undtagelse(scenario, rolle, praksis, undtagelse):
    """Luna holds the choice of a closed practice together with the exception that admitted the citizen."""
    scenario.expect_luna_registration(rolle, praksis, exception=undtagelse)


@then(da("Luna registrerer {rolle:Rolle} hos {praksis:Praksis} som følger af {foraelder:Rolle}"))
def luna_registrerer_foelger(scenario, rolle, praksis, foraelder):
    """Luna holds the child with the parent's new doctor, as following that parent."""
    scenario.expect_luna_registration(rolle, praksis, follows=foraelder)


@then(da("Luna har intet nyt lægevalg for {rolle:Rolle}"))
@then(en("Luna has no new doctor choice for {rolle:Rolle}"))
def luna_intet_nyt(scenario, rolle):
    """Nothing new was registered in Luna for this person."""
    scenario.expect_no_new_registration(rolle)


@then(da("Luna har afsluttet lægevalget for {rolle:Rolle}"))
@then(en("Luna has ended the doctor choice of {rolle:Rolle}"))
def luna_afsluttet(scenario, rolle):
    """Luna has ended the person's doctor choice."""
    scenario.expect_luna_ended(rolle)


@then(da("Luna har afsluttet lægevalget for {rolle:Rolle} den {dato:Dato}"))
@then(en("Luna has ended the lægevalg of {rolle:Rolle} on {dato:Dato}"))
def luna_afsluttet_den(scenario, rolle, dato):
    """Luna ended the lægevalg in force on this day (CPR's date of the death or emigration, not the day it arrived)."""
    scenario.expect_luna_ended(rolle, on=dato)


@then(da("Servicebussens besked om ændret lægevalg for {rolle:Rolle} nævner {kommune:Kommune} Kommune"))
@then(en("the Servicebus message about changed doctor for {rolle:Rolle} names {kommune:Kommune} Kommune"))
def bus_naevner_kommune(scenario, rolle, kommune):
    """The lægevalg event names the municipality the person lives in now (after a move: the new one), so partners
    such as the region and the health-card producer file the choice under the right municipality."""
    scenario.expect_event_municipality(rolle, kommune)


@then(da("Servicebussen leverer én besked om {emne:Meddelelse} for {rolle:Rolle} til partnerne"))
@then(en("the Servicebus delivers one message about {emne:Meddelelse} for {rolle:Rolle} to the partners"))
def bus_leverer_en(scenario, emne, rolle):
    """Exactly one event of this kind about the person reached the statutory partners."""
    scenario.expect_delivered(emne, rolle, 1)


@then(da("Servicebussen leverer {antal:d} beskeder om {emne:Meddelelse} for {rolle:Rolle} til partnerne"))
@then(en("the Servicebus delivers {antal:d} messages about {emne:Meddelelse} for {rolle:Rolle} to the partners"))
def bus_leverer_flere(scenario, antal, emne, rolle):
    """Exactly this many events of this kind about the person reached the statutory partners."""
    scenario.expect_delivered(emne, rolle, antal)


@then(da("Servicebussen leverer ingen besked om {emne:Meddelelse} for {rolle:Rolle}"))
@then(en("the Servicebus delivers no message about {emne:Meddelelse} for {rolle:Rolle}"))
def bus_leverer_ingen(scenario, emne, rolle):
    """No event of this kind about the person was published."""
    scenario.expect_no_message(emne, rolle)


@then(da("der bogføres et gebyr på {kr:d} kr. for {rolle:Rolle}"))
@then(en("a fee of {kr:d} kr. is posted for {rolle:Rolle}"))
def gebyr_bogfoeres(scenario, kr, rolle):
    """Finance holds one balanced voucher charging the person this fee (in øre on the wire)."""
    scenario.expect_fee(rolle, kr)


@then(da("der bogføres intet gebyr for {rolle:Rolle}"))
@then(en("no fee is posted for {rolle:Rolle}"))
def intet_gebyr(scenario, rolle):
    """Finance holds no voucher for the person."""
    scenario.expect_no_fee(rolle)


@then(da("gebyrbilaget bærer borgerens fulde navn", exact=True))
@then(en("the fee voucher carries the citizen's full name", exact=True))
def bilag_fulde_navn(scenario):
    """The fee voucher names the debtor in full, however long the name."""
    scenario.expect_voucher_names_in_full("borgeren")


@then(da("borgerens adresse findes ikke i nogen besked på Servicebussen", exact=True))
@then(en("the citizen's address never appears on the Servicebus", exact=True))
def adresse_aldrig_paa_bussen(scenario):
    """The protected address never left the municipality through the Servicebus."""
    scenario.expect_address_never_on_bus("borgeren")


@then(da("ingen udveksling brød en kontrakt", exact=True))
@then(en("no exchange violated a contract", exact=True))
def ingen_kontraktbrud(scenario):
    """Every HTTP exchange about the scenario's people kept to its contract."""
    scenario.expect_no_violations()


@given(da("Finance lukker regnskabsmåneden {maaned:Maaned}"))
@given(en("Finance closes the accounting month {maaned:Maaned}"))
@when(da("Finance lukker regnskabsmåneden {maaned:Maaned}"))
@when(en("Finance closes the accounting month {maaned:Maaned}"))
def finance_lukker_maaned(scenario, maaned):
    """The municipality's finance team closes the month for posting (month-end close): Finance refuses every voucher
    dated in it (409 period-closed); a fee the SUT charged meanwhile must wait, not be lost."""
    scenario.faults.close_month(maaned)


@when(da("Finance genåbner regnskabsmåneden {maaned:Maaned}"))
@when(en("Finance reopens the accounting month {maaned:Maaned}"))
def finance_genaabner_maaned(scenario, maaned):
    """The month is open for posting again: a posting the SUT held back goes through (under its own key, once)."""
    scenario.faults.reopen_month(maaned)
