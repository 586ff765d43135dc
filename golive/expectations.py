"""The Then-steps' half of a Scenario: what the world shows about the scenario's people, and what it must show.

Why a module of its own: the harness's expectations are the oracle (ARCHITECTURE.md principle 10), an independent,
compact statement of DOMAIN.md; kept apart from the arranging and acting in golive/scenario.py they can be read as
one list of promises. `Expectations` is a mixin of golive.scenario.Scenario (so a step still calls one object): it
uses the Scenario's roles, answers, drivers and waits, and reads every neighbour only through its driver.

Two kinds of helper: observations (`receipts`, `new_registrations`, `vouchers`, `delivered`, ...) read what a
neighbour holds, waiting through `self.waits` where the SUT acts on its own; expectations (`expect_*`) assert, with a
message that says what was expected and what was found. An absence is asserted only after `settle()`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from golive.blame import SUT, observes, observing
from golive.drivers.eflyt import FINAL_RECEIPTS
from golive.drivers.servicebus import delivered_to, done_with_webhooks
from golive.failures import ContractBreach, FeatureFileMistake, breach_message, breach_parties
from golive.vocabulary import BUS_TOPICS, END_REASONS, EXCEPTIONS, REFUSALS, ROLES, TOPICS, municipality_code
from simulators import rules
from simulators.registry import BUS

if TYPE_CHECKING:
    import httpx

    from fixtures.providers import Person, Practice
    from golive.drivers.finance import Finance
    from golive.drivers.luna import Luna
    from golive.drivers.servicebus import Servicebus
    from golive.drivers.sut import Sut
    from golive.waiting import PolledWaits, SteppedWaits

PROBLEM_TYPE = "urn:golive:problem:"  # the SUT's problem+json types: this prefix and a REFUSALS slug


class Expectations:
    """Observations and expectations of a Scenario (see golive/scenario.py for the attributes they use)."""

    # What the Scenario provides: the expectations read it and never set it (its typed interface to this mixin).
    today: date
    waits: SteppedWaits | PolledWaits
    cases: dict[str, str]
    subscriptions: dict[str, str]
    seeded: set[tuple[str, str, str]]
    destinations: dict[str, Any]
    formerly: dict[str, list[Person]]
    sut: Sut

    if TYPE_CHECKING:

        @property
        def bus(self) -> Servicebus: ...

        @property
        def luna(self) -> Luna: ...

        @property
        def finance(self) -> Finance: ...

        def citizen(self, role: str) -> Person: ...

        def practice(self, role: str) -> Practice: ...

        def settle(self) -> None: ...

        def answer(self, role: str) -> httpx.Response: ...

        def violations(self) -> list[dict]: ...

    # -- observe: neighbours ---------------------------------------------------------------------------------
    def destination(self, role: str) -> Any:
        """The address the person is to move to; a step about the move before a Givet step plans it is a mistake of
        the feature file, not a KeyError blamed on the harness."""
        return _given_before(
            self.destinations,
            role,
            f"{role} has no move planned in this scenario: a step about the move or the new address needs a Givet "
            f"(Given) step before it that plans it ('{role} skal flytte til Odense Kommune' or '... 20 km væk')",
        )

    def case_id(self, role: str) -> str:
        """E-flyt's case id of the move the person reported; a step about a move no earlier Når step reported is a
        mistake of the feature file, not a KeyError blamed on the harness."""
        return _given_before(
            self.cases,
            role,
            f"{role} has reported no move in this scenario: a step about the move case must follow the Når (When) "
            f"step that reports it ('{role} melder flytning pr. ...')",
        )

    def receipts(self, role: str, final: bool = True) -> list[dict]:
        """E-flyt's receipts for the citizen's move case, once the SUT has sent a final one."""
        case_id = self.case_id(role)

        def probe():
            receipts = self.eflyt.receipts(case_id)
            done = [r for r in receipts if r["status"] in FINAL_RECEIPTS] if final else receipts
            return receipts if done else None

        return self.waits.until(probe, what=f"E-flyt receiving a receipt for case {case_id}")

    def luna_registrations(self, role: str) -> list[dict]:
        return self.luna.registrations(self.citizen(role).cpr)

    def new_registrations(self, role: str) -> list[dict]:
        """Luna's registrations for the citizen that the scenario caused (not the history it seeded)."""
        cpr = self.citizen(role).cpr
        return [
            r for r in self.luna_registrations(role) if (cpr, r["ydernummer"], r["effectiveDate"]) not in self.seeded
        ]

    def await_registration(self, role: str, practice: str) -> dict:
        ydernummer = self.practice(practice).ydernummer

        def registered() -> dict | None:
            return next((r for r in self.new_registrations(role) if r["ydernummer"] == ydernummer), None)

        found = self.waits.until(registered, what=f"Luna registering {ydernummer} for {role}")
        assert found is not None  # until() returns only what held
        return found

    def numbers(self, role: str) -> list[str]:
        """Every CPR number the person has had in the scenario, today's first: what a neighbour booked or carried
        under an old one is still the person's (golive/cpr_changes.py)."""
        earlier = [p.cpr for p in self.formerly.get(ROLES.get(role, role), ())]
        return list(dict.fromkeys([self.citizen(role).cpr, *earlier]))

    def vouchers(self, role: str) -> list[dict]:
        self.settle()
        return [v for cpr in self.numbers(role) for v in self.finance.vouchers(cpr)]

    def messages(self, topic: str, role: str) -> list[dict]:
        return [m for cpr in self.numbers(role) for m in self.bus.messages(topic=TOPICS.get(topic, topic), cpr=cpr)]

    def delivered(self, topic: str, role: str, count: int = 1) -> list[dict]:
        """Messages on the topic about the citizen that reached this scenario's partner subscription."""
        topic = TOPICS.get(topic, topic)
        sub = self.subscriptions[topic]

        def probe():
            found = [m for m in self.messages(topic, role) if delivered_to(m, sub)]
            return found if len(found) >= count else None

        return self.waits.until(
            probe, what=f"the Servicebus delivering {count} {topic} message(s) for {role} to the partners"
        )

    def citizen_record(self, role: str) -> dict:
        return self.sut.record(self.citizen(role).cpr)

    def await_coverage_ended(self, role: str) -> dict:
        return self.waits.until(
            lambda: (doc := self.citizen_record(role))["status"] == "ended" and doc,
            what=f"the SUT ending the sygesikring of {role} on the CPR register's event",
        )

    def await_luna_ended(self, role: str) -> list[dict]:
        return self.waits.until(
            lambda: [r for r in self.luna_registrations(role) if r.get("endReason")],
            what=f"Luna ending the lægevalg of {role}",
        )

    def await_topic_delivered(self, topic: str) -> None:
        """Every message on the topic has reached every webhook subscriber (acked or dead-lettered): held, late and
        duplicated deliveries included, so what follows sees the SUT after all of them."""
        topic = BUS_TOPICS.get(topic, topic)

        def probe():
            return all(done_with_webhooks(m) for m in self.bus.messages(topic=topic, strict=True))

        with observing(BUS):
            self.waits.until(probe, what=f"every {topic} message delivered to its webhook subscribers")

    def bus_traffic(self, role: str) -> str:
        """Everything the Servicebus received or pushed about the citizen, as text (for what must never be there)."""
        self.settle()
        entries = self.bus.admin.journal(cpr=self.citizen(role).cpr)
        messages = self.bus.messages(cpr=self.citizen(role).cpr)
        return " ".join(str(e.get("requestBody")) for e in entries) + " " + " ".join(str(m) for m in messages)

    # -- expectations: the SUT's answers -----------------------------------------------------------------------
    @observes(SUT)
    def expect_accepted(self, role: str, effective: date | None = None, days: int | None = None) -> None:
        response = self.answer(role)
        assert response.status_code == 201, f"refused: {response.status_code} {response.text[:300]}"
        wanted = effective or (self.today + timedelta(days=days) if days is not None else None)
        if wanted is not None:
            got = response.json()["effectiveDate"]
            assert got == wanted.isoformat(), (
                f"the SUT answered effect date {got}, expected {wanted}; {self._luna_summary(role)}"
            )

    def _luna_summary(self, role: str) -> str:
        """What Luna holds that the scenario caused, for a message about an answer that also went to Luna."""
        found = [f"{r['ydernummer']} from {r['effectiveDate']}" for r in self.new_registrations(role)]
        return f"Luna registered {', '.join(found) if found else 'nothing new'} for {role}"

    @observes(SUT)
    def expect_refused(self, role: str, why: str) -> None:
        response = self.answer(role)
        code = REFUSALS.get(why, why)
        refused = (404,) if code == UNKNOWN_YDER else (409, 422)  # a practice Luna does not know is not found
        if response.status_code not in refused:
            self.settle()
        assert response.status_code in refused, (
            f"not refused: {response.status_code} {response.text[:300]}; {self._luna_summary(role)}"
        )
        assert response.json()["type"] == f"{PROBLEM_TYPE}{code}", response.json()

    @observes(SUT)
    def expect_free(self, role: str) -> None:
        response = self.answer(role)
        assert response.status_code == 201, f"the SUT refused the choice: {response.status_code} {response.text[:300]}"
        fee = response.json().get("fee") or {}
        assert fee.get("free") is True, (
            f"the choice was not free: the SUT charged {_kroner(fee)} ({response.text[:300]})"
        )

    @observes(SUT)
    def expect_charged(self, role: str, kr: int) -> None:
        response = self.answer(role)
        assert response.status_code == 201, f"the SUT refused the choice: {response.status_code} {response.text[:300]}"
        fee = response.json().get("fee") or {}
        assert fee == {"amountOre": kr * 100, "free": False}, (
            f"the choice should cost {kr} kr.; the SUT answered {_kroner(fee)} ({response.text[:300]})"
        )

    @observes(SUT)
    def expect_answered_pending(self, role: str) -> None:
        """The citizen's choice was accepted as pending (queued for Luna), not refused and not claimed registered."""
        response = self.answer(role)
        assert response.status_code == 201, (
            f"the SUT refused the choice while Luna was down: {response.status_code} {response.text[:300]}"
        )
        assert response.json()["status"] == "pending", (
            f"the SUT claims Luna registered the choice while Luna was down: {response.json()}"
        )

    # -- expectations: the municipality's record --------------------------------------------------------------
    @observes(SUT)
    def expect_group(self, role: str, group: int) -> None:
        assert self.citizen_record(role)["sikringsgruppe"] == group

    @observes(SUT)
    def expect_coverage_ended(self, role: str, reason: str, on: date | None = None) -> None:
        """Ended for the reason, from the day CPR dated the event (None: today)."""
        doc = self.await_coverage_ended(role)
        wanted = (END_REASONS.get(reason, reason), (on or self.today).isoformat())
        assert (doc["endReason"], doc["endDate"]) == wanted, f"expected {wanted}, the SUT's record: {doc}"

    @observes(SUT)  # the blocks inside say which neighbour each count looked at
    def expect_coverage_ended_once(self, role: str) -> None:
        """One coverage-ended event and one end of the lægevalg in Luna, however often the death was delivered."""
        self.await_coverage_ended(role)
        self.settle()
        events = self.messages("ophørt sygesikring", role)
        with observing(BUS):
            assert len(events) == 1, (
                f"the Servicebus carried {len(events)} coverage-ended events for {role}, expected 1"
            )
        ends = [e for e in self.luna.admin.journal(cpr=self.citizen(role).cpr) if e["operation"] == "endLaegevalg"]
        with observing("luna"):
            assert len(ends) == 1, f"Luna was asked {len(ends)} times to end the lægevalg of {role}, expected 1"

    # -- expectations: Luna ----------------------------------------------------------------------------------
    @observes("luna")
    def expect_luna_registration(
        self,
        role: str,
        practice: str,
        *,
        effective: date | None = None,
        days: int | None = None,
        exception: str | None = None,
        follows: str | None = None,
    ) -> None:
        registration = self.await_registration(role, practice)
        wanted = effective or (self.today + timedelta(days=days) if days is not None else None)
        if wanted is not None:
            assert registration["effectiveDate"] == wanted.isoformat(), (
                f"Luna registered {role} from {registration['effectiveDate']}, expected {wanted}: {registration}"
            )
        if exception is not None:
            assert registration.get("closedPracticeException") == EXCEPTIONS.get(exception, exception), (
                f"Luna registered {role} without the exception {exception}: {registration}"
            )
        if follows is not None:
            assert (registration.get("reason"), registration.get("followsCpr")) == (
                "child-follows-parent",
                self.citizen(follows).cpr,
            ), f"Luna registered {role} but not as following {follows}: {registration}"

    @observes("luna")
    def expect_registered_once(self, role: str, practice: str) -> None:
        """Luna holds the choice exactly once (a blind retry after a lost answer registers it twice)."""
        self.await_registration(role, practice)
        self.settle()
        ydernummer = self.practice(practice).ydernummer
        found = [r for r in self.new_registrations(role) if r["ydernummer"] == ydernummer]
        assert len(found) == 1, f"Luna registered {role} with {ydernummer} {len(found)} times: " + "; ".join(
            f"{r['effectiveDate']} registered {r['registeredAt']}" for r in found
        )

    @observes("luna")
    def expect_no_new_registration(self, role: str) -> None:
        self.settle()
        found = self.new_registrations(role)
        assert found == [], f"Luna has {len(found)} new registration(s) for {role}, expected none: {found}"

    @observes("luna")
    def expect_luna_ended(self, role: str, on: date | None = None) -> None:
        """Luna ended the lægevalg in force (on the day given: the day CPR dated the event)."""
        ended = self.await_luna_ended(role)
        if on is not None:
            ends = sorted({str(r["endDate"]) for r in ended if r.get("endDate") and r.get("endReason") != "cancelled"})
            assert ends == [on.isoformat()], f"Luna ended the lægevalg of {role} from {ends or 'no day'}, expected {on}"

    # -- expectations: the Servicebus ------------------------------------------------------------------------
    @observes(BUS)
    def expect_delivered(self, topic: str, role: str, count: int = 1) -> None:
        self.delivered(topic, role, count)
        self.settle()
        found = self.delivered(topic, role, count)
        assert len(found) == count, (
            f"the Servicebus delivered {len(found)} {TOPICS.get(topic, topic)} "
            f"message(s) for {role} to the partners, expected {count}"
        )

    @observes(BUS)
    def expect_no_message(self, topic: str, role: str) -> None:
        self.settle()
        found = self.messages(topic, role)
        assert found == [], (
            f"the Servicebus carried {len(found)} {TOPICS.get(topic, topic)} "
            f"message(s) for {role}, expected none: {[m['payload'] for m in found]}"
        )

    @observes(BUS)
    def expect_address_never_on_bus(self, role: str) -> None:
        address = self.citizen(role).address
        assert address is not None, f"{role} has no address to protect (a citizen without a Danish address)"
        traffic = self.bus_traffic(role)
        assert address.street not in traffic, "the protected address left the municipality on the Servicebus"

    @observes(BUS)
    def expect_event_municipality(self, role: str, municipality: str) -> None:
        """The lægevalg events about the citizen name the municipality the citizen now lives in."""
        code = municipality_code(municipality)
        codes = [m["payload"].get("municipalityCode") for m in self.delivered("ændret lægevalg", role)]
        assert codes and all(c == code for c in codes), (
            f"the Servicebus carried municipalityCode {codes} on "
            f"{role}'s changed doctor, expected {code} ({municipality})"
        )

    # -- expectations: Finance -------------------------------------------------------------------------------
    @observes("finance")
    def expect_fee(self, role: str, kr: int) -> None:
        vouchers = self.vouchers(role)
        assert len(vouchers) == 1, f"Finance has {len(vouchers)} voucher(s) for {role}, expected one fee of {kr} kr."
        lines = vouchers[0]["lines"]
        booked = sorted((line["account"], line["amountOre"]) for line in lines)
        wanted = sorted([(rules.DEBTOR_ACCOUNT, kr * 100), (rules.FEE_REVENUE_ACCOUNT, -kr * 100)])
        assert booked == wanted, (
            f"Finance booked {booked} for {role}, expected {wanted} (øre: the debtor debited, the fee revenue credited)"
        )

    @observes("finance")
    def expect_no_fee(self, role: str) -> None:
        vouchers = self.vouchers(role)
        assert vouchers == [], (
            f"Finance booked {len(vouchers)} voucher(s) for {role} where no fee is due: {[v['text'] for v in vouchers]}"
        )

    @observes("finance")
    def expect_fee_vouchers(self, role: str, count: int) -> None:
        """Finance holds exactly `count` vouchers for the citizen (a fee booked twice is the classic retry defect)."""
        vouchers = self.vouchers(role)
        assert len(vouchers) == count, (
            f"Finance booked {len(vouchers)} voucher(s) for {role}, expected {count}: "
            + "; ".join(f"{v.get('voucherId')} {v.get('text')!r}" for v in vouchers)
        )

    @observes("finance")
    def expect_voucher_names_in_full(self, role: str) -> None:
        vouchers = self.vouchers(role)
        assert vouchers and all(v["text"].endswith(self.citizen(role).full_name) for v in vouchers), (
            "Finance's voucher text does not carry the full name "
            f"{self.citizen(role).full_name!r}: {[v['text'] for v in vouchers]}"
        )

    # -- expectations: E-flyt --------------------------------------------------------------------------------
    @observes("eflyt")
    def expect_receipt(self, role: str, *, new_doctor: str | None = None, effective: date | None = None) -> None:
        receipt = self.receipts(role)[-1]
        assert receipt["status"] == "completed", (
            f"E-flyt received a {receipt['status']} receipt for {role}'s move: {receipt}"
        )
        if new_doctor is None:
            assert "laegevalg" not in receipt, (
                f"E-flyt's receipt names a new doctor where {role} keeps the old: {receipt}"
            )
        else:
            assert effective is not None, "a receipt naming a new doctor is checked with its effect date"
            wanted = {"ydernummer": self.practice(new_doctor).ydernummer, "effectiveDate": effective.isoformat()}
            assert receipt.get("laegevalg") == wanted, (
                f"E-flyt's receipt for {role} says {receipt.get('laegevalg')}, expected {wanted}"
            )

    @observes("eflyt")
    def expect_pending_receipt_first(self, role: str) -> None:
        """E-flyt's first receipt for the case says the doctor choice waits for Luna — not that it is done."""
        case_id = self.case_id(role)
        receipts = self.receipts(role, final=False)
        first = receipts[0]
        assert first["status"] == "pending", (
            f"E-flyt got a {first['status']!r} receipt for case {case_id} while Luna had not registered the choice: "
            f"{first.get('message')!r}"
        )

    # -- expectations: contracts -----------------------------------------------------------------------------
    def expect_no_violations(self) -> None:
        self.settle()
        violations = self.violations()
        if violations:
            raise ContractBreach(breach_message(violations), breach_parties(violations))


def _given_before(table: dict[str, Any], role: str, mistake: str) -> Any:
    """What an earlier step recorded for the role, or the feature file's mistake (told in business words)."""
    key = ROLES.get(role, role)
    if key not in table:
        raise FeatureFileMistake(mistake)
    return table[key]


UNKNOWN_YDER = "unknown-yder"  # the refusal of an ydernummer Luna does not know (contracts: 404)


def _kroner(fee: dict) -> str:
    """A fee as the citizen reads it: "free", or "225.00 kr." (what the SUT's answer held otherwise, as it is)."""
    if fee.get("free") is True:
        return "free"
    amount = fee.get("amountOre")
    return f"{amount / 100:.2f} kr." if isinstance(amount, int) else f"the fee {fee!r}"
