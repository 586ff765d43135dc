"""The verdict per integration, read from the evidence each scenario recorded — never guessed from words.

The rule, stated so nobody has to guess:

- A scenario's failure blames the parties its failing check recorded (golive/blame.py: the neighbour a check looked
  at, the integration whose contract was broken, the SUT's own answers, the harness, or the feature file). The
  record travels as the JUnit property `golive.blame`; which systems the scenario exchanged with as `golive.touched`.
- An integration (Luna, Servicebus, E-flyt, Finance, CPR) FAILED if its contract suite failed or a failure blames it.
  It PASSED if a scenario exchanged with it or its contract suite ran, and nothing blamed it; otherwise it is
  "not covered". A scenario that stopped on the harness's or the feature file's mistake (or on a failure nobody
  could attribute) is no evidence for the integrations it exchanged with: its checks never ran, so it counts for
  none of them (the row says how many stopped short) -- else one broken feature file made an integration look
  tested.
- The SUT's own answers and records are a row of their own ("Sygesikring (own answers)"). A failure blaming the
  harness or the feature file fails the run but no integration: no verdict on the SUT can be drawn from it; the
  table lists those below itself.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from golive import blame
from golive.properties import TITLE  # the scenario's title with its row's values
from simulators import registry

FAILED = ("failed", "error")


@dataclass
class Outcome:
    """One test's outcome in a JUnit file: passed | failed | error | skipped, with its evidence."""

    id: str  # classname::name
    name: str
    status: str
    message: str = ""
    blamed: tuple[str, ...] = ()
    touched: set[str] = field(default_factory=set)

    @property
    def failed(self) -> bool:
        return self.status in FAILED


def read_junit(path: Path) -> list[Outcome]:
    """The outcomes of a pytest JUnit XML file, in file order. A test failing in its call and erroring in teardown
    counts once, as failed (its first failure kept); a missing or empty file has none."""
    if not path.exists() or not path.stat().st_size:
        return []
    found: dict[str, Outcome] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
        status, message = "passed", ""
        properties = {p.get("name", ""): p.get("value", "") for p in case.iter("property")}
        for child in case:
            if child.tag in ("failure", "error"):
                status = "failed" if child.tag == "failure" else "error"
                message = child.get("message") or ""
                text = (child.text or "").strip()
                if not message and text:
                    message = text.splitlines()[-1]
                break
            if child.tag == "skipped":
                status, message = "skipped", child.get("message", "")
        outcome = Outcome(
            test_id,
            properties.get(TITLE) or case.get("name") or "",
            status,
            message,
            blame.decode(properties.get(blame.PROPERTY)),
            set(blame.decode(properties.get(blame.TOUCHED))),
        )
        previous = found.get(test_id)
        if previous is None or (not previous.failed and outcome.failed):
            found[test_id] = outcome
    return list(found.values())


def blamed_integrations(outcome: Outcome) -> list[str]:
    """The integrations (and the SUT's own row) a failed outcome blames; an unattributed failure blames none."""
    rows = set(integration_rows())
    return [p for p in outcome.blamed if p in rows] if outcome.failed else []


def integration_rows() -> list[str]:
    return [*registry.neighbours(), blame.SUT]


def integration_summary(outcomes: list[Outcome], contract_verdicts: dict[str, bool]) -> dict[str, dict]:
    """{row: {"verdict": passed|FAILED|not covered, "scenarios": n, "failed": [names], "contract": ...}}"""
    summary = {}
    for key in integration_rows():
        touching = [o for o in outcomes if key in o.touched]
        evidence = [o for o in touching if not o.failed or blamed_integrations(o)]
        bad = [o.name for o in outcomes if key in blamed_integrations(o)]
        contract = contract_verdicts.get(key)
        covered = bool(evidence) or contract is not None or bool(bad)
        summary[key] = {
            "verdict": "FAILED" if bad or contract is False else ("passed" if covered else "not covered"),
            "scenarios": len(evidence),
            "stopped_short": len(touching) - len(evidence),
            "failed": bad,
            "contract": {True: "passed", False: "FAILED", None: "not run"}[contract],
        }
    return summary


def failed_integrations(summary: dict[str, dict]) -> list[str]:
    return [key for key, row in summary.items() if row["verdict"] == "FAILED"]


def other_failures(outcomes: list[Outcome]) -> dict[str, list[str]]:
    """Failures that blame no integration: {party: [scenario names]} for the harness, the feature file, unattributed."""
    rows = set(integration_rows())
    others: dict[str, list[str]] = {}
    for o in outcomes:
        if o.failed and not any(p in rows for p in o.blamed):
            for party in o.blamed or (blame.UNATTRIBUTED,):
                others.setdefault(party, []).append(o.name)
    return others


def render_summary(summary: dict[str, dict], outcomes: list[Outcome] | None = None) -> str:
    lines = [f"{'integration':<26} {'verdict':<12} {'contract':<9} {'scenarios':>9}  failed scenarios"]
    for key, row in summary.items():
        failed = "; ".join(_short(name) for name in row["failed"][:3]) + (
            f" … ({len(row['failed'])} in all)" if len(row["failed"]) > 3 else ""
        )
        if row.get("stopped_short"):
            failed += ("; " if failed else "") + f"({row['stopped_short']} stopped before their checks: not counted)"
        lines.append(
            f"{blame.label(key):<26} {row['verdict']:<12} {row['contract']:<9} {row['scenarios']:>9}  {failed}"
        )
    for party, names in other_failures(outcomes or []).items():
        shown = "; ".join(_short(name) for name in names[:3]) + (" …" if len(names) > 3 else "")
        lines.append(f"not an integration — {blame.label(party)}: {len(names)} failed scenario(s): {shown}")
    return "\n".join(lines)


def _short(title: str, limit: int = 70) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
