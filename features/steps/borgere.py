"""Citizens and their data variation: who the scenario is about, described by meaning, generated per scenario."""

from datetime import timedelta

from pytest_bdd import given, then, when

from features.steps import da, en
from fixtures.providers import Custody
from golive.failures import FeatureFileMistake
from golive.scenario import years_before
from simulators.rules import CHILD_FOLLOWS_PARENT_UNTIL


@given(da("en borger i sikringsgruppe {gruppe:Gruppe} bosat i {kommune:Kommune} Kommune med egen læge"))
@given(en("a citizen in sikringsgruppe {gruppe:Gruppe} living in {kommune:Kommune} Kommune with a doctor of their own"))
def borger_med_laege(scenario, gruppe, kommune):
    """A citizen in the given group and municipality, known to CPR, Luna (with a doctor nearby) and the municipality."""
    scenario.add_citizen("borgeren", municipality=kommune, group=gruppe)


@given(da("en borger i sikringsgruppe {gruppe:Gruppe} bosat i {kommune:Kommune} Kommune uden læge"))
@given(en("a citizen in sikringsgruppe {gruppe:Gruppe} living in {kommune:Kommune} Kommune without a doctor"))
def borger_uden_laege(scenario, gruppe, kommune):
    """A citizen known to CPR and the municipality who has not chosen a doctor yet."""
    scenario.add_citizen("borgeren", municipality=kommune, group=gruppe, own_doctor=False)


@given(da("en borger med navne- og adressebeskyttelse bosat i {kommune:Kommune} Kommune med egen læge"))
@given(en("a citizen with name and address protection living in {kommune:Kommune} Kommune with a doctor of their own"))
def borger_beskyttet(scenario, kommune):
    """A citizen whose address must never leave the municipality's systems (navne- og adressebeskyttelse)."""
    scenario.add_citizen("borgeren", municipality=kommune, protected=True)


@given(da("en borger med et CPR-nummer uden modulus 11 bosat i {kommune:Kommune} Kommune med egen læge"))
@given(en("a citizen whose CPR number fails modulus 11 living in {kommune:Kommune} Kommune with a doctor of their own"))
def borger_uden_modulus11(scenario, kommune):
    """A citizen with a valid CPR number issued after 2007 that fails the old modulus-11 check."""
    scenario.add_citizen("borgeren", municipality=kommune, modulus11=False)


@given(da("en borger med et navn på mere end 34 tegn bosat i {kommune:Kommune} Kommune med egen læge"))
@given(en("a citizen whose name is longer than 34 characters living in {kommune:Kommune} Kommune with a doctor of their own"))
def borger_langt_navn(scenario, kommune):
    """A citizen whose full name is longer than the national register's 34-character name field."""
    scenario.add_citizen("borgeren", municipality=kommune, name_kind="over-34")


@given(da("en borger i {kommune:Kommune} Kommune, der fylder 15 år i dag"))
@given(en("a citizen in {kommune:Kommune} Kommune who turns 15 today"))
def borger_fylder_15(scenario, kommune):
    """A young citizen with a doctor of their own who turns 15 today and so gets an own sygesikring."""
    scenario.add_citizen_turning_15(kommune)


@given(da("en borger i {kommune:Kommune} Kommune, født {dato:Dato}"))
@given(en("a citizen in {kommune:Kommune} Kommune, born {dato:Dato}"))
def borger_foedt(scenario, kommune, dato):
    """A citizen with a doctor of their own, born that day (their CPR number says so): an age on a rule's edge, such as
    a leap-day birthday. Someone not yet 15 has no sygesikring of their own: a child, given with its parent."""
    latest = years_before(scenario.today, CHILD_FOLLOWS_PARENT_UNTIL)
    if dato > latest:
        raise FeatureFileMistake(
            f"a citizen born {dato.isoformat()} is not {CHILD_FOLLOWS_PARENT_UNTIL} on {scenario.today.isoformat()} "
            f"(today): a younger one is a child, 'et barn under 15 år, der bor hos borgeren og har samme læge'; the "
            f"latest birth date here is {latest.isoformat()}"
        )
    scenario.add_citizen("borgeren", municipality=kommune, birth_date=dato)


@given(da("et barn under 15 år, der bor hos borgeren og har samme læge"))
@given(en("a child under 15 living with the citizen and sharing the citizen's doctor"))
def barn_hos_borgeren(scenario):
    """A child in the citizen's custody at the same address, with the parent's doctor in Luna."""
    scenario.add_child("barnet", parent="borgeren")
    scenario.has_doctor("barnet", "borgerens læge")


