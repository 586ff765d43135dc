"""Exploration (udforskning): the steps the explorer writes its findings in (golive/explore/writeback.py).

Each step calls one method of the scenario's exploration session (golive/explore/session.py), which acts through the
Scenario, asks the oracle (golive/oracle/) what every neighbour must show, and checks it at once: a finding written
out as a feature file fails at the same step as it did in the explorer. People and practices are numbered
("borger 1", "praksis 2"); the data behind them is generated, as in every scenario.
"""

from pytest_bdd import given, then, when

from features.steps import da, en
from golive.explore.inputs import TEENAGE
from golive.explore.people import AGE_TRAITS, REGISTRATION_TRAITS
from golive.explore.session import session_for
from golive.failures import FeatureFileMistake
from golive.vocabulary import CARD_REASONS, CLOSING_REASONS, CPR_CHANGES, EXCEPTIONS
from simulators.rules import CUSTODY_AGE_LIMIT


def _traits(codes: tuple[str, ...]) -> dict:
    """The explorer session's arguments for the citizen traits (golive/vocabulary.py's CITIZEN_TRAITS codes)."""
    spec: dict = {}
    for code in codes:
        if code in ("over-34", "æøå"):
            spec["name_kind"] = code
        elif code in AGE_TRAITS:
            spec["age"] = code
        elif code in REGISTRATION_TRAITS:
            spec["reason"] = code
        else:
            key, value = {
                "protected": ("protected", True),
                "odd-cpr": ("modulus11", False),
                "turning-15": ("turning_15", True),
                "no-fixed": ("no_fixed", True),
            }[code]
            spec[key] = value
    return spec


@given(da("borger {nr:d} i sikringsgruppe {gruppe:Gruppe} bosat i {kommune:Kommune} Kommune med egen læge"))
@given(en("citizen {nr:d} in group {gruppe:Gruppe} living in {kommune:Kommune} Municipality with a doctor"))
@when(da("borger {nr:d} i sikringsgruppe {gruppe:Gruppe} bosat i {kommune:Kommune} Kommune med egen læge"))
@when(en("citizen {nr:d} in group {gruppe:Gruppe} living in {kommune:Kommune} Municipality with a doctor"))
def nummereret_borger(scenario, nr, gruppe, kommune):
    """A numbered citizen (sikringsgruppe, municipality), with a doctor of their own 2 km from home."""
    session_for(scenario).add_citizen(nr, municipality=kommune, group=gruppe)


@given(
    da("borger {nr:d} i sikringsgruppe {gruppe:Gruppe} bosat i {kommune:Kommune} Kommune med egen læge og {data:Borgerdata}")
)
@given(
    en(
        "citizen {nr:d} in group {gruppe:Gruppe} living in {kommune:Kommune} Municipality with a doctor and {data:Borgerdata}"
    )
)
@when(
    da("borger {nr:d} i sikringsgruppe {gruppe:Gruppe} bosat i {kommune:Kommune} Kommune med egen læge og {data:Borgerdata}")
)
@when(
    en(
        "citizen {nr:d} in group {gruppe:Gruppe} living in {kommune:Kommune} Municipality with a doctor and {data:Borgerdata}"
    )
)
def nummereret_borger_med_data(scenario, nr, gruppe, kommune, data):
    """A numbered citizen with traits (borgerens data) joined by "og": "er over 67 år og er uden fast bopæl".

    The traits are the glossary's (docs/GLOSSARY.md); a trait the glossary lacks is named with the nearest one."""
    session_for(scenario).add_citizen(nr, municipality=kommune, group=gruppe, **_traits(data))


