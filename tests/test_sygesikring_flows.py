"""Business flows end to end, in process: the reference SUT in a world of all five simulators.

Every flow is driven through the SUT's own HTTP API (or E-flyt's and CPR's, where a citizen or the register
starts it) and checked at every neighbour it touches — Luna's registrations, Finance's vouchers, what the
Servicebus accepted and fanned out to a partner, E-flyt's receipts — including what must *not* happen.
Asynchronous work (bus pushes, move handling, receipts) is awaited by polling with a deadline.

The last part proves the harness's worth (ARCHITECTURE.md principle 7): for each seeded defect, the same
flow assertion that holds for the correct SUT fails when the defect is switched on.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from typing import Any, Iterator

import pytest

from golive.waiting import waits_for
from simulators import rules, sygesikring
from simulators.core.contract import load_contract
from simulators.core.environment import Environment, contract_path
from simulators.core.faults import FaultRule
from simulators.geo import offset
from simulators.sygesikring.defects import DEFECTS
from simulators.world import World

SUT_URL = "http://sygesikring.golive.internal"
TODAY = date(2024, 3, 1)
AARHUS = (56.1572, 10.2107)
ODENSE = (55.3959, 10.3883)
KOBENHAVN = (55.6761, 12.5683)

PARENT = "1203801236"  # fails modulus 11: a valid CPR number all the same
CHILD = "0505154237"
HOUSEMATE = "0101804321"
AARHUS_HOME = {"street": "Solsikkevej 12", "postalCode": "8000", "city": "Aarhus C", "roadCode": 4711}
ODENSE_HOME = {"street": "Kongensgade 40", "postalCode": "5000", "city": "Odense C", "roadCode": 3120}
SUT_TOPICS = ("sygesikring.laegevalg-changed", "sygesikring.group-changed", "sygesikring.coverage-ended", "sygesikring.healthcard-ordered")


class Flow:
    """The world, the SUT in it, and the few domain helpers the flows share (arrange here, assert in the tests)."""

    def __init__(self, world: World, sut: Any) -> None:
        self.world, self.sut = world, sut
        self.waits = waits_for(world)  # the world is virtual: waiting steps its scheduler
        self.api = world.network.client(SUT_URL)
        self.luna, self.finance, self.eflyt = world.client("luna"), world.client("finance"), world.client("eflyt")
        self.cpr, self.bus = world.client("cpr"), world.client("servicebus")
        for topic in SUT_TOPICS:  # a statutory partner listening to everything the SUT publishes
            self.bus.post("/subscriptions", json={"subscriptionId": f"partner.{topic}", "topic": topic, "kind": "pull"})

    # -- arrange ---------------------------------------------------------------------------------
    def switch_on(self, *defects: str | None) -> None:
        response = self.api.patch("/__admin/settings", json={"defects": [d for d in defects if d]})
        assert response.status_code == 200, response.text

    def practice(self, ydernummer: str, near: tuple[float, float], km: float, municipality: int, open_for_intake: bool = True) -> None:
        lat, lon = offset(near[0], near[1], km, 45)
        self.world["luna"].model.load({"practices": [{
            "ydernummer": ydernummer, "name": f"Lægerne {ydernummer}", "municipalityCode": municipality,
            "address": {"street": f"Lægevej {ydernummer[-2:]}", "postalCode": "8000", "city": "By"},
            "location": {"lat": lat, "lon": lon}, "doctors": 2, "openForIntake": open_for_intake}]})

    def person(self, cpr: str, municipality: int = 751, address: dict | None = None, **extra: Any) -> None:
        name = extra.pop("name", {"first": "Test", "last": "Borger"})
        self.world["cpr"].model.load({"persons": [{"cpr": cpr, "name": name, "municipalityCode": municipality,
                                                   "address": address or AARHUS_HOME, **extra}]})

    def has_doctor_in_luna(self, cpr: str, ydernummer: str, municipality: int = 751) -> None:
        self.world["luna"].model.load({"registrations": [{"cpr": cpr, "ydernummer": ydernummer, "effectiveDate": "2020-01-01",
                                                          "reason": "first", "municipalityCode": municipality}]})

    def citizen(self, cpr: str = PARENT, at: tuple[float, float] = AARHUS, municipality: int = 751,
                address: dict | None = None, **extra: Any) -> dict:
        body = {"cpr": cpr, "municipalityCode": municipality, "location": {"lat": at[0], "lon": at[1]},
                "address": address or AARHUS_HOME, **extra}
        response = self.api.post("/citizens", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def report_move(self, cpr: str = PARENT, to: tuple[float, float] = ODENSE, municipality: int = 461,
                    address: dict | None = None, **extra: Any) -> str:
        body = {"cpr": cpr, "moveDate": "2024-03-15", "from": {"municipalityCode": 751, "address": AARHUS_HOME},
                "to": {"municipalityCode": municipality, "address": address or ODENSE_HOME, "location": {"lat": to[0], "lon": to[1]}},
                **extra}
        response = self.eflyt.post("/moves", json=body)
        assert response.status_code == 201, response.text
        return response.json()["caseId"]

    # -- observe ---------------------------------------------------------------------------------
    def receipts(self, case_id: str, final: bool = True) -> list[dict]:
        """E-flyt's receipts for the case, once the SUT has sent a final one (or any, with final=False)."""
        def probe():
            receipts = self.eflyt.get(f"/moves/{case_id}").json()["receipts"]
            done = [r for r in receipts if r["status"] in ("completed", "rejected")] if final else receipts
            return receipts if done else None
        return self.waits.until(probe, what=f"a receipt for case {case_id}")

    def luna_registrations(self, cpr: str) -> list[dict]:
        response = self.luna.get(f"/citizens/{cpr}/laegevalg")
        if response.status_code == 404:
            return []
        doc = response.json()
        return sorted(([doc["current"]] if doc["current"] else []) + doc["future"] + doc["previous"], key=lambda r: r["registeredAt"])

    def new_registrations(self, cpr: str) -> list[dict]:
        return [r for r in self.luna_registrations(cpr) if r["effectiveDate"] != "2020-01-01"]

    def vouchers(self, cpr: str = PARENT) -> list[dict]:
        self.settle()
        return self.finance.get("/vouchers", params={"cpr": cpr}).json()["vouchers"]

    def messages(self, topic: str, cpr: str = PARENT) -> list[dict]:
        return self.bus.get("/messages", params={"topic": topic, "cpr": cpr}).json()["messages"]

    def delivered(self, topic: str, cpr: str = PARENT, count: int = 1) -> list[dict]:
        """Messages on the topic that reached the partner's subscription, awaited until `count` are there."""
        def probe():
            found = [m for m in self.messages(topic, cpr) if any(d["subscriptionId"] == f"partner.{topic}" for d in m["deliveries"])]
            return found if len(found) >= count else None
        return self.waits.until(probe, what=f"{count} {topic} message(s) for {cpr}")

    def settle(self) -> None:
        """Let the SUT's own asynchronous sending (events, receipts) finish before asserting an absence: exactly."""
        self.world.settle()
        assert not self.world.scheduler.has_work()

    def bus_traffic(self) -> str:
        """Everything the Servicebus received or pushed, as text: for asserting what must never be there."""
        self.settle()
        return " ".join(str(e.request_body) for e in self.world["servicebus"].journal.query())


