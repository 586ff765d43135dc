"""One Gherkin scenario's view of the world: its own data, its own correlation id, and the domain helpers steps call.

Why a class of its own: steps must stay thin and business-worded (ARCHITECTURE.md principle 6), and the same
steps must later run against a vendor's SUT over loopback. So everything here reaches the simulators and the
SUT *only through HTTP* — the neighbours through `world.client(name)`, the SUT through
`world.network.client(world.sut_url)`; data through `POST /__admin/seed`, time through `PUT /__admin/clock`,
defects through `PATCH /__admin/settings`, journals through `GET /__admin/journal?cpr=...`. It never touches
a simulator's model.

Isolation by data (principle 4): every scenario generates its own CPR numbers and ydernumre from a DataFactory
seeded by (seed, scenario name), so scenarios running in parallel on shared simulators never collide, and a
role table names what was generated ("borgeren", "den åbne praksis"), so steps speak of roles, not values.

Asynchronous work (moves, bus deliveries, receipts) is awaited through `self.waits` (golive/waiting.py), never a
sleep: in an in-process world by running the world's virtual-time scheduler until the thing happened or nothing is
left to do (exact); against a served world or a vendor's SUT by polling with a deadline. An *absence* ("no fee is
posted") is asserted only after `settle()`. The Scenario does not know which of the two it has.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from datetime import date, datetime, time as dtime, timedelta, timezone
from typing import Any

import httpx

from simulators import refdata
from fixtures.providers import Custody, DataFactory, Person, Practice
from golive.failures import breach_message, guarded_client
from golive.vocabulary import BUS_TOPICS, CARD_REASONS, CPR_CHANGES, END_REASONS, EXCEPTIONS, REFUSALS, ROLES, TOPICS, municipality_code
from golive.waiting import waits_for
from simulators import registry, rules

DEFECTS_ENV = "GOLIVE_SUT_DEFECTS"  # comma-separated defect names the reference SUT is told to commit
SUT_TOPICS = ("sygesikring.laegevalg-changed", "sygesikring.group-changed", "sygesikring.coverage-ended",
              "sygesikring.healthcard-ordered")
HISTORY_YEARS = 4  # [design] a seeded doctor choice took effect this many years before the scenario's today
# [design] How long a scenario waits for one answer before declaring the simulator hung (a HarnessError,
# golive.failures): a neighbour simulator answers in milliseconds, the SUT may itself wait on a hung neighbour
# (the reference SUT: 3 attempts x 5 s, simulators/sygesikring/config.py), so it gets more.
CONNECT_TIMEOUT_S = 2.0
SIMULATOR_TIMEOUT_S = 5.0
SUT_TIMEOUT_S = 20.0


def _derived_seed(seed: int, name: str) -> int:
    """A seed of the scenario's own: same run seed and scenario name, same data; another name, other data."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{name}".encode()).digest()[:8], "big")


