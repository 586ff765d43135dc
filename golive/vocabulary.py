"""The scenarios' vocabulary: every business word a feature file may use -> the code that goes on the wire.

Why one module: a test manager writes "ændret lægevalg" or "changed doctor", "mistet kort" or "lost card"; the
Scenario, its drivers and the fault steps must all read those words the same way, and an acceptance tester must be
able to look them up. Each table is declared once here, term by term with its Danish and English words, and is at
the same time the lookup the code uses (a `Words` is a dict word -> code) and the Danish/English glossary in
docs/GLOSSARY.md (`golive glossary`, kept in sync by tests/test_vocabulary.py).

What is not a table here: the words for the systems themselves ("Luna", "Servicebussen", "the Servicebus") belong
to simulators/registry.py, which declares every system once (`neighbour_words()` reads it); the fault profiles'
names belong to golive/fault_profiles.py; the municipalities' names to the reference data (`municipality_code()`
reads it). The glossary shows the first two, read from where they live.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulators import refdata, registry


@dataclass(frozen=True)
class Term:
    """One code and the words for it: Danish words (`da`) and English words (`en`), either possibly empty."""

    code: str
    da: tuple[str, ...] = ()
    en: tuple[str, ...] = ()


def term(code: str, da: str | tuple[str, ...] = (), en: str | tuple[str, ...] = ()) -> Term:
    return Term(code, (da,) if isinstance(da, str) else tuple(da), (en,) if isinstance(en, str) else tuple(en))


class Words(dict):
    """A word table: a dict word -> code for the code that reads it, plus its title, gloss and terms for the
    glossary. A word may name one code only (checked when the table is built)."""

    def __init__(self, name: str, title: str, gloss: str, *terms: Term) -> None:
        super().__init__()
        for t in terms:
            for word in (*t.da, *t.en):
                if self.get(word, t.code) != t.code:
                    raise ValueError(f"{name}: {word!r} names both {self[word]!r} and {t.code!r}")
                self[word] = t.code
        self.name, self.title, self.gloss, self.terms = name, title, gloss, terms

    def merged(self, name: str, title: str, gloss: str, *others: Words) -> Words:
        """A table holding this one's terms and the others' (a fault step may name a neighbour's topic too)."""
        return Words(name, title, gloss, *self.terms, *(t for other in others for t in other.terms))


# -- the tables ------------------------------------------------------------------------------------------------------
TOPICS = Words(
    "TOPICS",
    "The SUT's events on the Servicebus",
    "What the municipality publishes for its statutory partners; a Then-step names a topic by these words.",
    term("sygesikring.laegevalg-changed", "ændret lægevalg", "changed doctor"),
    term("sygesikring.group-changed", "ændret sikringsgruppe", "changed group"),
    term("sygesikring.coverage-ended", "ophørt sygesikring", "ended coverage"),
    term("sygesikring.healthcard-ordered", "bestilt sundhedskort", "ordered health card"),
)
NEIGHBOUR_TOPICS = Words(
    "NEIGHBOUR_TOPICS",
    "The neighbours' events on the Servicebus",
    "What Luna and the CPR register publish and the SUT subscribes to; a bus fault step may name them.",
    term("luna.practice-changed", "praksisændringer", "practice changes"),
    term("cpr.person-changed", ("CPR-hændelser", "dødsfald"), ("CPR events", "deaths")),
)
BUS_TOPICS = TOPICS.merged(  # not a glossary table of its own: the two above
    "BUS_TOPICS", "Every topic a bus fault step can name", "The SUT's topics and the neighbours'.", NEIGHBOUR_TOPICS
)
EXCEPTIONS = Words(
    "EXCEPTIONS",
    "Exceptions that admit a citizen to a closed practice",
    "DOMAIN.md's (a)-(e): why a practice closed for intake (lukket for tilgang) may still take this citizen.",
    term("same-address", "samme adresse"),
    term("turning-15-parent-doctor", "15 år og forælderens læge"),
    term("returning-from-service-or-prison", "hjemkomst fra tjeneste eller fængsel"),
    term("few-open-doctors", "få åbne læger"),
    term("group-2-to-1-last-doctor", "gruppe 2 til 1 og sidste læge"),
)
CARD_REASONS = Words(
    "CARD_REASONS",
    "Why a health card is ordered",
    "The reason decides the fee: a first card, turning 15, a name change, a move and a new CPR number are free when "
    "they hold, a lost card costs the fee.",
    term("first-card", "første kort", "first card"),
    term("lost", "mistet kort", "lost card"),
    term("turned-15", "fylder 15", "turning 15"),
    term("name-change", "navneændring", "name change"),
    term("moved", "flytning", "moving"),
    term("cpr-change", "nyt personnummer", "a new CPR number"),
)
END_REASONS = Words(
    "END_REASONS",
    "Why a sygesikring ended",
    "The end reason the municipality records when the CPR register reports a death or an emigration.",
    term("death", "dødsfald", "death"),
    term("emigration", "udvandring", "emigration"),
)
CPR_CHANGES = Words(
    "CPR_CHANGES",
    "Life events the CPR register records",
    "The change type of a CPR event the scenario makes the register announce on the Servicebus.",
    *END_REASONS.terms,
    term("name-change", "navneændring", "name change"),
)
CPR_STATUSES = Words(
    "CPR_STATUSES",
    "A person's status in the CPR register",
    "The status code a CPR status change sets (DOMAIN.md); a step names it by its code or its words.",
    term("01", ("01", "aktiv"), ("01", "active")),
    term("03", ("03", "aktiv med særlig vejkode"), ("03", "active with a special road code")),
    term("05", ("05", "bosat i Grønland"), ("05", "resident in Greenland")),
    term("07", ("07", "særlig vejkode i Grønland"), ("07", "special road code in Greenland")),
    term("20", ("20", "uden dansk adresse"), ("20", "no Danish address")),
    term("30", ("30", "annulleret"), ("30", "cancelled")),
    term("50", ("50", "slettet"), ("50", "deleted")),
    term("60", ("60", "ændret personnummer"), ("60", "changed CPR number")),
    term("70", ("70", "forsvundet"), ("70", "disappeared")),
    term("80", ("80", "udrejst"), ("80", "emigrated")),
    term("90", ("90", "død"), ("90", "deceased")),
)
REFUSALS = Words(
    "REFUSALS",
    "Why the municipality refuses a request",
    "The slug of the problem+json type the SUT answers with (`urn:golive:problem:<slug>`).",
    term("closed-practice", "praksis er lukket for tilgang", "the practice is closed for intake"),
    term("distance-rule", "afstandsreglen", "the distance rule"),
    term("exception-not-applicable", "borgeren ikke har ret til undtagelsen"),
    term("group-change-locked", "sikringsgruppen er låst i et år", "the group is locked for a year"),
    term("coverage-ended", "sygesikringen er ophørt", "the coverage has ended"),
    term("same-doctor", "lægen allerede er borgerens læge", "the doctor is already the citizen's doctor"),
    term("invalid-follows", "barnet ikke kan følge den forælder", "the child cannot follow that parent"),
    term("unknown-yder", "Luna ikke kender ydernummeret", "Luna does not know the ydernummer"),
)
ROLES = Words(
    "ROLES",
    "The people and practices a scenario speaks of",
    "A scenario names what it generated by its role; the Danish role is the key, the English words are aliases.",
    term("borgeren", "borgeren", "the citizen"),
    term("barnet", "barnet", "the child"),
    term("forælderen", "forælderen", "the parent"),
    term("den åbne praksis", "den åbne praksis", "the open practice"),
    term("den nye praksis", "den nye praksis", "the new practice"),
    term("borgerens læge", "borgerens læge", "the citizen's doctor"),
    term("den lukkede praksis", "den lukkede praksis", "the closed practice"),
)
CLOSING_REASONS = Words(
    "CLOSING_REASONS",
    "Why the region closes a practice for new patients",
    "The reason Luna records with the intake change and publishes on the Servicebus (the SUT acts on it).",
    term("practice-closing", "praksis ophører", "the practice ends"),
    term("capacity", "den er fuld", "it is full"),
    term("doctor-leaving", "lægen stopper", "the doctor leaves"),
    term("region-decision", "regionen har besluttet det", "the region decided so"),
)
OPERATIONS = Words(
    "OPERATIONS",
    "A kind of call a fault step names (one call)",
    "The neighbour's operation, as its contract names it (operationId): the fault strikes only calls of this kind.",
    term("registerLaegevalg", "registrering", "registration"),
    term("postVoucher", "bogføring", "posting"),
    term("receiveMoveReceipt", "kvittering", "receipt"),
    term("publishMessage", "besked", "message"),
)
OPERATIONS_PLURAL = Words(
    "OPERATIONS_PLURAL",
    "A kind of call a fault step names (several calls)",
    'The same operations in the plural: "de næste 2 bogføringer", "the next 2 postings".',
    term("registerLaegevalg", "registreringer", "registrations"),
    term("postVoucher", "bogføringer", "postings"),
    term("receiveMoveReceipt", "kvitteringer", "receipts"),
    term("publishMessage", "beskeder", "messages"),
)

CITIZEN_TRAITS = Words(
    "CITIZEN_TRAITS",
    "What sets an explorer's citizen apart (borgerens data)",
    "The variation model's dimensions an explored citizen can have, and why the municipality registered them, joined "
    "by 'og'/'and' after 'med egen læge og' (or 'uden læge og'): the words the explorer writes its findings in.",
    term("over-34", "et navn på mere end 34 tegn", "a name of more than 34 characters"),
    term("æøå", "æ, ø eller å i navnet", "æ, ø or å in the name"),
    term("protected", "navne- og adressebeskyttelse", "name and address protection"),
    term("odd-cpr", "et CPR-nummer uden modulus 11", "a CPR number without modulus 11"),
    term("turning-15", "fylder 15 år i dag", "turns 15 today"),
    term("senior", "er over 67 år", "is over 67"),
    term("2000s", "er født i 2000-tallet", "was born in the 2000s"),
    term(
        "leap-15",
        "er født på den seneste skuddag for mindst 15 år siden",
        "was born on the latest leap day at least 15 years ago",
    ),
    term(
        "leap-40",
        "er født på den seneste skuddag for mindst 40 år siden",
        "was born on the latest leap day at least 40 years ago",
    ),
    term("no-fixed", "er uden fast bopæl", "has no fixed residence"),
    term(
        "returned",
        "er kommet hjem fra militærtjeneste eller fængsel",
        "has returned from military service or prison",
    ),
    term("immigration", "er indvandret", "has immigrated"),
    term("moved-in", "er flyttet til kommunen", "has moved to the municipality"),
)
GROUPS = Words(
    "GROUPS",
    "Sikringsgrupper (insurance groups)",
    "Group 1: a fixed doctor (lægevalg), free treatment, referral to specialists; group 2: free choice of doctor, a "
    "grant towards the cost (DOMAIN.md). There is no other group: a step naming one is a mistake in the feature file.",
    term("1", "1", "1"),
    term("2", "2", "2"),
)
INTAKE = Words(
    "INTAKE",
    "A practice's intake (tilgang)",
    "Whether a practice takes new patients: open (åben) or closed (lukket for tilgang).",
    term("open", "åben", "open"),
    term("closed", "lukket", "closed"),
)
WHERE = Words(
    "WHERE",
    "Where a practice lies from (the citizen's address)",
    "A practice placed a distance from the citizen's home (bopæl), or from the new address of a planned move.",
    term("home", "bopæl", "home"),
    term("new-address", "nye adresse", "new address"),
)
NEAR_ADDRESSES = Words(
    "NEAR_ADDRESSES",
    "An address near the citizen's that is not theirs",
    "Where someone lives who is not the citizen's housemate, though the address looks alike.",
    term("next-door", "nabohuset", "the house next door"),
    term("other-town", "samme vej og nummer i en anden by", "the same street and number in another town"),
)
DAYS_FROM_TODAY = Words(
    "DAYS_FROM_TODAY",
    "A day counted from today",
    "A day a step names from the scenario's today (the code: how many days later), e.g. a birthday.",
    term("0", "i dag", "today"),
    term("1", "i morgen", "tomorrow"),
)
# The data-variation dimensions the step "en borger fra datavariationen ..." turns into a citizen (Scenario.
# add_citizen_from_variation), and the words by which a step is that step: a scenario tagged @datavariation with other
# dimensions, or without such a step, runs the same ordinary citizen in every row (golive/tag_check.py says so).
VARIATION_READ = ("cpr_kind", "name_kind", "protection", "group", "municipality")
VARIATION_STEP_WORDS = ("fra datavariationen", "from the data variation")
PERSON_ROLES = ("borgeren", "barnet", "forælderen")  # the ROLES that are people; the others are practices


def danish(table: Words, code: str) -> str:
    """The first Danish word for the code (what golive writes, e.g. the explorer's findings)."""
    return next(t.da[0] for t in table.terms if t.code == code)


def role_words(people: bool) -> dict[str, str]:
    """The ROLES words for people (`people=True`: "borgeren", "the child") or for practices ("den åbne praksis")."""
    return {word: code for word, code in ROLES.items() if (code in PERSON_ROLES) == people}


GLOSSARY_TABLES = (
    DAYS_FROM_TODAY,
    NEAR_ADDRESSES,
    TOPICS,
    NEIGHBOUR_TOPICS,
    ROLES,
    EXCEPTIONS,
    REFUSALS,
    CARD_REASONS,
    END_REASONS,
    CPR_CHANGES,
    CPR_STATUSES,
    CLOSING_REASONS,
    OPERATIONS,
    OPERATIONS_PLURAL,
    CITIZEN_TRAITS,
    GROUPS,
    INTAKE,
    WHERE,
)


def neighbour_words() -> dict[str, str]:
    """Every word a feature file may use for a neighbour -> the neighbour's name, read from the registry *now* (so a
    neighbour registered after this module was imported, as a test's throw-away one, is known)."""
    neighbours = registry.neighbours()
    return {w: n for w, n in registry.by_word().items() if n in neighbours}


def municipality_code(name: str) -> int:
    """'Aarhus Kommune' or 'Aarhus' -> 751: a municipality's name is a word too, its code read from the reference
    data (simulators/refdata), never a table here and never a literal in a step."""
    wanted = name.removesuffix(" Kommune").strip().casefold()
    for code, m in refdata.municipalities().items():
        if m.name.casefold() == wanted:
            return code
    from golive.parameters import not_known

    raise ValueError(not_known(name, "a municipality (kommune)", municipality_names()))


def municipality_names() -> list[str]:
    """Every municipality's name, as the reference data spells it, in alphabetical order."""
    return sorted(m.name for m in refdata.municipalities().values())
