"""The explorer's part in `golive selftest`: one short exploration per defect, beside the scenario suite's verdicts.

Evidence as the scenarios' is judged: a clean exploration (no defect) with the same seed and budget comes first; a
finding with a defect on counts only while the clean one found nothing. The suite's own detection rate (and the
selftest's exit code) stay the scenarios'; the report adds for each defect who caught it: the scenarios, the
explorer, both, or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from golive.explore.run import explore


def _short(text: str, limit: int = 300) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def explore_defects(names: Iterable[str], seed: int, budget_s: float) -> dict:
    """{budgetS, seed, clean: [finding messages], defects: {name: {caught, message, blamed, replay, seconds}}}."""
    clean = explore(seed, budget_s, shrink=False)  # caught or not is all that counts here: no shrinking
    report: dict = {
        "budgetS": budget_s,
        "seed": seed,
        "clean": [_short(f.message) for f in clean.findings],
        "cleanActions": clean.actions,
        "defects": {},
    }
    for name in names:
        result = explore(seed, budget_s, defects=(name,), shrink=False)
        finding = result.findings[0] if result.findings else None
        report["defects"][name] = {
            "caught": finding is not None and not clean.findings,
            "message": _short(finding.message) if finding else None,
            "blamed": list(finding.blamed) if finding else [],
            "replay": finding.replay_command() if finding else None,
            "seconds": round(result.elapsed_s, 2),
            "actions": result.actions,
        }
        print(f"explore {name}: {'caught' if finding else 'not caught'} in {result.elapsed_s:.1f}s", flush=True)
    return report


def who_caught(scenarios: bool, explorer: bool) -> str:
    return {(True, True): "both", (True, False): "scenarios", (False, True): "explorer"}.get(
        (scenarios, explorer), "nothing"
    )


def merge(report: dict, explored: dict) -> None:
    """Each defect's entry gets `explorer` and `caughtByWhom`; the report gets the explorer's own summary."""
    for entry in report["defects"]:
        mine = explored["defects"].get(entry["defect"])
        if mine is None:
            continue
        entry["explorer"] = mine
        entry["caughtByWhom"] = who_caught(entry["caught"], mine["caught"])
    caught = [d["defect"] for d in report["defects"] if d.get("explorer", {}).get("caught")]
    report["explorer"] = {**{k: v for k, v in explored.items() if k != "defects"}, "caught": len(caught)}


def markdown(report: dict) -> str:
    if "explorer" not in report:
        return ""
    ex = report["explorer"]
    total = sum("explorer" in d for d in report["defects"])
    lines = [
        "",
        f"## Explorer ({ex['budgetS']:g} s per defect, seed {ex['seed']})",
        "",
        f"Caught by the explorer: {ex['caught']}/{total}."
        + (f" The clean exploration found something, so no credit: {ex['clean'][0]}" if ex["clean"] else ""),
        "",
        "| defect | caught by | explorer's finding |",
        "| --- | --- | --- |",
    ]
    for d in report["defects"]:
        if "explorer" in d:
            message = (d["explorer"]["message"] or "—").replace("|", "\\|")
            lines.append(f"| `{d['defect']}` | {d['caughtByWhom']} | {_short(message, 140)} |")
    return "\n".join(lines) + "\n"
