"""A schemathesis CLI extension that writes every failed check of a run as JSON: golive's record of findings.

Why it exists: schemathesis' own reports each lack something `golive contracts verify` needs. The JSON
report groups failures by code without the request; the NDJSON event log drops the reproduction (curl)
command; JUnit and Allure carry the curl only inside formatted text. Schemathesis' documented way to get
at the events is a CLI extension (`SCHEMATHESIS_HOOKS=<module>` plus `schemathesis.cli.handler()`), so
this module is one: it sees each finished scenario with its checks, and writes one finding per distinct
(operation, check, failure) with the check's name, schemathesis' failure code and message, the curl
command that reproduces it, and the response that broke the contract.

The handler does nothing unless `GOLIVE_VERIFY_FINDINGS` names the file to write, so loading this
module in any other schemathesis run changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from schemathesis import cli
from schemathesis.engine import events

from golive import settings

FINDINGS_ENV = settings.VERIFY_FINDINGS
BODY_LIMIT = 4000  # characters of a response body kept per finding: enough to read, small enough to attach


def _text(content: bytes | None) -> str:
    if not content:
        return ""
    text = content.decode("utf-8", errors="replace")
    return text if len(text) <= BODY_LIMIT else text[:BODY_LIMIT] + f"… ({len(text) - BODY_LIMIT} more characters)"


@cli.handler()
class GoliveFindings(cli.EventHandler):
    def __init__(self, *args: Any, **params: Any) -> None:
        target = settings.get(FINDINGS_ENV)
        self.path = Path(target) if target else None
        self.findings: list[dict[str, Any]] = []
        self.seen: set[tuple[str | None, ...]] = set()

    def handle_event(self, ctx: Any, event: events.EngineEvent) -> None:
        if self.path is None or not isinstance(event, events.ScenarioFinished):
            return
        recorder = event.recorder
        for case_id, checks in recorder.checks.items():
            for check in checks:
                info = check.failure_info
                if info is None:
                    continue
                failure = info.failure
                key = (failure.operation, check.name, failure.code, failure.title, failure.message)
                if key in self.seen:
                    continue
                self.seen.add(key)
                interaction = recorder.interactions.get(case_id)
                response = interaction.response if interaction is not None else None
                self.findings.append(
                    {
                        "label": recorder.label,  # the report entry: an operation, or "Stateful tests"
                        "operation": failure.operation,
                        "check": check.name,
                        "code": failure.code,
                        "title": failure.title,
                        "message": failure.message,
                        "severity": failure.severity.name.lower(),
                        "phase": event.phase.value if event.phase is not None else None,
                        "case_id": case_id,
                        "curl": info.code_sample,
                        "response": None
                        if response is None
                        else {
                            "status": response.status_code,
                            "content_type": (response.headers.get("content-type") or [""])[0],
                            "body": _text(response.content),
                        },
                    }
                )

    def shutdown(self, ctx: Any) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.findings, indent=1, ensure_ascii=False), encoding="utf-8")
