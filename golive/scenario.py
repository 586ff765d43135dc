"""One Gherkin scenario's view of the world: its own data, its own correlation id, and the domain helpers steps call.

Why a class of its own: steps must stay thin and business-worded (ARCHITECTURE.md principle 6), and the same
steps must later run against a vendor's SUT over loopback. So everything here reaches the simulators and the
SUT *only through HTTP*, and only through the drivers (golive/drivers/: one per system, holding its URLs and JSON
shapes; the admin API every system shares sets the clock, seeds data, installs faults and reads journals). It never
touches a simulator's model, and it holds no wire knowledge of its own: it knows who the scenario's people and
practices are, which flow to drive, and what to wait for. The words a feature file uses come from
golive/vocabulary.py; the Then-steps' checks are in golive/expectations.py (a mixin, so steps see one Scenario).

Isolation by data (principle 4): every scenario generates its own CPR numbers and ydernumre from a DataFactory
seeded by (seed, scenario name), so scenarios running in parallel on shared simulators never collide, and a
role table names what was generated ("borgeren", "den åbne praksis"), so steps speak of roles, not values.

Asynchronous work (moves, bus deliveries, receipts) is awaited through `self.waits` (golive/waiting.py), never a
sleep: in an in-process world by running the world's virtual-time scheduler until the thing happened or nothing is
left to do (exact); against a served world or a vendor's SUT by polling with a deadline. An *absence* ("no fee is
posted") is asserted only after `settle()`. The Scenario does not know which of the two it has.
"""

from __future__ import annotations

import calendar
import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import Any

import httpx

from fixtures.providers import Custody, DataFactory, Person, Practice
from golive import fault_profiles, settings
from golive.blame import SUT as SUT_PARTY
from golive.blame import observing
from golive.drivers import SUT, ok, open_clients
from golive.drivers.admin import Admin, Driver, clock_setters, read_locally
from golive.drivers.cpr import PERSON_CHANGED, Cpr
from golive.drivers.eflyt import Eflyt
from golive.drivers.faults import Faults
from golive.drivers.finance import Finance
from golive.drivers.luna import Luna
from golive.drivers.servicebus import Servicebus, pushed
from golive.drivers.sut import PUBLISHED_TOPICS, Sut
from golive.expectations import Expectations
from golive.failures import fresh, named
from golive.practice_events import PracticeEvents
from golive.reads import union
from golive.repeats import Repeats
from golive.varied_citizens import VariedCitizens
from golive.vocabulary import CARD_REASONS, CPR_CHANGES, EXCEPTIONS, ROLES, municipality_code
from golive.waiting import waits_for
from simulators import refdata, registry

DEFECTS_ENV = settings.SUT_DEFECTS  # comma-separated defect names the reference SUT is told to commit
HISTORY_YEARS = 4  # [design] a seeded doctor choice took effect this many years before the scenario's today
DRIVERS: dict[str, type[Driver]] = dict(luna=Luna, servicebus=Servicebus, eflyt=Eflyt, finance=Finance, cpr=Cpr)


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February: the 28th in a year without it; a leap day must not crash a run)."""
    year = day.year - years
    return day.replace(year=year, day=28 if (day.month, day.day) == (2, 29) and not calendar.isleap(year) else day.day)


def _derived_seed(seed: int, name: str) -> int:
    """A seed of the scenario's own: same run seed and scenario name, same data; another name, other data."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{name}".encode()).digest()[:8], "big")


