"""CPR's state: the persons of the test world and the changes that happen to them.

Plain Python, no HTTP (moto's models.py). CPR (Det Centrale Personregister, the state's person
register) is where the SUT's data variation comes from, so this model is strict about what the real
register guarantees and lax about nothing else:

- a CPR number is checked by its pattern and by its date only — the day, month and century-adjusted
  year must exist (`birth_date`). It is *never* checked by modulus 11: numbers issued after
  1 Oct 2007 need not satisfy it, and rejecting them is the classic integration defect (DOMAIN.md);
- the address is always given to the municipality (the SUT is a municipality), also for a person with
  name and address protection (navne- og adressebeskyttelse), flagged `addressProtected`; but the
  protected address and name never leave through an event on the Servicebus;
- a retired record (deceased, changed number, cancelled, deleted) takes no further events;
- "uden fast bopæl" (no fixed residence, road code 9999) persons share no household with each other.

Simulation control (`apply_event`) lets a scenario make life happen — death, emigration, a move, a
name change, a new CPR number — and publishes `cpr.person-changed` as the real register's change
notifications would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from simulators import rules
from simulators.core.clock import VirtualClock
from simulators.core.errors import Conflict, NotFound, Unprocessable

PERSON_CHANGED_TOPIC = "cpr.person-changed"

# Code lists and numbers from the law live in simulators/rules.py (one place for each fact).
STATUS_DESCRIPTIONS = rules.CPR_STATUS_DESCRIPTIONS
ACTIVE_STATUS = "01"
SPECIAL_ROAD_CODE_STATUS = "03"
CHANGED_NUMBER_STATUS = "60"
EMIGRATED_STATUS = "80"
DECEASED_STATUS = "90"
RETIRED_STATUSES = rules.CPR_RETIRED_STATUSES
RESIDENT_STATUSES = rules.CPR_RESIDENT_STATUSES
NO_ADDRESS_STATUSES = rules.CPR_NO_ADDRESS_STATUSES
SPECIAL_ROAD_CODES = rules.SPECIAL_ROAD_CODES
NO_FIXED_RESIDENCE_ROAD_CODE = rules.NO_FIXED_RESIDENCE_ROAD_CODE
CUSTODY_AGE_LIMIT = rules.CUSTODY_AGE_LIMIT

CHANGE_TYPES = (
    "death",
    "emigration",
    "address-change",
    "name-change",
    "cpr-change",
    "status-change",
    "protection-change",
)


# -- domain errors -------------------------------------------------------------------------------------
class UnknownPerson(NotFound):
    code = "unknown-person"
    title = "No person with this CPR number"


class InvalidCprDate(Unprocessable):
    code = "invalid-cpr-date"
    title = "The CPR number holds no real birth date"


class RetiredRecord(Conflict):
    code = "retired-record"
    title = "The person's record takes no further changes"


class CprAlreadyExists(Conflict):
    code = "cpr-exists"
    title = "The new CPR number is already in use"


class InvalidEffectiveDate(Unprocessable):
    code = "invalid-effective-date"
    title = "Invalid effective date"


class InvalidStatus(Unprocessable):
    code = "invalid-status"
    title = "The status does not fit the person's record"


class UnknownMunicipality(Unprocessable):
    code = "unknown-municipality"
    title = "Not a Danish municipality code"


class InvalidCustody(Unprocessable):
    code = "invalid-custody"
    title = "Invalid custody"


# -- the century rule ----------------------------------------------------------------------------------
def birth_date(cpr: str) -> date:
    """The birth date in a CPR number DDMMYYSSSS, century from the 7th digit (DOMAIN.md, [src: cpr.dk]).

    DOMAIN.md's table:

    ===========  =========  =========  =========
    7th digit    YY 00–36   YY 37–57   YY 58–99
    ===========  =========  =========  =========
    0–3          1900s      1900s      1900s
    4, 9         2000s      1900s      1900s
    5–8          2000s      2000s      1800s
    ===========  =========  =========  =========

    Raises InvalidCprDate when DDMMYY with that century is not a real day (31 April, 29 February 1900).
    This is the only validation a CPR number gets beyond its pattern: no modulus 11.
    """
    if len(cpr) != 10 or not cpr.isdigit():
        raise InvalidCprDate(f"{cpr!r} is not 10 digits", cpr=cpr)
    day, month, yy, digit = int(cpr[0:2]), int(cpr[2:4]), int(cpr[4:6]), int(cpr[6])
    if digit <= 3:
        century = 1900
    elif digit in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:  # 5-8
        century = 2000 if yy <= 57 else 1800
    try:
        return date(century + yy, month, day)
    except ValueError:
        raise InvalidCprDate(
            f"{cpr} holds no real date: day {day}, month {month}, year {century + yy}", cpr=cpr
        ) from None


# [src: cpr.dk, DOMAIN.md] the modulus-11 weights of the ten digits (the last digit's weight is 1).
MODULUS11_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def passes_modulus_11(cpr: str) -> bool:
    """The pre-2007 check digit rule: the weighted digit sum is divisible by 11.

    Never a validity test — numbers issued since 1 Oct 2007 may fail it and are valid all the same (DOMAIN.md).
    It exists so the test world can make numbers of both kinds (fixtures/cpr.py) and so the reference SUT can
    commit the defect `modulus11-rejects-valid-cpr`. The one implementation: both import it from here.
    """
    return (
        len(cpr) == 10
        and cpr.isdigit()
        and sum(int(d) * w for d, w in zip(cpr, MODULUS11_WEIGHTS, strict=True)) % 11 == 0
    )


def sex(cpr: str) -> str:
    """Last digit odd = male, even = female [src: cpr.dk]."""
    return "male" if int(cpr[-1]) % 2 else "female"


def age_on(born: date, day: date) -> int:
    """Completed years on `day` (a person born on 29 February turns a year older on 1 March in common years)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def expected_resident_status(road_code: int) -> str:
    """01 for an ordinary road code, 03 for a special one (9900-9999, incl. 9999 no fixed residence)."""
    return SPECIAL_ROAD_CODE_STATUS if road_code in SPECIAL_ROAD_CODES else ACTIVE_STATUS