@pytest.fixture
def flow() -> Iterator[Flow]:
    with World(sut_url=SUT_URL) as world:
        world.clock.set(TODAY)
        env = Environment(clock=world.clock, network=world.network, seed=0, settings={
            **{f"{name}BaseUrl": url for name, url in world.base_urls.items()}, "selfBaseUrl": SUT_URL})
        sut = sygesikring.create(env)
        world.network.register(SUT_URL, sut)
        try:
            yield Flow(world, sut)
        finally:
            sut.close()


@contextlib.contextmanager
def caught_if(defect: str | None) -> Iterator[None]:
    """The harness's assertion must hold for the correct SUT, and fail when the defect is switched on."""
    if defect is None:
        yield
    else:
        with pytest.raises(AssertionError):
            yield


def move_case(flow: Flow, **extra: Any) -> str:
    """A citizen of Aarhus with a doctor there (and Luna knowing it) reports a move to Odense, 130 km away."""
    flow.practice("011111", AARHUS, 2, 751)
    flow.practice("055555", ODENSE, 2, 461)
    flow.person(PARENT)
    flow.has_doctor_in_luna(PARENT, "011111")
    flow.citizen(PARENT)
    return flow.report_move(**extra)


# -- the SUT's contract and settings ---------------------------------------------------------------------
def test_the_contract_names_exactly_the_defects_the_sut_can_commit():
    enum = load_contract(str(contract_path("sygesikring"))).schema("Defect")["enum"]
    assert set(enum) == set(DEFECTS)


