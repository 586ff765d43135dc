"""Locust users that act as citizens through the SUT's contract: register with the municipality, choose the window's
doctor, order a replacement card, or report a move in E-flyt — one citizen of the plan after another.

Run by Locust only (`locust -f golive/load/locustfile.py`, which `golive load` starts in processes of their own):
Locust patches the standard library with gevent, so this module is never imported by the harness or by pytest.

Where the citizens come from, in Locust's own terms:

- one process (`LocalRunner`): it reads the plan file (env GOLIVE_LOAD_PLAN) and its users take citizens from it;
- distributed (`--master` and `--worker`s, on this machine or others): only the master reads the plan; a worker asks
  the master for a batch of citizens when its users have none left (Locust's custom messages, `golive:need` →
  `golive:batch`), so no two workers ever act as the same citizen and a worker on another machine needs no file.
  Each worker sends what its citizens were answered back to the master (`golive:outcomes`), and says when it has
  no citizen left (`golive:done`); the master ends the run when every worker has.

What each citizen was told is written by the master (or the single process) as JSON lines to GOLIVE_LOAD_OUTCOMES:
the invariants after the run compare it with what the neighbours hold. A business refusal the window expects (the
practice is full: 409 closed-practice) counts as a success in Locust's statistics; every other refusal, a 5xx or
no answer at all is a failure there, named by its kind ("409 citizen-exists", "0 no answer").
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

import gevent
from gevent.event import Event
from locust import FastHttpUser, constant, events, task
from locust.exception import StopUser
from locust.runners import MasterRunner, WorkerRunner

from golive import settings

NEED, BATCH, OUTCOMES, DONE = "golive:need", "golive:batch", "golive:outcomes", "golive:done"
FLUSH_EVERY = 200  # outcomes a worker sends the master at a time
# Locust rewrites its CSV once a second (stats.CSV_STATS_INTERVAL_SEC) and not again when it quits: the run ends this
# long after the last answer, so the CSV holds the final figures.
QUIT_AFTER_S = 1.5
EXPECTED_REFUSALS = {"chooseDoctor": {"closed-practice"}, "createMove": set()}
USER_AGENT = "golive-load/1 (Locust)"
# The window opens when every user has been started, on every worker at once (Locust's spawning_complete, which the
# master sends each worker): until then users register their citizens and wait, so the choices race from one moment.
WINDOW_OPEN = Event()
WINDOW_WAIT_S = 120.0  # [design] a window that never opens (a lost message) must not hang the run: choose anyway


@events.spawning_complete.add_listener
def _window_opens(**_: Any) -> None:
    WINDOW_OPEN.set()


class Supply:
    """This process's citizens: handed to its users one at a time, refilled from the master in distributed mode."""

    def __init__(self) -> None:
        self.queue: deque[dict[str, Any]] = deque()
        self.exhausted = False
        self.busy = 0
        self.finished = False
        self.asking: Event | None = None
        self.outcomes: list[dict[str, Any]] = []
        self.environment: Any = None
        self.sink: Any = None  # the outcomes file (single process or master)
        self.urls: dict[str, str] = {}

    @property
    def worker(self) -> bool:
        return isinstance(getattr(self.environment, "runner", None), WorkerRunner)

    def take(self) -> dict[str, Any] | None:
        while not self.queue and not self.exhausted:
            if self.asking is None:
                self.asking = Event()
                self.environment.runner.send_message(NEED, {"batch": settings.load_batch()})
            self.asking.wait()
        if not self.queue:
            return None
        self.busy += 1
        return self.queue.popleft()

    def receive(self, citizens: list[dict[str, Any]], urls: dict[str, str]) -> None:
        self.urls.update(urls)
        if citizens:
            self.queue.extend(citizens)
        else:
            self.exhausted = True
        asking, self.asking = self.asking, None
        if asking is not None:
            asking.set()

    def done(self, outcomes: list[dict[str, Any]]) -> None:
        self.busy -= 1
        self.record(outcomes)
        self.check_finished()

    def record(self, outcomes: list[dict[str, Any]]) -> None:
        if self.sink is not None:
            write(self.sink, outcomes)
            return
        self.outcomes.extend(outcomes)
        if len(self.outcomes) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if self.outcomes and self.worker:
            self.environment.runner.send_message(OUTCOMES, {"outcomes": self.outcomes})
            self.outcomes = []

    def check_finished(self) -> None:
        if self.finished or not self.exhausted or self.queue or self.busy:
            return
        self.finished = True
        if self.worker:
            self.flush()
            send_stats = getattr(self.environment.runner, "_send_stats", None)
            if send_stats is not None:  # the last figures to the master now, not at the next 3 s report
                send_stats()
            self.environment.runner.send_message(DONE, {})
        else:
            gevent.spawn_later(QUIT_AFTER_S, self.environment.runner.quit)


SUPPLY = Supply()


