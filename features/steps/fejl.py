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

import re

from parse import with_pattern
from pytest_bdd import given, parsers, then, when

from features.steps import TYPES
from golive.vocabulary import BUS_TOPICS, OPERATIONS, OPERATIONS_PLURAL, neighbour_words

NEIGHBOUR_WORDS = neighbour_words()  # read now: a neighbour registered before the step library is imported is known


def _alternatives(words) -> str:
    """A regex matching any of the words, the longest first (so no word is cut short by a shorter one)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@with_pattern(_alternatives(NEIGHBOUR_WORDS))  # from the registry
def _nabo(text: str) -> str:
    return NEIGHBOUR_WORDS[text]


@with_pattern(_alternatives(OPERATIONS))
def _handling(text: str) -> str:
    return OPERATIONS[text]


@with_pattern(_alternatives(BUS_TOPICS))
def _emne(text: str) -> str:
    return BUS_TOPICS[text]


@with_pattern(_alternatives(OPERATIONS_PLURAL))
def _handlinger(text: str) -> str:
    return OPERATIONS_PLURAL[text]


def f(text: str) -> parsers.parse:
    """Like features.steps.p, with a neighbour ({nabo:Nabo}), a kind of call ({handling:Handling}) and a bus topic
    in words ({emne:Emne})."""
    return parsers.parse(text, extra_types={**TYPES, "Nabo": _nabo, "Handling": _handling, "Handlinger": _handlinger,
                                                "Emne": _emne})


# -- HTTP neighbours ----------------------------------------------------------------------------------------
@given(f("{nabo:Nabo} er nede i {minutter:d} minutter"))
@given(f("{nabo:Nabo} is down for {minutter:d} minutes"))
@when(f("{nabo:Nabo} er nede i {minutter:d} minutter"))
@when(f("{nabo:Nabo} is down for {minutter:d} minutes"))
def nede_i(scenario, nabo, minutter):
    """The neighbour answers every call with 503 for this many minutes of virtual time, starting now."""
    scenario.faults.down(nabo, minutes=minutter)


@given(f("{nabo:Nabo} er nede"))
@given(f("{nabo:Nabo} is down"))
@when(f("{nabo:Nabo} er nede"))
@when(f("{nabo:Nabo} is down"))
def nede(scenario, nabo):
    """The neighbour answers every call with 503 until a step says it is back up."""
    scenario.faults.down(nabo)


@when(f("{nabo:Nabo} er oppe igen"))
@when(f("{nabo:Nabo} is back up"))
def oppe_igen(scenario, nabo):
    """Every fault this scenario put on the neighbour is removed: it answers normally again."""
    scenario.faults.up(nabo)


@given(f("{nabo:Nabo} tager ikke imod {handlinger:Handlinger} i {minutter:d} minutter"))
@given(f("{nabo:Nabo} takes no {handlinger:Handlinger} for {minutter:d} minutes"))
def tager_ikke_imod(scenario, nabo, handlinger, minutter):
    """The neighbour answers 503 to calls of this kind (only) for this many minutes of virtual time; the rest works."""
    scenario.faults.down(nabo, minutes=minutter, operation=handlinger)


@given(f("{nabo:Nabo} svarer langsomt"))
@given(f("{nabo:Nabo} answers slowly"))
def svarer_langsomt(scenario, nabo):
    """Every call to the neighbour takes a little longer (seeded, uniformly between two bounds); nothing breaks."""
    scenario.faults.slow(nabo)


@given(f("{nabo:Nabo} svarer med fejl de næste {antal:d} kald"))
@given(f("{nabo:Nabo} answers the next {antal:d} calls with errors"))
def svarer_med_fejl(scenario, nabo, antal):
    """The neighbour's next calls (any operation, the harness's own reads included) are answered 503, then it works
    again. To hit only the SUT's changes, name them: "... de næste 2 bogføringer"."""
    scenario.faults.fail_next(nabo, antal)


@given(f("{nabo:Nabo} svarer med fejl på de næste {antal:d} {handlinger:Handlinger}"))
@given(f("{nabo:Nabo} answers the next {antal:d} {handlinger:Handlinger} with errors"))
def svarer_med_fejl_paa(scenario, nabo, antal, handlinger):
    """The neighbour's next calls of this kind are answered 503, then it works again (other calls are untouched)."""
    scenario.faults.fail_next(nabo, antal, operation=handlinger)


@given(f("{nabo:Nabo} afbryder forbindelsen ved næste {handling:Handling}"))
@given(f("{nabo:Nabo} drops the connection on the next {handling:Handling}"))
def afbryder_ved(scenario, nabo, handling):
    """The neighbour drops the connection on its next call of this kind, before doing anything."""
    scenario.faults.drop_connection(nabo, operation=handling)


@given(f("{nabo:Nabo} afbryder forbindelsen"))
@given(f("{nabo:Nabo} drops the connection"))
def afbryder(scenario, nabo):
    """The neighbour drops the connection on its next call, whatever it is, before doing anything."""
    scenario.faults.drop_connection(nabo)


@given(f("{nabo:Nabo} svarer for sent på næste {handling:Handling}"))
@given(f("{nabo:Nabo} answers the next {handling:Handling} too late"))
def svarer_for_sent(scenario, nabo, handling):
    """The neighbour does the next call of this kind, but its answer comes after the caller gave up (a lost answer)."""
    scenario.faults.answer_too_late(nabo, handling)


@given("Finance timer ud efter bogføringen")
@given("Finance times out after booking")
def finance_timer_ud(scenario):
    """Finance books the next fee voucher, then the connection is cut before the answer: the SUT cannot know."""
    scenario.faults.time_out_after("finance", OPERATIONS["bogføring"])


