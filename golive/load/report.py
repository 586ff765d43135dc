"""The load window's report: Locust's own figures (requests/s, p50/p95/p99 per operation, errors by kind, from its
CSV), the journals' own timings per simulator, and a verdict per invariant with its counter-examples and the replay
command — as reports/load/load.json (which `golive gate` reads: `passed`, `brokenInvariants`), load.md, and one
Allure result per invariant (epic "Belastning") with the figures attached.
"""

from __future__ import annotations

import csv
import json
import uuid
from pathlib import Path
from typing import Any

from golive.load.invariants import Verdict

EPIC = "Belastning"
P99_TARGET_MS = 50.0  # issue 16: the simulators answer within 50 ms at the 99th percentile under the window's load


def locust_stats(csv_prefix: Path) -> dict[str, Any]:
    """Per operation and in total: requests, failures, requests/s, p50/p95/p99 (ms); errors by kind."""
    operations: dict[str, Any] = {}
    total: dict[str, Any] = {}
    stats = Path(f"{csv_prefix}_stats.csv")
    if stats.is_file():
        for row in csv.DictReader(stats.open(encoding="utf-8")):
            figures = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "requestsPerS": round(float(row["Requests/s"]), 1),
                "p50Ms": _number(row.get("50%")),
                "p95Ms": _number(row.get("95%")),
                "p99Ms": _number(row.get("99%")),
                "maxMs": _number(row.get("Max Response Time")),
            }
            if row["Name"] == "Aggregated":
                total = figures
            else:
                operations[row["Name"]] = figures
    errors = []
    failures = Path(f"{csv_prefix}_failures.csv")
    if failures.is_file():
        for row in csv.DictReader(failures.open(encoding="utf-8")):
            errors.append({"operation": row["Name"], "error": row["Error"], "count": int(row["Occurrences"])})
    return {"operations": operations, "total": total, "errorsByKind": errors}


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "", "N/A") else None
    except ValueError:
        return None