@given(da("borger {nr:d} i sikringsgruppe {gruppe:Gruppe} bosat i {kommune:Kommune} Kommune uden læge"))
@given(en("citizen {nr:d} in group {gruppe:Gruppe} living in {kommune:Kommune} Municipality without a doctor"))
@when(da("borger {nr:d} i sikringsgruppe {gruppe:Gruppe} bosat i {kommune:Kommune} Kommune uden læge"))
@when(en("citizen {nr:d} in group {gruppe:Gruppe} living in {kommune:Kommune} Municipality without a doctor"))
def nummereret_borger_uden_laege(scenario, nr, gruppe, kommune):
    """A numbered citizen Luna knows no doctor for: the first choice of one is free."""
    session_for(scenario).add_citizen(nr, municipality=kommune, group=gruppe, own_doctor=False)


@given(da("borger {nr:d} i sikringsgruppe {gruppe:Gruppe} bosat i {kommune:Kommune} Kommune uden læge og {data:Borgerdata}"))
@given(
    en(
        "citizen {nr:d} in group {gruppe:Gruppe} living in {kommune:Kommune} Municipality without a doctor and {data:Borgerdata}"
    )
)
@when(da("borger {nr:d} i sikringsgruppe {gruppe:Gruppe} bosat i {kommune:Kommune} Kommune uden læge og {data:Borgerdata}"))
@when(
    en(
        "citizen {nr:d} in group {gruppe:Gruppe} living in {kommune:Kommune} Municipality without a doctor and {data:Borgerdata}"
    )
)
def nummereret_borger_uden_laege_med_data(scenario, nr, gruppe, kommune, data):
    """A numbered citizen without a doctor, with traits (borgerens data) joined by "og"."""
    session_for(scenario).add_citizen(nr, municipality=kommune, group=gruppe, own_doctor=False, **_traits(data))


@given(da("praksis {nr:d} {tilgang:Tilgang} for tilgang ligger {km:Km} km fra borger {borger:d}s {hvor:Hvor}"))
@given(en("practice {nr:d} {tilgang:Tilgang} for intake lies {km:Km} km from citizen {borger:d}'s {hvor:Hvor}"))
@when(da("praksis {nr:d} {tilgang:Tilgang} for tilgang ligger {km:Km} km fra borger {borger:d}s {hvor:Hvor}"))
@when(en("practice {nr:d} {tilgang:Tilgang} for intake lies {km:Km} km from citizen {borger:d}'s {hvor:Hvor}"))
def nummereret_praksis(scenario, nr, tilgang, km, borger, hvor):
    """A numbered practice, open ("åben") or closed ("lukket") for intake, `km` from the citizen's home ("bopæl")
    or new home ("nye adresse"). Which of the two follows from the scenario (a planned move places practices at the
    new address): a sentence that says the other is a mistake in the feature file, told rather than ignored."""
    session = session_for(scenario)
    moving = f"borger {borger}" in session.moved
    if (hvor == "new-address") != moving:
        said, right = ("nye adresse", "bopæl") if not moving else ("bopæl", "nye adresse")
        why = "has no planned move" if not moving else "is to move, so the practice lies from the new address"
        raise FeatureFileMistake(
            f"praksis {nr} is placed {km:g} km from borger {borger}'s {said}, but borger {borger} {why}: write "
            f"'{right}'" + ("" if moving else f" (or plan the move first: 'borger {borger} skal flytte 10 km mod syd')")
        )
    session.add_practice(nr, borger, km, open_for_intake=tilgang == "open")


@when(da("borger {nr:d} vælger praksis {praksis:d} som læge"))
@when(en("citizen {nr:d} chooses practice {praksis:d} as doctor"))
def vaelger_praksis(scenario, nr, praksis):
    """The citizen asks the SUT for the practice as their doctor."""
    session_for(scenario).choose_doctor(nr, praksis)


@when(da("borger {nr:d} vælger ydernummer {ydernummer:Ydernummer}, som Luna ikke kender"))
@when(en("citizen {nr:d} chooses ydernummer {ydernummer:Ydernummer}, which Luna does not know"))
def vaelger_ukendt_ydernummer(scenario, nr, ydernummer):
    """The citizen asks for an ydernummer no practice in Luna has."""
    session_for(scenario).choose_unknown_practice(nr, ydernummer)


