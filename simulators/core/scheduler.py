"""One scheduler owns time and concurrency in a world (ARCHITECTURE.md principle 8).

Everything a simulator or the reference SUT does on its own — an outbox delivery and its back-off, a bus push or
redelivery, a held (reordered) message, the SUT's move-case jobs and its sweep of queued work — is an *event*: an
action due at a moment of the scheduler's time, ordered by (due, sequence number). Two drivers share that face:

- `VirtualScheduler` (in-process worlds): no thread, no sleep. Time is a number that jumps to the next event's due
  moment; `run_until_idle()` runs the queue until no work is left, exactly, so "settled" is a fact and not a quiet
  window. Latency, back-off and a hung neighbour *elapse* virtual time (`elapse`), so a resilience scenario takes
  milliseconds. Same seed, same order of events, same trace.
- `RealTimeScheduler` (a world served on loopback, `golive up`): the same events, run by a small pump on wall time,
  because a vendor's SUT on the other side of a socket cannot be stepped.

Two kinds of event: *work* (must happen: a delivery, a retry, a job) and *daemon* (periodic housekeeping, such as
the SUT's sweep of what a neighbour could not take). Work keeps `run_until_idle` going; a daemon event does not —
it runs when it falls due between work events, and once per `housekeeping()` round, which is how a sweep gets its
look at a world where nothing else is left to do (a neighbour came back: the sweep finds it).

The scheduler also hands out the world's identifiers (`new_id`): seeded and counted in a virtual world, so two runs
with one seed name their cases, messages and jobs alike; random in a served one, whose ids may meet a vendor's
system that keeps state between runs.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import threading
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from . import settings as defaults

# [design] Wall-clock stamps of a virtual world start here: journal `at` values read as "run time since start".
VIRTUAL_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
STAMP_TICK_S = 1e-6  # every stamp moves virtual time on by a microsecond: stamps are unique and ordered


class Runaway(RuntimeError):
    """A world that keeps scheduling work and never settles: the message names who keeps scheduling."""


@dataclass(order=True)
class Event:
    due: float
    seq: int
    name: str = field(compare=False)
    action: Callable[[], None] = field(compare=False, repr=False)
    daemon: bool = field(compare=False, default=False)
    cancelled: bool = field(compare=False, default=False)
    round: int = field(compare=False, default=-1)  # the housekeeping round that made it (daemon events)

    __hash__ = object.__hash__  # (due, seq) is unique: equal means identical, so identity hashes alike

    def cancel(self) -> None:
        self.cancelled = True


class Scheduler:
    """What simulators, outboxes and the SUT use; the drivers below decide how time passes."""

    virtual = False

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.errors: list[str] = []  # actions that raised: kept for /__admin/state, never lost, never fatal
        self._heap: list[Event] = []  # ordered by (due, seq)
        self._seq = itertools.count()
        self._ids = itertools.count(1)
        self._id_base = int.from_bytes(hashlib.blake2b(f"golive:{seed}".encode(), digest_size=16).digest(), "big")

    # -- time --------------------------------------------------------------------------------------------
    def now(self) -> float:  # seconds of this scheduler's time
        raise NotImplementedError

    def stamp(self) -> datetime:
        """The moment to write on a journal entry (`at`)."""
        raise NotImplementedError

    def elapse(self, seconds: float) -> None:
        """Time passes for the caller (a neighbour's latency, a back-off, a hang until the caller's timeout)."""
        raise NotImplementedError

    def advance(self, seconds: float) -> None:
        """The world's clock was moved on: what falls due in that span runs."""
        raise NotImplementedError

    # -- events --------------------------------------------------------------------------------------------
    def call_later(self, delay_s: float, action: Callable[[], None], name: str, daemon: bool = False) -> Event:
        raise NotImplementedError

    def call_soon(self, action: Callable[[], None], name: str) -> Event:
        return self.call_later(0.0, action, name)

    def close(self) -> None:
        pass

    # -- identifiers -------------------------------------------------------------------------------------------
    def new_id(self) -> str:
        return str(uuid.uuid4())

    def _run(self, event: Event) -> None:
        try:
            event.action()
        except Exception as exc:  # a bug in one job must not stop the world; it is kept and shown
            self.errors.append(f"{event.name}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}")
            del self.errors[:-100]


