"""What `golive run` prints while scenarios run: a line per scenario, then each failure in business words.

Why: the console of a scenario run was pytest's dots and then the last 6,000 characters of its output, which start
in the middle of a traceback. A test manager wants to see the run go by and, at the end, per failed scenario: where
it is (feature file and line), the step that failed, whom the failure blames and the business message — never a
traceback (that is in the report's "traceback (for developers)" attachment and in JUnit).

Switched on by `--golive-console` (golive run passes it, with pytest's own `--tb=no`); plain pytest runs keep
pytest's usual output.
"""

from __future__ import annotations

from typing import Any

import pytest

from golive import blame
from golive.properties import STEP, TITLE, WHERE

OPTION = "--golive-console"
MESSAGE_LINES = 12  # [design] a failure's business message is shown up to this many lines in the console summary


def scenario_title(request: Any, name: str) -> str:
    """The scenario's name, and for an outline row or a data-variation row the values that row is about
    ("Lægevalg i sikringsgruppe <gruppe> [gruppe: 2, kommune: Odense]"), so rows are told apart."""
    values: dict[str, Any] = {}
    try:
        values.update(request.getfixturevalue("_pytest_bdd_example") or {})
    except Exception:  # not an outline row
        pass
    params = getattr(getattr(request.node, "callspec", None), "params", {})
    variation = params.get("variation")
    if variation is not None:
        values["datavariation"] = getattr(variation, "name", variation)
    shown = ", ".join(f"{k}: {v}" for k, v in values.items())
    return f"{name} [{shown}]" if shown else name


def relative(path: str) -> str:
    """A feature file's path as a reader types it: relative to the checkout when it is inside, else as given."""
    from pathlib import Path

    from golive.paths import ROOT

    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return path


def _property(report: pytest.TestReport, name: str) -> str:
    return next((str(v) for k, v in reversed(report.user_properties) if k == name), "")


class Console:
    """The pytest plugin object golive.plugin registers when --golive-console is given."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.failures: list[pytest.TestReport] = []
        self.failed_ids: set[str] = set()
        self.skipped_ids: set[str] = set()
        self.properties: dict[str, pytest.TestReport] = {}
        self.count = 0

    @pytest.hookimpl(tryfirst=True)
    def pytest_report_teststatus(self, report: pytest.TestReport, config: pytest.Config):
        """No progress dots: the line per scenario below says more."""
        if report.when == "call" or report.outcome != "passed":
            return report.outcome, "", ""
        return None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed and report.nodeid not in self.failed_ids:
            self.failed_ids.add(report.nodeid)
            self.failures.append(report)
        if report.when == "teardown" and report.nodeid in self.failed_ids:
            self.properties[report.nodeid] = report  # the teardown report holds every property the test recorded
        if report.skipped:
            self.skipped_ids.add(report.nodeid)
        if report.when != "teardown":
            return
        self.count += 1
        outcome = (
            "FAILED"
            if report.nodeid in self.failed_ids
            else ("skipped" if report.nodeid in self.skipped_ids else "passed")
        )
        title = _property(report, TITLE) or report.nodeid.rsplit("::", 1)[-1]
        where = _property(report, WHERE)
        writer = self.config.get_terminal_writer()
        writer.line(f"  {outcome:<7} {title}" + (f"  ({where})" if where else ""), red=outcome == "FAILED")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """Each failure once in business words; a failure with the same headline and blame as an earlier one is
        listed under it ("the same in: …"), so one defect failing 40 scenarios reads as one story."""
        if not self.failures:
            return
        write = terminalreporter.write_line
        write("")
        write(f"{len(self.failures)} of {self.count} scenario(s) failed:", red=True, bold=True)
        groups: dict[tuple[str, str], list[dict]] = {}
        for report in self.failures:
            failure = self._described(report)
            groups.setdefault((failure["blame"], failure["message"].split("\n", 1)[0]), []).append(failure)
        for number, same in enumerate(groups.values(), start=1):
            first = same[0]
            write("")
            write(f"{number}. {first['title']}" + (f"  ({first['where']})" if first["where"] else ""), bold=True)
            for label, key in (("step", "step"), ("in", "phase"), ("blame", "blame"), ("hint", "hint")):
                if first[key]:
                    write(f"   {label + ':':<6} {first[key]}")
            lines = first["message"].splitlines() or [""]
            for line in lines[:MESSAGE_LINES]:
                write(f"   {line}")
            if len(lines) > MESSAGE_LINES:
                write(f"   … {len(lines) - MESSAGE_LINES} more line(s) in the report and reports/junit.xml")
            if len(same) > 1:
                write(f"   the same failure in {len(same) - 1} more scenario(s):")
                for other in same[1:]:
                    write(f"     - {other['title']}" + (f"  ({other['where']})" if other["where"] else ""))

    def _described(self, report: pytest.TestReport) -> dict[str, str]:
        from golive.report_shape import headline, is_check

        recorded = self.properties.get(report.nodeid, report)
        crash = getattr(report.longrepr, "reprcrash", None)
        raw = crash.message if crash is not None else str(report.longrepr or "")
        return {
            "title": _property(recorded, TITLE) or report.nodeid.rsplit("::", 1)[-1],
            "where": _property(recorded, WHERE),
            "step": _property(recorded, STEP),
            "phase": "" if report.when == "call" else f"the scenario's {report.when}",
            "blame": ", ".join(blame.label(p) for p in blame.decode(_property(recorded, blame.PROPERTY))),
            "hint": _property(recorded, blame.HINT),
            "message": headline(raw, "failed" if is_check(raw) else "broken")[0],
        }