@given(da("et barn, der fylder 15 år den {dato:Dato}, bor hos borgeren og har samme læge"))
@given(en("a child turning 15 on {dato:Dato} living with the citizen and sharing the citizen's doctor"))
def barn_fylder_15_den(scenario, dato):
    """A child of 14 today, in the citizen's custody at the same address with the parent's doctor in Luna, who turns
    15 on that day (after it, the child follows no parent: a move dated after it takes the child along no more)."""
    days = (dato - scenario.today).days
    if days <= 0:
        raise FeatureFileMistake(
            f"a child turning 15 on {dato.isoformat()} is 15 already on {scenario.today.isoformat()} (today): give a "
            f"day after today"
        )
    scenario.add_child("barnet", parent="borgeren", turning=15, days=days)
    scenario.has_doctor("barnet", "borgerens læge")


@given(da("forælderen bor for sig selv i {kommune:Kommune} Kommune med egen læge"))
@given(en("the parent lives apart in {kommune:Kommune} Kommune with a doctor of their own"))
def anden_foraelder(scenario, kommune):
    """The other custody holder of the citizen's child (fælles forældremyndighed, joint custody), in a home of their
    own."""
    scenario.add_citizen("forælderen", municipality=kommune)


@given(da("et barn under 15 år med fælles forældremyndighed, der bor hos borgeren og har samme læge"))
@given(en("a child under 15 in joint custody, living with the citizen and sharing the citizen's doctor"))
def barn_faelles_foraeldremyndighed(scenario):
    """Custody shared by 'forælderen' and the citizen (in CPR, the other parent named first); the child lives with
    the citizen and so follows the citizen's doctor (DOMAIN.md: joint custody, the parent they live with), which is
    what the municipality registers (SFolgerskabsPerson)."""
    other = scenario.citizen("forælderen")
    _child_following_the_citizen(scenario, scenario.data.child_birth_date(), also_in_custody=(other.cpr,))


def _child_following_the_citizen(scenario, born, also_in_custody=()):
    """'barnet', born then, at the citizen's address in custody (the other holders named first), with the citizen's
    doctor in Luna, and registered in the SUT as following the citizen. Registering a child who follows registers it
    in Luna with that doctor: part of the arrangement, not of what is tested."""
    parent = scenario.citizen("borgeren")
    scenario.add_citizen(
        "barnet",
        address=parent.address,
        birth_date=born,
        custody=Custody((*also_in_custody, parent.cpr), parent.cpr),
        own_doctor=False,
        register=False,
        protected=parent.address_protected,
    )
    scenario.has_doctor("barnet", "borgerens læge")
    scenario.register_in_sut("barnet", follows="borgeren")
    scenario.settle()
    child = scenario.citizen("barnet").cpr
    scenario.seeded.update((child, r["ydernummer"], r["effectiveDate"]) for r in scenario.luna_registrations("barnet"))


@given(da("et barn, der fylder 15 år i morgen, bor hos borgeren og har samme læge"))
@given(en("a child turning 15 tomorrow, living with the citizen and sharing the citizen's doctor"))
def barn_fylder_15_i_morgen(scenario):
    """A child of 14 in the citizen's custody at the same address, following the citizen's doctor (the municipality
    registers it so) until tomorrow, when it turns 15 and has a sygesikring of its own."""
    _child_following_the_citizen(scenario, years_before(scenario.today + timedelta(days=1), CHILD_FOLLOWS_PARENT_UNTIL))


@given(da("en borger i {kommune:Kommune} Kommune, der bor sammen med en patient i den lukkede praksis"))
def borger_bor_med_patient(scenario, kommune):
    """A citizen sharing an address with someone whose doctor is the closed practice (exception a)."""
    scenario.add_citizen_living_with_patient_of("den lukkede praksis", kommune)


@given(da("en borger uden fast bopæl i {kommune:Kommune} Kommune, som CPR har på samme adresse som en patient i den lukkede praksis"))
def borger_uden_fast_bopael_med_patient(scenario, kommune):
    """Two citizens 'uden fast bopæl' (road code 9999), whom CPR puts at the same town-hall address; the other one's
    doctor is the closed practice, and the municipality knows both. The same CPR address, but no shared home:
    exception (a) does not hold."""
    person = scenario.add_citizen("borgeren", municipality=kommune, residence="no-fixed")
    scenario.add_citizen(
        "husstandsmedlemmet", address=person.address, residence="no-fixed", own_doctor=False, register=False
    )
    scenario.has_doctor("husstandsmedlemmet", "den lukkede praksis")
    scenario.register_in_sut("husstandsmedlemmet")  # known to the SUT too, not only in CPR (which lists no household)


@given(da("en borger i {kommune:Kommune} Kommune, hvor en patient i den lukkede praksis bor i {hvor:Naeradresse}"))
@given(en("a citizen in {kommune:Kommune} Kommune, with a patient of the closed practice living in {hvor:Naeradresse}"))
def borger_naer_patient(scenario, kommune, hvor):
    """A citizen, and a patient of the closed practice whom the municipality knows, at an address that only looks like
    the citizen's (next door, or the same street and number in another town): no housemate for exception (a)."""
    scenario.add_citizen_near_patient_of("den lukkede praksis", kommune, hvor)