def test_an_unknown_defect_is_refused_by_the_settings(flow):
    assert flow.api.patch("/__admin/settings", json={"defects": ["fee-in-euro"]}).status_code == 422


def test_the_sut_subscribes_to_the_topics_it_consumes(flow):
    subscriptions = flow.bus.get("/subscriptions", params={"kind": "webhook"}).json()["subscriptions"]
    assert {(s["topic"], s["callbackUrl"]) for s in subscriptions} == {
        ("luna.practice-changed", SUT_URL + "/servicebus/deliveries"), ("cpr.person-changed", SUT_URL + "/servicebus/deliveries")}


def test_the_contracts_seed_example_loads_and_shows_in_the_admin_state(flow):
    example = load_contract(str(contract_path("sygesikring"))).schema("SeedData")["examples"][0]
    seeded = flow.api.post("/__admin/seed", json={"data": example})
    state = flow.api.get("/__admin/state").json()
    assert (seeded.status_code, seeded.json()["loaded"]) == (200, {"citizens": 2})
    assert {c["cpr"] for c in state["citizens"]} == {"0101804321", "0505184322"}


# -- moves ------------------------------------------------------------------------------------------
def test_move_beyond_the_limit_registers_the_new_doctor_free_from_the_move_date(flow):
    case_id = move_case(flow, doctorChoice={"ydernummer": "055555"})
    receipt = flow.receipts(case_id)[-1]
    registered = flow.new_registrations(PARENT)
    assert (receipt["status"], receipt["laegevalg"]) == ("completed", {"ydernummer": "055555", "effectiveDate": "2024-03-15"})
    assert [(r["ydernummer"], r["effectiveDate"], r["reason"]) for r in registered] == [("055555", "2024-03-15", "move")]
    assert flow.delivered("sygesikring.laegevalg-changed")[0]["payload"]["previousYdernummer"] == "011111"
    assert flow.vouchers() == []


def test_move_within_the_limit_keeps_the_doctor(flow):
    case_id = move_case(flow, to=offset(*AARHUS, 6, 180), municipality=751, address=AARHUS_HOME | {"street": "Vestergade 9"},
                        doctorChoice={"ydernummer": "055555"})
    receipt = flow.receipts(case_id)[-1]
    flow.settle()
    assert (receipt["status"], "laegevalg" in receipt) == ("completed", False)
    assert flow.new_registrations(PARENT) == []
    assert flow.messages("sygesikring.laegevalg-changed") == []
    assert flow.api.get(f"/citizens/{PARENT}/sygesikring").json()["laegevalg"]["current"]["ydernummer"] == "011111"


def test_a_child_moving_with_the_parent_follows_the_parents_new_doctor(flow):
    flow.person(CHILD, custody={"parents": [PARENT], "livesWith": PARENT})
    case_id = move_case(flow, coMovers=[{"cpr": CHILD}], doctorChoice={"ydernummer": "055555"})
    flow.receipts(case_id)
    child = flow.new_registrations(CHILD)
    assert [(r["ydernummer"], r["reason"], r["followsCpr"]) for r in child] == [("055555", "child-follows-parent", PARENT)]
    assert flow.api.get(f"/citizens/{CHILD}/sygesikring").json()["follows"] == PARENT


