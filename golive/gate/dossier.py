"""The dossier: one self-contained HTML page an acceptance board reads, prints and signs.

Danish first, English beside it (the board is Danish; vendors read English). It opens from disk, with no script and
no external asset, so it prints to PDF from any browser without losing content. Links point into the reports
folder it is written to (the Allure report, the JUnit files, the contract suites), so they resolve when the folder
is archived or published whole. The trend comes from reports/history/ (one JSON per gate run, oldest first).
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from pathlib import Path

from golive import __version__, blame
from golive.gate.decide import NO_EVIDENCE, NOT_READY, NOT_REQUIRED, READY, Decision
from golive.gate.evidence import Evidence

HISTORY = Path("history")
STATUS_DA = {READY: "klar", NOT_READY: "ikke klar", NO_EVIDENCE: "intet bevis", NOT_REQUIRED: "ikke krævet"}
CHECK_DA = {
    "scenarios": "Scenarier",
    "contracts": "Kontrakttest",
    "breaking-changes": "Brydende ændringer",
    "variation": "Datavariation",
    "resilience": "Robusthed",
    "exploration": "Udforskning",
    "load": "Belastning",
    "selftest": "Selvtest",
    "allure-quality-gate": "Allures kvalitetsport",
}
STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;color:#1b1b1b;max-width:1100px}
h1{margin-bottom:.2em} .en{color:#555;font-size:.9em} table{border-collapse:collapse;width:100%;margin:1em 0}
th,td{border:1px solid #ccc;padding:.4em .6em;text-align:left;vertical-align:top} th{background:#f2f2f2}
.status{font-weight:bold;padding:.1em .5em;border-radius:3px;white-space:nowrap}
.ready{background:#d8f0d8;color:#14561b} .not-ready,.no-evidence{background:#f8d7d7;color:#7a1010}
.not-required{background:#eee;color:#555} .verdict{font-size:1.4em;margin:.6em 0}
@media print{a{color:inherit;text-decoration:none} .status{border:1px solid #999} table{page-break-inside:auto}
tr{page-break-inside:avoid}}
"""


def _status(status: str) -> str:
    css = status.replace(" ", "-")
    return f'<span class="status {css}">{STATUS_DA[status]} <span class="en">({status})</span></span>'


def _link(target: str, reports: Path) -> str:
    if not target:
        return ""
    exists = (reports / target).exists()
    text = html.escape(target)
    return f'<a href="{text}">{text}</a>' if exists else f"{text} <span class='en'>(missing)</span>"


def record_history(reports: Path, decision: Decision, evidence: Evidence) -> Path:
    """Keep this gate run's outcome in reports/history/, for the trend of the next dossier."""
    folder = reports / HISTORY
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    entry = {
        "at": now.isoformat(timespec="seconds"),
        "ready": decision.ready,
        "integrations": {s: decision.integration_ready(s) for s in decision.integrations},
        "seed": evidence.metadata.get("seed"),
        "trace.digest": evidence.metadata.get("trace.digest"),
    }
    path = folder / f"gate-{now.strftime('%Y%m%dT%H%M%S%fZ')}.json"
    path.write_text(json.dumps(entry, indent=2) + "\n", encoding="utf-8")
    return path


def history(reports: Path) -> list[dict]:
    found = []
    for path in sorted((reports / HISTORY).glob("gate-*.json")):
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return found


def _en(text: str) -> str:
    return f'<span class="en">({html.escape(text)})</span>'


def _table(table_id: str, headers: list[str], rows: list[str]) -> str:
    head = "".join(f"<th>{h}</th>" for h in headers)
    return f'<table id="{table_id}"><tr>{head}</tr>{"".join(rows)}</table>'


