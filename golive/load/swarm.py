"""Locust, started the way its users run it: one process, or a master with workers (Locust's distributed mode).

Why subprocesses: Locust patches the standard library with gevent when imported, which must never touch the
harness or pytest; and its own master/worker protocol is what spreads load over cores and machines — golive adds
no runner of its own. `golive load` starts `locust -f golive/load/locustfile.py --headless …` (or `--master` plus N
`--worker`s on this machine), waits for the master with a deadline, and reads Locust's CSV and HTML afterwards.
Workers on other machines join with `golive load --worker --master-host HOST` (that is `locust --worker`).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from golive import settings
from golive.config import ROOT

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
DEFAULT_MASTER_PORT = 5557  # Locust's own default
STOP_GRACE_S = 10.0  # [design] after the deadline, how long Locust gets to write its reports before it is killed
WORKER_WAIT_S = 60  # [design] how long a master waits for the workers it expects


@dataclass
class Swarm:
    """What Locust left: its exit code, how long it ran, its reports and its console output."""

    exit_code: int
    wall_s: float
    timed_out: bool
    csv_prefix: Path
    html: Path
    output: str = ""
    worker_codes: list[int] = field(default_factory=list)


def locust_command() -> list[str]:
    return [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE)]


def master_arguments(
    *,
    host: str,
    users: int,
    spawn_rate: float,
    run_time_s: float,
    report_dir: Path,
    workers: int,
    expect_workers: int,
    bind_host: str,
    master_port: int,
    web: bool,
) -> tuple[list[str], Path, Path]:
    csv_prefix, html = report_dir / "locust", report_dir / "locust.html"
    args = [
        "--host",
        host,
        "-u",
        str(users),
        "-r",
        str(spawn_rate),
        "-t",
        f"{max(1, int(run_time_s))}s",
        "--csv",
        str(csv_prefix),
        "--html",
        str(html),
        "--exit-code-on-error",
        "0",  # golive judges the run by its invariants; Locust's failures are figures
        "--stop-timeout",
        "5",
        "--loglevel",
        "WARNING",
    ]
    args += ["--autostart", "--autoquit", "0", "--web-host", "127.0.0.1"] if web else ["--headless", "--only-summary"]
    if workers or expect_workers:
        args += [
            "--master",
            "--master-bind-host",
            bind_host,
            "--master-bind-port",
            str(master_port),
            "--expect-workers",
            str(max(workers, expect_workers)),
            "--expect-workers-max-wait",
            str(WORKER_WAIT_S),
        ]
    return args, csv_prefix, html


def worker_arguments(master_host: str, master_port: int) -> list[str]:
    return ["--worker", "--master-host", master_host, "--master-port", str(master_port), "--loglevel", "WARNING"]


def run(
    *,
    host: str,
    users: int,
    spawn_rate: float,
    run_time_s: float,
    report_dir: Path,
    plan: Path,
    outcomes: Path,
    workers: int = 0,
    expect_workers: int = 0,
    bind_host: str = "127.0.0.1",
    master_port: int = DEFAULT_MASTER_PORT,
    web: bool = False,
) -> Swarm:
    """Run Locust until every citizen of the plan has acted (the locustfile quits then) or `run_time_s` passed."""
    args, csv_prefix, html = master_arguments(
        host=host,
        users=users,
        spawn_rate=spawn_rate,
        run_time_s=run_time_s,
        report_dir=report_dir,
        workers=workers,
        expect_workers=expect_workers,
        bind_host=bind_host,
        master_port=master_port,
        web=web,
    )
    env = settings.child_environment(**{settings.LOAD_PLAN: str(plan), settings.LOAD_OUTCOMES: str(outcomes)})
    log = report_dir / "locust.log"
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as sink:
        master = subprocess.Popen(locust_command() + args, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
        crew = [
            subprocess.Popen(
                locust_command() + worker_arguments("127.0.0.1", master_port),
                cwd=ROOT,
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
            for _ in range(workers)
        ]
        timed_out = False
        try:
            master.wait(timeout=run_time_s + WORKER_WAIT_S + STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            timed_out = True
            master.send_signal(signal.SIGINT)
            try:
                master.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                master.kill()
                master.wait()
        codes = [_stop(worker) for worker in crew]
    output = log.read_text(encoding="utf-8", errors="replace")
    return Swarm(master.returncode, time.monotonic() - started, timed_out, csv_prefix, html, output, codes)


def _stop(worker: subprocess.Popen) -> int:
    """A worker quits when its master does; one that does not within the grace is stopped (by its own id)."""
    try:
        return worker.wait(timeout=STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        worker.kill()
        return worker.wait()


def join(master_host: str, master_port: int) -> int:
    """This machine as a worker of a master elsewhere (`golive load --worker`), until the master ends."""
    return subprocess.call(locust_command() + worker_arguments(master_host, master_port), cwd=ROOT)