def test_luna_down_during_a_move_gives_a_pending_receipt_then_a_completed_one(flow):
    outage = flow.world["luna"].faults.add(FaultRule(kind="status", status=503))
    case_id = move_case(flow, doctorChoice={"ydernummer": "055555"})
    pending = flow.receipts(case_id, final=False)
    flow.world["luna"].faults.remove(outage.id)
    flow.sut.model.retry_pending()
    receipts = flow.receipts(case_id)
    assert [r["status"] for r in pending] == ["pending"]
    assert [r["status"] for r in receipts] == ["pending", "completed"]
    assert [r["ydernummer"] for r in flow.new_registrations(PARENT)] == ["055555"]


# -- choosing a doctor ----------------------------------------------------------------------------
def test_a_doctor_change_takes_effect_after_14_days_and_posts_the_fee(flow):
    flow.practice("011111", AARHUS, 2, 751)
    flow.practice("022222", AARHUS, 4, 751)
    flow.person(PARENT)
    flow.has_doctor_in_luna(PARENT, "011111")
    flow.citizen(PARENT)
    response = flow.api.post(f"/citizens/{PARENT}/laegevalg", json={"ydernummer": "022222"})
    assert (response.status_code, response.json()["effectiveDate"], response.json()["fee"]) == (201, "2024-03-15", {"amountOre": 22500, "free": False})
    assert [(r["ydernummer"], r["effectiveDate"]) for r in flow.new_registrations(PARENT)] == [("022222", "2024-03-15")]
    assert [(line["account"], line["amountOre"]) for line in flow.vouchers()[0]["lines"]] == [
        (rules.DEBTOR_ACCOUNT, 22500), (rules.FEE_REVENUE_ACCOUNT, -22500)]
    assert flow.delivered("sygesikring.laegevalg-changed")[0]["payload"]["reason"] == "change"


def test_in_kobenhavn_a_doctor_8_km_away_is_beyond_the_5_km_limit(flow):
    flow.practice("066666", KOBENHAVN, 8, 101)
    flow.citizen(PARENT, at=KOBENHAVN, municipality=101, address={"street": "Istedgade 10", "postalCode": "1650", "city": "København V"})
    response = flow.api.post(f"/citizens/{PARENT}/laegevalg", json={"ydernummer": "066666"})
    assert (response.status_code, response.json()["type"]) == (422, "urn:golive:problem:distance-rule")
    assert flow.luna_registrations(PARENT) == []


def test_a_closed_practice_is_refused_but_admits_a_housemate_of_one_of_its_patients(flow):
    flow.practice("044444", AARHUS, 3, 751)
    flow.person(PARENT)
    flow.person(HOUSEMATE)
    flow.has_doctor_in_luna(HOUSEMATE, "044444")
    flow.world["luna"].model.set_intake("044444", False, "capacity")
    flow.citizen(PARENT)
    refused = flow.api.post(f"/citizens/{PARENT}/laegevalg", json={"ydernummer": "044444"})
    admitted = flow.api.post(f"/citizens/{PARENT}/laegevalg", json={"ydernummer": "044444", "closedPracticeException": "same-address"})
    assert (refused.status_code, refused.json()["type"]) == (409, "urn:golive:problem:closed-practice")
    assert (admitted.status_code, admitted.json()["closedPracticeException"]) == (201, "same-address")
    assert [r.get("closedPracticeException") for r in flow.luna_registrations(PARENT)] == ["same-address"]


def test_a_cpr_number_without_modulus_11_is_accepted_through_the_whole_flow(flow):
    flow.practice("011111", AARHUS, 2, 751)
    flow.citizen(PARENT)
    response = flow.api.post(f"/citizens/{PARENT}/laegevalg", json={"ydernummer": "011111"})
    assert (response.status_code, response.json()["status"]) == (201, "registered")
    assert [r["ydernummer"] for r in flow.luna_registrations(PARENT)] == ["011111"]


# -- sikringsgruppe and health cards ---------------------------------------------------------------------
def test_a_group_change_is_charged_published_and_then_locked_for_a_year(flow):
    flow.person(PARENT)
    flow.citizen(PARENT)
    changed = flow.api.post(f"/citizens/{PARENT}/sikringsgruppe", json={"toGroup": 2})
    flow.world.clock.set(TODAY + timedelta(days=180))
    locked = flow.api.post(f"/citizens/{PARENT}/sikringsgruppe", json={"toGroup": 1})
    assert (changed.status_code, changed.json()["effectiveDate"]) == (201, "2024-03-15")
    assert (locked.status_code, locked.json()["type"]) == (409, "urn:golive:problem:group-change-locked")
    assert [v["lines"][0]["amountOre"] for v in flow.vouchers()] == [22500]
    assert flow.delivered("sygesikring.group-changed")[0]["payload"]["toGroup"] == 2