@given(da("en borger i {kommune:Kommune} Kommune, der fylder 15 år i dag og hvis forælder er patient i den lukkede praksis"))
def borger_15_foraelder_patient(scenario, kommune):
    """A citizen turning 15 today whose custody parent has the closed practice as doctor (exception b)."""
    scenario.add_citizen_turning_15_with_parent_at("den lukkede praksis", kommune)


@given(da("en borger i sikringsgruppe 2 i {kommune:Kommune} Kommune, der skifter til gruppe 1, og hvis sidste læge er den lukkede praksis"))
def borger_tilbage_til_gruppe_1(scenario, kommune):
    """A citizen in group 2 going back to group 1, whose last group-1 doctor is the closed practice (exception c)."""
    scenario.add_citizen_returning_to_group_1_with_last_doctor_at("den lukkede praksis", kommune)


@given(da("en borger i {kommune:Kommune} Kommune, der vender hjem fra militærtjeneste eller fængsel"))
def borger_vender_hjem(scenario, kommune):
    """A citizen registered again after military service or prison (exception d)."""
    scenario.add_returning_citizen(kommune)


@given(da("en borger i {kommune:Kommune} Kommune med færre end to åbne lægepraksisser inden for afstandsgrænsen"))
def borger_faa_aabne(scenario, kommune):
    """A citizen with fewer than two practices open for intake within the distance limit (exception e)."""
    scenario.add_citizen_with_few_open_doctors(kommune)


@given(da("en borger fra datavariationen bosat i {kommune:Kommune} Kommune med egen læge"))
@given(en("a citizen from the data variation living in {kommune:Kommune} Kommune with a doctor of their own"))
def borger_fra_datavariation(scenario, kommune):
    """A citizen whose CPR kind, name, protection, sikringsgruppe and municipality kind come from the scenario's
    @datavariation row (one test per pairwise row); a capital-5km row lives in København instead of the named one."""
    scenario.add_citizen_from_variation("borgeren", kommune)


@given(da("en forælder, som sygesikringen ikke kender, bosat i {kommune:Kommune} Kommune med egen læge"))
@given(en("a parent the municipality's sygesikring does not know, living in {kommune:Kommune} Kommune with a doctor"))
def foraelder_ukendt(scenario, kommune):
    """'forælderen': in CPR and Luna, but never registered with the municipality's sygesikring."""
    scenario.add_citizen("forælderen", municipality=kommune, register=False)


@when(da("et barn under 15 år, der bor hos {forælder:Rolle}, meldes til sygesikringen som barn af {forælder2:Rolle}"))
@when(en("a child under 15 living with {forælder:Rolle} is registered with sygesikring as following {forælder2:Rolle}"))
def barn_meldes_til(scenario, forælder, forælder2):
    """'barnet' (in CPR, in the parent's custody at their address) is registered with the municipality as following a
    parent's doctor (SFolgerskabsPerson): the SUT must know that parent. The answer is kept for the Så step."""
    scenario.add_child("barnet", forælder)
    response = scenario.sut.register_citizen(scenario.citizen("barnet"), follows=scenario.citizen(forælder2).cpr)
    scenario.answers["barnet"] = response


@when(da("et barn, der fylder {alder:d} år {hvornaar:Hvornaar}, bor hos {forælder:Rolle} og meldes til sygesikringen som barn af den"))
@when(en("a child turning {alder:d} {hvornaar:Hvornaar}, living with {forælder:Rolle}, is registered with sygesikring as following them"))
def barn_med_alder_meldes_til(scenario, alder, hvornaar, forælder):
    """'barnet', turning this age today or tomorrow (the day before the birthday), in CPR at the parent's address,
    is registered with the municipality as following that parent's doctor: only a child under 15 follows a parent
    (CHILD_FOLLOWS_PARENT_UNTIL), so the day before the 15th birthday is the last day it can."""
    scenario.add_child("barnet", forælder, turning=alder, days=hvornaar)
    response = scenario.sut.register_citizen(scenario.citizen("barnet"), follows=scenario.citizen(forælder).cpr)
    scenario.answers["barnet"] = response


@then(da("{rolle:Rolle}s tilmelding afvises, fordi {grund:Afvisning}"))
@then(en("the registration of {rolle:Rolle} is refused because {grund:Afvisning}"))
def tilmelding_afvises(scenario, rolle, grund):
    """The municipality refuses to register the person, for the reason given."""
    scenario.expect_refused(rolle, grund)


@when(da("borgeren sender den samme anmodning igen", exact=True))
@when(en("the citizen sends the same request again", exact=True))
def sender_igen(scenario):
    """The citizen's last request (a doctor choice, a group change, a health card) once more, byte for byte: a double
    click, or a browser sending a form again whose answer never came."""
    scenario.send_again("borgeren")


@then(da("sygesikringen svarer det samme som første gang", exact=True))
@then(en("the municipality answers as it did the first time", exact=True))
def svarer_det_samme(scenario):
    """The request sent again got the first answer: the same status and, field for field, the same body."""
    scenario.expect_same_answer("borgeren")
