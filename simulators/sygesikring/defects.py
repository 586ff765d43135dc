"""A switchboard of named, realistic integration defects the reference SUT can be told to commit.

Why: the harness proves its worth by catching real failures (ARCHITECTURE.md principle 7). Each defect here
is one a vendor's sygesikring system could plausibly ship — most of them did happen somewhere: fees in the
wrong unit, double postings on retry, modulus-11 checks on CPR numbers issued after 2007, names cut to the
register's 34 characters. A scenario turns one on through the settings (`PATCH /__admin/settings
{"defects": ["fee-in-kroner"]}`) and expects some Then-step to fail.

Two halves:

- `DEFECTS`, the catalogue: names and descriptions. The names are the enum of the contract's
  `Settings.defects` and what `golive selftest` runs; an unknown name is refused there (422) and here (ValueError).
- `Defects`, the *policy* the rule core (decisions.py), the flows and the wire (neighbours.py) consult. Each
  defect is exactly one method, the one decision it changes: the method is handed the correct decision (or is
  asked a yes/no question whose correct answer is the default) and returns the decision as the SUT makes it —
  correct while the defect is off, wrong in that one way while it is on. A method sees only whether *its*
  defect is on (`@_decision` passes that, and nothing else), so turning a defect on changes one decision and
  nothing else, and no flow carries an `if defect:` branch of its own.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime
from datetime import time as dtime
from typing import Any
from zoneinfo import ZoneInfo

from simulators import rules
from simulators.cpr.model import passes_modulus_11

DEFECTS: dict[str, str] = {
    "effect-date-danish-format": (
        "The effect date of a lægevalg is sent to Luna the Danish way, DD-MM-YYYY (15-03-2024), where the "
        "contract wants an ISO date: Luna refuses every registration as a contract violation."
    ),
    "group-date-as-datetime": (
        "The effect date on sygesikring.group-changed is serialised as a local date-time "
        "(2024-03-15T00:00:00+01:00) where the event wants a date: the Servicebus refuses the event."
    ),
    "fee-without-idempotency-key": (
        "Fee postings to Finance carry no Idempotency-Key header, which Finance requires: the fee is never booked."
    ),
    "fee-charged-on-move": (
        "A doctor chosen with a move beyond the distance limit is charged the fee, though a move makes the change free."
    ),
    "emigration-ignored": (
        "CPR's emigration event (status 80) is taken for an address change: the sygesikring and the lægevalg "
        "in Luna go on for a citizen who has left the country."
    ),
    "move-keeps-old-municipality-code": (
        "An inter-municipal move updates the address but not the municipality code, so the lægevalg event on "
        "the Servicebus names the municipality the citizen left."
    ),
    "fee-on-wrong-account": (
        "The fee is credited to the health-card expense account (4.62.81.4.5) instead of the fee revenue account."
    ),
    "fee-in-kroner": ("The fee is posted to Finance in kroner (225) where the voucher's amountOre wants øre (22500)."),
    "fee-posted-twice-on-retry": (
        "Every retry of a fee posting gets a new Idempotency-Key, so a response lost after Finance booked "
        "the voucher books the fee a second time."
    ),
    "modulus11-rejects-valid-cpr": (
        "CPR numbers are checked with modulus 11, refusing valid numbers issued after 1 Oct 2007."
    ),
    "protected-address-on-bus": (
        "Lægevalg events carry the citizen's address (for the health-card producer), ignoring navne- og "
        "adressebeskyttelse: a protected address leaves the municipality."
    ),
    "name-truncated-34": ("The debtor's name on the fee voucher is cut to the national register's 34 characters."),
    "child-not-following-parent": (
        "Children under 15 moving with a parent keep their old doctor instead of following the parent's."
    ),
    "copenhagen-15km": (
        "The 15 km distance limit is applied everywhere, also in København, Frederiksberg, Tårnby and Dragør "
        "where it is 5 km."
    ),
    "effect-date-off-by-one": (
        "A doctor change takes effect after 13 days instead of 14 (a UTC timestamp at midnight read as the "
        "previous local day)."
    ),
    "event-before-luna-accepted": (
        "sygesikring.laegevalg-changed is published before Luna accepted the registration, so partners hear "
        "of choices Luna refused."
    ),
    "fee-not-retried": (
        "A fee posting is sent to Finance once: a 5xx (Finance busy for a moment) marks the fee failed and it is "
        "never booked — no retry, no queue."
    ),
    "duplicate-delivery-processed-twice": (
        "Servicebus deliveries are acted on every time they arrive (no memory of message ids, no check of the "
        "citizen's state): a death delivered twice ends the coverage twice, with two events and two calls to Luna."
    ),
    "stale-practice-event-applied": (
        "luna.practice-changed events are applied in arrival order, ignoring their changedDate: a late "
        "'reopened' overrides a newer 'closed for good' and takes the patients' free re-choice away."
    ),
    "receipt-completed-before-luna": (
        "While Luna is down, E-flyt gets a 'completed' receipt naming the chosen doctor although the choice is "
        "only queued: the receipt claims more than happened."
    ),
    "queued-choice-forgotten": (
        "A doctor choice made while Luna is down is answered 'pending' but not kept as work to finish: nothing "
        "sends it to Luna when Luna is back."
    ),
    "connection-reset-taken-as-refusal": (
        "A dropped connection to Luna is read as Luna's refusal: the citizen's choice is refused (422) instead "
        "of being retried."
    ),
    "luna-registration-retried-blindly": (
        "A registration whose answer was lost (Luna too slow, connection cut) is sent again without first "
        "looking whether Luna already has it: Luna registers the choice twice."
    ),
    "event-lost-when-bus-down": (
        "Events are published to the Servicebus once, fire and forget: while the bus is down they are lost "
        "and the partners never hear of the change."
    ),
    "receipt-lost-when-eflyt-down": (
        "The receipt to E-flyt is sent once; while E-flyt cannot take it, it is lost and the move case "
        "never gets its answer."
    ),
    # -- values at the edges of the rules --------------------------------------------------------------------
    "group-lock-one-day-too-long": (
        "The one-year lock after a group change is counted as 366 days: on the first day a new change is allowed "
        "(a year after the last took effect) the citizen is still refused."
    ),
    "fee-by-request-year": (
        "The fee is looked up by the year the change is asked for, not the year it takes effect: a doctor change "
        "asked in late December 2023 and in force in January 2024 is charged 2023's 220 kr. instead of 225 kr."
    ),
    "fifteenth-birthday-charged": (
        "The free own-doctor window after turning 15 opens the day after the birthday (age read as 'older than "
        "15'): a doctor change on the 15th birthday itself is charged the fee."
    ),
    # -- dimensions of the variation model no step read -----------------------------------------------------
    "debtor-name-ascii": (
        "The debtor's name on the fee voucher is written in ASCII (æ→ae, ø→oe, å→aa): Finance's debtor no longer "
        "matches the CPR register's name."
    ),
    # -- properties checked on one channel only ---------------------------------------------------------------
    "protected-address-on-voucher": (
        "The fee voucher's text carries the debtor's address (for the collection letter), ignoring navne- og "
        "adressebeskyttelse: a protected address leaves through Finance, though never through the bus."
    ),
    "fee-credit-line-in-kroner": (
        "The fee voucher's credit line (fee revenue) is written in kroner while the debit is in øre: the voucher "
        "does not balance."
    ),
    "free-card-fee-posted": (
        "A health card for a free reason (first card, a move, a name change) is answered free, but the fee posting "
        "reads the year's fee instead of the decided charge: Finance books the fee anyway."
    ),
    # -- resilience treatment --------------------------------------------------------------------------------
    "retry-storm-when-down": (
        "A call to a neighbour that does not answer is retried 100 times at once, without backing off: a neighbour "
        "that is down is flooded with requests instead of being retried per the published policy."
    ),
    # -- sequences nobody wrote --------------------------------------------------------------------------------
    "choice-after-coverage-ended": (
        "The self-service doctor choice looks the citizen up without checking the coverage: a citizen who died or "
        "emigrated can still choose a doctor, registered in Luna and charged the fee."
    ),
    "coverage-end-not-sent-to-luna": (
        "A death or emigration ends the sygesikring and goes out on the Servicebus, but Luna is never told: the "
        "lægevalg stays open in Luna for a citizen no longer covered."
    ),
    # -- only concurrency reveals --------------------------------------------------------------------------------
    "capacity-check-not-atomic": (
        "The practice is read from Luna, and its free places counted, before the SUT takes its lock (not to hold "
        "everyone up on a call to Luna); the registration under the lock trusts that reading: citizens racing for the "
        "last places all count the same free place, and the practice is filled beyond its capacity. One request at a "
        "time, the reading is never stale and nothing shows."
    ),
    # -- the system certificate (issue 17: the OCES2 -> OCES3 switch that stopped go-lives) ----------------------
    "keeps-old-certificate": (
        "A renewed system certificate is written to the settings but the SUT keeps presenting the one it loaded "
        "first: after the switch to OCES3 every call to Serviceplatformen still fails."
    ),
    "tls-error-drops-work": (
        "A failed TLS handshake is taken as the neighbour's refusal: no alert is raised and the work (a doctor "
        "choice for Luna) is dropped instead of queued until the certificate is renewed."
    ),
    # -- MinLog, the citizen's access log (issue 17: the flood citizens saw on sundhed.dk) --------------------------
    "minlog-entry-per-login": (
        "A caseworker's login preloads their worklist and registers a MinLog look-up of every citizen on it: each "
        "login tells those citizens a caseworker looked them up again."
    ),
    "minlog-entry-per-batch-run": (
        "The nightly batch reads every citizen's record and registers each read in MinLog, in the name of the "
        "citizen's last caseworker: every night every citizen sees a look-up nobody made."
    ),
    "minlog-names-wrong-citizen": (
        "A look-up's MinLog text is built from the session's previous citizen: the citizen's log names another "
        "citizen (their CPR number), a leak of one citizen's data into another's log."
    ),
}

# Defects that only concurrency reveals: one request at a time (every scenario, the explorer) they change nothing.
# `golive selftest` still runs the suite with each to show that no scenario catches it, and does not count it as
# uncaught; the load window (`golive load`, golive/load/) is what catches it (tests/test_load.py proves it).
LOAD_ONLY: frozenset[str] = frozenset({"capacity-check-not-atomic"})

# `retry-storm-when-down`: how often, and how fast, the defect retries a call to a neighbour that does not answer.
STORM_ATTEMPTS = 100
STORM_BACKOFF_S = 0.0
ASCII_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})

# The account `fee-on-wrong-account` credits: the sygesikring health-card expense account, the fee revenue
# account's neighbour in the chart (same function 4.62.81), so Finance accepts it — a *known* wrong account.
WRONG_FEE_ACCOUNT = next(
    account
    for account, _, kind in rules.DEFAULT_CHART_OF_ACCOUNTS
    if kind == "expense" and account.rsplit(".", 2)[0] == rules.FEE_REVENUE_ACCOUNT.rsplit(".", 2)[0]
)

LOCAL_TIME = ZoneInfo("Europe/Copenhagen")


def _decision(defect: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Make a function of (committed, *args) the policy method for `defect`: it learns whether that defect is on."""
    if defect not in DEFECTS:
        raise KeyError(f"no defect named {defect!r}")  # a typo in the SUT itself must not pass silently

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def method(self: Defects, *args: Any) -> Any:
            return fn(defect in self._on, *args)

        method.defect = defect  # type: ignore[attr-defined]
        return method

    return wrap


