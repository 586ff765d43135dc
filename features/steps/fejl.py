"""Faults in business words: a neighbour is down, slow, drops the connection, loses an answer; the bus delivers twice,
late, out of order, or dead-letters a message.

Each step is one kernel fault rule on the neighbour's admin API (simulators/core/faults.py), installed through the
scenario's `faults` (golive/drivers/faults.py, which alone builds the rules): "Luna er nede i 10 minutter" is a 503
rule with a window of *virtual* time from now, so the outage ends when a step lets the time pass ("der går 10
minutter"), never after a real wait. Probabilities are decided per (seed, rule, n), so a scenario misbehaves the same
way in every run with the same seed.

A fault that strikes nothing proves nothing: "sygesikringen har mødt fejlen hos Luna" waits until the rule has hit a
call, and is also the point after which a scenario may let the time pass.
"""

from __future__ import annotations

from pytest_bdd import given, then, when

from features.steps import da, en
from golive.vocabulary import OPERATIONS


# -- HTTP neighbours ----------------------------------------------------------------------------------------
@given(da("{nabo:Nabo} er nede i {minutter:d} minutter"))
@given(en("{nabo:Nabo} is down for {minutter:d} minutes"))
@when(da("{nabo:Nabo} er nede i {minutter:d} minutter"))
@when(en("{nabo:Nabo} is down for {minutter:d} minutes"))
def nede_i(scenario, nabo, minutter):
    """The neighbour answers every call with 503 for this many minutes of virtual time, starting now."""
    scenario.faults.down(nabo, minutes=minutter)


@given(da("{nabo:Nabo} er nede"))
@given(en("{nabo:Nabo} is down"))
@when(da("{nabo:Nabo} er nede"))
@when(en("{nabo:Nabo} is down"))
def nede(scenario, nabo):
    """The neighbour answers every call with 503 until a step says it is back up."""
    scenario.faults.down(nabo)


@when(da("{nabo:Nabo} er oppe igen"))
@when(en("{nabo:Nabo} is back up"))
def oppe_igen(scenario, nabo):
    """Every fault this scenario put on the neighbour is removed: it answers normally again."""
    scenario.faults.up(nabo)


@given(da("{nabo:Nabo} tager ikke imod {handlinger:Handlinger} i {minutter:d} minutter"))
@given(en("{nabo:Nabo} takes no {handlinger:Handlinger} for {minutter:d} minutes"))
@when(da("{nabo:Nabo} tager ikke imod {handlinger:Handlinger} i {minutter:d} minutter"))
@when(en("{nabo:Nabo} takes no {handlinger:Handlinger} for {minutter:d} minutes"))
def tager_ikke_imod(scenario, nabo, handlinger, minutter):
    """The neighbour answers 503 to calls of this kind (only) for this many minutes of virtual time; the rest works."""
    scenario.faults.down(nabo, minutes=minutter, operation=handlinger)


@given(da("{nabo:Nabo} svarer langsomt"))
@given(en("{nabo:Nabo} answers slowly"))
def svarer_langsomt(scenario, nabo):
    """Every call to the neighbour takes a little longer (seeded, uniformly between two bounds); nothing breaks."""
    scenario.faults.slow(nabo)


@given(da("{nabo:Nabo} svarer med fejl de næste {antal:d} kald"))
@given(en("{nabo:Nabo} answers the next {antal:d} calls with errors"))
def svarer_med_fejl(scenario, nabo, antal):
    """The neighbour's next calls (any operation, the harness's own reads included) are answered 503, then it works
    again. To hit only the SUT's changes, name them: "... de næste 2 bogføringer"."""
    scenario.faults.fail_next(nabo, antal)


@given(da("{nabo:Nabo} svarer med fejl på de næste {antal:d} {handlinger:Handlinger}"))
@given(en("{nabo:Nabo} answers the next {antal:d} {handlinger:Handlinger} with errors"))
@when(da("{nabo:Nabo} svarer med fejl på de næste {antal:d} {handlinger:Handlinger}"))
@when(en("{nabo:Nabo} answers the next {antal:d} {handlinger:Handlinger} with errors"))
def svarer_med_fejl_paa(scenario, nabo, antal, handlinger):
    """The neighbour's next calls of this kind are answered 503, then it works again (other calls are untouched)."""
    scenario.faults.fail_next(nabo, antal, operation=handlinger)


