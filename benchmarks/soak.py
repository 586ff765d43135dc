"""Soak: minutes of mixed valid and hostile traffic against `golive up`, at a steady rate.

    .venv/bin/python benchmarks/soak.py [--minutes 10] [--rate 100]

Starts `golive up --auto-ports --only luna` as its own process (so its resident memory is the server's alone),
seeds one practice and sends `--rate` requests a second, round robin over a mix: valid reads (200), unknown
practices (404), malformed JSON (400), JSON nested too deep (400), a 70 KB header (431), too many query parameters
(400), an overlong correlation id (replaced), an unknown path (404); and every second a raw-socket probe (garbage
bytes, or a request head left unfinished until the server's deadline closes it). Checks at the end:

- resident memory after the first minute grows by less than 10 % to the end (sampled every 5 s);
- no 5xx answer;
- no journal entry lost: the journal counts exactly the HTTP requests that were answered;
- journal queries (by an early correlation id, now spilled to disk, and the newest 100 of an operation) answer
  in under 50 ms.

Writes benchmarks/results/soak.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PRACTICE = {
    "ydernummer": "012345",
    "name": "Lægerne i Vestergade",
    "municipalityCode": 751,
    "address": {"street": "Vestergade 1", "postalCode": "8000", "city": "Aarhus C"},
    "location": {"lat": 56.1572, "lon": 10.2107},
    "doctors": 2,
}
JSON = {"content-type": "application/json"}


def mix(client: httpx.Client, n: int) -> httpx.Response:
    kind = n % 10
    cid = {"x-correlation-id": f"soak-{n}"}
    if kind in (0, 1, 2, 3):
        return client.get("/practices/012345", headers=cid)
    if kind == 4:
        return client.get("/practices/999999", headers=cid)
    if kind == 5:
        return client.post("/laegevalg", content=b"{broken", headers={**JSON, **cid})
    if kind == 6:
        return client.post("/laegevalg", content=b"[" * 200 + b"]" * 200, headers={**JSON, **cid})
    if kind == 7:
        return client.get("/practices/012345", headers={**cid, "x-filler": "a" * 70_000})
    if kind == 8:
        return client.get("/practices", params=[(f"p{i}", "1") for i in range(300)], headers=cid)
    return client.get("/no/such/path", headers={"x-correlation-id": "x" * 500})


def raw_probe(port: int, n: int) -> None:
    """Not HTTP, or HTTP that never finishes: the server must close it, and stay healthy."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        if n % 2:
            sock.sendall(b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03garbage\r\n\r\n")
        else:
            sock.sendall(b"GET /practices/012345 HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # then nothing: slowloris
        try:
            while sock.recv(4096):
                pass
        except OSError:
            pass


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def start_server() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "golive.cli", "up", "--auto-ports", "--only", "luna"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    url = ""
    for line in process.stdout:
        if line.startswith("luna"):
            url = line.split()[1]
        if line.startswith("ready"):
            break
    if not url:
        process.kill()
        raise RuntimeError("golive up did not report luna's URL")
    # Drain the console (fault and incident lines) so the server never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in process.stdout or ()], daemon=True).start()
    return process, url


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=100.0, help="HTTP requests a second")
    args = parser.parse_args()
    process, url = start_server()
    port = int(url.rsplit(":", 1)[1])
    statuses: dict[int, int] = {}
    failures: list[str] = []
    samples: list[tuple[float, int]] = []
    lock = threading.Lock()
    try:
        with httpx.Client(base_url=url, timeout=30) as client:
            client.post("/__admin/seed", json={"data": {"practices": [PRACTICE]}}).raise_for_status()
            started = time.monotonic()
            end = started + args.minutes * 60
            counter = itertools.count()
            workers = 4

            def worker() -> None:
                with httpx.Client(base_url=url, timeout=30) as own:
                    period = workers / args.rate
                    due = time.monotonic()
                    while (now := time.monotonic()) < end:
                        if now < due:
                            time.sleep(due - now)  # pacing of a benchmark's steady rate
                        due += period
                        n = next(counter)
                        try:
                            status = mix(own, n).status_code
                        except httpx.HTTPError as exc:
                            with lock:
                                failures.append(f"{n}: {type(exc).__name__}: {exc}")
                            continue
                        with lock:
                            statuses[status] = statuses.get(status, 0) + 1

            def prober() -> None:
                for n in itertools.count():
                    if time.monotonic() >= end:
                        return
                    threading.Thread(target=raw_probe, args=(port, n), daemon=True).start()
                    time.sleep(1.0)

            threads = [threading.Thread(target=worker) for _ in range(workers)] + [threading.Thread(target=prober)]
            for thread in threads:
                thread.start()
            while time.monotonic() < end:
                samples.append((time.monotonic() - started, rss_kib(process.pid)))
                time.sleep(5.0)
            for thread in threads:
                thread.join()
            samples.append((time.monotonic() - started, rss_kib(process.pid)))
            answered = sum(statuses.values())
            health = client.get("/__admin/health").json()
            timings = {}
            for label, params in (
                ("early correlation id (spilled)", {"correlationId": "soak-3"}),
                ("newest 100 of getPractice", {"operation": "getPractice", "limit": 100}),
                ("violations, newest 50", {"violations": "true", "limit": 50}),
            ):
                t0 = time.perf_counter()
                page = client.get("/__admin/journal", params=params)
                timings[label] = {
                    "ms": round((time.perf_counter() - t0) * 1000, 2),
                    "status": page.status_code,
                    "count": page.json()["count"],
                }
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    after_first_minute = next((kib for t, kib in samples if t >= 60), samples[0][1])
    final = samples[-1][1]
    growth = (final - after_first_minute) / after_first_minute
    errors_5xx = sum(n for status, n in statuses.items() if status >= 500)
    lost = answered - health["journalSize"]
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "minutes": args.minutes,
        "rate": args.rate,
        "answered": answered,
        "statuses": dict(sorted(statuses.items())),
        "transportFailures": len(failures),
        "firstFailures": failures[:5],
        "rssKiB": {"start": samples[0][1], "afterFirstMinute": after_first_minute, "end": final},
        "rssGrowthAfterFirstMinute": round(growth, 4),
        "errors5xx": errors_5xx,
        "journal": health["journal"],
        "lostEntries": lost,
        "queries": timings,
    }
    out = ROOT / "benchmarks" / "results" / "soak.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    checks = {
        "memory grows < 10% after the first minute": growth < 0.10,
        "zero 5xx": errors_5xx == 0,
        "zero lost journal entries": lost == 0,
        "no transport failures": not failures,
        "journal queries < 50 ms": all(t["ms"] < 50 and t["status"] == 200 for t in timings.values()),
    }
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