@when(da("borger {nr:d} vælger praksis {praksis:d} som læge og giver afkald på sygebesøg"))
@when(en("citizen {nr:d} chooses practice {praksis:d} as doctor, waiving home visits"))
def vaelger_praksis_uden_sygebesoeg(scenario, nr, praksis):
    """The citizen chooses the practice and waives home visits (allowed beyond the distance limit)."""
    session_for(scenario).choose_doctor(nr, praksis, waive=True)


@when(da("borger {nr:d} vælger praksis {praksis:d} som læge med virkning fra {dato:Dato}"))
@when(en("citizen {nr:d} chooses practice {praksis:d} as doctor from {dato:Dato}"))
def vaelger_praksis_fra(scenario, nr, praksis, dato):
    """The citizen chooses the practice and asks for the choice to take effect on the date (default: 14 days on)."""
    session_for(scenario).choose_doctor(nr, praksis, effective=dato)


@when(da("borger {nr:d} vælger praksis {praksis:d} som læge med virkning fra {dato:Dato} og giver afkald på sygebesøg"))
@when(en("citizen {nr:d} chooses practice {praksis:d} as doctor from {dato:Dato}, waiving home visits"))
def vaelger_praksis_fra_uden_sygebesoeg(scenario, nr, praksis, dato):
    """The citizen chooses the practice from the date asked for, and waives home visits."""
    session_for(scenario).choose_doctor(nr, praksis, waive=True, effective=dato)


@when(da("borger {nr:d} vælger praksis {praksis:d} som læge med undtagelsen {undtagelse:Undtagelse}"))
@when(en("citizen {nr:d} chooses practice {praksis:d} as doctor with the exception {undtagelse:Undtagelse}"))
def vaelger_praksis_med_undtagelse(scenario, nr, praksis, undtagelse):
    """The citizen chooses the practice naming a closed-practice exception (used only if the practice is closed)."""
    session_for(scenario).choose_doctor(nr, praksis, exception=EXCEPTIONS.get(undtagelse, undtagelse))


@when(da("borger {nr:d} vælger sin oprindelige læge med undtagelsen {undtagelse:Undtagelse}"))
@when(en("citizen {nr:d} chooses their original doctor with the exception {undtagelse:Undtagelse}"))
def vaelger_oprindelig_laege_med_undtagelse(scenario, nr, undtagelse):
    """The citizen chooses the doctor they had from the start, naming a closed-practice exception."""
    session_for(scenario).choose_doctor(nr, None, exception=EXCEPTIONS.get(undtagelse, undtagelse))


@when(da("borger {nr:d} vælger sin oprindelige læge"))
@when(en("citizen {nr:d} chooses their original doctor"))
def vaelger_oprindelig_laege(scenario, nr):
    """The citizen chooses the doctor they had from the start ("med egen læge"): the same doctor again, or in
    sikringsgruppe 2 the dormant one."""
    session_for(scenario).choose_doctor(nr, None)


@when(da("borger {nr:d} vælger sin oprindelige læge og giver afkald på sygebesøg"))
@when(en("citizen {nr:d} chooses their original doctor, waiving home visits"))
def vaelger_oprindelig_laege_uden_sygebesoeg(scenario, nr):
    """The citizen chooses the doctor they had from the start, and waives home visits."""
    session_for(scenario).choose_doctor(nr, None, waive=True)


@when(da("borger {nr:d} vælger sin oprindelige læge med virkning fra {dato:Dato}"))
@when(en("citizen {nr:d} chooses their original doctor from {dato:Dato}"))
def vaelger_oprindelig_laege_fra(scenario, nr, dato):
    """The citizen chooses the doctor they had from the start, from the date asked for."""
    session_for(scenario).choose_doctor(nr, None, effective=dato)


