"""Run the explorer for a budget: chunks of examples, each chunk seeded, a failure shrunk and kept as a `Finding`.

Determinism: a chunk is Hypothesis run with `@seed(chunk_seed)`, `database=None` and a World seeded with the same
number, so a chunk is a pure function of (chunk seed, examples per chunk, steps per example, defects). The budget
only decides how many chunks run (seed, seed + CHUNK_SEED_STRIDE, ...); a finding names the chunk's seed, and
`golive explore --seed <that> --max-examples <n>` replays it exactly.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import FlakyFailure
from hypothesis.stateful import run_state_machine_as_test

from golive import blame
from golive.explore.budgets import (
    CHUNK_SEED_STRIDE,
    DEFAULT_BUDGET_S,
    EXAMPLES_PER_CHUNK,
    STEPS_PER_EXAMPLE,
    VENDOR_EXAMPLES_PER_CHUNK,
)
from golive.explore.machine import Exploration, Vendor
from golive.explore.observe import Discrepancy
from golive.explore.statistics import Tally
from golive.settings import SUT_DEFECTS, sut_defects


@dataclass
class Finding:
    seed: int
    examples: int
    steps: int
    defects: tuple[str, ...]
    sut_url: str | None
    message: str
    blamed: tuple[str, ...]
    trace: list[tuple[str, str]]
    unpredicted: list[str] = field(default_factory=list)
    neighbour: str | None = None
    predicted: object = None
    observed: object = None

    def replay_command(self) -> str:
        """The command that finds it again: with --defects, and with the defects the environment switched on (as
        golive/replay.py does for a run: a replay without them runs clean and "cannot reproduce")."""
        command = f"golive explore --seed {self.seed} --max-examples {self.examples} --steps {self.steps}"
        if self.sut_url:
            command += f" --sut-url {self.sut_url}"
        switched_on = sut_defects()
        prefix = f"{SUT_DEFECTS}={','.join(switched_on)} " if switched_on else ""
        return prefix + command + (f" --defects {','.join(self.defects)}" if self.defects else "")


@dataclass
class Result:
    seed: int
    chunks: int = 0
    examples: int = 0
    actions: int = 0
    elapsed_s: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    steps: Tally = field(default_factory=Tally)  # the steps run (golive/explore/statistics.py)

    @property
    def actions_per_s(self) -> float:
        return self.actions / self.elapsed_s if self.elapsed_s else 0.0


def run_chunk(
    chunk_seed: int,
    examples: int,
    steps: int = STEPS_PER_EXAMPLE,
    defects: tuple[str, ...] = (),
    shrink: bool = True,
    vendor: Vendor | None = None,
    tally: Tally | None = None,
) -> tuple[Finding | None, int, int]:
    """One seeded chunk: the shrunk failure as a Finding (or None), the examples run and the actions taken.
    shrink=False: the first failure as found (when only "caught or not" matters: shrinking has no time bound)."""
    machine = Exploration.configure(chunk_seed, defects, vendor)
    shrink = shrink and vendor is None  # a vendor's SUT cannot be put back: no failing run replays exactly
    configured = settings(
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.explicit, Phase.generate, Phase.shrink) if shrink else (Phase.explicit, Phase.generate),
        print_blob=False,
        report_multiple_bugs=False,
    )
    try:
        run_state_machine_as_test(hypothesis_seed(chunk_seed)(_factory(machine)), settings=configured)  # type: ignore[arg-type]  # any factory will do
        _tally(tally, machine.steps)
        return None, machine.examples, machine.actions
    except Exception as exc:  # any failure is a finding: a Discrepancy, a refused registration, a crash
        session = machine.last
        if vendor is not None and isinstance(exc, FlakyFailure) and exc.exceptions:
            # A vendor's SUT keeps every example's people, so Hypothesis' replay of the failure met another world
            # and went elsewhere: the failure is the first run's, as it happened (its session is the one before).
            exc, session = exc.exceptions[0], machine.previous or session
        finding = Finding(
            seed=chunk_seed,
            examples=examples,
            steps=steps,
            defects=tuple(defects),
            sut_url=vendor.sut_url if vendor else None,
            message=str(exc) or type(exc).__name__,
            blamed=blame.of(exc) or (blame.UNATTRIBUTED,),
            trace=list(session.trace) if session else [],
            unpredicted=list(session.unpredicted) if session else [],
            neighbour=getattr(exc, "neighbour", None) if isinstance(exc, Discrepancy) else None,
            predicted=getattr(exc, "predicted", None),
            observed=getattr(exc, "observed", None),
        )
        _tally(tally, machine.steps)
        return finding, machine.examples, machine.actions


def _factory(machine: type[Exploration]) -> Callable[[], Exploration]:
    """The chunk's machine behind a plain function. Why: Hypothesis hashes the source of what it is given (a key for
    its example database, which the explorer does not use); for the class made per chunk that meant parsing
    machine.py and cleaning the class's source, ~65 ms a chunk, a tenth of a short exploration's time."""

    def new_example() -> Exploration:
        return machine()

    return new_example


def _tally(tally: Tally | None, steps: Tally) -> None:
    if tally is not None:
        tally.merge(steps)


def explore(
    seed: int,
    budget_s: float = DEFAULT_BUDGET_S,
    max_examples: int | None = None,
    defects: tuple[str, ...] = (),
    steps: int = STEPS_PER_EXAMPLE,
    shrink: bool = True,
    vendor: Vendor | None = None,
    workers: int = 1,
) -> Result:
    """Chunks from `seed` on until a finding or the budget is spent (with max_examples: exactly one chunk of that
    many examples, whatever the budget). workers > 1: that many chunks at once, each in a process of its own
    (in-process worlds only; a vendor's SUT is one shared world)."""
    if workers > 1 and vendor is None and max_examples is None:
        return _explore_in_parallel(seed, budget_s, defects, steps, shrink, workers)
    result = Result(seed=seed)
    started = time.perf_counter()
    chunk_seed = seed
    while True:
        examples = max_examples or (EXAMPLES_PER_CHUNK if vendor is None else VENDOR_EXAMPLES_PER_CHUNK)
        finding, ran, actions = run_chunk(chunk_seed, examples, steps, defects, shrink, vendor, result.steps)
        result.chunks += 1
        result.examples += ran
        result.actions += actions
        if finding is not None:
            result.findings.append(finding)
        if finding is not None or max_examples is not None or time.perf_counter() - started >= budget_s:
            break
        chunk_seed += CHUNK_SEED_STRIDE
    result.elapsed_s = time.perf_counter() - started
    return result


def _chunk_in_worker(
    index: int, chunk_seed: int, steps: int, defects: tuple[str, ...], shrink: bool
) -> tuple[int, Finding | None, int, int, Tally]:
    tally = Tally()
    finding, ran, actions = run_chunk(chunk_seed, EXAMPLES_PER_CHUNK, steps, defects, shrink, None, tally)
    return index, finding, ran, actions, tally


def _explore_in_parallel(
    seed: int, budget_s: float, defects: tuple[str, ...], steps: int, shrink: bool, workers: int
) -> Result:
    """The same chunks as one after another (seed, seed + CHUNK_SEED_STRIDE, ...), `workers` of them at a time, each
    in a forked process (it inherits the loaded modules; every chunk builds its own worlds). Why it stays
    deterministic: chunks are pure functions of their seeds and are handed out in order; once one finds something
    no further chunk starts, every chunk handed out finishes, and the finding reported is the one of the lowest
    chunk: the very chunk a run one after another would have stopped at, given the time."""
    result = Result(seed=seed)
    started = time.perf_counter()
    done: dict[int, tuple[Finding | None, int, int]] = {}
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: set[Future] = set()
        handed_out = 0

        def hand_out() -> None:
            nonlocal handed_out
            chunk_seed = seed + handed_out * CHUNK_SEED_STRIDE
            pending.add(pool.submit(_chunk_in_worker, handed_out, chunk_seed, steps, defects, shrink))
            handed_out += 1

        for _ in range(workers):
            hand_out()
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                index, finding, ran, actions, tally = future.result()
                done[index] = (finding, ran, actions)
                result.steps.merge(tally)
            found = any(finding is not None for finding, _, _ in done.values())
            while not found and len(pending) < workers and time.perf_counter() - started < budget_s:
                hand_out()
    for index in sorted(done):
        finding, ran, actions = done[index]
        result.chunks += 1
        result.examples += ran
        result.actions += actions
        if finding is not None and not result.findings:
            result.findings.append(finding)
    result.elapsed_s = time.perf_counter() - started
    return result
