"""Loopback benchmark: the Luna simulator against WireMock serving the same answer.

Why: golive's simulators replace hand-written WireMock stubs in vendors' test set-ups, so they must not be
the slow part of a test run. The issue's targets: Luna's throughput >= WireMock's and Luna's p99 latency
<= WireMock's, for the same request and the same response body, measured the same way.

What one run does (all on 127.0.0.1, nothing leaves the machine):
1. Starts Luna in its own process (uvicorn + uvloop + httptools, access log off, log level warning) with
   one practice seeded. Contract validation and the journal are part of the kernel and always on.
2. Reads Luna's real answer to GET /practices/012345.
3. Starts WireMock standalone (the jar shipped by the npm package `wiremock`) with its request journal ON
   (WireMock's default) and request logging off (its own advice for performance runs), and stubs GET
   /practices/012345 with exactly Luna's bytes.
4. Warms both: ~2,000 sequential requests each, then a short load run that is thrown away (the JVM's JIT
   needs it; Python does not, but the same treatment keeps the comparison fair).
5. Measures each server alone with the same load generator and settings: 32 connections (throughput)
   and 1 connection (latency). wrk when installed (`apt-get install -y wrk`), else a Python asyncio
   load generator in a separate process (so it does not share the servers' GIL); the output says which.
   A third server, `luna-nogc2`, is Luna with Python's full garbage collections off: a diagnostic that
   shows how much of Luna's tail latency is the collector walking the journal (off with
   --no-gc-diagnostic). The targets are judged on plain `luna`, which is what `golive up` serves.
6. Prints a side-by-side table and writes benchmarks/results/luna_vs_wiremock.json.

Run: `.venv/bin/python benchmarks/luna_vs_wiremock.py` (about four minutes with the defaults: 3 interleaved
rounds x 2 connection counts x 3 servers x 10 s; each figure is the median over the rounds).
This is a script, not a test: nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "luna_vs_wiremock.json"
PATH = "/practices/012345"
WARMUP_REQUESTS = 2000
DIAGNOSTIC = "luna-nogc2"  # Luna with full garbage collections off: shows what the journal's GC cost is
READY_TIMEOUT_S = 60.0


# -- servers -------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_luna(port: int, no_gen2_gc: bool = False) -> None:
    """Child-process entry: Luna over loopback, as fast as the kernel allows (no kernel changes).

    Beyond the given settings (uvloop, httptools, access log off, log level warning), uvicorn's proxy-header
    middleware and Server header are off: nothing proxies on loopback, and WireMock sends neither.
    `no_gen2_gc` is a diagnostic, not how golive serves: it freezes the start-up heap and stops Python's
    full (generation 2) collections, which otherwise walk the whole, ever-growing journal (see README).
    """
    sys.path.insert(0, str(ROOT))
    import gc

    import uvicorn

    from simulators import luna
    from simulators.core.asgi import AsgiApp

    sim = luna.create()
    sim.model.load({"practices": [luna.example_practice()]})  # the contract owns the practice
    config = uvicorn.Config(AsgiApp(sim), host="127.0.0.1", port=port, log_level="warning", lifespan="on",
                            loop="uvloop", http="httptools", access_log=False, proxy_headers=False, server_header=False)
    if no_gen2_gc:
        gc.freeze()
        gc.set_threshold(700, 10, 1_000_000_000)
    uvicorn.Server(config).run()


def wait_ready(url: str, process: subprocess.Popen, what: str) -> None:
    import httpx

    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} exited with status {process.returncode} before it was ready")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # polling interval while the server starts, bounded by the deadline
    raise SystemExit(f"{what} not ready within {READY_TIMEOUT_S} s")


def start_luna(no_gen2_gc: bool = False) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, __file__, "--serve-luna", str(port)] + (["--no-gen2-gc"] if no_gen2_gc else [])
    process = subprocess.Popen(command, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    wait_ready(f"{base}/__admin/health", process, "Luna")
    return process, base


def wiremock_jar() -> Path | None:
    jars = sorted((ROOT / "node_modules" / "wiremock").glob("**/wiremock-standalone-*.jar"))
    return jars[-1] if jars else None


def start_wiremock(jar: Path, root_dir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    (root_dir / "mappings").mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        ["java", "-jar", str(jar), "--port", str(port), "--bind-address", "127.0.0.1", "--disable-banner",
         "--disable-request-logging", "--root-dir", str(root_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_ready(f"{base}/__admin/mappings", process, "WireMock")
    return process, base


def stub_wiremock(base: str, body: bytes, content_type: str) -> None:
    import httpx

    mapping = {
        "request": {"method": "GET", "urlPath": PATH},
        "response": {"status": 200, "body": body.decode("utf-8"), "headers": {"Content-Type": content_type}},
    }
    httpx.post(f"{base}/__admin/mappings", json=mapping, timeout=10).raise_for_status()


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


# -- load generators -----------------------------------------------------------------------------------
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * _UNITS[unit]


def run_wrk(url: str, connections: int, duration_s: int) -> dict[str, Any]:
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration_s}s", "--latency", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result: dict[str, Any] = {"command": " ".join(command[:-1]) + " <url>"}
    result["requestsPerSecond"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    result["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    for pct in ("50", "75", "90", "99"):
        result[f"p{pct}Ms"] = round(_ms(re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M).group(1)), 3)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non2xx"] = int(errors.group(1)) if errors else 0
    socket_errors = re.search(r"Socket errors: (.*)", out)
    result["socketErrors"] = socket_errors.group(1).strip() if socket_errors else ""
    return result


def loadgen_child(url: str, connections: int, duration_s: float, client: str) -> None:
    """Child-process entry of the fallback load generator: one asyncio task per keep-alive connection.

    `raw` speaks just enough HTTP/1.1 over asyncio streams on uvloop (GET; Content-Length or chunked
    bodies); `httpx` uses httpx.AsyncClient. On the 2-core machine httpx's client tops
    out near 650 requests/s, far below either server, so it measures itself; `raw` is the default.
    """
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host, port, target = parts.hostname, parts.port or 80, parts.path or "/"
    request_bytes = f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: */*\r\n\r\n".encode()
    latencies: list[float] = []
    failures = 0

    async def raw_worker(deadline: float) -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                writer.write(request_bytes)
                head = await reader.readuntil(b"\r\n\r\n")
                length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
                if length:
                    await reader.readexactly(int(length.group(1)))
                else:  # chunked (Luna's answers carry no Content-Length, see README)
                    while (size := int((await reader.readuntil(b"\r\n")).strip(), 16)) > 0:
                        await reader.readexactly(size + 2)
                    await reader.readuntil(b"\r\n")
                latencies.append((time.perf_counter() - start) * 1000)
                failures += not head.startswith(b"HTTP/1.1 200")
        finally:
            writer.close()

    async def main() -> float:
        deadline = time.perf_counter() + duration_s
        started = time.perf_counter()
        if client == "httpx":
            import httpx

            limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
            async with httpx.AsyncClient(limits=limits, timeout=10) as http:

                async def httpx_worker() -> None:
                    nonlocal failures
                    while time.perf_counter() < deadline:
                        start = time.perf_counter()
                        response = await http.get(url)
                        latencies.append((time.perf_counter() - start) * 1000)
                        failures += response.status_code != 200

                await asyncio.gather(*(httpx_worker() for _ in range(connections)))
        else:
            await asyncio.gather(*(raw_worker(deadline) for _ in range(connections)))
        return time.perf_counter() - started

    try:
        import uvloop

        elapsed = uvloop.run(main())
    except ImportError:
        elapsed = asyncio.run(main())
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 3)

    print(json.dumps({"requestsPerSecond": round(len(latencies) / elapsed, 1), "requests": len(latencies),
                      "p50Ms": pct(0.50), "p75Ms": pct(0.75), "p90Ms": pct(0.90), "p99Ms": pct(0.99),
                      "non2xx": failures, "socketErrors": ""}))


def python_loadgen(client: str):
    def run(url: str, connections: int, duration_s: int) -> dict[str, Any]:
        out = subprocess.run([sys.executable, __file__, "--loadgen", url, str(connections), str(duration_s), client],
                             capture_output=True, text=True, check=True).stdout
        result = json.loads(out.strip().splitlines()[-1])
        result["command"] = f"asyncio {client} load generator, {connections} connection(s), {duration_s} s (separate process)"
        return result

    return run


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Each figure's median over the rounds (interleaved rounds damp drift: JIT, page cache, thermal);
    the individual rounds are kept beside it."""
    numeric = ("requestsPerSecond", "p50Ms", "p75Ms", "p90Ms", "p99Ms")
    merged: dict[str, Any] = {key: round(statistics.median(r[key] for r in runs), 3) for key in numeric}
    merged["requests"] = sum(r["requests"] for r in runs)
    merged["non2xx"] = sum(r["non2xx"] for r in runs)
    merged["socketErrors"] = "; ".join(r["socketErrors"] for r in runs if r["socketErrors"])
    merged["command"] = runs[0]["command"]
    merged["rounds"] = [{key: r[key] for key in numeric} for r in runs]
    return merged


