"""The oracle's model of the world and its predictions, one `predict_*` per business action.

The model is the oracle's own: who the citizens are (group periods, doctors as Luna holds them, home, municipality,
coverage), which practices exist and whether they take new patients, which free changes a past event gave, and what
each neighbour has been shown so far. A `predict_*` method returns a `Prediction` (the SUT's answer, and which
citizens' neighbours to look at) and moves the model on, so after every action `expected(cpr)` is what every
neighbour must hold for that citizen, cumulatively:

    luna        the registrations the actions caused, as (ydernummer, effective date, reason told); the end reason
    servicebus  per topic the SUT publishes, the key content of each message
    finance     per voucher: the debtor's debit, the revenue account's credit, in øre; and whose name it carries
    eflyt       per move case, the final receipt's status and the doctor it names (or none)
    sygesikring the citizen's record: group today, coverage status

The rules themselves are in tables.py; this module only applies them to the model. Same request on the same day:
the SUT answers as before and nothing new happens (a request is idempotent by what was asked, and the day).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from golive.oracle import closed_practice, tables
from golive.oracle.answers import CARD, GROUP, LAEGEVALG, TOPICS, Answer, Prediction
from golive.oracle.registers import RegisterPredictions
from simulators import rules

GONE_REASONS = rules.PRACTICE_GONE_REASONS  # closing reasons that take the doctor from its patients [design]


@dataclass
class PracticeModel:
    name: str
    ydernummer: str
    location: tuple[float, float]
    open: bool = True
    patients: int = 0  # Luna's count before the run (seeded)
    capacity: int | None = None  # Luna closes the practice for intake itself when this many patients are registered


@dataclass
class CitizenModel:
    name: str
    cpr: str
    born: date
    municipality: int
    home: tuple[float, float] | None
    full_name: str
    protected: bool
    street: str | None
    registered_on: date
    group: int
    told_municipality: int  # what the harness tells E-flyt the citizen moves from (the CPR data it generated)
    groups: list[tuple[int, date, bool]] = field(default_factory=list)  # (group, from, a change) oldest first
    doctors: list[tuple[str, date, bool]] = field(default_factory=list)  # Luna's live registrations (seeded?)
    registered: list[tuple[str, date, str]] = field(default_factory=list)  # every one the run caused in Luna, why
    # registrations identical to one Luna already held live: a SUT that looks before resending may count them done
    repeats: list[tuple[str, date, str]] = field(default_factory=list)
    active: bool = True
    end_reason: str | None = None
    end_date: date | None = None  # the day CPR dated the death or emigration (not the day the SUT heard of it)
    ended_in_luna: bool = False  # the end reason stands on a registration in Luna
    moved_in_on: date | None = None
    last_move_on: date | None = None
    name_changed_on: date | None = None
    entitlements: dict[str, date | None] = field(default_factory=dict)  # free change -> last day (None: until used)
    cards: list[date] = field(default_factory=list)
    # what the neighbours must hold (cumulative)
    messages: dict[str, list[tuple]] = field(default_factory=lambda: {t: [] for t in TOPICS})
    vouchers: list[tuple[int, str, int, str]] = field(default_factory=list)  # (øre, name, municipality, fee kind)
    receipts: dict[str, tuple[str, tuple[str, str] | None]] = field(default_factory=dict)  # case -> (status, choice)
    known: bool = True  # the SUT holds a record of the citizen (a child comes to it with the parent's move)
    follows: str | None = None  # the parent whose doctor the child follows (set when they moved together)
    unknown: str | None = None  # set: why the oracle can no longer say what the neighbours hold for the citizen
    cpr_changed_on: date | None = None
    reason: str = "other"  # why the SUT registered the citizen (the contract's registrationReason)
    parents: tuple[str, ...] = ()  # the custody parents (their names) CPR holds
    # where CPR has the person (street, municipality): a move reported in E-flyt reaches the SUT, not CPR (the harness
    # tells CPR only of the moves CPR records itself), so CPR's household can be the old one
    in_cpr_at: tuple[str | None, int] | None = None

    def __post_init__(self) -> None:
        if not self.groups:
            self.groups = [(self.group, self.registered_on, False)]
        if self.in_cpr_at is None:
            self.in_cpr_at = (self.street, self.municipality)

    # -- derived facts -------------------------------------------------------------------------------------
    def group_on(self, day: date) -> int:
        return [g for g, start, _ in self.groups if start <= day][-1] if self.groups[0][1] <= day else self.groups[0][0]

    def group_1_ahead(self, today: date) -> bool:
        return any(g == 1 and start > today for g, start, _ in self.groups)

    @property
    def doctor(self) -> str | None:
        return self.doctors[-1][0] if self.doctors else None

    def doctor_view(self, today: date) -> dict[str, Any]:
        """The doctor in force today and those to come, as the SUT's record must show them (the contract's
        `laegevalg`): a choice is current from its effect date, never before; after coverage ended, no doctor."""
        in_force = [(y, start) for y, start, _ in self.doctors if start <= today]
        ended = not self.active and self.end_date is not None and today > self.end_date
        coming = [(y, start.isoformat()) for y, start, _ in self.doctors if start > today]
        if not self.active and self.end_date is not None:
            coming = [(y, start) for y, start in coming if start <= self.end_date.isoformat()]
        return {"current": in_force[-1][0] if in_force and not ended else None, "future": coming}

    def luna_end(self) -> tuple[str | None, str | None]:
        """Why and from when Luna ended the registration in force (CPR's date of the event)."""
        return self.end_reason, self.end_date.isoformat() if self.end_date else None

    def new_registrations(self) -> list[tuple[str, str, str]]:
        return sorted((y, d.isoformat(), reason) for y, d, reason in self.registered)

    def entitled(self, reason: str, today: date) -> bool:
        until = self.entitlements.get(reason, date.min)  # none given: date.min, over long ago
        return until is None or today <= until


class Oracle(RegisterPredictions):
    """The model and the predictions. `today` is moved by the explorer as the world's clock moves."""

    def __init__(self, today: date, knows_every_practice: bool = True) -> None:
        """knows_every_practice: Luna holds only the practices the model was told of (a fresh world); else (a
        vendor's shared world) the count of open practices near a citizen cannot be predicted."""
        self.today = today
        self.knows_every_practice = knows_every_practice
        self.citizens: dict[str, CitizenModel] = {}
        self.practices: dict[str, PracticeModel] = {}
        self.replies: dict[tuple, Answer] = {}  # (action, cpr, what, day) -> the answer given
        self.cases = 0

    # -- the world as it is arranged ------------------------------------------------------------------------
    def add_citizen(self, citizen: CitizenModel, doctor: PracticeModel | None, since: date | None) -> Prediction:
        """A citizen the SUT registers (201), with the doctor Luna knew before the scenario (history: no event)."""
        self.citizens[citizen.name] = citizen
        if doctor is not None and since is not None:
            self.practices.setdefault(doctor.name, doctor)
            citizen.doctors.append((doctor.ydernummer, since, True))
        return Prediction(Answer(201), (citizen.cpr,))

    def add_practice(self, practice: PracticeModel) -> None:
        self.practices[practice.name] = practice

    def set_today(self, day: date) -> Prediction:
        self.today = day
        return Prediction(None, tuple(c.cpr for c in self.citizens.values()))

    def practice_by_yder(self, ydernummer: str | None) -> PracticeModel | None:
        return next((p for p in self.practices.values() if p.ydernummer == ydernummer), None)

    # -- helpers that move the model ------------------------------------------------------------------------
    def _register(self, c: CitizenModel, ydernummer: str, effective: date, reason: str) -> None:
        """Luna, told why (`reason`, tables.luna_reason): a later choice overrides (cancels, keeping it in the history)
        one not yet in force from the same day or later; a practice that reaches its capacity closes for intake
        (rules.AUTO_CLOSE_AT_CAPACITY: no free re-choice, only no new patients). A registration identical to a live
        one is a repeat: after a failed attempt a careful SUT looks in Luna before sending again, finds it, and
        rightly sends nothing. The bus event that goes with it carries the same reason."""
        previous = c.doctor if c.doctor != ydernummer else None  # the bus event names the doctor before
        if any(d[:2] == (ydernummer, effective) for d in c.doctors):
            c.repeats.append((ydernummer, effective, reason))
        c.doctors = [d for d in c.doctors if d[2] or d[1] < effective]
        c.doctors.append((ydernummer, effective, False))
        c.registered.append((ydernummer, effective, reason))
        c.messages[LAEGEVALG].append(
            (ydernummer, effective.isoformat(), reason, previous, c.municipality, c.group_on(self.today))
        )
        p = self.practice_by_yder(ydernummer)
        if p is not None and p.open and p.capacity is not None and rules.AUTO_CLOSE_AT_CAPACITY:
            p.open = self._patients(p) < p.capacity

    def _patients(self, p: PracticeModel) -> int:
        """The practice's registered patients today as Luna counts them: seeded ones, and every registration not
        ended before today (one ends the day before the citizen's next takes effect)."""
        count = p.patients
        for c in self.citizens.values():
            if not c.active:
                continue
            for i, (ydernummer, _, seeded) in enumerate(c.doctors):
                if ydernummer != p.ydernummer or seeded:
                    continue
                ends = c.doctors[i + 1][1] - timedelta(days=1) if i + 1 < len(c.doctors) else None
                count += ends is None or ends >= self.today
        return count

    def _charge(self, c: CitizenModel, amount_ore: int, kind: str) -> None:
        """A fee: one voucher to Finance, and one fee of this kind (the contract's FeeRecord reason) on the record."""
        if amount_ore:
            c.vouchers.append((amount_ore, c.full_name, c.municipality, kind))

    def _remembered(self, key: tuple) -> Prediction | None:
        """A request the citizen (key[1]) made today already: the answer it got, and every neighbour as it was."""
        answer = self.replies.get(key)
        return Prediction(answer, (key[1],)) if answer is not None else None

    # -- lægevalg ------------------------------------------------------------------------------------------
    def predict_choose_unknown(self, name: str) -> Prediction:
        """A choice of an ydernummer Luna does not know: not found (the contract's 404 unknown-yder), after the
        coverage check every choice meets first; nothing is registered, charged or published."""
        c = self.citizens[name]
        if not c.active:
            return Prediction(Answer(409, "coverage-ended"), (c.cpr,))
        return Prediction(Answer(404, "unknown-yder"), (c.cpr,))

    def predict_choose_doctor(
        self,
        name: str,
        practice: str,
        waive: bool = False,
        requested: date | None = None,
        exception: str | None = None,
    ) -> Prediction:
        """requested: the effect date the citizen asks for (None: the default, 14 days on); exception: the
        closed-practice exception the citizen names (used only if the practice is closed for intake)."""
        c, p, today = self.citizens[name], self.practices[practice], self.today
        key = ("choice", c.cpr, p.ydernummer, today) + ((requested,) if requested else ())
        if not c.active:
            return Prediction(Answer(409, "coverage-ended"), (c.cpr,))
        if (known := self._remembered(key)) is not None:
            return known
        leaving_group_2 = c.group_on(today) == 2 or c.group_1_ahead(today)
        if c.doctor == p.ydernummer and not leaving_group_2:
            return Prediction(Answer(422, "same-doctor", extras=(("ydernummer", p.ydernummer),)), (c.cpr,))
        free = (
            tables.first_choice_free_reason(c.reason)
            if not c.doctors
            else tables.doctor_change_free_reason(
                {
                    "practice-closed": c.entitled("practice-closed", today),
                    "moved": c.entitled("moved", today),
                    "turned-15": tables.turned_15_lately(c.born, today),
                    "group-change": c.group_1_ahead(today),
                }
            )
        )
        effective = requested or tables.doctor_change_effective(today)
        if not tables.effect_date_allowed(effective, today, free):
            refusal = Answer(422, "invalid-effect-date", extras=(("effectiveDate", effective.isoformat()),))
            return Prediction(refusal, (c.cpr,))
        if c.home is not None and tables.beyond(tables.distance_km(c.home, p.location), self.limit(c)) and not waive:
            return Prediction(Answer(422, "distance-rule", extras=(("limitKm", self.limit(c)),)), (c.cpr,))
        full = p.open and p.capacity is not None and self._patients(p) >= p.capacity  # open but full (reopened)
        if full or (not p.open and exception is None):
            return Prediction(Answer(409, "closed-practice"), (c.cpr,))
        used = exception if not p.open else None
        if used is not None:
            if used == "few-open-doctors" and not self.knows_every_practice:
                return Prediction(None, (c.cpr,), unpredicted="the open practices near a citizen in a shared Luna")
            if not tables.closed_practice_admits(used, closed_practice.facts(self, c, p)):
                return Prediction(Answer(422, "exception-not-applicable"), (c.cpr,))
        amount = 0 if free else tables.fee_ore(effective.year)
        if free in ("practice-closed", "moved"):
            c.entitlements.pop(free, None)
        self._register(c, p.ydernummer, effective, tables.luna_reason(not c.doctors, free, exception))
        self._charge(c, amount, "doctor-change")
        answer = Answer(201, effective=effective, amount_ore=amount, free_reason=free, exception=used)
        self.replies[key] = answer
        return Prediction(answer, (c.cpr, *self._children_follow(c, p.ydernummer, effective)))

    # -- children ------------------------------------------------------------------------------------------
    def add_child(self, child: CitizenModel, parent: str, doctor: PracticeModel | None, since: date | None) -> None:
        """A child under 15 living with the parent, with the parent's doctor in Luna; the SUT does not know it yet."""
        child.known = False
        self.citizens[child.name] = child
        if doctor is not None and since is not None:
            child.doctors.append((doctor.ydernummer, since, True))

    def children_of(self, parent: CitizenModel) -> list[CitizenModel]:
        return [c for c in self.citizens.values() if c.follows == parent.name]

    def _children_follow(
        self, parent: CitizenModel, ydernummer: str, effective: date, among: tuple[CitizenModel, ...] | None = None
    ) -> tuple[str, ...]:
        """DOMAIN.md Children: those under 15 who follow the parent get the parent's new doctor, from the same day
        (or today, as Luna registers nothing in the past), with an event of their own and no fee. `among`: a move's
        co-movers (only the children who move along follow a move)."""
        moved = []
        for child in self.children_of(parent):
            if among is not None and child not in among:
                continue
            if child.active and tables.under_15(child.born, self.today) and child.doctor != ydernummer:
                self._register(child, ydernummer, max(effective, self.today), tables.CHILD_FOLLOWS_REASON)
                moved.append(child.cpr)
        return tuple(moved)

    def limit(self, c: CitizenModel) -> int:
        return tables.distance_limit_km(c.municipality)

    # -- sikringsgruppe -------------------------------------------------------------------------------------
    def predict_change_group(self, name: str, to_group: int) -> Prediction:
        c, today = self.citizens[name], self.today
        key = ("group", c.cpr, to_group, today)
        if not c.active:
            return Prediction(Answer(409, "coverage-ended"), (c.cpr,))
        if (known := self._remembered(key)) is not None:
            return known
        from_group = c.groups[-1][0]
        if to_group == from_group:
            return Prediction(Answer(422, "same-group"), (c.cpr,))
        last = next((start for _, start, changed in reversed(c.groups) if changed), None)
        if last is not None and tables.group_change_locked(last, today):
            opens = tables.group_change_opens(last).isoformat()  # told in the refusal where the SUT tells it
            return Prediction(Answer(409, "group-change-locked", extras=(("nextPossible", opens),)), (c.cpr,))
        effective = tables.group_change_effective(today)
        free = tables.group_change_free_reason(
            {
                "moved": tables.within(c.moved_in_on, rules.FREE_CHANGE_AFTER_MOVE_DAYS, today),
                "turned-15": tables.turned_15_lately(c.born, today),
            }
        )
        amount = 0 if free else tables.fee_ore(effective.year)
        c.groups.append((to_group, effective, True))
        self._charge(c, amount, "group-change")
        c.messages[GROUP].append((from_group, to_group, effective.isoformat(), c.municipality))
        answer = Answer(201, effective=effective, amount_ore=amount, free_reason=free)
        self.replies[key] = answer
        return Prediction(answer, (c.cpr,))

    # -- health cards ---------------------------------------------------------------------------------------
    def predict_order_card(self, name: str, reason: str) -> Prediction:
        c, today = self.citizens[name], self.today
        key = ("card", c.cpr, reason, today)
        if not c.active:
            return Prediction(Answer(409, "coverage-ended"), (c.cpr,))
        if (known := self._remembered(key)) is not None:
            return known
        if reason not in {r for r, _ in tables.CARD_FREE}:
            return Prediction(None, (c.cpr,), unpredicted=f"a health card for the reason {reason!r}")
        free = tables.card_free_reason(
            reason,
            {
                "first-card": not c.cards,
                "moved": tables.within(c.last_move_on, rules.FREE_CHANGE_AFTER_MOVE_DAYS, today),
                "name-change": tables.within(c.name_changed_on, rules.NAME_CHANGE_FREE_CARD_DAYS, today),
                "turned-15": tables.turned_15_lately(c.born, today),
                "cpr-change": tables.cpr_change_card_free(c.cpr_changed_on, c.cards),
            },
        )
        amount = 0 if free else tables.fee_ore(today.year)
        c.cards.append(today)
        self._charge(c, amount, "health-card")
        c.messages[CARD].append((reason, amount, c.municipality))
        answer = Answer(201, amount_ore=amount, free_reason=free)
        self.replies[key] = answer
        return Prediction(answer, (c.cpr,))

    # -- a move (E-flyt) ------------------------------------------------------------------------------------
    def predict_move(
        self,
        name: str,
        case: str,
        municipality: int,
        home: tuple[float, float],
        street: str,
        move_date: date,
        choice: str | None,
        children: tuple[str, ...] = (),
    ) -> Prediction:
        """DOMAIN.md Move: the citizen may keep the doctor; beyond the limit from the doctor, a free change with the
        move or within 30 days. A doctor chosen in E-flyt beyond the limit from the new home is refused (E-flyt has no
        waiver of home visits); Luna registers nothing in the past, so a late move's choice takes effect today."""
        c, today = self.citizens[name], self.today
        if not c.active:
            c.receipts[case] = ("rejected", None)
            return Prediction(None, (c.cpr,))
        kids = tuple(self.citizens[k] for k in children)
        for kid in kids:  # they move with the parent: the SUT takes them on (group 1) if it did not know them
            if municipality != (kid.municipality if kid.known else municipality) or c.told_municipality != municipality:
                kid.moved_in_on = move_date  # moving into the municipality, as the mover (the case's "from" is theirs)
            if not kid.known:
                kid.known, kid.groups = True, [(1, today, False)]
            kid.municipality, kid.home, kid.street, kid.last_move_on = municipality, home, street, move_date
            if tables.under_15(kid.born, max(move_date, today)):  # on the day Luna registers it (not in the past)
                kid.follows = c.name
        prediction = self._move(c, case, municipality, home, street, move_date, choice)
        if prediction.unpredicted or c.receipts[case][0] == "rejected":
            return Prediction(None, (c.cpr, *(k.cpr for k in kids)), prediction.unpredicted)
        if c.doctor is not None:  # the children who move along follow (not those left at the old address, nor one
            on = max(move_date, today)  # who is 15 by the day Luna registers the move, though it followed before)
            self._children_follow(c, c.doctor, on, among=tuple(k for k in kids if tables.under_15(k.born, on)))
        return Prediction(None, (c.cpr, *(k.cpr for k in kids)))

    def _move(
        self,
        c: CitizenModel,
        case: str,
        municipality: int,
        home: tuple[float, float],
        street: str,
        move_date: date,
        choice: str | None,
    ) -> Prediction:
        """The mover's part of a move (predict_move)."""
        today = self.today
        if municipality != c.municipality or c.told_municipality != municipality:
            c.moved_in_on = move_date
        c.municipality, c.home, c.street, c.last_move_on = municipality, home, street, move_date
        limit = tables.distance_limit_km(municipality)
        current = self.practice_by_yder(c.doctor)
        if c.doctor is not None and current is None:
            return Prediction(None, (c.cpr,), unpredicted="the citizen's doctor is a practice the oracle does not know")
        away = current is None or tables.beyond(tables.distance_km(home, current.location), limit)
        if current is not None and away:
            c.entitlements["moved"] = move_date + timedelta(days=rules.FREE_CHANGE_AFTER_MOVE_DAYS)
        chosen = self.practices[choice] if choice else None
        if chosen is None or not away:
            c.receipts[case] = ("completed", None)
            return Prediction(None, (c.cpr,))
        if tables.beyond(tables.distance_km(home, chosen.location), limit) or not chosen.open:
            c.receipts[case] = ("rejected", None)
            return Prediction(None, (c.cpr,))
        effective = max(move_date, today)
        self._register(c, chosen.ydernummer, effective, tables.LUNA_REASONS["moved"])
        c.entitlements.pop("moved", None)
        c.receipts[case] = ("completed", (chosen.ydernummer, effective.isoformat()))
        return Prediction(None, (c.cpr,))

    # -- Luna's events (CPR's and E-flyt's repeats: registers.py) -------------------------------------------
    def predict_close_practice(self, practice: str, reason: str) -> Prediction:
        """A practice that ends (ophører) gives its patients a free re-choice; closing for capacity stops only new
        patients (DOMAIN.md free cases: "practice closes or splits")."""
        p = self.practices[practice]
        p.open = False
        touched = []
        if reason in GONE_REASONS:
            for c in self.citizens.values():
                if c.active and c.doctor == p.ydernummer:
                    c.entitlements["practice-closed"] = None
                    touched.append(c.cpr)
        return Prediction(None, tuple(touched))

    def predict_reopen_practice(self, practice: str, overtaken: bool = False) -> Prediction:
        """Open again: the ground for the free re-choice is gone [design]. overtaken: the reopening reaches the SUT
        after a newer change of the practice, so the SUT acts on the newer change only and this one takes nothing
        back (explorer's practice_changes_overtaken: "act on the newer change, not the one that arrived last")."""
        p = self.practices[practice]
        p.open = True
        for c in self.citizens.values() if not overtaken else ():
            if c.doctor == p.ydernummer:
                c.entitlements.pop("practice-closed", None)
        return Prediction(None, ())

    # -- what the neighbours must hold ----------------------------------------------------------------------
    def expected(self, name: str) -> dict[str, Any]:
        c = self.citizens[name]
        return {
            "luna": {"registrations": c.new_registrations(), "ended": c.luna_end() if c.ended_in_luna else None},
            "luna_repeats": sorted((y, d.isoformat(), why) for y, d, why in c.repeats),  # may be missing (_register)
            "servicebus": {topic: sorted(found, key=repr) for topic, found in c.messages.items()},
            "finance": sorted(v[:3] for v in c.vouchers),
            "eflyt": dict(c.receipts),
            "sygesikring": {
                "group": c.group_on(self.today),
                "status": "active" if c.active else "ended",
                "endReason": None if c.active else c.end_reason,
                "endDate": None if c.active or c.end_date is None else c.end_date.isoformat(),
                "municipality": c.municipality,
                "fees": sorted((v[0], v[3]) for v in c.vouchers),
                "laegevalg": c.doctor_view(self.today),
            }
            if c.known
            else None,
        }