def full_name(name: dict[str, str]) -> str:
    return " ".join(part for part in (name["first"], name.get("middle"), name["last"]) if part)


def _normalise_street(street: str) -> str:
    return " ".join(street.split()).casefold()


def _check_municipality(code: int) -> None:
    from simulators import refdata

    if code not in refdata.municipalities():
        raise UnknownMunicipality(f"{code} is not one of the 98 municipality codes", municipalityCode=code)


# -- state ---------------------------------------------------------------------------------------------
@dataclass
class Person:
    cpr: str
    name: dict[str, str]  # first, middle?, last
    status: str
    status_date: date
    municipality_code: int
    address: dict[str, Any] | None  # street, postalCode, city, roadCode; None without a Danish address
    address_protected: bool = False
    custody: dict[str, Any] | None = None  # parents: [cpr], livesWith: cpr
    new_cpr: str | None = None
    previous_cpr: str | None = None

    @property
    def birth_date(self) -> date:
        return birth_date(self.cpr)

    @property
    def no_fixed_residence(self) -> bool:
        return self.address is not None and self.address.get("roadCode") == NO_FIXED_RESIDENCE_ROAD_CODE

    def as_dict(self, today: date) -> dict[str, Any]:
        """The Person document the municipality sees: everything, protected or not, flagged."""
        doc: dict[str, Any] = {
            "cpr": self.cpr,
            "status": self.status,
            "statusDescription": STATUS_DESCRIPTIONS[self.status],
            "statusDate": self.status_date.isoformat(),
            "name": {**self.name, "full": full_name(self.name)},
            "birthDate": self.birth_date.isoformat(),
            "sex": sex(self.cpr),
            "municipalityCode": self.municipality_code,
            "addressProtected": self.address_protected,
            "noFixedResidence": self.no_fixed_residence,
        }
        if self.address is not None:
            doc["address"] = dict(self.address)
        if self.custody is not None and age_on(self.birth_date, today) < CUSTODY_AGE_LIMIT:
            doc["custody"] = {"parents": list(self.custody["parents"]), "livesWith": self.custody["livesWith"]}
        if self.new_cpr:
            doc["newCpr"] = self.new_cpr
        if self.previous_cpr:
            doc["previousCpr"] = self.previous_cpr
        return doc