@given(da("{nabo:Nabo} afbryder forbindelsen ved næste {handling:Handling}"))
@given(en("{nabo:Nabo} drops the connection on the next {handling:Handling}"))
@when(da("{nabo:Nabo} afbryder forbindelsen ved næste {handling:Handling}"))
@when(en("{nabo:Nabo} drops the connection on the next {handling:Handling}"))
def afbryder_ved(scenario, nabo, handling):
    """The neighbour drops the connection on its next call of this kind, before doing anything."""
    scenario.faults.drop_connection(nabo, operation=handling)


@given(da("{nabo:Nabo} afbryder forbindelsen"))
@given(en("{nabo:Nabo} drops the connection"))
def afbryder(scenario, nabo):
    """The neighbour drops the connection on its next call, whatever it is, before doing anything."""
    scenario.faults.drop_connection(nabo)


@given(da("{nabo:Nabo} svarer for sent på næste {handling:Handling}"))
@given(en("{nabo:Nabo} answers the next {handling:Handling} too late"))
@when(da("{nabo:Nabo} svarer for sent på næste {handling:Handling}"))
@when(en("{nabo:Nabo} answers the next {handling:Handling} too late"))
def svarer_for_sent(scenario, nabo, handling):
    """The neighbour does the next call of this kind, but its answer comes after the caller gave up (a lost answer)."""
    scenario.faults.answer_too_late(nabo, handling)


@given(da("Finance timer ud efter bogføringen", exact=True))
@given(en("Finance times out after booking", exact=True))
@when(da("Finance timer ud efter bogføringen", exact=True))
@when(en("Finance times out after booking", exact=True))
def finance_timer_ud(scenario):
    """Finance books the next fee voucher, then the connection is cut before the answer: the SUT cannot know."""
    scenario.faults.time_out_after("finance", OPERATIONS["bogføring"])


# -- the Servicebus -------------------------------------------------------------------------------------------
@given(da("Servicebussen leverer beskeder om {emne:Emne} to gange"))
@given(en("the Servicebus delivers messages about {emne:Emne} twice"))
@when(da("Servicebussen leverer beskeder om {emne:Emne} to gange"))
@when(en("the Servicebus delivers messages about {emne:Emne} twice"))
def bus_to_gange(scenario, emne):
    """Every message on the topic reaches each subscriber twice (at-least-once delivery, the second copy included)."""
    scenario.faults.bus_twice(emne)


@given(da("Servicebussen leverer beskeder om {emne:Emne} for sent"))
@given(en("the Servicebus delivers messages about {emne:Emne} late"))
def bus_for_sent(scenario, emne):
    """Every message on the topic is held back a moment (of the world's time) before it is pushed."""
    scenario.faults.bus_late(emne)


@given(da("Servicebussen leverer den næste besked om {emne:Emne} i forkert rækkefølge"))
@given(en("the Servicebus delivers the next message about {emne:Emne} out of order"))
@when(da("Servicebussen leverer den næste besked om {emne:Emne} i forkert rækkefølge"))
@when(en("the Servicebus delivers the next message about {emne:Emne} out of order"))
def bus_forkert_raekkefoelge(scenario, emne):
    """The next message on the topic is held back until the one after it has been delivered."""
    scenario.faults.bus_reorder_next(emne)


@given(da("Servicebussen lægger den næste besked om {emne:Emne} i dead-letter"))
@given(en("the Servicebus dead-letters the next message about {emne:Emne}"))
def bus_dead_letter(scenario, emne):
    """The next message on the topic goes straight to the subscribers' dead-letter queues, undelivered."""
    scenario.faults.bus_dead_letter_next(emne)


@then(da("Servicebussen har leveret alle beskeder om {emne:Emne}"))
@then(en("the Servicebus has delivered every message about {emne:Emne}"))
@when(da("Servicebussen har leveret alle beskeder om {emne:Emne}"))
@when(en("the Servicebus has delivered every message about {emne:Emne}"))
def bus_har_leveret(scenario, emne):
    """Every message on the topic has reached its webhook subscribers, held and late ones included."""
    scenario.await_topic_delivered(emne)