def write(sink: Any, outcomes: list[dict[str, Any]]) -> None:
    sink.write("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in outcomes))
    sink.flush()


class Dispenser:
    """The master's (or single process's) side: the plan's citizens, handed out in batches."""

    def __init__(self, plan: dict[str, Any]) -> None:
        self.citizens = deque(plan["citizens"])
        self.urls = dict(plan.get("urls") or {})
        self.done: set[str] = set()

    def batch(self, size: int) -> list[dict[str, Any]]:
        return [self.citizens.popleft() for _ in range(min(size, len(self.citizens)))]


@events.init.add_listener
def _on_init(environment: Any, **_: Any) -> None:
    SUPPLY.environment = environment
    runner = environment.runner
    if isinstance(runner, WorkerRunner):
        runner.register_message(
            BATCH, lambda environment, msg, **_: SUPPLY.receive(msg.data["citizens"], msg.data["urls"])
        )
        return
    plan_path, outcomes_path = settings.load_plan(), settings.load_outcomes()
    if not plan_path or not outcomes_path:
        raise SystemExit("golive load: GOLIVE_LOAD_PLAN and GOLIVE_LOAD_OUTCOMES must name the plan and outcomes files")
    with open(plan_path, encoding="utf-8") as handle:
        dispenser = Dispenser(json.load(handle))
    sink = open(outcomes_path, "a", encoding="utf-8")  # noqa: SIM115  (open for the whole run, closed at exit)
    if isinstance(runner, MasterRunner):

        def need(environment: Any, msg: Any, **_: Any) -> None:
            citizens = dispenser.batch(int(msg.data.get("batch", 50)))
            runner.send_message(BATCH, {"citizens": citizens, "urls": dispenser.urls}, client_id=msg.node_id)

        def done(environment: Any, msg: Any, **_: Any) -> None:
            dispenser.done.add(msg.node_id)
            if len(dispenser.done) >= runner.worker_count:
                gevent.spawn_later(QUIT_AFTER_S, runner.quit)

        runner.register_message(NEED, need)
        runner.register_message(OUTCOMES, lambda environment, msg, **_: write(sink, msg.data["outcomes"]))
        runner.register_message(DONE, done)
        return
    SUPPLY.sink = sink  # one process: no master to ask, every citizen is here
    SUPPLY.receive(dispenser.batch(len(dispenser.citizens)), dispenser.urls)
    SUPPLY.exhausted = True


class Borger(FastHttpUser):
    """A citizen (borger) at the self-service: one citizen of the plan at a time, no think time (a window opening)."""

    wait_time = constant(0)

    @task
    def act(self) -> None:
        citizen = SUPPLY.take()
        if citizen is None:
            SUPPLY.check_finished()
            raise StopUser()
        outcomes: list[dict[str, Any]] = []
        try:
            cpr = citizen["cpr"]
            if "move" in citizen:
                outcomes.append(self.report_move(citizen))
                return
            registered = self.call("registerCitizen", "/citizens", citizen["registration"], cpr)
            outcomes.append(registered)
            if registered["status"] != 201:
                return
            WINDOW_OPEN.wait(WINDOW_WAIT_S)
            outcomes.append(self.call("chooseDoctor", f"/citizens/{cpr}/laegevalg", self.choice(citizen), cpr))
            if citizen.get("card"):
                outcomes.append(self.call("orderHealthCard", f"/citizens/{cpr}/healthcards", {"reason": "lost"}, cpr))
        finally:
            SUPPLY.done(outcomes)

    def choice(self, citizen: dict[str, Any]) -> dict[str, Any]:
        return {"ydernummer": SUPPLY.urls["ydernummer"], **citizen["choice"]}

    def report_move(self, citizen: dict[str, Any]) -> dict[str, Any]:
        body = {
            "cpr": citizen["cpr"],
            **citizen["move"],
            "coMovers": [],
            "doctorChoice": {"ydernummer": SUPPLY.urls["ydernummer"]},
        }
        return self.call("createMove", SUPPLY.urls["eflyt"] + "/moves", body, citizen["cpr"])

    def call(self, operation: str, path: str, body: dict[str, Any], cpr: str) -> dict[str, Any]:
        """One request of the citizen's; what they were told, as the invariants read it."""
        headers = {"X-Correlation-Id": f"load-{cpr}", "user-agent": USER_AGENT}
        with self.client.post(path, json=body, name=operation, headers=headers, catch_response=True) as response:
            status = int(response.status_code or 0)
            document = _json(response)
            kind = _kind(status, document)
            outcome = {"cpr": cpr, "op": operation, "status": status, "kind": kind}
            if isinstance(document, dict):
                fee = document.get("fee") or {}
                if fee and not fee.get("free") and int(fee.get("amountOre") or 0) > 0:
                    outcome["feeOre"] = int(fee["amountOre"])
                if "caseId" in document:
                    outcome["caseId"] = document["caseId"]
                if "ydernummer" in document:
                    outcome["ydernummer"] = document["ydernummer"]
            if 200 <= status < 300 or kind in EXPECTED_REFUSALS.get(operation, ()):
                response.success()
            else:
                response.failure(f"{status} {kind}")
        return outcome


def _json(response: Any) -> Any:
    try:
        return response.json()
    except Exception:  # no body, not JSON, or no answer at all: the kind says which
        return None


def _kind(status: int, document: Any) -> str:
    """2xx: the answer's own status (registered, pending, ordered, …); a problem: its type's slug; else why not."""
    if status == 0:
        return "no answer"
    if isinstance(document, dict):
        if 200 <= status < 300:
            return str(document.get("status") or "answered")
        problem = str(document.get("type") or "")
        if problem:
            return problem.rsplit(":", 1)[-1].rsplit("/", 1)[-1]
    return "answered" if 200 <= status < 300 else "not problem+json"