@when(da("borger {nr:d} vælger sin oprindelige læge med virkning fra {dato:Dato} og giver afkald på sygebesøg"))
@when(en("citizen {nr:d} chooses their original doctor from {dato:Dato}, waiving home visits"))
def vaelger_oprindelig_laege_fra_uden_sygebesoeg(scenario, nr, dato):
    """The citizen chooses the doctor they had from the start, from the date asked for, and waives home visits."""
    session_for(scenario).choose_doctor(nr, None, waive=True, effective=dato)


@when(da("borger {nr:d} skifter til sikringsgruppe {gruppe:Gruppe}"))
@when(en("citizen {nr:d} changes to group {gruppe:Gruppe}"))
def skifter_gruppe(scenario, nr, gruppe):
    """The citizen asks the SUT for another sikringsgruppe."""
    session_for(scenario).change_group(nr, gruppe)


@when(da("borger {nr:d} bestiller et sundhedskort med begrundelsen {aarsag:Kortgrund}"))
@when(en("citizen {nr:d} orders a health card because of {aarsag:Kortgrund}"))
def bestiller_kort(scenario, nr, aarsag):
    """The citizen orders a health card, giving a reason."""
    session_for(scenario).order_card(nr, CARD_REASONS.get(aarsag, aarsag))


@when(da("borger {nr:d} sender den samme anmodning igen"))
@when(en("citizen {nr:d} sends the same request again"))
def sender_igen(scenario, nr):
    """The citizen's last request (a doctor, a group, a health card) again, byte for byte: a double click."""
    session_for(scenario).send_again(nr)


@given(da("borger {nr:d} skal flytte {km:Km} km mod syd"))
@given(en("citizen {nr:d} is to move {km:Km} km south"))
@when(da("borger {nr:d} skal flytte {km:Km} km mod syd"))
@when(en("citizen {nr:d} is to move {km:Km} km south"))
def skal_flytte(scenario, nr, km):
    """Where the citizen moves: a new address `km` south of the current (or last planned) one."""
    session_for(scenario).plan_move(nr, km)


@when(da("borger {nr:d} indsender flytningen pr. {dato:Dato} og vælger praksis {praksis:d}"))
@when(en("citizen {nr:d} reports the move as of {dato:Dato} choosing practice {praksis:d}"))
def indsender_flytning_med_laege(scenario, nr, dato, praksis):
    """The citizen reports the move in E-flyt and chooses a new doctor there."""
    session_for(scenario).report_move(nr, dato, praksis)


@when(da("borger {nr:d} indsender flytningen pr. {dato:Dato} med sine børn og vælger praksis {praksis:d}"))
@when(en("citizen {nr:d} reports the move as of {dato:Dato} with their children, choosing practice {praksis:d}"))
def indsender_flytning_med_boern_og_laege(scenario, nr, dato, praksis):
    """The citizen reports the move in E-flyt with the children living there, and chooses a new doctor there."""
    session_for(scenario).report_move(nr, dato, praksis, with_children=True)


@when(da("borger {nr:d} indsender flytningen pr. {dato:Dato} med sine børn uden at vælge læge"))
@when(en("citizen {nr:d} reports the move as of {dato:Dato} with their children, without choosing a doctor"))
def indsender_flytning_med_boern(scenario, nr, dato):
    """The citizen reports the move in E-flyt with the children living there, and keeps the doctor."""
    session_for(scenario).report_move(nr, dato, with_children=True)


@given(da("barn {nr:d} under 15 år bor hos borger {borger:d} og har samme læge"))
@given(en("child {nr:d} under 15 lives with citizen {borger:d} and has the same doctor"))
@when(da("barn {nr:d} under 15 år bor hos borger {borger:d} og har samme læge"))
@when(en("child {nr:d} under 15 lives with citizen {borger:d} and has the same doctor"))
def nummereret_barn(scenario, nr, borger):
    """A numbered child in the citizen's custody at the same address, with the citizen's doctor in Luna; the SUT
    learns of the child when they move together."""
    session_for(scenario).add_child(nr, _parent_with_a_doctor(scenario, f"barn {nr}", borger))