def warm(url: str, count: int) -> None:
    import httpx

    with httpx.Client(timeout=10) as client:
        for _ in range(count):
            client.get(url).raise_for_status()


# -- the run -------------------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    java = subprocess.run(["java", "-version"], capture_output=True, text=True)
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), "")
    except OSError:
        pass
    wrk = shutil.which("wrk")
    import uvicorn

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "uvicorn": uvicorn.__version__,
        "java": (java.stderr or java.stdout).splitlines()[0] if (java.stderr or java.stdout) else "",
        "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines()[0] if wrk else None,
        "platform": platform.platform(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; medians are reported (default 3)")
    parser.add_argument("--warmup-seconds", type=int, default=5, help="discarded load run before measuring (default 5)")
    parser.add_argument("--connections", type=int, nargs="+", default=[32, 1], help="connection counts (default 32 1)")
    parser.add_argument("--fallback", choices=["raw", "httpx"], default="raw",
                        help="Python load generator when wrk is missing (default raw asyncio HTTP/1.1)")
    parser.add_argument("--no-wrk", action="store_true", help="use the Python fallback even if wrk is installed")
    parser.add_argument("--no-gc-diagnostic", dest="gc_diagnostic", action="store_false",
                        help=f"skip the diagnostic '{DIAGNOSTIC}' server (Luna without full GC passes)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    jar = wiremock_jar()
    if jar is None or shutil.which("java") is None:
        raise SystemExit("WireMock needs java on PATH and node_modules/wiremock (run `npm install`): cannot compare")
    if shutil.which("wrk") is not None and not args.no_wrk:
        generator, run = "wrk", run_wrk
        print("load generator: wrk")
    else:
        generator, run = f"python-asyncio-{args.fallback}", python_loadgen(args.fallback)
        reason = "wrk NOT FOUND (apt-get install -y wrk)" if shutil.which("wrk") is None else "--no-wrk given"
        print(f"load generator: {reason}; falling back to the Python asyncio ({args.fallback}) generator in a separate "
              "process - it shares the 2 cores and is slower than wrk, so figures are lower and not comparable to wrk's")

    import tempfile

    import httpx

    load_before = os.getloadavg()
    luna, luna_base = start_luna()
    tuned, tuned_base = start_luna(no_gen2_gc=True) if args.gc_diagnostic else (None, "")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            wiremock, wiremock_base = start_wiremock(jar, Path(tmp))
            try:
                answer = httpx.get(luna_base + PATH, timeout=10)
                answer.raise_for_status()
                stub_wiremock(wiremock_base, answer.content, answer.headers["content-type"])
                check = httpx.get(wiremock_base + PATH, timeout=10)
                assert check.content == answer.content, "WireMock does not serve Luna's bytes"
                servers = {"luna": luna_base + PATH, "wiremock": wiremock_base + PATH}
                if tuned is not None:
                    servers[DIAGNOSTIC] = tuned_base + PATH
                for name, url in servers.items():
                    warm(url, WARMUP_REQUESTS)
                    run(url, max(args.connections), args.warmup_seconds)
                rounds: dict[str, dict[str, list[dict[str, Any]]]] = {}
                for round_no in range(1, args.rounds + 1):
                    for connections in args.connections:
                        for name, url in servers.items():
                            print(f"round {round_no}/{args.rounds}: {name} with {connections} connection(s) for "
                                  f"{args.duration} s ...", flush=True)
                            rounds.setdefault(f"c{connections}", {}).setdefault(name, []).append(run(url, connections, args.duration))
                figures = {key: {name: median_of(runs) for name, runs in by_server.items()} for key, by_server in rounds.items()}
                journal = {"luna": httpx.get(luna_base + "/__admin/health", timeout=10).json()["journalSize"]}
                journal["wiremock"] = httpx.post(wiremock_base + "/__admin/requests/count",
                                                 json={"method": "ANY", "urlPath": PATH}, timeout=60).json()["count"]
                if tuned is not None:
                    journal[DIAGNOSTIC] = httpx.get(tuned_base + "/__admin/health", timeout=10).json()["journalSize"]
            finally:
                stop(wiremock)
    finally:
        stop(luna)
        if tuned is not None:
            stop(tuned)

    result = {
        "benchmark": "GET /practices/012345: Luna simulator vs WireMock stub with the same body",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {**machine(), "loadAverage1mBefore": round(load_before[0], 2), "loadAverage1mAfter": round(os.getloadavg()[0], 2),
                    "loadAverageNote": "'before' shows other work on the machine; 'after' includes this benchmark's own processes"},
        "loadGenerator": generator,
        "durationSeconds": args.duration,
        "rounds": args.rounds,
        "aggregation": "median over rounds of each figure",
        "warmup": {"sequentialRequests": WARMUP_REQUESTS, "discardedLoadSeconds": args.warmup_seconds},
        "responseBytes": len(answer.content),
        "journalEntries": journal,
        "setup": {
            "luna": "one process: uvicorn, uvloop, httptools, access log off, proxy headers off, no Server header; "
                    "contract validation + journal on",
            "wiremock": f"{jar.name}, default request journal on, --disable-request-logging",
            DIAGNOSTIC: "as luna, plus gc.freeze() and no generation-2 collections (diagnostic, not shipped)",
        },
        "figures": figures,
    }
    result["targets"] = {
        key: {
            "throughputAtLeastWireMock": run_figures["luna"]["requestsPerSecond"] >= run_figures["wiremock"]["requestsPerSecond"],
            "p99AtMostWireMock": run_figures["luna"]["p99Ms"] <= run_figures["wiremock"]["p99Ms"],
        }
        for key, run_figures in figures.items()
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print_table(result)
    print(f"\nwritten: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")


def print_table(result: dict[str, Any]) -> None:
    m = result["machine"]
    print(f"\n{result['benchmark']}\n{result['date']}  nproc={m['nproc']}  load {m['loadAverage1mBefore']}->{m['loadAverage1mAfter']}  "
          f"python {m['python']}  {m['java']}  "
          f"generator={result['loadGenerator']}  median of {result['rounds']} x {result['durationSeconds']} s")
    print(f"{'connections':>11} | {'server':<10} | {'req/s':>10} | {'p50 ms':>8} | {'p90 ms':>8} | {'p99 ms':>8} | {'non-2xx':>7}")
    print("-" * 78)
    for key, runs in result["figures"].items():
        for name, f in runs.items():
            print(f"{key[1:]:>11} | {name:<10} | {f['requestsPerSecond']:>10.0f} | {f['p50Ms']:>8.3f} | {f['p90Ms']:>8.3f} | "
                  f"{f['p99Ms']:>8.3f} | {f['non2xx']:>7}")
        ratio = runs["luna"]["requestsPerSecond"] / runs["wiremock"]["requestsPerSecond"]
        print(f"{'':>11} | Luna/WireMock throughput {ratio:.2f}x; p99 {runs['luna']['p99Ms']:.3f} vs {runs['wiremock']['p99Ms']:.3f} ms")
    print(f"journal entries after the run: {result['journalEntries']}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--serve-luna":
        serve_luna(int(sys.argv[2]), no_gen2_gc="--no-gen2-gc" in sys.argv)
    elif len(sys.argv) >= 6 and sys.argv[1] == "--loadgen":
        loadgen_child(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
    else:
        main()
