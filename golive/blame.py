"""Blame from evidence: which party a failing check found diverging, recorded where the check looked.

Why: a verdict per integration guessed from words in failure messages, or from which neighbours a failed scenario
touched, lies — a defect that breaks only Finance's amounts failed Luna, the Servicebus, Finance and CPR, and a typo
in a step failed Luna. So a check says what it looked at when it fails, and the verdict table (golive/runner.py)
only reads those records:

- an expectation that read a neighbour blames that neighbour (`observes("finance")` on `expect_fee`; the
  `observing(...)` block inside a check that reads two) — the *integration* with that neighbour failed;
- an expectation about the SUT's own answers or records blames the SUT (`SUT`: its own API, no integration);
- a contract breach blames the integration whose contract was broken (golive.failures.ContractBreach carries them);
- a simulator that did not answer blames the harness (`HARNESS`): nothing can be said about the SUT;
- a feature-file mistake (undefined step, bad parameter, unknown keyword) is the scenario's own (`SCENARIO`);
- anything else raised by a step is a bug in the harness's step or driver (`HARNESS`).

A failure nobody attributed is `UNATTRIBUTED`, shown as such (never guessed); tests/test_blame.py fails on an
`expect_*` check without a declared party. The record travels as the test's user property `golive.blame` (JUnit
`<property>`, an Allure label), so pytest-xdist and the report agree with the console.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from simulators import registry

TOUCHED = "golive.touched"  # the user property holding the systems a scenario exchanged with (its coverage)
PROPERTY = "golive.blame"  # the user property (and JUnit property, Allure label) holding the parties, comma-separated
SUT = "sygesikring"  # the system under test's own answers and records (no neighbour involved)
HARNESS = "harness"  # a simulator that did not answer, or a bug in a step or driver: no verdict on the SUT
SCENARIO = "scenario"  # the feature file's own mistake: undefined step, bad parameter, unknown keyword
UNATTRIBUTED = "unattributed"  # a failing check that did not say what it looked at
HINT = "golive.blame-hint"  # the user property with a hint beside the blame (below); the blame itself stands
# A check that failed against the reference SUT committing no defect. The blame stays the check's own (the reference
# SUT in this checkout may be the one that is wrong: a defect written into it, or a rule changed), but a test manager
# is told that an expectation the rules do not say is the likelier mistake when the reference SUT is unchanged.
REFERENCE_DISAGREES = (
    "the reference SUT (no catalogue defect switched on) fails this check too: unless its code was changed, the "
    "feature file expects something DOMAIN.md does not say; compare the step with docs/STEPS.md and DOMAIN.md"
)
ATTRIBUTE = "golive_blame"  # set on an exception: the parties it blames

F = TypeVar("F", bound=Callable[..., Any])


def parties() -> list[str]:
    """Every party a failure can blame, the integrations (registry order) first."""
    return [*registry.neighbours(), SUT, HARNESS, SCENARIO, UNATTRIBUTED]


def label(party: str) -> str:
    """How a reader sees a party: the system's display name, or a word for the others."""
    names = {s.name: s.display for s in registry.systems()}
    return names.get(
        party,
        {
            SUT: "Sygesikring (own answers)",
            HARNESS: "Harness",
            SCENARIO: "Feature file",
            UNATTRIBUTED: "unattributed",
        }.get(party, party),
    )


def attribute(exc: BaseException, *blamed: str) -> BaseException:
    """Record on the exception whom it blames, unless a closer look already did (the innermost check wins)."""
    if not getattr(exc, ATTRIBUTE, None):
        setattr(exc, ATTRIBUTE, tuple(dict.fromkeys(blamed)))
    return exc


@contextlib.contextmanager
def observing(party: str) -> Iterator[None]:
    """Inside this block, a failed check (AssertionError) blames `party`."""
    try:
        yield
    except AssertionError as exc:
        attribute(exc, party)
        raise


def observes(party: str | Callable[..., str]) -> Callable[[F], F]:
    """Declare what a check looks at: a failed assertion inside it blames `party` (or `party(*args)`, for a check
    whose neighbour is a parameter). The declaration is kept on the function (`golive_observes`) so a test can ask
    every `expect_*` for one."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def check(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except AssertionError as exc:
                attribute(exc, party(*args, **kwargs) if callable(party) else party)
                raise

        check.golive_observes = party  # type: ignore[attr-defined]
        return check  # type: ignore[return-value]

    return wrap


def of(exc: BaseException | None) -> tuple[str, ...]:
    """The parties a failure blames, from its record or its kind (see the module docstring); () for no failure."""
    if exc is None:
        return ()
    recorded = getattr(exc, ATTRIBUTE, None)  # a check's record, or its class's (HarnessError, FeatureFileMistake)
    if recorded:
        return tuple(recorded)
    if _is_undefined_step(exc):
        return (SCENARIO,)
    if isinstance(exc, AssertionError):
        return (UNATTRIBUTED,)
    return (HARNESS,)


def _is_undefined_step(exc: BaseException) -> bool:
    try:
        from pytest_bdd.exceptions import StepDefinitionNotFoundError
    except ImportError:  # pragma: no cover - pytest-bdd is a dependency
        return False
    return isinstance(exc, StepDefinitionNotFoundError)


def reference_hint(blamed: tuple[str, ...], clean_reference: bool) -> str | None:
    """The hint beside a failure against the reference SUT committing no defect that blames the SUT or an
    integration (REFERENCE_DISAGREES); None for any other."""
    if clean_reference and set(blamed) - {HARNESS, SCENARIO, UNATTRIBUTED}:
        return REFERENCE_DISAGREES
    return None


def encode(blamed: Iterable[str]) -> str:
    return ",".join(dict.fromkeys(blamed))


def decode(text: str | None) -> tuple[str, ...]:
    return tuple(p for p in (text or "").split(",") if p)