def journal_timings(journals: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Each system's own timing of the exchanges it answered (the journal's durationMs): count, p50, p95, p99."""
    found = {}
    for system, entries in journals.items():
        durations = sorted(float(e["durationMs"]) for e in entries if e.get("kind", "http") == "http")
        if durations:
            found[system] = {
                "entries": len(entries),
                "answered": len(durations),
                "p50Ms": _quantile(durations, 0.50),
                "p95Ms": _quantile(durations, 0.95),
                "p99Ms": _quantile(durations, 0.99),
            }
    return found


def _quantile(ordered: list[float], q: float) -> float:
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def build(
    *,
    profile: dict[str, Any],
    seed: int,
    defects: list[str],
    workers: int,
    verdicts: list[Verdict],
    stats: dict[str, Any],
    timings: dict[str, Any],
    wall_s: float,
    replay: str,
    problems: list[str],
    sut_url: str,
) -> dict[str, Any]:
    broken = [v.name for v in verdicts if not v.held]
    simulators_p99 = {name: t["p99Ms"] for name, t in timings.items() if name != "sygesikring"}
    return {
        "passed": not broken and not problems,
        "brokenInvariants": broken,
        "problems": problems,
        "profile": profile,
        "seed": seed,
        "defects": defects,
        "workers": workers,
        "sut": sut_url,
        "wallS": round(wall_s, 1),
        "replay": replay,
        "invariants": [v.as_dict() for v in verdicts],
        "locust": stats,
        "journals": timings,
        "targets": {
            "simulatorsP99Ms": max(simulators_p99.values(), default=None),
            "p99TargetMs": P99_TARGET_MS,
            "p99Met": all(p <= P99_TARGET_MS for p in simulators_p99.values()),
        },
    }


def markdown(report: dict[str, Any]) -> str:
    p = report["profile"]
    lines = [
        f"# golive load: {p['name']}",
        "",
        f"{p['title']}. {p['citizens']} citizens, {p['places']} places, opening {p['opens_at']}; seed "
        f"{report['seed']}; defects: {', '.join(report['defects']) or 'none'}; Locust workers: "
        f"{report['workers'] or 'one process'}; {report['wallS']} s.",
        "",
        f"**{'PASSED' if report['passed'] else 'FAILED'}**"
        + (f": broken {', '.join(report['brokenInvariants'])}" if report["brokenInvariants"] else "")
        + (f"; {'; '.join(report['problems'])}" if report["problems"] else ""),
        "",
        "| invariant | held | checked | counter-examples | for example |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for v in report["invariants"]:
        example = v["examples"][0] if v["examples"] else None
        shown = f"{example['cpr']}: {example['detail']}" if example else "—"
        lines.append(
            f"| {v['name']} ({v['title']}) | {'yes' if v['held'] else '**no**'} | {v['checked']} | "
            f"{v['counterExamples']} | {shown.replace('|', '/')} |"
        )
    lines += [
        "",
        "| operation | requests | failures | req/s | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    stats = report["locust"]
    for name, f in [*stats["operations"].items(), ("all", stats["total"])]:
        if f:
            lines.append(
                f"| {name} | {f['requests']} | {f['failures']} | {f['requestsPerS']} | {f['p50Ms']} | {f['p95Ms']} | "
                f"{f['p99Ms']} |"
            )
    if stats["errorsByKind"]:
        lines += [
            "",
            "Errors by kind: "
            + "; ".join(f"{e['operation']} {e['error']} ×{e['count']}" for e in stats["errorsByKind"]),
        ]
    lines += [
        "",
        "| system (journal's own timings) | entries | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, t in report["journals"].items():
        lines.append(f"| {name} | {t['entries']} | {t['p50Ms']} | {t['p95Ms']} | {t['p99Ms']} |")
    lines += ["", f"Replay: `{report['replay']}`", ""]
    return "\n".join(lines)


def write(report: dict[str, Any], report_dir: Path) -> tuple[Path, Path]:
    report_dir.mkdir(parents=True, exist_ok=True)
    as_json, as_md = report_dir / "load.json", report_dir / "load.md"
    as_json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    as_md.write_text(markdown(report), encoding="utf-8")
    write_allure(report, report_dir / "allure-results")
    return as_json, as_md


def write_allure(report: dict[str, Any], results: Path) -> None:
    """One Allure result per invariant (epic Belastning, feature the profile): passed or failed with its
    counter-examples, the figures and the replay command attached."""
    results.mkdir(parents=True, exist_ok=True)
    for old in results.glob("*"):
        old.unlink()
    figures = json.dumps({k: report[k] for k in ("locust", "journals", "targets")}, indent=2, ensure_ascii=False)
    profile = report["profile"]["name"]
    for v in report["invariants"]:
        attachments = [_attach(results, "tal (figures)", figures, "application/json", "json")]
        if v["examples"]:
            lines = "\n".join(f"{e['cpr']}: {e['detail']}" for e in v["examples"])
            attachments.append(_attach(results, "modeksempler (counter-examples)", lines, "text/plain", "txt"))
        message = (
            f"{v['counterExamples']} counter-example(s), e.g. {v['examples'][0]['cpr']}: {v['examples'][0]['detail']}"
            if v["examples"]
            else f"held over {v['checked']} checked"
        )
        result = {
            "uuid": str(uuid.uuid4()),
            "historyId": f"load:{profile}:{v['name']}",
            "name": f"{v['title']} ({v['name']})",
            "fullName": f"golive load {profile} {v['name']}",
            "status": "passed" if v["held"] else "failed",
            "statusDetails": {"message": f"{v['meaning']}: {message}", "trace": f"replay: {report['replay']}"},
            "labels": [
                {"name": "epic", "value": EPIC},
                {"name": "feature", "value": profile},
                {"name": "story", "value": v["name"]},
                {"name": "tag", "value": "belastning"},
            ],
            "parameters": [
                {"name": "seed", "value": str(report["seed"])},
                {"name": "defects", "value": ",".join(report["defects"]) or "none"},
            ],
            "attachments": attachments,
        }
        (results / f"{result['uuid']}-result.json").write_text(json.dumps(result, ensure_ascii=False), "utf-8")


def _attach(results: Path, name: str, body: str, media: str, ext: str) -> dict[str, str]:
    source = f"{uuid.uuid4()}-attachment.{ext}"
    (results / source).write_text(body, encoding="utf-8")
    return {"name": name, "source": source, "type": media}