class VirtualScheduler(Scheduler):
    """A deterministic event queue on virtual time: single-threaded, exact, replayable."""

    virtual = True

    def __init__(self, seed: int = 0, max_events: int = defaults.MAX_EVENTS_PER_SETTLE) -> None:
        super().__init__(seed)
        self.max_events = max_events
        self._t = 0.0
        self._running = False
        self._round = 0
        self.executed = 0  # events run so far (benchmarks, the runaway guard's report)

    def now(self) -> float:
        return self._t

    def stamp(self) -> datetime:
        self._t += STAMP_TICK_S
        return VIRTUAL_EPOCH + timedelta(seconds=self._t)

    def elapse(self, seconds: float) -> None:
        # The caller holds the world's one thread: nothing else runs meanwhile; what fell due runs next, in order.
        if seconds > 0:
            self._t += seconds

    def new_id(self) -> str:
        return str(uuid.UUID(int=(self._id_base + next(self._ids)) % (1 << 128), version=4))

    def call_later(self, delay_s: float, action: Callable[[], None], name: str, daemon: bool = False) -> Event:
        event = Event(self._t + max(0.0, delay_s), next(self._seq), name, action, daemon, round=self._round)
        heapq.heappush(self._heap, event)
        return event

    # -- running -----------------------------------------------------------------------------------------------
    def _live(self) -> Iterator[Event]:
        return (e for e in self._heap if not e.cancelled)

    def has_work(self) -> bool:
        return any(not e.daemon for e in self._live())

    def pending(self) -> list[str]:
        """The names of the events still queued, in due order (for messages and /__admin/state)."""
        return [e.name for e in sorted(self._live())]

    def _pop(self) -> Event | None:
        while self._heap:
            event = heapq.heappop(self._heap)
            if not event.cancelled:
                return event
        return None

    def run_until_idle(self, until: Callable[[], bool] | None = None) -> bool:
        """Run work events (and the daemon events due among them) until no work is left, or `until()` holds.

        Returns whether `until()` held (True when there is no condition). Raises Runaway past `max_events`."""
        if self._running:  # called from inside an event: the outer run carries on with the queue
            return until() if until else True
        self._running = True
        try:
            ran: Counter[str] = Counter()
            while True:
                if until is not None and until():
                    return True
                if not self.has_work():
                    return until() if until is not None else True
                event = self._pop()
                if event is None:
                    return until() if until is not None else True
                self._execute(event, ran)
        finally:
            self._running = False

    def housekeeping(self) -> int:
        """One round of the periodic sweeps: every daemon event queued now runs once, at the current time.

        Returns how many ran. Events they schedule (a retry, a delivery) are left for `run_until_idle`."""
        if self._running:
            return 0
        self._round += 1
        due = [e for e in self._live() if e.daemon and e.round < self._round]
        self._heap = [e for e in self._heap if not (e.daemon and not e.cancelled and e.round < self._round)]
        heapq.heapify(self._heap)
        self._running = True
        try:
            for event in sorted(due):
                self.executed += 1
                self._run(event)
        finally:
            self._running = False
        return len(due)

    def settle(self, until: Callable[[], bool] | None = None) -> bool:
        """Everything the world will do without time being moved on: work to the end, one housekeeping round (a
        sweep looks at the settled world), and the work that round caused. True when `until()` held (or none given)."""
        if self.run_until_idle(until) and until is not None:
            return True
        self.housekeeping()
        return self.run_until_idle(until)

    def advance(self, seconds: float) -> None:
        """Run every event due within `seconds` from now, in order; each daemon event at most once (a sweep every
        quarter second over fourteen days would be 4.8 million sweeps of a world that changes only at the ends)."""
        if seconds <= 0:
            return
        target = self._t + seconds
        if self._running:
            self._t = max(self._t, target)
            return
        self._round += 1
        this_round = self._round
        self._running = True
        deferred: list[Event] = []  # daemon events this advance already ran once: they wait for the next
        try:
            ran: Counter[str] = Counter()
            while self._heap and self._heap[0].due <= target:
                event = heapq.heappop(self._heap)
                if event.cancelled:
                    continue
                if event.daemon and event.round == this_round:
                    deferred.append(event)
                    continue
                self._execute(event, ran)
            self._t = max(self._t, target)
        finally:
            for event in deferred:
                heapq.heappush(self._heap, event)
            self._running = False

    def _execute(self, event: Event, ran: Counter[str]) -> None:
        """Run one event at its due time, counting it against the runaway guard of the wait it belongs to."""
        self._t = max(self._t, event.due)
        self.executed += 1
        ran[event.name] += 1
        if sum(ran.values()) > self.max_events:
            raise Runaway(self._runaway_message(ran))
        self._run(event)

    def _runaway_message(self, ran: Counter[str]) -> str:
        top = ", ".join(f"{name} ×{n}" for name, n in ran.most_common(3))
        return (
            f"the world did not settle: more than {self.max_events} events ran in one wait, most by: {top}. "
            f"Something keeps scheduling work (a retry that never ends, a loop between two systems)."
        )

    def close(self) -> None:
        for event in self._heap:
            event.cancel()
        self._heap.clear()


