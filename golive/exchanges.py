"""A scenario's exchanges as a reader follows them: each call once, who called whom, repeated polls folded.

Why: every system journals what it receives, and the systems that send on their own (the SUT's outbox, E-flyt's and
the Servicebus's pushes) also journal each delivery they make. Shown raw, one call appears twice (the caller's
delivery and the callee's receipt) and a Then-step that polls Luna shows the same GET seventeen times. So:

- `merge` pairs each delivery with the receipt it caused (same method, path, correlation id and status, at the
  system its URL names) and keeps one exchange, the receipt (it holds the operation, the bodies and any contract
  violations), marked with its caller. A delivery nobody received (the target was down) stays, marked as such.
- every exchange gets `from` and `to`: the scenario (its own user agent), a neighbour (a delivery it made, or the
  path of the SUT's API it called, /eflyt/… or /servicebus/…), or the SUT (a call to a neighbour nobody else made).
- `fold_polls` folds identical reads (same caller, callee, method, path and status) of one step into the last of
  them, counted (`repeated`).

Pure functions of journal entries; golive/allure_support.py attaches the result under the step that caused it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from urllib.parse import urlsplit

from golive.failures import SCENARIO_AGENT, SUT
from simulators import registry

SCENARIO = "scenario"
READS = ("GET", "HEAD")


def origins_of(world: object) -> dict[str, str]:
    """{scheme://host:port: system} of a world's systems, so a delivery's URL names the system it went to."""
    urls = {**getattr(world, "base_urls", {}), SUT: getattr(world, "sut_url", None)}
    origins = {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}": name for name, u in urls.items() if u}
    # A front a scenario put before a system (golive/rollover.py: Serviceplatformen's TLS gateway before Luna).
    return {**origins, **getattr(world, "fronts", {})}


def system_of_url(url: str, origins: dict[str, str]) -> str | None:
    """The system a delivery's absolute URL points at: by the world's origins, or the in-process host name."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if origin in origins:
        return origins[origin]
    host = parts.hostname or ""
    for system in registry.contract_names():
        if host == urlsplit(registry.in_process_url(system)).hostname:
            return system
    return None


def _caller(entry: dict) -> str:
    agent = str((entry.get("requestHeaders") or {}).get("user-agent", ""))
    if agent.startswith(SCENARIO_AGENT.split("/")[0] + "/"):
        return SCENARIO
    if entry.get("simulator") == SUT:
        first = str(entry.get("path") or "").strip("/").split("/", 1)[0]
        return first if first in registry.neighbours() else "?"
    return SUT


def _pair(entries: list[dict], origins: dict[str, str]) -> tuple[list[dict], dict[int, str], list[dict]]:
    """The receipts, which of them a delivery caused (index -> the delivering system) and the deliveries nobody
    received. A delivery takes the first receipt not yet taken with its target, method, path, correlation id and
    status, in journal order; the receipts are indexed by those, so pairing is linear in the journal."""
    received = [e for e in entries if e.get("kind", "http") != "delivery"]
    waiting: dict[tuple, deque[int]] = {}
    for i, e in enumerate(received):
        key = (e.get("simulator"), e.get("method"), e.get("path"), e.get("correlationId"), e.get("status"))
        waiting.setdefault(key, deque()).append(i)
    callers: dict[int, str] = {}
    undelivered: list[dict] = []
    for delivery in (e for e in entries if e.get("kind") == "delivery"):
        target = system_of_url(str(delivery.get("path") or ""), origins)
        path = urlsplit(str(delivery.get("path") or "")).path
        candidates = waiting.get(
            (target, delivery.get("method"), path, delivery.get("correlationId"), delivery.get("status"))
        )
        if candidates:
            callers[candidates.popleft()] = str(delivery.get("simulator"))
        else:
            undelivered.append({**delivery, "from": delivery.get("simulator"), "to": target or "?", "path": path})
    return received, callers, undelivered


def undelivered(entries: Iterable[dict], origins: dict[str, str] | None = None) -> list[dict]:
    """The deliveries no system journaled receiving (as `merge` marks them), without merging the rest."""
    return _pair(list(entries), origins or {})[2]


def merge(entries: Iterable[dict], origins: dict[str, str] | None = None) -> list[dict]:
    """One exchange per call, in journal time order, each with `from` and `to` (see the module docstring)."""
    received, callers, unreceived = _pair(list(entries), origins or {})
    merged = [
        {**entry, "from": callers.get(i) or _caller(entry), "to": entry.get("simulator")}
        for i, entry in enumerate(received)
    ]
    merged.extend(unreceived)
    return sorted(merged, key=lambda e: (str(e.get("at") or ""), str(e.get("simulator")), int(e.get("seq") or 0)))


def _poll_key(exchange: dict) -> tuple | None:
    if str(exchange.get("method", "")).upper() not in READS:
        return None
    return (exchange.get("from"), exchange.get("to"), exchange.get("path"), exchange.get("status"))


def fold_polls(exchanges: Iterable[dict]) -> list[dict]:
    """Identical reads (same caller, callee, path and status) folded into the last of them, with `repeated` = how many
    there were: a Then-step polling Luna while the SUT works shows one read "×4", where it ended, not four."""
    exchanges = list(exchanges)
    counts: dict[tuple, int] = {}
    for exchange in exchanges:
        key = _poll_key(exchange)
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
    folded: list[dict] = []
    seen: dict[tuple, int] = {}
    for exchange in exchanges:
        key = _poll_key(exchange)
        if key is None or counts[key] == 1:
            folded.append(exchange)
            continue
        seen[key] = seen.get(key, 0) + 1
        if seen[key] == counts[key]:  # the last of them: what the poll finally saw
            folded.append({**exchange, "repeated": counts[key]})
    return folded


def party_name(system: str) -> str:
    if system == SCENARIO:
        return "scenario"
    if system == SUT:
        return "SUT"
    return {s.name: s.display for s in registry.systems()}.get(system, system)


def title(exchange: dict) -> str:
    """ "SUT → Luna POST /laegevalg → 201" (and "×17" for a folded poll): what an acceptance tester scans for."""
    status = exchange.get("status")
    repeated = int(exchange.get("repeated", 1))
    caller = party_name(str(exchange.get("from") or "?"))
    callee = party_name(str(exchange.get("to") or exchange.get("simulator") or "?"))
    return (
        f"{caller} → {callee} {str(exchange.get('method', '?')).upper()} {exchange.get('path', '?')} → "
        f"{status if status is not None else 'no answer'}" + (f" ×{repeated}" if repeated > 1 else "")
    )