class Defects:
    """Which defects are on, asked as a policy: one method per defect, the one decision it changes.

    Thread-safe; replaced wholesale when the settings change (`set`).
    """

    def __init__(self, enabled: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._on: frozenset[str] = frozenset()
        self.set(enabled)

    def set(self, enabled: Iterable[str]) -> None:
        names = frozenset(enabled)
        unknown = sorted(names - DEFECTS.keys())
        if unknown:
            raise ValueError(f"unknown defect(s) {unknown}; known: {sorted(DEFECTS)}")
        with self._lock:
            self._on = names

    @property
    def enabled(self) -> list[str]:
        return sorted(self._on)

    # -- the rules (asked by decisions.py) ------------------------------------------------------------
    @_decision("modulus11-rejects-valid-cpr")
    def accepts_cpr(committed: bool, cpr: str) -> bool:
        """Is a CPR number with a real date acceptable? Always (DOMAIN.md) — the defect asks for modulus 11 too
        (simulators/cpr/model.py holds the one modulus-11 check; only this defect uses it here)."""
        return passes_modulus_11(cpr) if committed else True

    @_decision("effect-date-off-by-one")
    def doctor_change_effect_days(committed: bool, correct: int) -> int:
        """After how many days a doctor change takes effect."""
        return correct - 1 if committed else correct

    @_decision("copenhagen-15km")
    def distance_limit_km(committed: bool, correct: int) -> int:
        """The distance limit in a municipality: the capital's 5 km forgotten for the 15 km everywhere."""
        return rules.DISTANCE_LIMIT_KM if committed else correct

    @_decision("fee-charged-on-move")
    def move_choice_free(committed: bool) -> bool:
        """Is a doctor chosen with a move beyond the distance limit free? Yes (DOMAIN.md, Move)."""
        return not committed

    @_decision("child-not-following-parent")
    def children_follow(committed: bool) -> bool:
        """Do children under 15 follow the parent's doctor (on a change, and on a move with the parent)? Yes."""
        return not committed

    @_decision("emigration-ignored")
    def ends_coverage_on_emigration(committed: bool) -> bool:
        """Does CPR's emigration (status 80) end the sygesikring? Yes."""
        return not committed

    @_decision("stale-practice-event-applied")
    def ignores_stale_practice_events(committed: bool) -> bool:
        """Is a luna.practice-changed older (by changedDate) than one already applied ignored? Yes."""
        return not committed

    @_decision("duplicate-delivery-processed-twice")
    def acts_on_repeats(committed: bool) -> bool:
        """Is a bus delivery acted on again — a message id already seen, a death already applied? No."""
        return committed

    @_decision("group-lock-one-day-too-long")
    def group_lock_days(committed: bool, correct: int) -> int:
        """For how many days after a group change took effect no new change is allowed: a year."""
        return correct + 1 if committed else correct

    @_decision("fee-by-request-year")
    def fee_day(committed: bool, takes_effect: date, today: date) -> date:
        """The day whose year's fee a change costs: the day it takes effect (the defect: the day it is asked for)."""
        return today if committed else takes_effect

    @_decision("fifteenth-birthday-charged")
    def free_after_15(committed: bool, within_window: bool, birthday: date, today: date) -> bool:
        """Is a change free for a citizen who turned 15 lately? Within the window, the birthday itself included."""
        return within_window and not (committed and today == birthday)

    # -- the flows ----------------------------------------------------------------------------------
    @_decision("event-before-luna-accepted")
    def publishes_before_luna(committed: bool) -> bool:
        """Is the lægevalg event published before Luna accepted the choice? No: only what Luna accepted."""
        return committed

    @_decision("queued-choice-forgotten")
    def keeps_queued_choice(committed: bool) -> bool:
        """Is a choice answered `pending` (Luna away) kept as work to finish? Yes."""
        return not committed

    @_decision("choice-after-coverage-ended")
    def checks_coverage_on_choice(committed: bool) -> bool:
        """Does a doctor choice require a sygesikring that has not ended? Yes."""
        return not committed

    @_decision("coverage-end-not-sent-to-luna")
    def tells_luna_of_end(committed: bool) -> bool:
        """Is Luna told to end the lægevalg when the sygesikring ends? Yes."""
        return not committed

    @_decision("capacity-check-not-atomic")
    def reads_practice_under_lock(committed: bool) -> bool:
        """Is the practice read (its free places counted) under the lock that the registration is made under? Yes:
        check and registration are one step, so no other choice can take the place in between."""
        return not committed

    @_decision("free-card-fee-posted")
    def card_fee_posted(committed: bool, charged_ore: int, years_fee_ore: int) -> int:
        """The fee a health card posts to Finance: what was decided (nothing for a free reason)."""
        return years_fee_ore if committed else charged_ore

    @_decision("move-keeps-old-municipality-code")
    def municipality_after_move(committed: bool, before: int, after: int) -> int:
        """The citizen's municipality code after a move: the one moved to."""
        return before if committed else after

    @_decision("receipt-completed-before-luna")
    def pending_receipt_claims_choice(committed: bool) -> bool:
        """Does a receipt sent while Luna is away claim the chosen doctor as registered? No: it says pending."""
        return committed

    # -- what is written on the wire ------------------------------------------------------------------
    @_decision("effect-date-danish-format")
    def luna_date(committed: bool, effective: date) -> str:
        """The effect date as written to Luna: ISO (the defect writes it the Danish way, as a form would)."""
        return effective.strftime("%d-%m-%Y") if committed else effective.isoformat()

    @_decision("group-date-as-datetime")
    def group_event_date(committed: bool, effective: date) -> str:
        """The effect date on sygesikring.group-changed: a date (the defect: the local midnight it starts)."""
        return (
            datetime.combine(effective, dtime(0), tzinfo=LOCAL_TIME).isoformat() if committed else effective.isoformat()
        )

    @_decision("protected-address-on-bus")
    def event_address(committed: bool, address: dict[str, Any] | None) -> dict[str, Any] | None:
        """The address a lægevalg event carries: none (navne- og adressebeskyttelse; no partner needs it)."""
        return dict(address) if committed and address else None

    @_decision("fee-in-kroner")
    def voucher_amount(committed: bool, amount_ore: int) -> int:
        """The amount on the fee voucher: øre."""
        return amount_ore // 100 if committed else amount_ore

    @_decision("fee-credit-line-in-kroner")
    def credit_amount(committed: bool, amount_ore: int) -> int:
        """The fee revenue line's amount: the same øre as the debit, negated (credit)."""
        return -(amount_ore // 100) if committed else -amount_ore

    @_decision("debtor-name-ascii")
    def debtor_letters(committed: bool, name: str) -> str:
        """The debtor's name with its own letters: æ, ø and å as they are."""
        return name.translate(ASCII_LETTERS) if committed else name

    @_decision("protected-address-on-voucher")
    def voucher_text(committed: bool, text: str, address: dict[str, Any] | None) -> str:
        """The voucher text (bilagstekst): the fee's reason and the debtor's name, never the address."""
        if committed and address:
            return f"{text}, {address.get('street')}, {address.get('postalCode')} {address.get('city')}"
        return text

    @_decision("fee-on-wrong-account")
    def fee_account(committed: bool, correct: str) -> str:
        """The account the fee is credited to: the fee revenue account."""
        return WRONG_FEE_ACCOUNT if committed else correct

    @_decision("name-truncated-34")
    def debtor_name(committed: bool, name: str) -> str:
        """The debtor's name on the voucher: in full."""
        return name[: rules.REGISTER_NAME_LENGTH] if committed else name

    # -- how the wire is used (neighbours.py) ---------------------------------------------------------
    @_decision("retry-storm-when-down")
    def retry_schedule(committed: bool, attempts: int, backoff_s: float) -> tuple[int, float]:
        """How a call to a neighbour is retried: the configured attempts with a doubling back-off."""
        return (STORM_ATTEMPTS, STORM_BACKOFF_S) if committed else (attempts, backoff_s)

    @_decision("fee-without-idempotency-key")
    def sends_idempotency_key(committed: bool) -> bool:
        """Does a fee posting carry its Idempotency-Key header? Yes (Finance requires it)."""
        return not committed

    @_decision("fee-posted-twice-on-retry")
    def fee_key(committed: bool, correct: str, mint: Callable[[], str]) -> str:
        """The Idempotency-Key of one attempt: the request's own key on every attempt (the defect mints a new one)."""
        return mint() if committed else correct

    @_decision("fee-not-retried")
    def retries_fee(committed: bool) -> bool:
        """Is a fee posting retried, and queued while Finance is away? Yes (the defect: once, a 5xx is final)."""
        return not committed

    @_decision("connection-reset-taken-as-refusal")
    def connection_reset_is_refusal(committed: bool, neighbour: str) -> bool:
        """Is a dropped connection to this neighbour its refusal? Never (the defect: Luna's is)."""
        return committed and neighbour == "luna"

    @_decision("luna-registration-retried-blindly")
    def looks_before_resending(committed: bool) -> bool:
        """After a lost answer, does the SUT look whether Luna has the registration before sending it again? Yes."""
        return not committed

    @_decision("event-lost-when-bus-down")
    def keeps_undelivered_events(committed: bool) -> bool:
        """Is an event the bus could not take kept and sent again? Yes (the defect: one attempt, fire and forget)."""
        return not committed

    @_decision("receipt-lost-when-eflyt-down")
    def keeps_undelivered_receipts(committed: bool) -> bool:
        """Is a receipt E-flyt could not take kept and sent again? Yes (the defect: one attempt)."""
        return not committed

    # -- the system certificate (asked by certificates.py and neighbours.py) --------------------------------------
    @_decision("keeps-old-certificate")
    def certificate_presented(committed: bool, configured: str | None, first: str | None) -> str | None:
        """Which certificate the next call presents: the one configured now (the defect: the first ever loaded)."""
        return first if committed else configured

    @_decision("tls-error-drops-work")
    def queues_on_certificate_refusal(committed: bool) -> bool:
        """Is a call whose certificate was refused queued (and alerted)? Yes (the defect: refused, work dropped)."""
        return not committed

    # -- MinLog (asked by flows/caseworker.py) -----------------------------------------------------------------
    @_decision("minlog-entry-per-login")
    def logs_worklist_on_login(committed: bool) -> bool:
        """Does a login register MinLog look-ups of the caseworker's worklist? No: a login looks nobody up."""
        return committed

    @_decision("minlog-entry-per-batch-run")
    def logs_batch_reads(committed: bool) -> bool:
        """Does the nightly batch register its reads in MinLog? No: nobody looked the citizens up."""
        return committed

    @_decision("minlog-names-wrong-citizen")
    def minlog_subject(committed: bool, looked_up: str, previous: str | None) -> str:
        """Whose CPR number the MinLog text names: the citizen looked up (the defect: the session's previous one)."""
        return previous if committed and previous else looked_up


# Which decision each defect changes: every defect exactly one policy method, every method one defect.
DECISIONS: dict[str, str] = {m.defect: name for name, m in vars(Defects).items() if hasattr(m, "defect")}
_methods = [m.defect for m in vars(Defects).values() if hasattr(m, "defect")]
if sorted(_methods) != sorted(DEFECTS):
    raise RuntimeError(f"each defect needs exactly one policy decision: {sorted(_methods)} vs {sorted(DEFECTS)}")
