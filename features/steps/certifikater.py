"""Certificates (certifikater): Serviceplatformen's switch from OCES2 to OCES3 and the SUT's system certificate.

The Given-steps that put a certificate are When-steps too: the explorer (golive/explore/certificates.py) puts a refused
certificate in the middle of a run, and a finding written back continues its When-steps with "Og".
"""

from pytest_bdd import given, then, when

from features.steps import da, en
from golive import rollover


@given(da("at Serviceplatformen skifter til {generation:Generation} den {dato:Dato}"))
@given(en("Serviceplatformen switches to {generation:Generation} on {dato:Dato}"))
@when(da("at Serviceplatformen skifter til {generation:Generation} den {dato:Dato}"))
@when(en("Serviceplatformen switches to {generation:Generation} on {dato:Dato}"))
def skifter_til(scenario, generation, dato):
    """From that day Serviceplatformen trusts system certificates of that generation only (before it: OCES2)."""
    rollover.switch_to(scenario, generation, dato)


@given(da("at Serviceplatformen godtager både OCES2 og OCES3 fra {dato:Dato}"))
@given(en("Serviceplatformen accepts both OCES2 and OCES3 from {dato:Dato}"))
def overlap(scenario, dato):
    """From that day (until a later switch) Serviceplatformen trusts both generations: the overlap window."""
    rollover.overlap_from(scenario, dato)


@given(da("at sygesikringen bruger et {generation:Generation}-systemcertifikat"))
@given(en("the SUT uses an {generation:Generation} system certificate"))
@when(da("at sygesikringen bruger et {generation:Generation}-systemcertifikat"))
@when(en("the SUT uses an {generation:Generation} system certificate"))
@when(da("sygesikringen får et nyt {generation:Generation}-systemcertifikat"))
@when(en("the SUT gets a new {generation:Generation} system certificate"))
def bruger_certifikat(scenario, generation):
    """The SUT is given a system certificate of that generation (a renewal, when it had one before)."""
    rollover.present(scenario, generation)


@given(da("at sygesikringens systemcertifikat udløber {dato:Dato}"))
@given(en("the SUT's system certificate expires on {dato:Dato}"))
@when(da("at sygesikringens systemcertifikat udløber {dato:Dato}"))
@when(en("the SUT's system certificate expires on {dato:Dato}"))
def udloeber(scenario, dato):
    """The SUT's system certificate is valid until that day (virtual time)."""
    rollover.expires(scenario, dato)


@given(da("at sygesikringens systemcertifikat er spærret", exact=True))
@given(en("the SUT's system certificate is revoked", exact=True))
@when(da("at sygesikringens systemcertifikat er spærret", exact=True))
@when(en("the SUT's system certificate is revoked", exact=True))
def spaerret(scenario):
    """The SUT's system certificate is on its issuer's certificate revocation list (CRL)."""
    rollover.revoke(scenario)


@given(da("at sygesikringen bruger et systemcertifikat fra en ukendt udsteder", exact=True))
@given(en("the SUT uses a system certificate from an unknown issuer", exact=True))
@when(da("at sygesikringen bruger et systemcertifikat fra en ukendt udsteder", exact=True))
@when(en("the SUT uses a system certificate from an unknown issuer", exact=True))
def ukendt_udsteder(scenario):
    """The SUT's system certificate chains to a CA Serviceplatformen never trusts (the wrong chain)."""
    rollover.unknown_issuer(scenario)


@then(da("Serviceplatformen afviser sygesikringens systemcertifikat som {aarsag:Certifikatfejl}"))
@then(en("Serviceplatformen refuses the SUT's system certificate as {aarsag:Certifikatfejl}"))
def afviser(scenario, aarsag):
    """The TLS handshake (or, for expiry, the platform) refused the certificate for that reason, and the SUT raised
    an alert saying so."""
    rollover.expect_refused(scenario, aarsag)


@then(da("Serviceplatformen godtager sygesikringens systemcertifikat", exact=True))
@then(en("Serviceplatformen accepts the SUT's system certificate", exact=True))
def godtager(scenario):
    """Serviceplatformen refused none of the SUT's connections."""
    rollover.expect_accepted(scenario)


@then(da("Servicebussen leverer én alarm om, at Serviceplatformen afviser sygesikringens systemcertifikat", exact=True))
@then(en("the Servicebus carries one alert that Serviceplatformen refuses the SUT's system certificate", exact=True))
def alarm(scenario):
    """The SUT published one integration alert (sygesikring.integration-alert) about the refusal — not one per retry —
    naming Serviceplatformen, the neighbour, a reason the platform gave and the generation presented."""
    rollover.expect_alerted(scenario)


@then(da("Servicebussen leverer ingen alarm om sygesikringens systemcertifikat", exact=True))
@then(en("the Servicebus carries no alert about the SUT's system certificate", exact=True))
def ingen_alarm(scenario):
    """The SUT published no integration alert about its system certificate."""
    rollover.expect_no_alert(scenario)
