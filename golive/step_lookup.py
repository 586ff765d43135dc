"""A memo for pytest-bdd 9's step lookup: the cheapest 9 ms of a 30 ms scenario (registered by golive/plugin.py)."""

from __future__ import annotations


def memoize_step_lookup() -> None:
    """pytest-bdd 9 finds the definitions of every step by asking pytest about every fixture name in the session: on
    this suite about 22 ms of a 30 ms scenario. Step definitions live at module and conftest level and are all
    imported at collection, so the answer for (the item's parent, step type, step text) cannot change while tests
    run; it is kept after the first asking. Skipped, harmlessly, if pytest-bdd's internals have moved."""
    import sys

    module = sys.modules.get("pytest_bdd.scenario")
    original = getattr(module, "find_fixturedefs_for_step", None)
    if original is None or getattr(original, "golive_memoized", False):
        return
    found: dict[tuple[str, str | None, str], list] = {}

    def find_fixturedefs_for_step(step, fixturemanager, node):
        key = (node.parent.nodeid if node.parent is not None else "", step.type, step.name)
        if key not in found:
            found[key] = list(original(step, fixturemanager, node))
        return iter(found[key])

    find_fixturedefs_for_step.golive_memoized = True  # type: ignore[attr-defined]
    module.find_fixturedefs_for_step = find_fixturedefs_for_step  # type: ignore[union-attr]
