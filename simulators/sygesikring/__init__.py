"""The reference SUT: the municipal sygesikring system as an executable specification of DOMAIN.md.

It implements contracts/sygesikring.openapi.yaml through the same kernel as the simulators, and calls its
neighbours (Luna, Finance, CPR, the Servicebus, E-flyt, MinLog) over HTTP at the base URLs in its settings — in
process in tests, over loopback with `golive up`. A vendor replaces it with their own system; the harness
then runs the same scenarios against theirs. Its settings' `defects` switch on named integration defects
(defects.py), for proving that the harness catches them.
"""

from __future__ import annotations

from typing import Any

from simulators.core import Simulator
from simulators.core.environment import Environment

from . import config
from .api import HANDLERS
from .defects import Defects
from .model import SygesikringModel
from .neighbours import Neighbours
from .worker import Worker

NAME = config.NAME
SETTINGS = (
    "lunaBaseUrl",
    "servicebusBaseUrl",
    "financeBaseUrl",
    "eflytBaseUrl",
    "cprBaseUrl",
    "minlogBaseUrl",
    "selfBaseUrl",
    "systemCertificate",
    "serverCa",
    "defects",
)


def create(env: Environment | None = None) -> Simulator:
    env = env or Environment()
    # Only the keys of the contract's Settings schema: a world hands everyone the same wiring.
    settings: dict[str, Any] = {"defects": [], **{k: v for k, v in env.settings.items() if k in SETTINGS}}
    defects = Defects(settings["defects"])
    publisher = env.publisher(NAME, settings)  # sends to settings["servicebusBaseUrl"], read at each publish
    # Receipts through an outbox of their own (a slow E-flyt must not hold up bus events); a case's receipts leave
    # one at a time, in the order they were made (Neighbours' lanes).
    receipts = env.outbox("sygesikring: receipts to E-flyt")
    neighbours = Neighbours(env.network, settings, defects, publisher=publisher, outbox=receipts)
    worker = Worker(env.scheduler)
    model = SygesikringModel(
        clock=env.clock,
        neighbours=neighbours,
        defects=defects,
        runner=worker,
        monotonic=env.scheduler.now,
        new_id=env.scheduler.new_id,
    )

    def tick() -> None:  # the worker's periodic sweep
        neighbours.ensure_subscriptions()  # the bus may have come up after the SUT
        model.caseworker.nightly_batch_if_due()  # once per virtual day
        if model.has_pending():
            model.retry_pending()

    worker.tick = tick

    def apply(current: dict[str, Any]) -> None:
        defects.set(current.get("defects") or [])  # names were checked against the Settings enum by the admin API

    simulator = env.simulator(NAME, model, HANDLERS, settings=settings, on_settings=apply, publisher=publisher)
    publisher.simulator = simulator
    neighbours.record = simulator.record_delivery
    neighbours.record_attempt = simulator.record_attempt
    certificates = neighbours.certificates  # its bus alerts: the normal publishing path, virtual time, waiting work
    certificates.publish, certificates.now = neighbours.publish, env.clock.now
    certificates.backlog = lambda: len(model.state.jobs) + sum(1 for q in neighbours.pending() if q.get("ticket"))
    worker.start()
    neighbours.ensure_subscriptions()  # best effort now; retried on every request until the bus answers
    return simulator
