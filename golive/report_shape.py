"""The Allure results shaped for their readers, once a run has written them.

allure-pytest writes what pytest knows; an acceptance tester needs less of some and more of other:

- **No pytest plumbing.** Every fixture becomes a "Set up"/"Tear down" entry (`scenario`, `pytestbdd_stepdef_…`,
  `_pytest_bdd_example`…): the containers' befores and afters are emptied, so Set up/Tear down show nothing of it.
- **The business message is the headline.** A failed check's message loses its exception class ("AssertionError: ",
  "golive.waiting.NeverHappened: ") and pytest's assertion explanation ("assert 1 == 0", "+ where …"); what was
  cut, and the Python traceback, go to an attachment "traceback (for developers)". A broken result (an error, not
  a failed check) keeps its exception class, which is part of what a developer needs to read.

Idempotent: a shaped result has no trace and no explanation left to move.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

TRACE_ATTACHMENT = "traceback (for developers)"
# golive's failed checks (AssertionError and its kin): their class name is noise in a business headline. Named here,
# once, so a new kind of check is added in one place (the console reads the same list).
CHECKS = ("AssertionError", "NeverHappened", "DeadlineExceeded", "ContractBreach", "InvariantBroken", "Discrepancy")
_EXCEPTION_PREFIX = re.compile(rf"^(?:[A-Za-z_][\w.]*\.)?(?:{'|'.join(CHECKS)}): ")
# Not a check, but told in business words all the same (a feature-file mistake): its class name is noise too.
WORDED = ("FeatureFileMistake",)
_WORDED_PREFIX = re.compile(rf"^(?:[A-Za-z_][\w.]*\.)?(?:{'|'.join(WORDED)}): ")


def is_check(message: str) -> bool:
    """Does the failure message come from a failed check (rather than an error in the harness)?"""
    return bool(_EXCEPTION_PREFIX.match(message))


_EXPLANATION = re.compile(r"^(?:assert |AssertionError$|\s*\+\s+where |\s*\+\s+and )")


def headline(message: str, status: str) -> tuple[str, str]:
    """(the business message, what was cut from it) of a result's statusDetails message."""
    if status != "failed" and not _WORDED_PREFIX.match(message):
        return message, ""
    text = _WORDED_PREFIX.sub("", _EXCEPTION_PREFIX.sub("", message, count=1), count=1)
    lines = text.split("\n")
    cut = next((i for i, line in enumerate(lines) if i > 0 and _EXPLANATION.match(line)), len(lines))
    return "\n".join(lines[:cut]).rstrip(), "\n".join(lines[cut:]).strip()


def shape_result(path: Path) -> None:
    result = json.loads(path.read_text(encoding="utf-8"))
    details = result.get("statusDetails") or {}
    message, trace = str(details.get("message") or ""), str(details.get("trace") or "")
    _shape_steps(result.get("steps") or [])
    shown, cut = headline(message, str(result.get("status")))
    developer = "\n\n".join(part for part in (message if cut or shown != message else "", trace) if part)
    if developer:
        source = f"{uuid.uuid4()}-attachment.txt"
        (path.parent / source).write_text(developer, encoding="utf-8")
        result.setdefault("attachments", []).append({"name": TRACE_ATTACHMENT, "source": source, "type": "text/plain"})
    if message or trace:
        result["statusDetails"] = {k: v for k, v in details.items() if k not in ("message", "trace")} | {
            "message": shown
        }
    path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


def _shape_steps(steps: list[dict]) -> None:
    """A failed step shows the same headline as its scenario; its traceback is the scenario's attachment already."""
    for step in steps:
        details = step.get("statusDetails") or {}
        if details.get("message") or details.get("trace"):
            shown, _ = headline(str(details.get("message") or ""), str(step.get("status")))
            step["statusDetails"] = {k: v for k, v in details.items() if k not in ("message", "trace")} | {
                "message": shown
            }
        _shape_steps(step.get("steps") or [])


def shape_container(path: Path) -> None:
    container = json.loads(path.read_text(encoding="utf-8"))
    if container.get("befores") or container.get("afters"):
        container["befores"], container["afters"] = [], []
        path.write_text(json.dumps(container, ensure_ascii=False), encoding="utf-8")


def shape(results_dir: Path) -> None:
    """Shape every result and container in the directory (see the module docstring)."""
    for path in sorted(results_dir.glob("*-container.json")):
        shape_container(path)
    for path in sorted(results_dir.glob("*-result.json")):
        shape_result(path)