class RealTimeScheduler(Scheduler):
    """The same events on wall time, for a world served over loopback: a few pump threads run what is due.

    Started on the first event, so a world that never schedules anything starts no thread. `advance` moves this
    scheduler's time on (the world's clock jumped): what falls due runs at once, as it would have."""

    def __init__(self, seed: int = 0, workers: int = defaults.REALTIME_WORKERS) -> None:
        super().__init__(seed)
        self.workers = workers
        self._skew = 0.0
        self._cond = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._busy = 0
        self._closed = False

    def now(self) -> float:
        return time.monotonic() + self._skew

    def stamp(self) -> datetime:
        return datetime.now(UTC)

    def elapse(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)  # real time: a served neighbour's latency is real

    def advance(self, seconds: float) -> None:
        if seconds > 0:
            with self._cond:
                self._skew += seconds
                self._cond.notify_all()

    def call_later(self, delay_s: float, action: Callable[[], None], name: str, daemon: bool = False) -> Event:
        with self._cond:
            if self._closed:
                raise RuntimeError("the scheduler is closed")
            event = Event(self.now() + max(0.0, delay_s), next(self._seq), name, action, daemon)
            heapq.heappush(self._heap, event)
            if not self._threads:
                for n in range(self.workers):
                    thread = threading.Thread(target=self._pump, name=f"golive-pump-{n}", daemon=True)
                    thread.start()
                    self._threads.append(thread)
            self._cond.notify()
            return event

    def has_work(self) -> bool:
        with self._cond:
            return self._busy > 0 or any(not e.daemon and not e.cancelled for e in self._heap)

    def pending(self) -> list[str]:
        with self._cond:
            return [e.name for e in sorted(self._heap) if not e.cancelled]

    def wait_idle(self, timeout_s: float = 10.0) -> bool:
        """Wait, with a deadline, until no work is queued or running."""
        deadline = time.monotonic() + timeout_s
        with self._cond:
            while self._busy or any(not e.daemon and not e.cancelled for e in self._heap):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.05))
        return True

    def _pump(self) -> None:
        while True:
            with self._cond:
                while not self._closed and (not self._heap or self._heap[0].due > self.now()):
                    if self._heap and self._heap[0].cancelled:
                        heapq.heappop(self._heap)
                        continue
                    self._cond.wait((self._heap[0].due - self.now()) if self._heap else None)
                if self._closed:
                    return
                event = heapq.heappop(self._heap)
                if event.cancelled:
                    continue
                self._busy += 1
            try:
                self._run(event)
            finally:
                with self._cond:
                    self._busy -= 1
                    self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._heap.clear()
            self._cond.notify_all()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=5)
        self._threads = []