@given(da("barn {nr:d} fylder 15 år om {dage:d} dage, bor hos borger {borger:d} og har samme læge"))
@given(en("child {nr:d} turns 15 in {dage:d} days, lives with citizen {borger:d} and has the same doctor"))
@when(da("barn {nr:d} fylder 15 år om {dage:d} dage, bor hos borger {borger:d} og har samme læge"))
@when(en("child {nr:d} turns 15 in {dage:d} days, lives with citizen {borger:d} and has the same doctor"))
def barn_fylder_15_om(scenario, nr, dage, borger):
    """A numbered child who is 14 today and turns 15 in so many days (between a move's report and its date, say),
    in the citizen's custody with the citizen's doctor; the SUT learns of the child when they move together."""
    session_for(scenario).add_child(nr, _parent_with_a_doctor(scenario, f"barn {nr}", borger), turns_15_in=dage)


@given(da("borger {nr:d} fylder {alder:d} år i dag, bor hos borger {borger:d} og har samme læge"))
@given(en("citizen {nr:d} turns {alder:d} today, lives with citizen {borger:d} and has the same doctor"))
@when(da("borger {nr:d} fylder {alder:d} år i dag, bor hos borger {borger:d} og har samme læge"))
@when(en("citizen {nr:d} turns {alder:d} today, lives with citizen {borger:d} and has the same doctor"))
def nummereret_teenager(scenario, nr, alder, borger):
    """A numbered citizen of 15 to 17 in the citizen's custody at the same address, with the citizen's doctor in Luna,
    registered in the sygesikring (younger: a child, 'barn N under 15 år'; 18 or more: no one's custody)."""
    if not TEENAGE[0] <= alder <= CUSTODY_AGE_LIMIT - 1:
        nearest = min(max(alder, TEENAGE[0]), CUSTODY_AGE_LIMIT - 1)
        raise FeatureFileMistake(
            f"borger {nr} turns {alder}, but one who lives with a parent in custody is 15 to 17: write {nearest}"
            + (f" (or 'barn {nr} under 15 år bor hos borger {borger} og har samme læge')" if alder < TEENAGE[0] else "")
        )
    session_for(scenario).add_teenager(nr, _parent_with_a_doctor(scenario, f"borger {nr}", borger), alder)


def _parent_with_a_doctor(scenario, who: str, borger: int) -> int:
    """The parent a 'har samme læge' step names must be a citizen given before, with a doctor of their own."""
    session = session_for(scenario)
    if f"borger {borger}" not in session.oracle.citizens:
        raise FeatureFileMistake(f"{who} lives with borger {borger}, who is not given before: give borger {borger} first")
    if not session.has_own_doctor(borger):
        raise FeatureFileMistake(
            f"{who} has the same doctor as borger {borger}, who has none ('uden læge'): write 'med egen læge' for "
            f"borger {borger}"
        )
    return borger


@when(da("borger {nr:d} indsender flytningen pr. {dato:Dato} uden at vælge læge"))
@when(en("citizen {nr:d} reports the move as of {dato:Dato} without choosing a doctor"))
def indsender_flytning(scenario, nr, dato):
    """The citizen reports the move in E-flyt and keeps the doctor."""
    session_for(scenario).report_move(nr, dato)


@when(da("CPR registrerer {haendelse:CprHaendelse} for borger {nr:d}"))
@when(en("CPR records {haendelse:CprHaendelse} for citizen {nr:d}"))
def cpr_registrerer(scenario, haendelse, nr):
    """A life event in the CPR register (death, emigration, name change), published on the Servicebus."""
    session_for(scenario).cpr_event(nr, CPR_CHANGES.get(haendelse, haendelse))