class Scenario(Expectations, Repeats, VariedCitizens, PracticeEvents):
    """The world as one scenario sees it: generated citizens and practices by role, and the flows to drive."""

    def __init__(self, world: Any, seed: int, name: str, variation: Any = None) -> None:
        self.world, self.seed, self.name = world, seed, name
        self.waits = waits_for(world)  # stepped (virtual world) or polled (real one): golive/waiting.py
        self.variation = variation  # a fixtures.variation.Row when the scenario runs per @datavariation row, else None
        self.scenario_seed = _derived_seed(seed, name)
        self.tag = f"{self.scenario_seed:016x}"[:10]
        # Same seed, same id in a virtual world (a replay matches byte for byte); against a real one a run's ids must
        # not meet the previous run's in a vendor's journal, so the wall clock salts them.
        salt = 0 if self.waits.exact else time.time_ns() & (2**64 - 1)
        self.correlation_id = str(uuid.UUID(int=self.scenario_seed << 64 | salt, version=4))
        self.clients, sut_client = open_clients(world, self.correlation_id)  # a neighbour without a driver: clients[n]
        self.drivers: dict[str, Driver] = {n: DRIVERS.get(n, Driver)(c) for n, c in self.clients.items()}
        self.sut = Sut(sut_client)
        self.admins: dict[str, Admin] = {**{n: d.admin for n, d in self.drivers.items()}, SUT: self.sut.admin}
        self.reads = read_locally(self.admins, world)  # kept reads of an in-process world (golive/reads.py), or None
        self.today = date(2024, 3, 1)
        self.data = DataFactory(seed=self.scenario_seed % (2**32), today=self.today)
        self.citizens: dict[str, Person] = {}
        self.practices: dict[str, Practice] = {}
        self.destinations: dict[str, Any] = {}  # role -> the Address the citizen moves to
        self.formerly: dict[str, list[Person]] = {}  # role -> the person as CPR held them before a move, a new number
        self.cases: dict[str, str] = {}  # role -> E-flyt case id
        self.answers: dict[str, httpx.Response] = {}  # role -> the SUT's last answer to that citizen's request
        self.faults = Faults(self.admins, self.now, self.waits)  # what this scenario made its neighbours do wrong
        self.closing: list[Callable[[], Any]] = []  # shut first by close(), newest first (golive/rollover.py)
        self.seeded: set[tuple[str, str, str]] = set()  # (cpr, ydernummer, effect date) Luna knew before acting
        self.subscriptions = {topic: f"partner-{self.tag}-{topic}" for topic in PUBLISHED_TOPICS}
        for topic, sub in self.subscriptions.items():  # a statutory partner listening to everything the SUT publishes
            self.bus.subscribe(sub, topic)
        self.switched_on: set[str] = set()  # the catalogue defects the reference SUT commits in this scenario
        defects = settings.sut_defects()
        if defects:
            self.switch_on(*defects)

    # -- plumbing ------------------------------------------------------------------------------------
    @property
    def luna(self) -> Luna:
        return self.drivers["luna"]  # type: ignore[return-value]

    @property
    def bus(self) -> Servicebus:
        return self.drivers["servicebus"]  # type: ignore[return-value]

    @property
    def eflyt(self) -> Eflyt:
        return self.drivers["eflyt"]  # type: ignore[return-value]

    @property
    def finance(self) -> Finance:
        return self.drivers["finance"]  # type: ignore[return-value]

    @property
    def cpr_register(self) -> Cpr:
        return self.drivers["cpr"]  # type: ignore[return-value]

    def apply_fault_profile(self, name: str) -> list[tuple[str, dict]]:
        """A named profile (golive/fault_profiles.py) installed on its neighbours, windows from the virtual now."""
        return fault_profiles.apply(fault_profiles.find(name), self.faults.now(), self.faults.add)

    def citizen(self, role: str) -> Person:
        return named(self.citizens, role, ROLES.get(role, role), "citizen")

    def practice(self, role: str) -> Practice:
        return named(self.practices, role, ROLES.get(role, role), "practice")

    def close(self) -> None:
        for shut in reversed(self.closing):
            shut()
        self.faults.clear()  # a rule left on a shared simulator would strike the next scenario's calls
        for sub in self.subscriptions.values():
            try:
                self.bus.unsubscribe(sub)
            except httpx.HTTPError:
                pass
        for client in (*self.clients.values(), self.sut.client):
            client.close()

    # -- time and defects ------------------------------------------------------------------------------
    def set_today(self, day: date) -> None:
        """Set the virtual date everywhere (the world shares one clock; a vendor SUT is told too)."""
        self._set_clock(datetime.combine(day, dtime(9, 0), tzinfo=UTC).isoformat())

    def advance_days(self, days: int) -> None:
        self.set_today(self.today + timedelta(days=days))

    def advance_minutes(self, minutes: int) -> None:
        """Virtual time moves on (everywhere, as set_today does); a fault window that ends meanwhile is over."""
        self._set_clock((self.now() + timedelta(minutes=minutes)).isoformat())

    def _set_clock(self, moment: str) -> None:
        for admin in clock_setters(self.admins.values()):
            admin.set_now(moment)
        self.today = datetime.fromisoformat(moment).date()
        self.data.today = self.today

    def now(self) -> datetime:
        """The virtual time (read from the SUT's neighbours, which share the scenario's clock)."""
        return self.luna.admin.now()

    def switch_on(self, *defects: str) -> None:
        self.sut.admin.switch_on(list(defects))
        self.switched_on.update(defects)

    @property
    def judged_by_reference(self) -> bool:
        """The SUT is the reference SUT committing no catalogue defect: a check that fails here most likely found the
        feature file's expectation wrong (golive/plugin.py adds that hint beside the blame)."""
        return getattr(self.world, "sut", None) is not None and not self.switched_on

    # -- arrange: practices ------------------------------------------------------------------------------
    def add_practice(
        self,
        role: str,
        *,
        near: str | None = None,
        km: float = 3.0,
        open_for_intake: bool = True,
        municipality: str | None = None,
        at_destination: bool = False,
        bearing: float | None = None,
        location: tuple[float, float] | None = None,
        doctors: int = 2,
        patients: int | None = None,
    ) -> Practice:
        """A practice `km` from a citizen's home (or new home), or near a municipality's town hall, at `bearing` (random
        when None); moved to `location` when given (a point computed to lie exactly on a distance limit). `doctors`
        and `patients` (the patients Luna counts; None: a fill that suits its intake) set how full it is."""
        if near is not None:
            origin = self.destination(near).location if at_destination else self.citizen(near).location
        else:
            m = refdata.municipalities()[municipality_code(municipality or "Aarhus")]
            origin = (m.lat, m.lon)
        fill = {"open_for_intake": open_for_intake, "doctors": doctors, "patient_count": patients}
        practice = self.data.practice(near=origin, distance_km=km, bearing_deg=bearing, **fill)
        if location is not None:
            practice = replace(practice, address=replace(practice.address, lat=location[0], lon=location[1]))
        self.luna.add_practice(practice)
        self.practices[fresh(self.practices, role, "practice")] = practice
        return practice

    def _luna_knows(self, person: Person, practice: Practice) -> None:
        """Luna has known the practice as the person's doctor for years: history the scenario did not cause."""
        since = years_before(self.today, HISTORY_YEARS)
        self.luna.add_history(practice, cpr=person.cpr, municipality_code=person.municipality_code, since=since)
        self.seeded.add((person.cpr, practice.ydernummer, since.isoformat()))

    # -- arrange: citizens -----------------------------------------------------------------------------
    def add_citizen(
        self,
        role: str = "borgeren",
        *,
        municipality: str = "Aarhus",
        group: int = 1,
        own_doctor: bool = True,
        protected: bool = False,
        modulus11: bool = True,
        name_kind: str = "plain",
        birth_date: date | None = None,
        address: Any = None,
        custody: Custody | None = None,
        reason: str | None = None,
        register: bool = True,
        residence: str = "fixed",
    ) -> Person:
        """A citizen in CPR, known to Luna with a doctor 2 km from home (own_doctor), and registered in the SUT.
        residence "no-fixed": uden fast bopæl (road code 9999, CPR status 03), placed at the town hall."""
        spec: dict[str, Any] = dict(
            status="03" if residence == "no-fixed" else "01",
            modulus11=modulus11,
            address_protected=protected,
            sikringsgruppe=group,
            name_kind=name_kind,
            custody=custody,
        )
        if address is not None:
            spec["address"] = address
        else:
            spec.update(residence=residence, municipality_code=municipality_code(municipality))
        if birth_date is not None:
            spec["birth_date"] = birth_date
        else:
            spec["born_between"] = (years_before(self.today, 60), years_before(self.today, 25))
        person = self.data.person(**spec)
        self.citizens[fresh(self.citizens, role, "citizen")] = person
        self.cpr_register.add_person(person)
        if own_doctor:
            doctor = self.add_practice(f"{role}s læge", near=role, km=2.0)
            self._luna_knows(person, doctor)
        if register:
            self.register_in_sut(role, reason=reason)
        return person

    # The @datavariation dimensions a single citizen can express, and how (fixtures/variation.py names).
    def register_in_sut(self, role: str, reason: str | None = None, follows: str | None = None) -> httpx.Response:
        response = self.sut.register_citizen(
            self.citizen(role), reason=reason, follows=self.citizen(follows).cpr if follows else None
        )
        with observing(SUT_PARTY):
            assert response.status_code == 201, (
                f"the SUT refused to register {role}, a person the CPR "
                f"register holds: {response.status_code} {response.text[:300]}"
            )
        return response

    def add_child(
        self, role: str, parent: str, *, turning: int | None = None, register: bool = False, days: int = 0
    ) -> Person:
        """A child living with the parent (custody), seeded in CPR; under 15, or turning `turning` in `days` days."""
        p = self.citizen(parent)
        born = years_before(self.today + timedelta(days=days), turning) if turning else self.data.child_birth_date()
        return self.add_citizen(
            role,
            address=p.address,
            birth_date=born,
            custody=Custody((p.cpr,), p.cpr),
            own_doctor=False,
            register=register,
            protected=p.address_protected,
        )

    def add_housemate_with_doctor(self, role: str, of: str, practice: str) -> Person:
        """Someone at the citizen's address whose doctor (in Luna) is the given practice."""
        mate = self.add_citizen(role, address=self.citizen(of).address, own_doctor=False, register=False)
        self._luna_knows(mate, self.practice(practice))
        return mate

    def has_doctor(self, role: str, practice: str) -> None:
        """Luna knows the practice as the citizen's doctor (from before the scenario)."""
        self._luna_knows(self.citizen(role), self.practice(practice))

    # -- arrange: the circumstances that admit a citizen to a closed practice ------------------------------
    def add_citizen_living_with_patient_of(self, practice: str, municipality: str) -> Person:
        person = self.add_citizen("borgeren", municipality=municipality)
        self.add_housemate_with_doctor("husstandsmedlemmet", of="borgeren", practice=practice)
        return person

    def add_citizen_near_patient_of(self, practice: str, municipality: str, where: str) -> Person:
        """A citizen, and a patient of the practice known to the SUT at an address that only looks like theirs (the
        house next door, or the same street and number in another town of the municipality): no housemate."""
        person = self.add_citizen("borgeren", municipality=municipality)
        home = person.address
        assert home is not None  # an ordinary citizen lives somewhere
        other = [p.postcode for p in refdata.postcodes_in(home.municipality_code) if p.postcode != home.postal_code]
        address = (
            replace(home, street=f"{home.street.split(',')[0]}A")
            if where == "next-door"
            else replace(home, postal_code=other[0])
        )
        mate = self.add_citizen("naboen", address=address, own_doctor=False, register=False)
        self._luna_knows(mate, self.practice(practice))
        self.register_in_sut("naboen")  # after Luna knows the doctor: the SUT reads it from Luna as it meets them
        return person

    def add_citizen_turning_15_with_parent_at(self, practice: str, municipality: str) -> Person:
        parent = self.add_citizen("forælderen", municipality=municipality, own_doctor=False, register=False)
        self._luna_knows(parent, self.practice(practice))
        born = years_before(self.today, 15)
        return self.add_citizen(
            "borgeren", address=parent.address, birth_date=born, custody=Custody((parent.cpr,), parent.cpr)
        )

    def add_citizen_turning_15(self, municipality: str) -> Person:
        return self.add_citizen("borgeren", municipality=municipality, birth_date=years_before(self.today, 15))

    def add_citizen_returning_to_group_1_with_last_doctor_at(self, practice: str, municipality: str) -> Person:
        """In group 2, the closed practice their last group-1 doctor in Luna, and on the way back to group 1."""
        person = self.add_citizen("borgeren", municipality=municipality, group=2, own_doctor=False, register=False)
        self._luna_knows(person, self.practice(practice))  # before the SUT meets the citizen: it reads Luna then
        self.register_in_sut("borgeren")
        ok(self.sut.change_group(person.cpr, 1), 201)
        return person

    def add_returning_citizen(self, municipality: str) -> Person:
        return self.add_citizen("borgeren", municipality=municipality, reason="returned")

    def add_citizen_with_few_open_doctors(self, municipality: str) -> Person:
        """Only the citizen's own doctor is open nearby: this scenario seeds no other open practice in the area."""
        return self.add_citizen("borgeren", municipality=municipality)

    # -- act: moves --------------------------------------------------------------------------------------
    def plan_move(self, role: str, *, municipality: str | None = None, km: float | None = None) -> None:
        """Where the citizen moves: a new address in a municipality, or `km` from the current home."""
        if km is not None:
            self.destinations[role] = self.data.address_at(self.citizen(role).location, km, 180.0)
        else:
            self.destinations[role] = self.data.address(municipality_code(municipality or "Odense"))

    def report_move(self, role: str, move_date: date, *, choose: str | None = None, with_children: bool = False) -> str:
        """The citizen reports the move in E-flyt's self-service (children along, a new doctor chosen or not)."""
        person = self.citizen(role)
        children = [c.cpr for c in self.citizens.values() if c.custody and c.custody.lives_with == person.cpr]
        case_id = self.eflyt.report_move(
            person,
            self.destination(role),
            move_date,
            co_movers=children if with_children else None,
            ydernummer=self.practice(choose).ydernummer if choose else None,
        )
        self.cases[role] = case_id
        return case_id

    # -- act: the citizen's requests ------------------------------------------------------------------------
    def choose_doctor(
        self, role: str, practice: str, exception: str | None = None, waive: bool = False, effective: date | None = None
    ) -> httpx.Response:
        code = EXCEPTIONS.get(exception, exception) if exception else None
        return self._answered(
            role,
            self.sut.choose_doctor(
                self.citizen(role).cpr,
                self.practice(practice).ydernummer,
                exception=code,
                doctor_accepted=code == "few-open-doctors",  # DOMAIN.md (e): admitted only with the doctor's consent
                waive_home_visits=waive,
                effective=effective,
            ),
        )

    def choose_unknown_practice(self, role: str, ydernummer: str) -> httpx.Response:
        """The citizen asks for an ydernummer no practice of Luna's has (a typing error, a practice long gone)."""
        return self._answered(role, self.sut.choose_doctor(self.citizen(role).cpr, ydernummer))

    def change_group(self, role: str, to_group: int) -> httpx.Response:
        return self._answered(role, self.sut.change_group(self.citizen(role).cpr, to_group))

    def order_card(self, role: str, reason: str) -> httpx.Response:
        return self._answered(role, self.sut.order_card(self.citizen(role).cpr, CARD_REASONS.get(reason, reason)))

    def _answered(self, role: str, response: httpx.Response) -> httpx.Response:
        self.answers[ROLES.get(role, role)] = response
        return response

    def answer(self, role: str) -> httpx.Response:
        self.citizen(role)  # a role no step gave is told as that first
        return named(self.answers, role, ROLES.get(role, role), "answer")

    # -- act: the registers ------------------------------------------------------------------------------
    def _await_subscriber(self, topic: str) -> None:
        """Before an event the SUT must act on: someone listens on the topic by webhook (the SUT subscribes as it
        starts; against a bus that just came up, give it a moment). Fails as a harness precondition, not a verdict."""
        with observing(registry.BUS):
            self.waits.until(
                lambda: self.bus.webhook_subscriptions(topic),
                what=f"a webhook subscriber on {topic} (has the SUT subscribed to the Servicebus?)",
            )

    def cpr_event(
        self, role: str, change: str, status: str | None = None, effective: date | None = None, **details: Any
    ) -> None:
        """CPR records a life event (a status change: to `status`), dated `effective` (None: today; a death is often
        registered days after it happened); returns once the Servicebus has pushed it to every webhook subscriber."""
        person = self.citizen(role)
        change_type = CPR_CHANGES.get(change, change)
        new_name = (
            (person.first, f"{person.last}-Holm") if change_type == "name-change" else None
        )  # [design] a married name
        self._await_subscriber(PERSON_CHANGED)
        on = effective or self.today
        self.cpr_register.record_event(person.cpr, change_type, on, name=new_name, status=status, **details)
        self._await_pushed(
            PERSON_CHANGED,
            lambda m: m.get("key") == person.cpr or m["payload"].get("cpr") == person.cpr,
            cpr=person.cpr,
        )

    def _await_pushed(self, topic: str, match: Callable[[dict], bool], cpr: str | None = None) -> dict:
        def probe():
            done = [m for m in self.bus.messages(topic=topic, cpr=cpr) if match(m) and pushed(m)]
            return done[-1] if done else None

        with observing(registry.BUS):
            return self.waits.until(probe, what=f"{topic} pushed to its webhook subscribers")

    # -- settling and journals ------------------------------------------------------------------------------
    def settle(self) -> None:
        """Before asserting an absence: everything the world will do on its own is done (golive/waiting.py)."""

        def traffic() -> int:  # every system's journal size: it stands still when no one is talking
            return sum(admin.journal_size() for admin in self.admins.values())

        self.waits.settle(self.sut.admin.state, traffic)

    def exchanges(self) -> list[dict]:
        """Every journal entry of every system (the SUT too) about the scenario's CPR numbers, in time order."""
        found = [admin.journal(cpr=cpr) for admin in self.admins.values() for cpr in self.cprs()]
        return self.reads.union(found) if self.reads is not None else union(found)

    def cprs(self) -> list[str]:
        """Every CPR number of the scenario's people: today's, and those CPR replaced (golive/cpr_changes.py)."""
        earlier = [p.cpr for ps in self.formerly.values() for p in ps]  # a move keeps the number: named once
        return list(dict.fromkeys([*(p.cpr for p in self.citizens.values()), *earlier]))

    def violations(self) -> list[dict]:
        """The exchanges that broke a contract: those about the scenario's people, and any other carrying its
        correlation id (a request without a CPR number, e.g. a voucher whose debtor field was dropped)."""
        found: dict[tuple[str, int], dict] = {}
        for admin in self.admins.values():  # only the entries with violations travel (the journal filters)
            for cpr in self.cprs():
                found.update({(e["simulator"], e["seq"]): e for e in admin.journal(cpr=cpr, violations=True)})
            correlated = admin.journal(correlation_id=self.correlation_id, violations=True)
            found.update({(e["simulator"], e["seq"]): e for e in correlated})
        return sorted(found.values(), key=lambda e: (e["at"], e["simulator"], e["seq"]))

    def profile(self) -> dict:
        """The generated data, by role, JSON-able (for the report)."""
        return {
            "scenario": self.name,
            "seed": self.seed,
            "scenarioSeed": self.scenario_seed,
            "correlationId": self.correlation_id,
            "today": self.today.isoformat(),
            "citizens": {role: p.as_dict() for role, p in self.citizens.items()},
            "practices": {role: p.as_dict() for role, p in self.practices.items()},
            **({"variation": {"row": self.variation.name, **self.variation.as_dict()}} if self.variation else {}),
        }