def test_a_lost_health_card_is_charged_and_a_first_card_is_free(flow):
    flow.person(PARENT)
    flow.citizen(PARENT)
    first = flow.api.post(f"/citizens/{PARENT}/healthcards", json={"reason": "first-card"}).json()
    lost = flow.api.post(f"/citizens/{PARENT}/healthcards", json={"reason": "lost"}).json()
    assert (first["fee"]["free"], lost["fee"]) == (True, {"amountOre": 22500, "free": False})
    assert len(flow.vouchers()) == 1
    assert sorted(m["payload"]["feeOre"] for m in flow.delivered("sygesikring.healthcard-ordered", count=2)) == [0, 22500]


# -- events from the register -----------------------------------------------------------------------
def test_a_death_in_cpr_ends_the_coverage_and_the_lægevalg_in_luna(flow):
    flow.practice("011111", AARHUS, 2, 751)
    flow.person(PARENT)
    flow.has_doctor_in_luna(PARENT, "011111")
    flow.citizen(PARENT)
    assert flow.cpr.post(f"/persons/{PARENT}/events", json={"changeType": "death", "effectiveDate": "2024-03-01"}).status_code == 200
    ended = flow.waits.until(lambda: (doc := flow.api.get(f"/citizens/{PARENT}/sygesikring").json())["status"] == "ended" and doc,
                       what="coverage ended in the SUT")
    assert (ended["endReason"], ended["endDate"]) == ("death", "2024-03-01")
    assert [r.get("endReason") for r in flow.luna_registrations(PARENT)] == ["death"]
    assert flow.delivered("sygesikring.coverage-ended")[0]["payload"]["reason"] == "death"


def test_a_protected_address_never_reaches_the_bus(flow):
    secret = {"street": "Hemmeligvej 7", "postalCode": "8000", "city": "Aarhus C", "roadCode": 1234}
    move_case(flow)  # practices and a first citizen, so the bus is busy with more than this one
    flow.person(HOUSEMATE, address=secret, addressProtected=True)
    flow.citizen(HOUSEMATE, address=secret, addressProtected=True)
    flow.api.post(f"/citizens/{HOUSEMATE}/laegevalg", json={"ydernummer": "011111"})
    flow.api.post(f"/citizens/{HOUSEMATE}/healthcards", json={"reason": "lost"})
    flow.delivered("sygesikring.laegevalg-changed", cpr=HOUSEMATE)
    assert "Hemmeligvej" not in flow.bus_traffic()


# -- each seeded defect is caught by a flow assertion --------------------------------------------------
@pytest.mark.parametrize("defect", [None, "fee-in-kroner"])
def test_finance_receives_the_fee_in_ore(flow, defect):
    flow.switch_on(defect)
    flow.person(PARENT)
    flow.citizen(PARENT)
    flow.api.post(f"/citizens/{PARENT}/healthcards", json={"reason": "lost"})
    with caught_if(defect):
        assert flow.vouchers()[0]["totals"]["debitOre"] == 22500


@pytest.mark.parametrize("defect", [None, "fee-posted-twice-on-retry"])
def test_a_fee_whose_answer_was_lost_is_booked_once(flow, defect):
    flow.switch_on(defect)
    flow.person(PARENT)
    flow.citizen(PARENT)
    flow.world["finance"].faults.add(FaultRule(kind="malformed", operation="postVoucher", times=1))
    assert flow.api.post(f"/citizens/{PARENT}/healthcards", json={"reason": "lost"}).status_code == 201
    with caught_if(defect):
        assert len(flow.vouchers()) == 1