@dataclass
class CprModel:
    clock: VirtualClock
    publish: Callable[..., str] = lambda *args, **kwargs: ""
    persons: dict[str, Person] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    # -- kernel protocol -------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.persons.clear()

    def load(self, data: dict[str, Any]) -> dict[str, int]:
        """Seed persons; a seed with a CPR number already present replaces it (re-seeding is idempotent)."""
        people = [self._person_from_seed(doc) for doc in data.get("persons", [])]  # validate all before storing any
        with self._lock:
            for person in people:
                self.persons[person.cpr] = person
        return {"persons": len(people)}

    def snapshot(self) -> dict[str, Any]:
        today = self.clock.today()
        with self._lock:
            return {"persons": [p.as_dict(today) for p in self.persons.values()]}

    def _person_from_seed(self, doc: dict[str, Any]) -> Person:
        cpr = doc["cpr"]
        born = birth_date(cpr)
        address = dict(doc["address"]) if doc.get("address") else None
        status = doc.get("status") or (expected_resident_status(address["roadCode"]) if address else "20")
        _check_municipality(doc["municipalityCode"])
        if (status == CHANGED_NUMBER_STATUS) != bool(doc.get("newCpr")):
            raise InvalidStatus(f"{cpr}: status 60 (changed number) and newCpr go together", cpr=cpr)
        if doc.get("newCpr"):
            birth_date(doc["newCpr"])
        if status in RESIDENT_STATUSES and address is None:
            raise InvalidStatus(f"{cpr}: status {status} needs an address", cpr=cpr)
        if status in ("01", "03") and address is not None and status != expected_resident_status(address["roadCode"]):
            raise InvalidStatus(
                f"{cpr}: status {status} does not fit road code {address['roadCode']} (03 is for 9900-9999)", cpr=cpr
            )
        if status in NO_ADDRESS_STATUSES and address is not None:
            raise InvalidStatus(f"{cpr}: status {status} means no Danish address; leave address out", cpr=cpr)
        custody = doc.get("custody")
        if custody is not None:
            if custody["livesWith"] not in custody["parents"]:
                raise InvalidCustody(f"{cpr}: livesWith must be one of the custody parents", cpr=cpr)
            if cpr in custody["parents"]:
                raise InvalidCustody(f"{cpr}: a person cannot have custody of themselves", cpr=cpr)
        status_date = date.fromisoformat(doc["statusDate"]) if doc.get("statusDate") else born
        return Person(
            cpr=cpr,
            name=dict(doc["name"]),
            status=status,
            status_date=status_date,
            municipality_code=doc["municipalityCode"],
            address=address,
            address_protected=doc.get("addressProtected", False),
            custody={"parents": list(custody["parents"]), "livesWith": custody["livesWith"]} if custody else None,
            new_cpr=doc.get("newCpr"),
        )

    # -- reads -----------------------------------------------------------------------------------
    def person(self, cpr: str) -> Person:
        birth_date(cpr)  # a number without a real date is a malformed question, not an unknown person
        with self._lock:
            try:
                return self.persons[cpr]
            except KeyError:
                raise UnknownPerson(f"no person with CPR number {cpr} in the register", cpr=cpr) from None

    def person_doc(self, cpr: str) -> dict[str, Any]:
        return self.person(cpr).as_dict(self.clock.today())

    def household(self, municipality_code: int, street: str, postal_code: str) -> list[dict[str, Any]]:
        """Everyone living at one address (used by the SUT for same-address rules, e.g. a closed practice).

        Only persons who live at their registered address (status 01/03/05/07) count, and never persons
        without fixed residence: road code 9999 is not a shared home.
        """
        wanted = _normalise_street(street)
        today = self.clock.today()
        with self._lock:
            found = [
                p
                for p in self.persons.values()
                if p.status in RESIDENT_STATUSES
                and p.address is not None
                and not p.no_fixed_residence
                and p.municipality_code == municipality_code
                and p.address["postalCode"] == postal_code
                and _normalise_street(p.address["street"]) == wanted
            ]
            return [p.as_dict(today) for p in sorted(found, key=lambda p: p.cpr)]

    # -- simulation control ------------------------------------------------------------------------
    def apply_event(self, cpr: str, event: dict[str, Any], correlation_id: str | None = None) -> dict[str, Any]:
        """Let something happen to a person; publish `cpr.person-changed` unless nothing changed.

        Returns the record at `cpr` after the change (for a cpr-change: the old record, status 60).
        """
        change = event["changeType"]
        effective = date.fromisoformat(event["effectiveDate"])
        with self._lock:
            person = self.person(cpr)
            if person.status in RETIRED_STATUSES:
                raise RetiredRecord(
                    f"{cpr} has status {person.status} ({STATUS_DESCRIPTIONS[person.status]}) and takes no {change}",
                    cpr=cpr,
                    personStatus=person.status,
                )
            if effective < person.birth_date:
                raise InvalidEffectiveDate(
                    f"effective date {effective} is before {cpr} was born", effectiveDate=effective.isoformat()
                )
            before = replace(person, name=dict(person.name), address=dict(person.address) if person.address else None)
            getattr(self, "_" + change.replace("-", "_"))(person, event, effective)
            changed = person != before
            if changed:
                person.status_date = effective if person.status != before.status else person.status_date
            doc = person.as_dict(self.clock.today())
            payload = self._event_payload(person, change, effective) if changed else None
        if payload is not None:
            self.publish(PERSON_CHANGED_TOPIC, payload, key=cpr, correlation_id=correlation_id)
        return doc

    def _death(self, person: Person, event: dict[str, Any], effective: date) -> None:
        person.status = DECEASED_STATUS  # the last address stays on the record

    def _emigration(self, person: Person, event: dict[str, Any], effective: date) -> None:
        person.status = EMIGRATED_STATUS  # municipalityCode stays: the municipality the person left
        person.address = None

    def _address_change(self, person: Person, event: dict[str, Any], effective: date) -> None:
        _check_municipality(event["municipalityCode"])
        person.address = dict(event["newAddress"])
        person.municipality_code = event["municipalityCode"]
        # Retired records never get here, so whoever moves in (again: from abroad, from Greenland, after having
        # disappeared) is a resident now, 01 or 03 by the road code.
        person.status = expected_resident_status(person.address["roadCode"])

    def _name_change(self, person: Person, event: dict[str, Any], effective: date) -> None:
        person.name = {k: v for k, v in event["name"].items() if k in ("first", "middle", "last")}

    def _protection_change(self, person: Person, event: dict[str, Any], effective: date) -> None:
        person.address_protected = event["addressProtected"]

    def _status_change(self, person: Person, event: dict[str, Any], effective: date) -> None:
        status = event["status"]
        if status == CHANGED_NUMBER_STATUS:
            raise InvalidStatus(
                "a new CPR number is a cpr-change event with newCpr, not a status-change", requestedStatus=status
            )
        if status in RESIDENT_STATUSES:
            if person.address is None:
                raise InvalidStatus(
                    f"status {status} needs an address; send an address-change instead", requestedStatus=status
                )
            if status in ("01", "03") and status != expected_resident_status(person.address["roadCode"]):
                raise InvalidStatus(
                    f"status {status} does not fit road code {person.address['roadCode']} (03 is for 9900-9999)",
                    requestedStatus=status,
                )
        person.status = status
        if status in NO_ADDRESS_STATUSES:
            person.address = None

    def _cpr_change(self, person: Person, event: dict[str, Any], effective: date) -> None:
        new = event["newCpr"]
        birth_date(new)
        if new in self.persons:
            raise CprAlreadyExists(f"{new} is already in the register", newCpr=new)
        successor = replace(
            person,
            cpr=new,
            name=dict(person.name),
            address=dict(person.address) if person.address else None,
            custody={"parents": list(person.custody["parents"]), "livesWith": person.custody["livesWith"]}
            if person.custody
            else None,
            status_date=effective,
            previous_cpr=person.cpr,
            new_cpr=None,
        )
        self.persons[new] = successor
        for other in self.persons.values():  # children's custody follows the parent's new number
            if other.custody and person.cpr in other.custody["parents"]:
                other.custody["parents"] = [new if c == person.cpr else c for c in other.custody["parents"]]
                if other.custody["livesWith"] == person.cpr:
                    other.custody["livesWith"] = new
        person.status = CHANGED_NUMBER_STATUS
        person.new_cpr = new

    def _event_payload(self, person: Person, change: str, effective: date) -> dict[str, Any]:
        """The `cpr.person-changed` payload (common brief §3). A protected person's address and name never go out."""
        payload: dict[str, Any] = {
            "cpr": person.cpr,
            "changeType": change,
            "effectiveDate": effective.isoformat(),
            "status": person.status,
            "municipalityCode": person.municipality_code,
            "addressProtected": person.address_protected,
        }
        if change == "cpr-change":
            payload["newCpr"] = person.new_cpr
        if not person.address_protected:
            if person.address is not None:
                payload["address"] = dict(person.address)
            if change == "name-change":
                payload["name"] = full_name(
                    person.name
                )  # the register's PNavn: the full name, as the bus contract says
        return payload