def _integration_rows(decision: Decision) -> list[str]:
    rows = []
    for system, checks in decision.integrations.items():
        status = READY if decision.integration_ready(system) else NOT_READY
        reasons = (
            "".join(f"<li>{html.escape(c.da)}<br>{_en(c.en)}</li>" for c in checks if c.blocks)
            or f"<li>alle krav opfyldt {_en('every requirement met')}</li>"
        )
        label = html.escape(blame.label(system))
        rows.append(f"<tr><th>{label}</th><td>{_status(status)}</td><td><ul>{reasons}</ul></td></tr>")
    return rows


def _evidence_rows(decision: Decision, reports: Path) -> list[str]:
    scopes = [*((blame.label(s), c) for s, c in decision.integrations.items()), ("Samlet (overall)", decision.overall)]
    return [
        f"<tr><td>{html.escape(scope)}</td><td>{CHECK_DA.get(c.name, c.name)} {_en(c.name)}</td>"
        f"<td>{_status(c.status)}</td><td>{html.escape(c.da)}<br>{_en(c.en)}</td><td>{_link(c.link, reports)}</td></tr>"
        for scope, checks in scopes
        for c in checks
    ]


def _trend_rows(reports: Path) -> list[str]:
    rows = []
    for h in history(reports):
        states = ", ".join(
            f"{html.escape(blame.label(s))}: {'klar' if ok else 'ikke klar'}"
            for s, ok in h.get("integrations", {}).items()
        )
        status = _status(READY if h.get("ready") else NOT_READY)
        rows.append(
            f"<tr><td>{html.escape(str(h.get('at')))}</td><td>{status}</td><td>{states}</td>"
            f"<td>{html.escape(str(h.get('seed')))}</td></tr>"
        )
    return rows or [f"<tr><td colspan='4'>ingen tidligere kørsler {_en('no earlier runs')}</td></tr>"]


def render(decision: Decision, evidence: Evidence) -> str:
    reports = evidence.reports
    metadata = {"golive.version": __version__, **evidence.metadata}
    versions = [f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in sorted(metadata.items())]
    problems = "".join(f"<li>{html.escape(p)}</li>" for p in decision.problems)
    parts = [
        '<!DOCTYPE html>\n<html lang="da"><head><meta charset="utf-8">',
        f"<title>Go-live-parathed (go-live readiness)</title><style>{STYLE}</style></head><body>",
        f"<h1>Go-live-parathed {_en('go-live readiness')}</h1>",
        f'<p class="verdict">Samlet vurdering {_en("overall")}: {_status(READY if decision.ready else NOT_READY)}</p>',
        f"<p>Beviser der ikke kunne læses {_en('evidence that could not be read')}:</p><ul>{problems}</ul>"
        if problems
        else "",
        f"<h2>Integrationer {_en('integrations')}</h2>",
        _table("integrations", ["Integration", "Status", f"Begrundelse {_en('reasons')}"], _integration_rows(decision)),
        f"<h2>Beviser {_en('evidence')}</h2>",
        _table(
            "evidence",
            [
                f"Område {_en('scope')}",
                f"Krav {_en('check')}",
                "Status",
                f"Begrundelse {_en('reason')}",
                f"Kilde {_en('source')}",
            ],
            _evidence_rows(decision, reports),
        ),
        f"<p>Rapporter {_en('reports')}: {_link('allure-report/index.html', reports)} · "
        f"{_link('junit.xml', reports)}</p>",
        f"<h2>Versioner og kørsel {_en('versions and run')}</h2>",
        _table("versions", [f"Nøgle {_en('key')}", f"Værdi {_en('value')}"], versions),
        f"<h2>Udvikling {_en('trend')}</h2>",
        _table("trend", [f"Tidspunkt {_en('when')}", "Samlet", "Integrationer", "Seed"], _trend_rows(reports)),
        f"<p>Underskrift {_en('signature')}: ______________________ Dato {_en('date')}: __________</p>",
        "</body></html>\n",
    ]
    return "\n".join(parts)


def write(path: Path, decision: Decision, evidence: Evidence) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(decision, evidence), encoding="utf-8")
    return path
