"""Which scenarios a run takes: a folder, a feature file or `file.feature:LINE`, and a Gherkin tag expression.

Why: a CI job pointed at the wrong folder used to print "nothing to run" and pass. Here a selection is explicit
(`--golive-features`, `--golive-tags`; `golive run --features … --tags …` passes them on) and a selection that takes
no scenario is a usage error that names what was asked for and what exists, so a run that tests nothing fails.

The scenarios are always collected by features/test_scenarios.py (where the step library is); the selection then
keeps those whose feature file lies under the path (or the one scenario at the line) and whose tags match.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

FEATURES_OPTION = "--golive-features"
FEATURE_FILE_ATTRIBUTE = "golive_feature_file"  # on the failing test golive/collection.py makes of a misread file
TAGS_OPTION = "--golive-tags"


def add_options(group: Any) -> None:
    group.addoption(
        FEATURES_OPTION,
        default=None,
        metavar="PATH[:LINE]",
        help="run only the scenarios in this folder or feature file, or the one at file.feature:LINE",
    )
    group.addoption(
        TAGS_OPTION,
        default=None,
        metavar="EXPR",
        help='run only the scenarios whose tags match, e.g. "@flytning and not @langsom"',
    )


def split_target(text: str) -> tuple[Path, int | None]:
    """'features/flytning/move.feature:12' -> (that file, 12); a folder or a file alone -> (path, None)."""
    head, sep, tail = text.rpartition(":")
    if sep and tail.isdigit() and head.endswith(".feature"):
        return Path(head).resolve(), int(tail)
    return Path(text).resolve(), None


def template_of(item: pytest.Item) -> Any:
    """pytest-bdd's ScenarioTemplate behind a collected scenario (None for anything else)."""
    registry = getattr(sys.modules.get("pytest_bdd.scenario"), "scenario_wrapper_template_registry", None)
    function = getattr(item, "obj", None)
    return registry.get(function) if registry is not None and function is not None else None


def _unknown_tags(tags_text: str | None, items: list[pytest.Item]) -> str:
    """ " '@flytnig' is no scenario's tag; did you mean '@flytning'?" for each tag of the expression no scenario has."""
    from golive.parameters import nearest

    known = {f"@{mark.name}" for item in items for mark in item.iter_markers()}
    said = []
    for tag in re.findall(r"@[^\s()]+", tags_text or ""):
        if tag not in known:
            close = nearest(tag, known)
            said.append(f" '{tag}' is no scenario's tag" + (f"; did you mean '{close[0]}'?" if close else "."))
    return "".join(said)


def _matches_tags(item: pytest.Item, expression: Any) -> bool:
    """The scenario's Gherkin tags (pytest-bdd applies them as marks, the feature's included) against the expression."""
    return bool(expression.evaluate([f"@{mark.name}" for mark in item.iter_markers()]))


def _in_target(template: Any, target: Path, line: int | None, starts: dict[Path, list[int]]) -> bool:
    feature = Path(template.feature.filename).resolve()
    if line is None:
        return feature == target or feature.is_relative_to(target)
    if feature != target:
        return False
    before = [start for start in starts.get(feature, []) if start <= line]
    return bool(before) and template.line_number == max(before)  # the scenario whose lines hold LINE


def select(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect what the selection leaves out; fail the run (usage error) when nothing is left."""
    target_text, tags_text = config.getoption(FEATURES_OPTION), config.getoption(TAGS_OPTION)
    if not target_text and not tags_text:
        return
    expression = None
    if tags_text:
        from cucumber_tag_expressions import TagExpressionError, parse  # Cucumber's own tag-expression semantics

        try:
            expression = parse(tags_text)
        except TagExpressionError as exc:
            raise pytest.UsageError(f"{TAGS_OPTION} {tags_text!r} is not a tag expression: {exc}") from None
    target, line = split_target(target_text) if target_text else (None, None)
    if target is not None and not target.exists():
        raise pytest.UsageError(f"{FEATURES_OPTION} {target_text}: no such folder or feature file")
    templates = {id(item): template_of(item) for item in items}
    starts: dict[Path, list[int]] = {}
    for template in templates.values():
        if template is not None:
            starts.setdefault(Path(template.feature.filename).resolve(), []).append(template.line_number)
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        template = templates[id(item)]
        mistaken = getattr(getattr(item, "obj", None), FEATURE_FILE_ATTRIBUTE, None)
        if mistaken is not None:  # a misread feature file fails whatever the tags: it cannot be silently left out
            wanted = target is None or mistaken == target or mistaken.is_relative_to(target)
        else:
            wanted = template is not None and (target is None or _in_target(template, target, line, starts))
            if wanted and expression is not None:
                wanted = _matches_tags(item, expression)
        (kept if wanted else dropped).append(item)
    if not kept:
        asked = " and ".join(
            filter(
                None,
                [
                    f"{FEATURES_OPTION} {target_text}" if target_text else "",
                    f"{TAGS_OPTION} {tags_text!r}" if tags_text else "",
                ],
            )
        )
        files = sorted(
            {
                str(Path(t.feature.filename).resolve().relative_to(Path.cwd()))
                if Path(t.feature.filename).resolve().is_relative_to(Path.cwd())
                else t.feature.filename
                for t in templates.values()
                if t is not None
            }
        )
        raise pytest.UsageError(
            f"no scenario matches {asked}: nothing would run.{_unknown_tags(tags_text, items)} Feature files: "
            + (", ".join(files[:12]) + (" …" if len(files) > 12 else "") if files else "none")
        )
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