# -- the Servicebus -------------------------------------------------------------------------------------------
@given(f("Servicebussen leverer beskeder om {emne:Emne} to gange"))
@given(f("the Servicebus delivers messages about {emne:Emne} twice"))
def bus_to_gange(scenario, emne):
    """Every message on the topic reaches each subscriber twice (at-least-once delivery, the second copy included)."""
    scenario.faults.bus_twice(emne)


@given(f("Servicebussen leverer beskeder om {emne:Emne} for sent"))
@given(f("the Servicebus delivers messages about {emne:Emne} late"))
def bus_for_sent(scenario, emne):
    """Every message on the topic is held back a moment (of the world's time) before it is pushed."""
    scenario.faults.bus_late(emne)


@given(f("Servicebussen leverer den næste besked om {emne:Emne} i forkert rækkefølge"))
@given(f("the Servicebus delivers the next message about {emne:Emne} out of order"))
@when(f("Servicebussen leverer den næste besked om {emne:Emne} i forkert rækkefølge"))
@when(f("the Servicebus delivers the next message about {emne:Emne} out of order"))
def bus_forkert_raekkefoelge(scenario, emne):
    """The next message on the topic is held back until the one after it has been delivered."""
    scenario.faults.bus_reorder_next(emne)


@given(f("Servicebussen lægger den næste besked om {emne:Emne} i dead-letter"))
@given(f("the Servicebus dead-letters the next message about {emne:Emne}"))
def bus_dead_letter(scenario, emne):
    """The next message on the topic goes straight to the subscribers' dead-letter queues, undelivered."""
    scenario.faults.bus_dead_letter_next(emne)


@then(f("Servicebussen har leveret alle beskeder om {emne:Emne}"))
@then(f("the Servicebus has delivered every message about {emne:Emne}"))
@when(f("Servicebussen har leveret alle beskeder om {emne:Emne}"))
@when(f("the Servicebus has delivered every message about {emne:Emne}"))
def bus_har_leveret(scenario, emne):
    """Every message on the topic has reached its webhook subscribers, held and late ones included."""
    scenario.await_topic_delivered(emne)


# -- profiles, time, and proof that a fault struck -----------------------------------------------------------------
@given(f('fejlprofilen "{navn}"'))
@given(f('the fault profile "{navn}"'))
def fejlprofil(scenario, navn):
    """A named fault profile (golive/fault_profiles.py: ustabil Luna, Luna-nedbrud, langsom Finance, ...) is switched on."""
    scenario.faults.apply_profile(navn)


@given(f("der går {minutter:d} minutter"))
@given(f("{minutter:d} minutes pass"))
@when(f("der går {minutter:d} minutter"))
@when(f("{minutter:d} minutes pass"))
def minutter_gaar(scenario, minutter):
    """Virtual time moves this many minutes forward everywhere; a fault window that ends meanwhile is over."""
    scenario.advance_minutes(minutter)


@when(f("sygesikringen har mødt fejlen hos {nabo:Nabo}"))
@when(f("the SUT has run into the fault at {nabo:Nabo}"))
@then(f("sygesikringen har mødt fejlen hos {nabo:Nabo}"))
@then(f("the SUT has run into the fault at {nabo:Nabo}"))
def har_moedt_fejlen(scenario, nabo):
    """A fault this scenario put on the neighbour has hit a call (so the outage was real, not missed)."""
    scenario.faults.await_struck(nabo)


# -- what resilience looks like from outside ----------------------------------------------------------------------
@then(f("der bogføres præcis {antal:d} gebyrbilag for {rolle:Rolle}"))
@then(f("exactly {antal:d} fee vouchers are posted for {rolle:Rolle}"))
def praecis_bilag(scenario, antal, rolle):
    """Finance holds exactly this many vouchers for the person, however often the SUT had to try."""
    scenario.expect_fee_vouchers(rolle, antal)


@then(f("Luna registrerer {rolle:Rolle} hos {praksis:Praksis} præcis én gang"))
@then(f("Luna registers {rolle:Rolle} with {praksis:Praksis} exactly once"))
def registreret_en_gang(scenario, rolle, praksis):
    """Luna holds the new choice once — no second registration from a retry."""
    scenario.expect_registered_once(rolle, praksis)


@then("lægevalget modtages som afventende")
@then("the choice is accepted as pending")
def modtaget_afventende(scenario):
    """The municipality accepted the choice but says it waits for Luna (not refused, not claimed done)."""
    scenario.expect_answered_pending("borgeren")


@then("E-flyt modtager først en kvittering om, at lægevalget afventer Luna")
@then("E-flyt first receives a receipt saying the doctor choice waits for Luna")
def foerst_afventende_kvittering(scenario):
    """The first receipt for the move case tells the truth: the doctor choice is not registered yet."""
    scenario.expect_pending_receipt_first("borgeren")


@then("borgerens sygesikring ophører én gang")
@then("the citizen's coverage ends once")
def ophoerer_en_gang(scenario):
    """One coverage-ended event on the bus and one end of the lægevalg in Luna, however often the news came."""
    scenario.expect_coverage_ended_once("borgeren")


@when(f("regionen lukker {praksis:Praksis} for tilgang, fordi den er fuld"))
@when(f("the region closes {praksis:Praksis} for intake because it is full"))
def lukker_fuld(scenario, praksis):
    """The region closes the practice for new patients (capacity); its patients keep their doctor."""
    scenario.close_practice(praksis, "capacity")


@when(f("regionen genåbner {praksis:Praksis}"))
@when(f("the region reopens {praksis:Praksis}"))
def genaabner(scenario, praksis):
    """The region opens the practice for new patients again; the change goes out on the Servicebus."""
    scenario.reopen_practice(praksis)
