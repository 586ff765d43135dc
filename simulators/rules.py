"""Numbers and code lists from the law and from our design, in one place (DOMAIN.md).

[src] marks a fact from a public source, [design] our own choice where none exists. Simulators, the
reference SUT and the scenarios read these names; no other module repeats the numbers.
"""

from __future__ import annotations

# -- Luna: practices (ydere) -------------------------------------------------------------------------
PATIENTS_PER_DOCTOR_LIMIT = (
    1600  # [src] a practice may close above 1,600 group-1 patients per doctor (2025 reform: configuration)
)
AUTO_CLOSE_AT_CAPACITY = True  # [design] the Luna simulator closes intake itself when the limit is reached

# Exceptions that admit a citizen to a practice closed for intake (lukket for tilgang) [src: vejle.dk / sundhed.dk]
CLOSED_PRACTICE_EXCEPTIONS = {
    "same-address": "someone at the same address has that doctor",
    "turning-15-parent-doctor": "turning 15 and it is a parent's doctor",
    "group-2-to-1-last-doctor": "moving from group 2 / dormant to group 1 and it is the last group-1 doctor",
    "returning-from-service-or-prison": "returning from military service or prison",
    "few-open-doctors": "fewer than 2 open doctors within the distance limit (the doctor must accept)",
}
FEW_OPEN_DOCTORS_THRESHOLD = 2  # [src] exception (e) applies below this many open doctors
# [design] The reasons of Luna's intake changes that take the doctor from the practice's existing patients, giving
# them a free re-choice (DOMAIN.md: "practice closes or splits"). Closing for intake because it is full or by a region
# decision only stops new patients: the existing ones keep their doctor and pay to move.
PRACTICE_GONE_REASONS = frozenset({"practice-closing", "doctor-leaving"})

# -- distance rule -----------------------------------------------------------------------------------
DISTANCE_LIMIT_KM = 15  # [src: borger.dk]
CAPITAL_DISTANCE_LIMIT_KM = 5  # [src: borger.dk] in these four municipalities
CAPITAL_MUNICIPALITIES = frozenset({101, 147, 185, 155})  # København, Frederiksberg, Tårnby, Dragør


def distance_limit_km(municipality_code: int) -> int:
    return CAPITAL_DISTANCE_LIMIT_KM if municipality_code in CAPITAL_MUNICIPALITIES else DISTANCE_LIMIT_KM


# -- time rules --------------------------------------------------------------------------------------
DOCTOR_CHANGE_EFFECT_DAYS = 14  # [src: htk.dk]
GROUP_CHANGE_EFFECT_DAYS = 14  # [src: BEK; randers.dk] after the fee is registered
GROUP_CHANGE_LOCK_DAYS = 365  # [src] no new group change for one year
FREE_CHANGE_AFTER_MOVE_DAYS = 30  # [src: borger.dk; syddjurs.dk]
OWN_DOCTOR_FREE_AFTER_15_DAYS = 60  # [src: odense.dk; sources conflict: configuration]
NAME_CHANGE_FREE_CARD_DAYS = 90  # [src] name change on marriage, within 3 months

# -- fee ---------------------------------------------------------------------------------------------
# One fee for doctor change, group change and replacement health card; VAT-free; rounded to 5 kr. [src]
FEE_KR_BY_YEAR = {2014: 185, 2015: 190, 2019: 200, 2020: 205, 2021: 210, 2022: 215, 2023: 220, 2024: 225}
FEE_KR_FROM_2025 = 225  # [design] no public figure found for 2025 and later


def fee_kr(year: int) -> int:
    """The year's fee in kroner, as the table above gives it: a year without a published figure uses the last one
    before it [design]; from 2025 on, FEE_KR_FROM_2025; before the first known year, that year's fee. One reading
    of the configuration, shared by the reference SUT and the harness's oracle (which decide nothing else alike)."""
    if year in FEE_KR_BY_YEAR:
        return FEE_KR_BY_YEAR[year]
    if year >= 2025:
        return FEE_KR_FROM_2025
    earlier = [y for y in FEE_KR_BY_YEAR if y <= year]
    return FEE_KR_BY_YEAR[max(earlier)] if earlier else FEE_KR_BY_YEAR[min(FEE_KR_BY_YEAR)]


# -- finance -----------------------------------------------------------------------------------------
FEE_REVENUE_ACCOUNT = "4.62.81.7.2"  # [design] health (4), sale of services (type 7.2); no public account exists
DEBTOR_ACCOUNT = "6.52.76.9.1"  # [design] common costs (6), citizens' debts
BANK_ACCOUNT = "9.01.01.0.0"  # [design] balance sheet: the municipality's bank

# Chart of accounts seeded in the finance simulator [design]: the three accounts the sygesikring flows need
# and a few neighbours a municipal chart would have, so a wrong account is a *known* wrong account.
DEFAULT_CHART_OF_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    (FEE_REVENUE_ACCOUNT, "Sygesikring, gebyrer (salg af ydelser)", "revenue"),
    ("4.62.81.4.5", "Sygesikring, sundhedskort (køb af tjenesteydelser)", "expense"),
    ("4.62.82.7.2", "Genoptræning, salg af ydelser", "revenue"),
    ("6.45.51.4.5", "Administration, køb af tjenesteydelser", "expense"),
    (DEBTOR_ACCOUNT, "Debitorer, borgeres gæld", "asset"),
    (BANK_ACCOUNT, "Bank, kommunens hovedkonto", "asset"),
    ("9.50.79.0.0", "Anden kortfristet gæld", "liability"),
)

# -- CPR ---------------------------------------------------------------------------------------------
# Status codes [src: cpr.dk, DOMAIN.md]; the descriptions are the CPR contract's `statusDescription` enum.
CPR_STATUS_DESCRIPTIONS: dict[str, str] = {
    "01": "active, resident in Denmark",
    "03": "active, special road code 9900-9999",
    "05": "active, resident in Greenland",
    "07": "active, special road code in Greenland",
    "20": "no Danish address",
    "30": "cancelled",
    "50": "deleted",
    "60": "changed CPR number",
    "70": "disappeared",
    "80": "emigrated",
    "90": "deceased",
}
CPR_RESIDENT_STATUSES = frozenset({"01", "03", "05", "07"})  # [src] persons living at their registered address
CPR_NO_ADDRESS_STATUSES = frozenset({"20", "80"})  # [src] no Danish address: the register keeps none
CPR_RETIRED_STATUSES = frozenset({"30", "50", "60", "90"})  # [design] records that take no further events
SPECIAL_ROAD_CODES = range(9900, 10000)  # [src] status 03: active with a special road code 9900-9999
NO_FIXED_RESIDENCE_ROAD_CODE = 9999  # [src: dst.dk] "uden fast bopæl" (UFB)
CUSTODY_AGE_LIMIT = 18  # [src: myndighedsloven] parental custody (forældremyndighed) ends at majority
CHILD_FOLLOWS_PARENT_UNTIL = 15  # [src: STPK 23SFP93] children under 15 follow the custody parent's doctor

# -- E-flyt ------------------------------------------------------------------------------------------
MOVE_DATE_WINDOW_YEARS = 1  # [design] a move date more than a year before or after today is refused

# -- names -------------------------------------------------------------------------------------------
REGISTER_NAME_LENGTH = 34  # [src] the national register's name field: truncating longer names is a real defect