@when(da("CPR registrerer {haendelse:CprHaendelse} for borger {nr:d} med virkning fra {dato:Dato}"))
@when(en("CPR records {haendelse:CprHaendelse} for citizen {nr:d} as of {dato:Dato}"))
def cpr_registrerer_fra(scenario, haendelse, nr, dato):
    """A life event the CPR register dates before today (a death registered days later), published on the bus."""
    session_for(scenario).cpr_event(nr, CPR_CHANGES.get(haendelse, haendelse), dato)


@when(da("CPR registrerer {haendelse:CprHaendelse} for barn {nr:d}"))
@when(en("CPR records {haendelse:CprHaendelse} for child {nr:d}"))
def cpr_registrerer_for_barn(scenario, haendelse, nr):
    """A life event about a numbered child in the CPR register: before the child has moved with a parent the
    municipality holds no record of it, and nothing may change; after, it is one of the municipality's citizens."""
    session_for(scenario).child_cpr_event(nr, CPR_CHANGES.get(haendelse, haendelse))


@when(da("CPR registrerer, at borger {nr:d} flytter til {kommune:Kommune} Kommune"))
@when(en("CPR records that citizen {nr:d} moves to {kommune:Kommune} Kommune"))
def cpr_registrerer_flytning(scenario, nr, kommune):
    """The national register records the citizen's move to a new address in the municipality (an address-change: the
    move E-flyt never told the municipality of); from then on the citizen's home is the new address."""
    session_for(scenario).cpr_move(nr, kommune)


@when(da("CPR giver borger {nr:d} et nyt personnummer"))
@when(en("CPR gives citizen {nr:d} a new CPR number"))
def cpr_nyt_personnummer(scenario, nr):
    """The national register gives the citizen a new CPR number; every later step names the citizen by it."""
    session_for(scenario).new_cpr_number(nr)


@when(da("E-flyt sender borger {nr:d}s flytningssag igen"))
@when(en("E-flyt sends citizen {nr:d}'s move case again"))
def sender_borgerens_sag_igen(scenario, nr):
    """E-flyt pushes the citizen's last move case again, exactly as before (its answer was lost): the municipality
    takes it (202) and handles it once."""
    session_for(scenario).resend_move(nr)


@when(da("E-flyt sender borger {nr:d}s flytningssag igen med flyttedato {dato:Dato}"))
@when(en("E-flyt sends citizen {nr:d}'s move case again with move date {dato:Dato}"))
def sender_borgerens_sag_igen_aendret(scenario, nr, dato):
    """E-flyt pushes the citizen's last move case again under the same case id with another move date: another case
    under a case id already taken, refused (409 case-conflict); the first case stands."""
    session_for(scenario).resend_move(nr, dato)


@when(da("CPR ændrer status for borger {nr:d} til {status:CprStatus}"))
@when(en("CPR changes the status of citizen {nr:d} to {status:CprStatus}"))
def cpr_aendrer_status(scenario, nr, status):
    """The CPR register gives the citizen another status (01 active ... 80 emigrated, 90 deceased), published on the
    Servicebus."""
    session_for(scenario).cpr_status(nr, status)


@when(da("regionen lukker praksis {nr:d} for tilgang, fordi {grund:Lukkegrund}"))
@when(en("the region closes practice {nr:d} for intake because {grund:Lukkegrund}"))
def lukker_praksis(scenario, nr, grund):
    """The region closes the practice for new patients ("praksis ophører", "den er fuld")."""
    session_for(scenario).close_practice(nr, CLOSING_REASONS.get(grund, grund))


@when(da("regionen åbner praksis {nr:d} for tilgang igen"))
@when(en("the region opens practice {nr:d} for intake again"))
def aabner_praksis(scenario, nr):
    """The region opens the practice for new patients again."""
    session_for(scenario).reopen_practice(nr)


@then(da("viser hver nabo det, som oraklet forudsiger"))
@then(en("every neighbour shows what the oracle predicts"))
def som_oraklet_forudsiger(scenario):
    """Every citizen's SUT record, Luna, Servicebus, Finance and E-flyt receipts are what the oracle predicted."""
    session_for(scenario).check_all()