# -- profiles, time, and proof that a fault struck -----------------------------------------------------------------
@given(da('fejlprofilen "{navn:Fejlprofil}"'))
@given(en('the fault profile "{navn:Fejlprofil}"'))
def fejlprofil(scenario, navn):
    """A named fault profile (golive/fault_profiles.py: ustabil Luna, Luna-nedbrud, langsom Finance, ...) is switched on."""
    scenario.apply_fault_profile(navn)


@given(da("der går {minutter:d} minutter"))
@given(en("{minutter:d} minutes pass"))
@when(da("der går {minutter:d} minutter"))
@when(en("{minutter:d} minutes pass"))
def minutter_gaar(scenario, minutter):
    """Virtual time moves this many minutes forward everywhere; a fault window that ends meanwhile is over."""
    scenario.advance_minutes(minutter)


@when(da("sygesikringen har mødt fejlen hos {nabo:Nabo}"))
@when(en("the SUT has run into the fault at {nabo:Nabo}"))
@then(da("sygesikringen har mødt fejlen hos {nabo:Nabo}"))
@then(en("the SUT has run into the fault at {nabo:Nabo}"))
def har_moedt_fejlen(scenario, nabo):
    """A fault this scenario put on the neighbour has hit a call (so the outage was real, not missed)."""
    scenario.faults.await_struck(nabo)


# -- what resilience looks like from outside ----------------------------------------------------------------------
@then(da("der bogføres præcis {antal:d} gebyrbilag for {rolle:Rolle}"))
@then(en("exactly {antal:d} fee vouchers are posted for {rolle:Rolle}"))
def praecis_bilag(scenario, antal, rolle):
    """Finance holds exactly this many vouchers for the person, however often the SUT had to try."""
    scenario.expect_fee_vouchers(rolle, antal)


@then(da("Luna registrerer {rolle:Rolle} hos {praksis:Praksis} præcis én gang"))
@then(en("Luna registers {rolle:Rolle} with {praksis:Praksis} exactly once"))
def registreret_en_gang(scenario, rolle, praksis):
    """Luna holds the new choice once — no second registration from a retry."""
    scenario.expect_registered_once(rolle, praksis)


@then(da("lægevalget modtages som afventende", exact=True))
@then(en("the choice is accepted as pending", exact=True))
def modtaget_afventende(scenario):
    """The municipality accepted the choice but says it waits for Luna (not refused, not claimed done)."""
    scenario.expect_answered_pending("borgeren")


@then(da("E-flyt modtager først en kvittering om, at lægevalget afventer Luna", exact=True))
@then(en("E-flyt first receives a receipt saying the doctor choice waits for Luna", exact=True))
def foerst_afventende_kvittering(scenario):
    """The first receipt for the move case tells the truth: the doctor choice is not registered yet."""
    scenario.expect_pending_receipt_first("borgeren")


@then(da("borgerens sygesikring ophører én gang", exact=True))
@then(en("the citizen's coverage ends once", exact=True))
def ophoerer_en_gang(scenario):
    """One coverage-ended event on the bus and one end of the lægevalg in Luna, however often the news came."""
    scenario.expect_coverage_ended_once("borgeren")


@when(da("regionen lukker {praksis:Praksis} for tilgang, fordi {grund:Lukkegrund}"))
@when(en("the region closes {praksis:Praksis} for intake because {grund:Lukkegrund}"))
def lukker_for_tilgang(scenario, praksis, grund):
    """The region closes the practice for new patients, for a reason Luna records and publishes: one that takes the
    doctor from its patients (the practice ends, the doctor leaves) gives them a free re-choice; one that only stops
    new patients (it is full, the region decided so) does not."""
    scenario.close_practice(praksis, grund)


@when(da("regionen genåbner {praksis:Praksis}"))
@when(en("the region reopens {praksis:Praksis}"))
def genaabner(scenario, praksis):
    """The region opens the practice for new patients again; the change goes out on the Servicebus."""
    scenario.reopen_practice(praksis)