@pytest.mark.parametrize("defect", [None, "modulus11-rejects-valid-cpr"])
def test_a_move_of_a_citizen_without_modulus_11_is_completed(flow, defect):
    flow.switch_on(defect)
    case_id = move_case(flow, doctorChoice={"ydernummer": "055555"}) if defect is None else None
    if defect:  # the citizen cannot even be registered first; E-flyt still pushes the move
        flow.practice("055555", ODENSE, 2, 461)
        case_id = flow.report_move(doctorChoice={"ydernummer": "055555"})
    with caught_if(defect):
        assert flow.receipts(case_id)[-1]["status"] == "completed"


@pytest.mark.parametrize("defect", [None, "protected-address-on-bus"])
def test_no_address_is_ever_sent_to_the_bus(flow, defect):
    flow.switch_on(defect)
    secret = {"street": "Hemmeligvej 7", "postalCode": "8000", "city": "Aarhus C", "roadCode": 1234}
    flow.practice("011111", AARHUS, 2, 751)
    flow.person(PARENT, address=secret, addressProtected=True)
    flow.citizen(PARENT, address=secret, addressProtected=True)
    flow.api.post(f"/citizens/{PARENT}/laegevalg", json={"ydernummer": "011111"})
    with caught_if(defect):
        assert "Hemmeligvej" not in flow.bus_traffic()


@pytest.mark.parametrize("defect", [None, "name-truncated-34"])
def test_the_voucher_names_the_debtor_in_full(flow, defect):
    flow.switch_on(defect)
    long_name = {"first": "Karen-Marie Kirstine", "middle": "Østergaard", "last": "Æbelø-Christiansen"}
    flow.person(PARENT, name=long_name)
    flow.citizen(PARENT)
    flow.api.post(f"/citizens/{PARENT}/healthcards", json={"reason": "lost"})
    with caught_if(defect):
        assert flow.vouchers()[0]["text"].endswith("Karen-Marie Kirstine Østergaard Æbelø-Christiansen")


@pytest.mark.parametrize("defect", [None, "child-not-following-parent"])
def test_the_child_moving_along_gets_the_parents_new_doctor_in_luna(flow, defect):
    flow.switch_on(defect)
    flow.person(CHILD, custody={"parents": [PARENT], "livesWith": PARENT})
    case_id = move_case(flow, coMovers=[{"cpr": CHILD}], doctorChoice={"ydernummer": "055555"})
    flow.receipts(case_id)
    with caught_if(defect):
        assert [r["ydernummer"] for r in flow.new_registrations(CHILD)] == ["055555"]


@pytest.mark.parametrize("defect", [None, "copenhagen-15km"])
def test_the_5_km_limit_holds_in_kobenhavn(flow, defect):
    flow.switch_on(defect)
    flow.practice("066666", KOBENHAVN, 8, 101)
    flow.citizen(PARENT, at=KOBENHAVN, municipality=101, address={"street": "Istedgade 10", "postalCode": "1650", "city": "København V"})
    response = flow.api.post(f"/citizens/{PARENT}/laegevalg", json={"ydernummer": "066666"})
    with caught_if(defect):
        assert response.status_code == 422


@pytest.mark.parametrize("defect", [None, "effect-date-off-by-one"])
def test_luna_registers_a_doctor_change_14_days_ahead(flow, defect):
    flow.switch_on(defect)
    flow.practice("011111", AARHUS, 2, 751)
    flow.practice("022222", AARHUS, 4, 751)
    flow.has_doctor_in_luna(PARENT, "011111")
    flow.citizen(PARENT)
    flow.api.post(f"/citizens/{PARENT}/laegevalg", json={"ydernummer": "022222"})
    with caught_if(defect):
        assert [r["effectiveDate"] for r in flow.new_registrations(PARENT)] == ["2024-03-15"]


@pytest.mark.parametrize("defect", [None, "event-before-luna-accepted"])
def test_a_choice_luna_refused_is_never_published(flow, defect):
    flow.switch_on(defect)
    flow.practice("044444", AARHUS, 3, 751, open_for_intake=False)
    flow.citizen(PARENT)
    assert flow.api.post(f"/citizens/{PARENT}/laegevalg", json={"ydernummer": "044444"}).status_code == 409
    flow.settle()
    with caught_if(defect):
        assert flow.messages("sygesikring.laegevalg-changed") == []
