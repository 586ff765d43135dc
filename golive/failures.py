"""How a scenario fails when the fault is not the SUT's business logic: a broken contract, or a broken harness.

Two kinds of failure must never be mistaken for an ordinary "expected X, got Y" (Allure category
Integrationsfejl), because they call for different people:

- `ContractBreach` (an AssertionError, so Allure marks it *failed*; its message starts with "kontraktbrud",
  so the category Kontraktbrud claims it): some exchange the scenario caused broke a contract. The message
  names the neighbour, the operation, who sent it, the field, the rule as the contract states it and the
  contract line — "Luna refused registerLaegevalg from the SUT: body.effectiveDate '15-03-2024' breaks
  `format: date` (contracts/luna.openapi.yaml:454)" — so the vendor can fix it without opening a journal.
- `HarnessError` (not an AssertionError, so Allure marks it *broken*: category Harness-fejl): a simulator
  did not answer at all — it is down, it dropped the connection, or it hung past the harness's deadline.
  No verdict about the SUT can be drawn from such a scenario, and the message says which simulator and what
  it was asked, so the run's operator knows where to look.

`HarnessError` subclasses httpx.TransportError: code that already tolerates a transport error (cleanup of
a scenario's subscriptions) keeps tolerating it; everything else sees one clear exception.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import httpx

from golive import __version__, blame
from golive.categories import CONTRACT_VIOLATION_MARKER, HARNESS_MARKER
from simulators import registry
from simulators.core.network import LocalClient

SCENARIO_AGENT = f"golive-scenario/{__version__}"  # user-agent of a scenario's own requests (tells them from the SUT's)
SUT = "sygesikring"
DISPLAY = {s.name: s.display for s in registry.systems()}


class ContractBreach(AssertionError):
    """An exchange the scenario caused broke a contract (category Kontraktbrud); blames the integrations whose
    contracts were broken (golive/blame.py)."""

    def __init__(self, message: str, blamed: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.golive_blame = tuple(dict.fromkeys(blamed))


class FeatureFileMistake(Exception):
    """A mistake in a feature file (a keyword, a parameter value outside its domain, a file the Gherkin parser cannot
    read), told in business words with the file and line: the scenario failed because of how it is written, not
    because of the system under test (golive/blame.py: SCENARIO; Allure category "Fejl i feature-filen")."""

    golive_blame = (blame.SCENARIO,)


def fresh(known: dict[str, Any], role: str, kind: str) -> str:
    """The role of a citizen or practice a step introduces; one the scenario has already is a FeatureFileMistake:
    the second would silently replace the first, and the outcome be blamed on the SUT."""
    if role in known:
        numbered = "borger 2" if kind == "citizen" else "praksis 2"
        raise FeatureFileMistake(
            f"'{role}' is given twice in this scenario: a second {kind} would replace the first; give the second "
            f"another role with a numbered step ('{numbered} …', docs/STEPS.md)"
        )
    return role


def named(known: dict[str, Any], written: str, key: str, kind: str) -> Any:
    """The citizen, practice or SUT answer a step names by its role (`written`, as the feature file has it; `key`,
    the role it stands for). One no earlier step gave is a FeatureFileMistake naming the nearest role given, not a
    KeyError blamed on the harness: a test manager wrote 'borger 2' where the scenario has only 'borger 1', or a
    Så step that checks an answer before the Når step that asks."""
    if key in known:
        return known[key]
    if kind == "answer":
        raise FeatureFileMistake(
            f"the SUT has not answered '{written}' yet: a Så (Then) step that checks an answer must follow the Når "
            f"(When) step that asks (a doctor choice, a group change, a card order)"
        )
    import difflib

    close = difflib.get_close_matches(key, list(known), 1, 0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    given = ", ".join(f"'{r}'" for r in known) or "none"
    raise FeatureFileMistake(
        f"'{written}' is no {kind} of this scenario: no earlier Givet (Given) step introduces it{hint} "
        f"({kind}s given so far: {given})"
    )


class HarnessError(httpx.TransportError):
    """A simulator the harness depends on did not answer: down, connection dropped, or hung (Harness-fejl)."""

    golive_blame = (blame.HARNESS,)


def display(simulator: str) -> str:
    return DISPLAY.get(simulator, simulator)


def _sender(entry: dict) -> str:
    agent = str((entry.get("requestHeaders") or {}).get("user-agent", ""))
    if agent.startswith("golive-scenario/"):
        return "the scenario"
    return "a neighbour" if entry.get("simulator") == SUT else "the SUT"


def _value(text: str) -> str:
    """'15-03-2024' for a JSON string (as the sender wrote it), the JSON itself for anything else."""
    if not text.startswith('"'):
        return text
    try:
        return f"'{json.loads(text)}'"
    except ValueError:  # shortened: the closing quote was cut off
        return f"'{text[1:]}'"


def describe_violation(entry: dict, violation: dict) -> str:
    """One violation of one journal entry, in the sentence a failure message and an attachment title use."""
    who = display(str(entry.get("simulator") or "?"))
    operation = entry.get("operation") or f"{entry.get('method', '?')} {entry.get('path', '?')}"
    where = str(violation.get("where") or "")
    field = violation.get("field") or where
    expected = violation.get("expected") or violation.get("rule") or "?"
    value = str(violation.get("value") or "")
    line = violation.get("contractLine") or ""
    if where.startswith("response"):
        head = f"{who} broke its own contract answering {operation} from {_sender(entry)}"
    else:
        head = f"{who} refused {operation} from {_sender(entry)}"
    what = (
        f"{field} {_value(value)} breaks"
        if value
        else (f"{field} is missing:" if violation.get("rule") == "required" else f"{field} breaks")
    )
    # With a contract line the rule speaks for itself; without one (a missing parameter, a wrong content type,
    # malformed JSON: the kernel's own checks) the validator's words say what was wrong.
    tail = f" ({line})" if line else (f" — {violation['message']}" if violation.get("message") else "")
    return f"{head}: {what} `{expected}`{tail}"


def breach_lines(entries: Iterable[dict]) -> list[str]:
    """One sentence per violation; an entry is a journal entry with its `violations`, or one violation that
    names its `simulator` itself (the shape a hand-made scenario double may report)."""
    return [
        describe_violation(entry, v)
        for entry in entries
        for v in (entry.get("violations") or ([entry] if "rule" in entry else []))
    ]


def breach_parties(entries: Iterable[dict]) -> list[str]:
    """The integrations whose contracts the entries broke: a neighbour's (whoever sent it, the request went to or came
    from that neighbour), or, for the SUT's own contract, the neighbour that called it (E-flyt's push, the Servicebus's
    delivery: the first path segment names it), the SUT itself for an answer it gave, and the harness for a request
    the scenario itself sent."""
    neighbours = set(registry.neighbours())
    found: list[str] = []
    for entry in entries:
        simulator = str(entry.get("simulator") or "")
        for violation in entry.get("violations") or ([entry] if "rule" in entry else []):
            if simulator != SUT:
                found.append(simulator or blame.UNATTRIBUTED)
            elif str(violation.get("where") or "").startswith("response"):
                found.append(blame.SUT)
            elif _sender(entry) == "the scenario":
                found.append(blame.HARNESS)
            else:
                caller = str(entry.get("path") or "").strip("/").split("/", 1)[0]
                found.append(caller if caller in neighbours else blame.SUT)
    return list(dict.fromkeys(found))


def breach_message(entries: list[dict], limit: int = 10) -> str:
    """The failure message of a scenario whose exchanges broke a contract: its first line is the category marker and
    the first broken rule in business words (the headline a report shows), then every violation, one a line."""
    lines = breach_lines(entries)
    if not lines:
        return f"{CONTRACT_VIOLATION_MARKER}: an exchange of this scenario broke a contract"
    if len(lines) == 1:
        return f"{CONTRACT_VIOLATION_MARKER}: {lines[0]}"
    more = f" (and {len(lines) - 1} more contract violation(s) in this scenario)"
    shown = "\n".join(f"- {line}" for line in lines[:limit]) + (
        f"\n- … and {len(lines) - limit} more" if len(lines) > limit else ""
    )
    return f"{CONTRACT_VIOLATION_MARKER}: {lines[0]}{more}\n{shown}"


def breach_root(failure: AssertionError, violations: list[dict], step: str) -> None:
    """Make a failed check whose scenario broke a contract read as the breach it is: the breach message first (so
    the category Kontraktbrud claims it and a reader sees neighbour, field, rule and contract line), then what the
    check saw, as a consequence. Blames the integrations whose contracts were broken."""
    seen = str(failure.args[0]) if failure.args else str(failure)
    failure.args = (f"{breach_message(violations)}\n\nSo the step failed: {step}\n{seen}",)
    failure.golive_blame = tuple(breach_parties(violations))  # type: ignore[attr-defined]


def harness_error(
    simulator: str, request: httpx.Request, exc: BaseException, timeout_s: float | None = None
) -> HarnessError:
    """The HarnessError for a request a simulator never answered, saying which, what was asked and how it failed."""
    asked = f"{request.method} {request.url.path}"
    where = f"{display(simulator)} ({request.url.scheme}://{request.url.netloc.decode('ascii', 'replace')})"
    if isinstance(exc, httpx.TimeoutException):
        how = (
            f"did not answer {asked} within {timeout_s:g} s — the simulator hangs"
            if timeout_s
            else f"did not answer {asked} in time"
        )
    elif isinstance(exc, httpx.ConnectError):
        how = f"refused the connection for {asked} — the simulator is down"
    else:
        how = f"dropped the connection during {asked} — the simulator crashed or reset it"
    return HarnessError(f"{HARNESS_MARKER}: {where} {how} ({type(exc).__name__}: {exc})", request=request)


ANSWERED_BY = "golive_answered_by"  # a guarded response's extension: the system that answered it


def answered_by(response: httpx.Response) -> str:
    """The system that gave this answer (registry name, or the SUT's), as the guarded transport recorded it."""
    return str(response.extensions.get(ANSWERED_BY) or blame.UNATTRIBUTED)


class GuardedTransport(httpx.BaseTransport):
    """Wraps a scenario client's transport: a simulator that does not answer becomes one HarnessError.

    Only transport failures are translated; any answer, 5xx included, passes through untouched (a 503 from
    a neighbour is a business fact the scenario asserts on, not a broken harness). After the first failure the
    simulator is not asked again in this scenario: the report's journal reads and the cleanup fail at once
    with the same error instead of each waiting out another read timeout on a hung simulator.
    """

    def __init__(self, inner: httpx.BaseTransport, simulator: str) -> None:
        self.inner = inner
        self.simulator = simulator
        self.failure: HarnessError | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.refuse(request)
        try:
            return self.answered(self.inner.handle_request(request))
        except httpx.TransportError as exc:
            if isinstance(exc, HarnessError):
                raise
            timeout = (request.extensions.get("timeout") or {}).get("read")
            raise self.failed(exc, timeout, request) from exc

    def refuse(self, request: httpx.Request) -> None:
        if self.failure is not None:
            raise HarnessError(f"{self.failure} — not asked again in this scenario", request=request)

    def answered(self, response: httpx.Response) -> httpx.Response:
        response.extensions = {**response.extensions, ANSWERED_BY: self.simulator}
        return response

    def failed(
        self, exc: httpx.TransportError, timeout: float | None, request: httpx.Request | None = None
    ) -> HarnessError:
        failure = harness_error(self.simulator, request or exc.request, exc, timeout)
        if "injected" not in str(exc):  # an in-process injected fault strikes one call by rule, not the simulator
            self.failure = failure
        return failure

    def close(self) -> None:
        self.inner.close()


class GuardedClient(LocalClient):
    """A client whose every way out is guarded alike: httpx's (the GuardedTransport) and the in-process short cut."""

    def __init__(self, network: Any, base_url: str, guard: GuardedTransport, **kwargs: Any) -> None:
        super().__init__(network, base_url, transport=guard, **kwargs)
        self.guard = guard

    def _refuse(self, method: str, url: str) -> None:
        if self.guard.failure is not None:
            self.guard.refuse(httpx.Request(method, url))

    def _failed(self, exc: httpx.TransportError) -> Exception:
        return self.guard.failed(exc, self.timeout.read)

    def _answered(self, response: httpx.Response) -> httpx.Response:
        return self.guard.answered(response)


def guarded_client(network: Any, base_url: str, simulator: str, timeout: httpx.Timeout, **kwargs: Any) -> httpx.Client:
    """An httpx client on the world's network (in-process or real HTTP) whose transport failures are HarnessErrors."""
    headers = {"user-agent": SCENARIO_AGENT, **kwargs.pop("headers", {})}
    guard = GuardedTransport(network.transport(), simulator)
    return GuardedClient(network, base_url, guard, timeout=timeout, headers=headers, **kwargs)