class Scenario:
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
        headers = {"x-correlation-id": self.correlation_id}
        # Every client is guarded: a simulator that is down or hangs fails the scenario with a HarnessError naming it.
        neighbour_timeout = httpx.Timeout(SIMULATOR_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
        self.clients: dict[str, httpx.Client] = {n: guarded_client(world.network, world.base_urls[n], n, neighbour_timeout, headers=headers)
                                                 for n in registry.neighbours() if n in world.base_urls}
        self.sut = guarded_client(world.network, world.sut_url, "sygesikring", httpx.Timeout(SUT_TIMEOUT_S, connect=CONNECT_TIMEOUT_S),
                                  headers=headers)
        self.today = date(2024, 3, 1)
        self.data = DataFactory(seed=self.scenario_seed % (2**32), today=self.today)
        self.citizens: dict[str, Person] = {}
        self.practices: dict[str, Practice] = {}
        self.destinations: dict[str, Any] = {}  # role -> the Address the citizen moves to
        self.cases: dict[str, str] = {}  # role -> E-flyt case id
        self.answers: dict[str, httpx.Response] = {}  # role -> the SUT's last answer to that citizen's request
        self.faults: dict[str, list[str]] = {}  # neighbour -> ids of the fault rules this scenario installed
        self.seeded: set[tuple[str, str, str]] = set()  # (cpr, ydernummer, effect date) Luna knew before the scenario acted
        self.subscriptions = {topic: f"partner-{self.tag}-{topic}" for topic in SUT_TOPICS}
        for topic, sub in self.subscriptions.items():  # a statutory partner listening to everything the SUT publishes
            self._ok(self.bus.post("/subscriptions", json={"subscriptionId": sub, "topic": topic, "kind": "pull"}), 201, 200)
        defects = [d.strip() for d in os.environ.get(DEFECTS_ENV, "").split(",") if d.strip()]
        if defects:
            self.switch_on(*defects)

    # -- plumbing ------------------------------------------------------------------------------------
    @property
    def bus(self) -> httpx.Client:
        return self.clients["servicebus"]

    @staticmethod
    def _ok(response: httpx.Response, *statuses: int) -> httpx.Response:
        assert response.status_code in statuses, f"{response.request.method} {response.request.url} -> {response.status_code}: {response.text[:500]}"
        return response

    def _all_clients(self) -> dict[str, httpx.Client]:
        return {**self.clients, "sygesikring": self.sut}

    def citizen(self, role: str) -> Person:
        return self.citizens[ROLES.get(role, role)]

    def practice(self, role: str) -> Practice:
        return self.practices[ROLES.get(role, role)]

    @property
    def cprs(self) -> list[str]:
        return [p.cpr for p in self.citizens.values()]

    def close(self) -> None:
        # Fault rules live on the simulator, not in the scenario: on simulators shared by a whole run (a vendor's
        # SUT) a rule left behind would strike the next scenario's calls.
        for neighbour in list(self.faults):
            try:
                self.neighbour_up(neighbour)
            except (httpx.HTTPError, AssertionError):
                pass
        for topic, sub in self.subscriptions.items():
            try:
                self.bus.delete(f"/subscriptions/{sub}")
            except httpx.HTTPError:
                pass
        for client in self._all_clients().values():
            client.close()

    # -- time and defects ------------------------------------------------------------------------------
    def set_today(self, day: date) -> None:
        """Set the virtual date everywhere (the world shares one clock; a vendor SUT is told too)."""
        now = datetime.combine(day, dtime(9, 0), tzinfo=timezone.utc).isoformat()
        for client in self._all_clients().values():
            self._ok(client.put("/__admin/clock", json={"now": now}), 200)
        self.today = day
        self.data.today = day

    def advance_days(self, days: int) -> None:
        self.set_today(self.today + timedelta(days=days))

    def switch_on(self, *defects: str) -> None:
        self._ok(self.sut.patch("/__admin/settings", json={"defects": list(defects)}), 200)

    # -- faults: a neighbour misbehaving, in business words (features/steps/fejl.py) ------------------------
    # Every fault is a kernel rule posted to the neighbour's admin API (POST /__admin/faults); windows are in the
    # world's *virtual* time, so "Luna is down for 10 minutes" ends when the scenario lets 10 minutes pass, not
    # after 10 real minutes. Whether a probabilistic rule strikes the n-th call is decided by (seed, rule, n).
    def now(self) -> datetime:
        """The virtual time (read from the SUT's neighbours, which share the scenario's clock)."""
        return datetime.fromisoformat(self._ok(self.clients["luna"].get("/__admin/clock"), 200).json()["now"])

    def add_fault(self, neighbour: str, rule: dict[str, Any]) -> dict:
        """Install one fault rule on a neighbour; the stored rule (with its id) is remembered for the scenario."""
        stored = self._ok(self.clients[neighbour].post("/__admin/faults", json=rule), 201).json()
        self.faults.setdefault(neighbour, []).append(stored["id"])
        return stored

    def neighbour_down(self, neighbour: str, minutes: int | None = None, operation: str = "*") -> dict:
        """503 on every call (or one operation) from now, for `minutes` of virtual time or until `neighbour_up`."""
        rule: dict[str, Any] = {"kind": "status", "status": 503, "operation": operation}
        if minutes is not None:
            start = self.now()
            rule.update(activeFrom=start.isoformat(), activeUntil=(start + timedelta(minutes=minutes)).isoformat())
        return self.add_fault(neighbour, rule)

    def neighbour_up(self, neighbour: str) -> None:
        """Every fault rule this scenario put on the neighbour is removed at once."""
        for rule_id in self.faults.pop(neighbour, []):
            self._ok(self.clients[neighbour].delete(f"/__admin/faults/{rule_id}"), 204, 404)

    def advance_minutes(self, minutes: int) -> None:
        """Virtual time moves on (everywhere, as set_today does); a fault window that ends meanwhile is over."""
        moment = (self.now() + timedelta(minutes=minutes)).isoformat()
        for client in self._all_clients().values():
            self._ok(client.put("/__admin/clock", json={"now": moment}), 200)
        self.today = datetime.fromisoformat(moment).date()
        self.data.today = self.today

    def apply_fault_profile(self, name: str) -> list[tuple[str, dict]]:
        """A named profile (golive/fault_profiles.py) installed on its neighbours, windows from the virtual now."""
        from golive import fault_profiles

        return fault_profiles.apply(fault_profiles.find(name), self.now(), self.add_fault)

    def await_fault_struck(self, neighbour: str) -> None:
        """A synchronisation point, and proof the fault was not vacuous: a rule this scenario put on the neighbour
        has hit a call. Steps that let time pass come after it, so a flow cannot slip past the outage by luck."""
        ours = set(self.faults.get(neighbour, []))
        assert ours, f"no fault was put on {neighbour} in this scenario"
        def struck():
            rules = self._ok(self.clients[neighbour].get("/__admin/faults"), 200).json()["faults"]
            return any(r["id"] in ours and r["struck"] > 0 for r in rules)
        self.waits.until(struck, what=f"the fault on {neighbour} hitting a call (did the SUT call {neighbour} at all?)")

    def expect_fee_vouchers(self, role: str, count: int) -> None:
        """Finance holds exactly `count` vouchers for the citizen (a fee booked twice is the classic retry defect)."""
        vouchers = self.vouchers(role)
        assert len(vouchers) == count, (
            f"Finance booked {len(vouchers)} voucher(s) for {role}, expected {count}: "
            + "; ".join(f"{v.get('voucherId')} {v.get('text')!r}" for v in vouchers))

    def expect_registered_once(self, role: str, practice: str) -> None:
        """Luna holds the choice exactly once (a blind retry after a lost answer registers it twice)."""
        self.await_registration(role, practice)
        self.settle()
        ydernummer = self.practice(practice).ydernummer
        found = [r for r in self.new_registrations(role) if r["ydernummer"] == ydernummer]
        assert len(found) == 1, (f"Luna registered {role} with {ydernummer} {len(found)} times: "
                                 + "; ".join(f"{r['effectiveDate']} registered {r['registeredAt']}" for r in found))

    def expect_pending_receipt_first(self, role: str) -> None:
        """E-flyt's first receipt for the case says the doctor choice waits for Luna — not that it is done."""
        case_id = self.cases[ROLES.get(role, role)]
        receipts = self.receipts(role, final=False)
        first = receipts[0]
        assert first["status"] == "pending", (
            f"E-flyt got a {first['status']!r} receipt for case {case_id} while Luna had not registered the choice: "
            f"{first.get('message')!r}")

    def expect_answered_pending(self, role: str) -> None:
        """The citizen's choice was accepted as pending (queued for Luna), not refused and not claimed registered."""
        response = self.answer(role)
        assert response.status_code == 201, f"the SUT refused the choice while Luna was down: {response.status_code} {response.text[:300]}"
        assert response.json()["status"] == "pending", f"the SUT claims Luna registered the choice while Luna was down: {response.json()}"

    def expect_coverage_ended_once(self, role: str) -> None:
        """One coverage-ended event and one end of the lægevalg in Luna, however often the death was delivered."""
        self.await_coverage_ended(role)
        self.settle()
        events = self.messages("ophørt sygesikring", role)
        assert len(events) == 1, f"the Servicebus carried {len(events)} coverage-ended events for {role}, expected 1"
        ends = [e for e in self._journal(self.clients["luna"], self.citizen(role).cpr) if e["operation"] == "endLaegevalg"]
        assert len(ends) == 1, f"Luna was asked {len(ends)} times to end the lægevalg of {role}, expected 1"

    def await_topic_delivered(self, topic: str) -> None:
        """Every message on the topic has reached every webhook subscriber (acked or dead-lettered): held, late and
        duplicated deliveries included, so what follows sees the SUT after all of them."""
        topic = BUS_TOPICS.get(topic, topic)
        def probe():
            messages = self._ok(self.bus.get("/messages", params={"topic": topic}), 200).json()["messages"]
            return all(d["status"] in ("acked", "dead-lettered") for m in messages for d in m["deliveries"]
                       if d.get("kind") == "webhook")
        self.waits.until(probe, what=f"every {topic} message delivered to its webhook subscribers")

    def reopen_practice(self, practice: str) -> None:
        """The region opens the practice in Luna again; the change is published on the bus (delivery not awaited:
        a reordering fault may hold it back on purpose)."""
        ydernummer = self.practice(practice).ydernummer
        self._ok(self.clients["luna"].put(f"/practices/{ydernummer}/intake", json={"openForIntake": True, "reason": "reopening"}), 200)

    # -- arrange: practices ------------------------------------------------------------------------------
    def add_practice(self, role: str, *, near: str | None = None, km: float = 3.0, open_for_intake: bool = True,
                     municipality: str | None = None, at_destination: bool = False) -> Practice:
        """A practice `km` from a citizen's home (or new home), or near a municipality's town hall."""
        if near is not None:
            origin = self.destinations[near].location if at_destination else self.citizen(near).location
        else:
            m = refdata.municipalities()[municipality_code(municipality or "Aarhus")]
            origin = (m.lat, m.lon)
        practice = self.data.practice(near=origin, distance_km=km, open_for_intake=open_for_intake, doctors=2)
        self._ok(self.clients["luna"].post("/__admin/seed", json={"data": {"practices": [practice.as_luna_seed()]}}), 200)
        self.practices[role] = practice
        return practice

    def _luna_knows(self, person: Person, practice: Practice) -> None:
        since = self.today.replace(year=self.today.year - HISTORY_YEARS)
        registration = {"cpr": person.cpr, "ydernummer": practice.ydernummer, "effectiveDate": since.isoformat(),
                        "reason": "first", "municipalityCode": person.municipality_code}
        luna = self.clients["luna"]
        if practice.open_for_intake:
            self._ok(luna.post("/__admin/seed", json={"data": {"registrations": [registration]}}), 200)
        else:  # a patient from before the practice closed: open it, register, close it again (history, not an event)
            seed = practice.as_luna_seed()
            self._ok(luna.post("/__admin/seed", json={"data": {"practices": [{**seed, "openForIntake": True}], "registrations": [registration]}}), 200)
            self._ok(luna.post("/__admin/seed", json={"data": {"practices": [seed]}}), 200)
        self.seeded.add((person.cpr, practice.ydernummer, since.isoformat()))

    # -- arrange: citizens -----------------------------------------------------------------------------
    def add_citizen(self, role: str = "borgeren", *, municipality: str = "Aarhus", group: int = 1, own_doctor: bool = True,
                    protected: bool = False, modulus11: bool = True, name_kind: str = "plain", birth_date: date | None = None,
                    address: Any = None, custody: Custody | None = None, reason: str | None = None,
                    register: bool = True) -> Person:
        """A citizen in CPR, known to Luna with a doctor 2 km from home (own_doctor), and registered in the SUT."""
        spec: dict[str, Any] = dict(status="01", modulus11=modulus11, address_protected=protected, sikringsgruppe=group,
                                    name_kind=name_kind, custody=custody)
        if address is not None:
            spec["address"] = address
        else:
            spec.update(residence="fixed", municipality_code=municipality_code(municipality))
        if birth_date is not None:
            spec["birth_date"] = birth_date
        else:
            spec["born_between"] = (self.today.replace(year=self.today.year - 60), self.today.replace(year=self.today.year - 25))
        person = self.data.person(**spec)
        self.citizens[role] = person
        self._ok(self.clients["cpr"].post("/__admin/seed", json={"data": {"persons": [person.as_cpr_seed()]}}), 200)
        if own_doctor:
            doctor = self.add_practice(f"{role}s læge", near=role, km=2.0)
            self._luna_knows(person, doctor)
        if register:
            self.register_in_sut(role, reason=reason)
        return person

    # The @datavariation dimensions a single citizen can express, and how (fixtures/variation.py names).
    VARIATION_OPTIONS = ("cpr_kind", "name_kind", "protection", "group", "municipality")
    CAPITAL = "København"  # [design] the municipality used for a row's capital-5km value

    def add_citizen_from_variation(self, role: str = "borgeren", municipality: str = "Aarhus") -> Person:
        """A citizen (with a doctor of their own) whose data is the scenario's @datavariation row.

        Mapped onto add_citizen: cpr_kind -> modulus11, name_kind -> name_kind, protection -> protected,
        group -> group, municipality -> capital-5km replaces the named municipality with København (5 km
        limit), other-15km keeps the named one (the feature files name municipalities outside the capital).
        Any other dimension of the row (age, century, status, residence, family, distance, intake) is ignored
        explicitly: this helper makes one ordinary adult resident with an open doctor nearby, and a scenario
        tagged with such a dimension must use a step that can express it. Without a row (not parametrized),
        the citizen is the ordinary one.
        """
        values = self.variation.as_dict() if self.variation is not None else {}
        options: dict[str, Any] = {"municipality": municipality}
        if "cpr_kind" in values:
            options["modulus11"] = values["cpr_kind"] == "modulus11"
        if "name_kind" in values:
            options["name_kind"] = values["name_kind"]
        if "protection" in values:
            options["protected"] = values["protection"] != "none"
        if "group" in values:
            options["group"] = int(values["group"])
        if values.get("municipality") == "capital-5km":
            options["municipality"] = self.CAPITAL
        # Values of dimensions outside VARIATION_OPTIONS are deliberately not used (see the docstring).
        return self.add_citizen(role, **options)

    def register_in_sut(self, role: str, reason: str | None = None, follows: str | None = None) -> httpx.Response:
        person = self.citizen(role)
        body: dict[str, Any] = {"cpr": person.cpr, "municipalityCode": person.municipality_code,
                                "sikringsgruppe": person.sikringsgruppe, "addressProtected": person.address_protected}
        if person.address is not None:
            body["address"] = person.address.as_cpr_address()
            body["location"] = {"lat": person.address.lat, "lon": person.address.lon}
        if reason:
            body["reason"] = reason
        if follows:
            body["follows"] = self.citizen(follows).cpr
        response = self.sut.post("/citizens", json=body)
        assert response.status_code == 201, \
            f"the SUT refused to register {role}, a person the CPR register holds: {response.status_code} {response.text[:300]}"
        return response

    def add_child(self, role: str, parent: str, *, turning_15_today: bool = False, register: bool = False) -> Person:
        """A child living with the parent (custody), seeded in CPR; under 15, or turning 15 today."""
        p = self.citizen(parent)
        born = self.today.replace(year=self.today.year - 15) if turning_15_today else self.today.replace(year=self.today.year - 7)
        return self.add_citizen(role, address=p.address, birth_date=born, custody=Custody((p.cpr,), p.cpr),
                                own_doctor=False, register=register, protected=p.address_protected)

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

    def add_citizen_turning_15_with_parent_at(self, practice: str, municipality: str) -> Person:
        parent = self.add_citizen("forælderen", municipality=municipality, own_doctor=False, register=False)
        self._luna_knows(parent, self.practice(practice))
        born = self.today.replace(year=self.today.year - 15)
        return self.add_citizen("borgeren", address=parent.address, birth_date=born, custody=Custody((parent.cpr,), parent.cpr))

    def add_citizen_turning_15(self, municipality: str) -> Person:
        return self.add_citizen("borgeren", municipality=municipality, birth_date=self.today.replace(year=self.today.year - 15))

    def add_citizen_returning_to_group_1_with_last_doctor_at(self, practice: str, municipality: str) -> Person:
        """In group 2, the closed practice their last group-1 doctor in Luna, and on the way back to group 1."""
        person = self.add_citizen("borgeren", municipality=municipality, group=2, own_doctor=False, register=False)
        self._luna_knows(person, self.practice(practice))  # before the SUT meets the citizen: it reads Luna then
        self.register_in_sut("borgeren")
        self._ok(self.sut.post(f"/citizens/{person.cpr}/sikringsgruppe", json={"toGroup": 1}), 201)
        return person

    def add_returning_citizen(self, municipality: str) -> Person:
        return self.add_citizen("borgeren", municipality=municipality, reason="returned")

    def add_citizen_with_few_open_doctors(self, municipality: str) -> Person:
        """Only the citizen's own doctor is open nearby: this scenario seeds no other open practice in the area
        (a shared Luna with more open practices would need a remote municipality here)."""
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
        person, to = self.citizen(role), self.destinations[role]
        body: dict[str, Any] = {
            "cpr": person.cpr, "moveDate": move_date.isoformat(),
            "from": {"municipalityCode": person.municipality_code, "address": person.address.as_cpr_address()},
            "to": {"municipalityCode": to.municipality_code, "address": to.as_cpr_address(), "location": {"lat": to.lat, "lon": to.lon}},
        }
        if with_children:
            body["coMovers"] = [{"cpr": c.cpr} for c in self.citizens.values() if c.custody and c.custody.lives_with == person.cpr]
        if choose:
            body["doctorChoice"] = {"ydernummer": self.practice(choose).ydernummer}
        case_id = self._ok(self.clients["eflyt"].post("/moves", json=body), 201).json()["caseId"]
        self.cases[role] = case_id
        return case_id

    # -- act: the citizen's requests ------------------------------------------------------------------------
    def choose_doctor(self, role: str, practice: str, exception: str | None = None, waive: bool = False) -> httpx.Response:
        body: dict[str, Any] = {"ydernummer": self.practice(practice).ydernummer}
        if exception:
            body["closedPracticeException"] = EXCEPTIONS.get(exception, exception)
            if body["closedPracticeException"] == "few-open-doctors":
                body["doctorAccepted"] = True
        if waive:
            body["waiveHomeVisits"] = True
        response = self.sut.post(f"/citizens/{self.citizen(role).cpr}/laegevalg", json=body)
        self.answers[ROLES.get(role, role)] = response
        return response

    def change_group(self, role: str, to_group: int) -> httpx.Response:
        response = self.sut.post(f"/citizens/{self.citizen(role).cpr}/sikringsgruppe", json={"toGroup": to_group})
        self.answers[ROLES.get(role, role)] = response
        return response

    def order_card(self, role: str, reason: str) -> httpx.Response:
        response = self.sut.post(f"/citizens/{self.citizen(role).cpr}/healthcards", json={"reason": CARD_REASONS.get(reason, reason)})
        self.answers[ROLES.get(role, role)] = response
        return response

    def answer(self, role: str) -> httpx.Response:
        return self.answers[ROLES.get(role, role)]

    # -- act: the registers ------------------------------------------------------------------------------
    def _await_subscriber(self, topic: str) -> None:
        """Before an event the SUT must act on: someone listens on the topic by webhook (the SUT subscribes as it
        starts; against a bus that just came up, give it a moment). Fails as a harness precondition, not a verdict."""
        self.waits.until(lambda: self.bus.get("/subscriptions", params={"topic": topic, "kind": "webhook"}).json()["subscriptions"], what=f"a webhook subscriber on {topic} (has the SUT subscribed to the Servicebus?)")

    def cpr_event(self, role: str, change: str) -> None:
        """CPR records a life event; returns once the Servicebus has pushed it to every webhook subscriber (the SUT)."""
        person = self.citizen(role)
        change_type = CPR_CHANGES.get(change, change)
        body: dict[str, Any] = {"changeType": change_type, "effectiveDate": self.today.isoformat()}
        if change_type == "name-change":
            body["name"] = {"first": person.first, "last": f"{person.last}-Holm"}
        self._await_subscriber("cpr.person-changed")
        self._ok(self.clients["cpr"].post(f"/persons/{person.cpr}/events", json=body), 200)
        self._await_pushed("cpr.person-changed", lambda m: m.get("key") == person.cpr or m["payload"].get("cpr") == person.cpr,
                           params={"cpr": person.cpr})

    def close_practice(self, practice: str, reason: str = "practice-closing") -> None:
        """The region closes the practice in Luna; returns once the bus has pushed the change to the SUT."""
        ydernummer = self.practice(practice).ydernummer
        self._await_subscriber("luna.practice-changed")
        self._ok(self.clients["luna"].put(f"/practices/{ydernummer}/intake", json={"openForIntake": False, "reason": reason}), 200)
        self._await_pushed("luna.practice-changed", lambda m: (m["payload"].get("ydernummer"), m["payload"].get("reason")) == (ydernummer, reason))

    def _await_pushed(self, topic: str, match, params: dict | None = None) -> dict:
        def probe():
            messages = self.bus.get("/messages", params={"topic": topic, **(params or {})}).json()["messages"]
            done = [m for m in messages if match(m) and m["deliveries"]
                    and all(d["status"] == "acked" for d in m["deliveries"] if d.get("kind") == "webhook")]
            return done[-1] if done else None
        return self.waits.until(probe, what=f"{topic} pushed to its webhook subscribers")

    # -- observe: neighbours ---------------------------------------------------------------------------------
    def receipts(self, role: str, final: bool = True) -> list[dict]:
        """E-flyt's receipts for the citizen's move case, once the SUT has sent a final one."""
        case_id = self.cases[ROLES.get(role, role)]
        def probe():
            receipts = self.clients["eflyt"].get(f"/moves/{case_id}").json()["receipts"]
            done = [r for r in receipts if r["status"] in ("completed", "rejected")] if final else receipts
            return receipts if done else None
        return self.waits.until(probe, what=f"E-flyt receiving a receipt for case {case_id}")

    def luna_registrations(self, role: str) -> list[dict]:
        response = self.clients["luna"].get(f"/citizens/{self.citizen(role).cpr}/laegevalg")
        if response.status_code == 404:
            return []
        doc = response.json()
        return sorted(([doc["current"]] if doc["current"] else []) + doc["future"] + doc["previous"], key=lambda r: r["registeredAt"])

    def new_registrations(self, role: str) -> list[dict]:
        """Luna's registrations for the citizen that the scenario caused (not the history it seeded)."""
        cpr = self.citizen(role).cpr
        return [r for r in self.luna_registrations(role) if (cpr, r["ydernummer"], r["effectiveDate"]) not in self.seeded]

    def await_registration(self, role: str, practice: str) -> dict:
        ydernummer = self.practice(practice).ydernummer
        return self.waits.until(lambda: next((r for r in self.new_registrations(role) if r["ydernummer"] == ydernummer), None), what=f"Luna registering {ydernummer} for {role}")

    def vouchers(self, role: str) -> list[dict]:
        self.settle()
        return self.clients["finance"].get("/vouchers", params={"cpr": self.citizen(role).cpr}).json()["vouchers"]

    def messages(self, topic: str, role: str) -> list[dict]:
        return self.bus.get("/messages", params={"topic": TOPICS.get(topic, topic), "cpr": self.citizen(role).cpr}).json()["messages"]

    def delivered(self, topic: str, role: str, count: int = 1) -> list[dict]:
        """Messages on the topic about the citizen that reached this scenario's partner subscription."""
        topic = TOPICS.get(topic, topic)
        sub = self.subscriptions[topic]
        def probe():
            found = [m for m in self.messages(topic, role) if any(d["subscriptionId"] == sub for d in m["deliveries"])]
            return found if len(found) >= count else None
        return self.waits.until(probe, what=f"the Servicebus delivering {count} {topic} message(s) for {role} to the partners")

    def citizen_record(self, role: str) -> dict:
        return self._ok(self.sut.get(f"/citizens/{self.citizen(role).cpr}/sygesikring"), 200).json()

    def await_coverage_ended(self, role: str) -> dict:
        return self.waits.until(lambda: (doc := self.citizen_record(role))["status"] == "ended" and doc, what=f"the SUT ending the sygesikring of {role} on the CPR register's event")

    def await_luna_ended(self, role: str) -> list[dict]:
        return self.waits.until(lambda: [r for r in self.luna_registrations(role) if r.get("endReason")], what=f"Luna ending the lægevalg of {role}")

    def bus_traffic(self, role: str) -> str:
        """Everything the Servicebus received or pushed about the citizen, as text (for what must never be there)."""
        self.settle()
        entries = self._journal(self.bus, self.citizen(role).cpr)
        messages = self.bus.get("/messages", params={"cpr": self.citizen(role).cpr}).json()["messages"]
        return " ".join(str(e.get("requestBody")) for e in entries) + " " + " ".join(str(m) for m in messages)

    # -- settling and journals ------------------------------------------------------------------------------
    def settle(self) -> None:
        """Before asserting an absence: everything the world will do on its own is done (golive/waiting.py)."""
        def sut_state() -> dict | None:
            response = self.sut.get("/__admin/state")
            return response.json() if response.status_code == 200 else None

        def traffic() -> int:
            return sum(len(self._journal(c, cpr)) for c in self._all_clients().values() for cpr in self.cprs)

        self.waits.settle(sut_state, traffic)

    @staticmethod
    def _journal(client: httpx.Client, cpr: str, violations: bool = False) -> list[dict]:
        response = client.get("/__admin/journal", params={"cpr": cpr, **({"violations": "true"} if violations else {})})
        return response.json()["entries"] if response.status_code == 200 else []

    def exchanges(self) -> list[dict]:
        """Every journal entry of every simulator and the SUT that mentions the scenario's CPR numbers, in time order."""
        seen: dict[tuple[str, int], dict] = {}
        for client in self._all_clients().values():
            for cpr in self.cprs:
                for entry in self._journal(client, cpr):
                    seen[(entry["simulator"], entry["seq"])] = entry
        return sorted(seen.values(), key=lambda e: (e["at"], e["simulator"], e["seq"]))

    def violations(self) -> list[dict]:
        """The exchanges that broke a contract: those about the scenario's people, and any other carrying its
        correlation id (a request without a CPR number, e.g. a voucher whose debtor field was dropped)."""
        found: dict[tuple[str, int], dict] = {}
        for client in self._all_clients().values():  # only the entries with violations travel (the journal filters)
            for cpr in self.cprs:
                found.update({(e["simulator"], e["seq"]): e for e in self._journal(client, cpr, violations=True)})
            response = client.get("/__admin/journal", params={"correlationId": self.correlation_id, "violations": "true"})
            if response.status_code == 200:
                found.update({(e["simulator"], e["seq"]): e for e in response.json()["entries"]})
        return sorted(found.values(), key=lambda e: (e["at"], e["simulator"], e["seq"]))

    def profile(self) -> dict:
        """The generated data, by role, JSON-able (for the report)."""
        return {
            "scenario": self.name, "seed": self.seed, "scenarioSeed": self.scenario_seed, "correlationId": self.correlation_id,
            "today": self.today.isoformat(),
            "citizens": {role: p.as_dict() for role, p in self.citizens.items()},
            "practices": {role: p.as_dict() for role, p in self.practices.items()},
            **({"variation": {"row": self.variation.name, **self.variation.as_dict()}} if self.variation is not None else {}),
        }

    # -- expectations (the Then-steps) ---------------------------------------------------------------------
    def expect_accepted(self, role: str, effective: date | None = None, days: int | None = None) -> None:
        response = self.answer(role)
        assert response.status_code == 201, f"refused: {response.status_code} {response.text[:300]}"
        wanted = effective or (self.today + timedelta(days=days) if days is not None else None)
        if wanted is not None:
            got = response.json()["effectiveDate"]
            assert got == wanted.isoformat(), f"the SUT answered effect date {got}, expected {wanted}; {self._luna_summary(role)}"

    def _luna_summary(self, role: str) -> str:
        """What Luna holds that the scenario caused, for a message about an answer that also went to Luna."""
        found = [f"{r['ydernummer']} from {r['effectiveDate']}" for r in self.new_registrations(role)]
        return f"Luna registered {', '.join(found) if found else 'nothing new'} for {role}"

    def expect_refused(self, role: str, why: str) -> None:
        response = self.answer(role)
        code = REFUSALS.get(why, why)
        if response.status_code not in (409, 422):
            self.settle()
        assert response.status_code in (409, 422), f"not refused: {response.status_code} {response.text[:300]}; {self._luna_summary(role)}"
        assert response.json()["type"] == f"urn:golive:problem:{code}", response.json()

    def expect_free(self, role: str) -> None:
        response = self.answer(role)
        assert response.status_code == 201 and response.json()["fee"]["free"] is True, response.text[:300]

    def expect_charged(self, role: str, kr: int) -> None:
        response = self.answer(role)
        assert response.status_code == 201, response.text[:300]
        assert response.json()["fee"] == {"amountOre": kr * 100, "free": False}, response.json()

    def expect_group(self, role: str, group: int) -> None:
        assert self.citizen_record(role)["sikringsgruppe"] == group

    def expect_coverage_ended(self, role: str, reason: str) -> None:
        doc = self.await_coverage_ended(role)
        assert (doc["endReason"], doc["endDate"]) == (END_REASONS.get(reason, reason), self.today.isoformat()), doc

    def expect_luna_registration(self, role: str, practice: str, *, effective: date | None = None, days: int | None = None,
                                 exception: str | None = None, follows: str | None = None) -> None:
        registration = self.await_registration(role, practice)
        wanted = effective or (self.today + timedelta(days=days) if days is not None else None)
        if wanted is not None:
            assert registration["effectiveDate"] == wanted.isoformat(), f"Luna registered {role} from {registration['effectiveDate']}, expected {wanted}: {registration}"
        if exception is not None:
            assert registration.get("closedPracticeException") == EXCEPTIONS.get(exception, exception), f"Luna registered {role} without the exception {exception}: {registration}"
        if follows is not None:
            assert (registration.get("reason"), registration.get("followsCpr")) == ("child-follows-parent", self.citizen(follows).cpr), \
                f"Luna registered {role} but not as following {follows}: {registration}"

    def expect_no_new_registration(self, role: str) -> None:
        self.settle()
        found = self.new_registrations(role)
        assert found == [], f"Luna has {len(found)} new registration(s) for {role}, expected none: {found}"

    def expect_luna_ended(self, role: str) -> None:
        self.await_luna_ended(role)

    def expect_delivered(self, topic: str, role: str, count: int = 1) -> None:
        self.delivered(topic, role, count)
        self.settle()
        found = self.delivered(topic, role, count)
        assert len(found) == count, f"the Servicebus delivered {len(found)} {TOPICS.get(topic, topic)} message(s) for {role} to the partners, expected {count}"

    def expect_no_message(self, topic: str, role: str) -> None:
        self.settle()
        found = self.messages(topic, role)
        assert found == [], f"the Servicebus carried {len(found)} {TOPICS.get(topic, topic)} message(s) for {role}, expected none: {[m['payload'] for m in found]}"

    def expect_fee(self, role: str, kr: int) -> None:
        vouchers = self.vouchers(role)
        assert len(vouchers) == 1, f"Finance has {len(vouchers)} voucher(s) for {role}, expected one fee of {kr} kr."
        lines = vouchers[0]["lines"]
        booked = sorted((line["account"], line["amountOre"]) for line in lines)
        wanted = sorted([(rules.DEBTOR_ACCOUNT, kr * 100), (rules.FEE_REVENUE_ACCOUNT, -kr * 100)])
        assert booked == wanted, f"Finance booked {booked} for {role}, expected {wanted} (øre: the debtor debited, the fee revenue credited)"

    def expect_no_fee(self, role: str) -> None:
        vouchers = self.vouchers(role)
        assert vouchers == [], f"Finance booked {len(vouchers)} voucher(s) for {role} where no fee is due: {[v['text'] for v in vouchers]}"

    def expect_voucher_names_in_full(self, role: str) -> None:
        vouchers = self.vouchers(role)
        assert vouchers and all(v["text"].endswith(self.citizen(role).full_name) for v in vouchers), \
            f"Finance's voucher text does not carry the full name {self.citizen(role).full_name!r}: {[v['text'] for v in vouchers]}"

    def expect_address_never_on_bus(self, role: str) -> None:
        address = self.citizen(role).address
        traffic = self.bus_traffic(role)
        assert address.street not in traffic, "the protected address left the municipality on the Servicebus"

    def expect_receipt(self, role: str, *, new_doctor: str | None = None, effective: date | None = None) -> None:
        receipt = self.receipts(role)[-1]
        assert receipt["status"] == "completed", f"E-flyt received a {receipt['status']} receipt for {role}'s move: {receipt}"
        if new_doctor is None:
            assert "laegevalg" not in receipt, f"E-flyt's receipt names a new doctor where {role} keeps the old: {receipt}"
        else:
            wanted = {"ydernummer": self.practice(new_doctor).ydernummer, "effectiveDate": effective.isoformat()}
            assert receipt.get("laegevalg") == wanted, f"E-flyt's receipt for {role} says {receipt.get('laegevalg')}, expected {wanted}"

    def expect_no_violations(self) -> None:
        self.settle()
        violations = self.violations()
        assert violations == [], breach_message(violations)

    def expect_event_municipality(self, role: str, municipality: str) -> None:
        """The lægevalg events about the citizen name the municipality the citizen now lives in."""
        code = municipality_code(municipality)
        codes = [m["payload"].get("municipalityCode") for m in self.delivered("ændret lægevalg", role)]
        assert codes and all(c == code for c in codes), \
            f"the Servicebus carried municipalityCode {codes} on {role}'s changed doctor, expected {code} ({municipality})"
