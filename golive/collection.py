"""The scenarios of a features folder as pytest tests, one feature file at a time (instead of pytest-bdd's
`scenarios(".")`).

Why per file: `scenarios(".")` parses every file in one call, so a single file the parser cannot read (a missing
`# language: da` line) made the whole module a collection error and no scenario ran. Here each file is first checked
for how it is written (golive/gherkin_check.py: misread keywords, parse errors, duplicate scenario names); a file with
mistakes becomes one failing test, `test_feature_file_mistake_<file>`, whose message names file, line and the fix in
business words, and every other file's scenarios are collected and run. A selection outside the folder (the
`--golive-features` path, e.g. a corpus of broken files) is collected the same way, with this step library.

The test names are pytest-bdd's own (`test_<scenario name>`, suffixed when taken), in pytest-bdd's feature order.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

from golive.failures import FeatureFileMistake
from golive.gherkin_check import Finding, bdd_finding, declared_language, file_findings
from golive.selection import FEATURE_FILE_ATTRIBUTE


def shown_path(path: Path) -> str:
    """The path as a person typed it: relative to the working directory when it lies under it."""
    path = path.resolve()
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


def feature_files(folder: Path, extra: Path | None = None) -> list[Path]:
    files = set(folder.rglob("*.feature"))
    if extra is not None and extra.exists() and not extra.resolve().is_relative_to(folder.resolve()):
        files |= {extra} if extra.is_file() else set(extra.rglob("*.feature"))
    return sorted(p.resolve() for p in files)


def mistake_message(findings: list[Finding]) -> str:
    return "\n".join(f"{f.path}:{f.line}: {f.message}" for f in findings)


def mistake_test(path: Path, findings: list[Finding]) -> Callable[[], None]:
    """A test that fails with the file's mistakes: the run cannot be green while a feature file is misread."""
    message = mistake_message(findings)

    def test_feature_file_mistake() -> None:
        __tracebackhide__ = True
        raise FeatureFileMistake(message)

    test_feature_file_mistake.__doc__ = f"feature file {shown_path(path)} is written wrongly"
    setattr(test_feature_file_mistake, FEATURE_FILE_ATTRIBUTE, path)
    return test_feature_file_mistake


def _selection_path() -> Path | None:
    """The --golive-features path of the running pytest, if any (read at collection, where the module is imported)."""
    from pytest_bdd.utils import CONFIG_STACK

    from golive.selection import FEATURES_OPTION, split_target

    if not CONFIG_STACK:
        return None
    text = CONFIG_STACK[-1].getoption(FEATURES_OPTION, default=None)
    return split_target(text)[0] if text else None


def _unique(namespace: MutableMapping[str, Any], base: str) -> str:
    from pytest_bdd.scenario import get_python_name_generator

    return next(name for name in get_python_name_generator(base) if name not in namespace)


def _mistake_name(namespace: MutableMapping[str, Any], path: Path) -> str:
    return _unique(namespace, "feature_file_mistake_" + shown_path(path).replace("/", "_").replace(".", "_"))


def collect_scenarios(namespace: MutableMapping[str, Any], folder: Path | str) -> None:
    """Put a test per scenario (and per mistaken file) of `folder` and of the selection into `namespace`, the
    calling test module's globals."""
    from pytest_bdd import scenario
    from pytest_bdd.exceptions import GherkinParseError
    from pytest_bdd.feature import get_feature

    folder = Path(folder).resolve()
    good = []
    for path in feature_files(folder, _selection_path()):
        findings, _ = file_findings(path, shown_path(path))
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            name = _mistake_name(namespace, path)
            namespace[name] = mistake_test(path, errors)
            continue
        try:
            good.append(get_feature(str(folder), str(path)))
        except GherkinParseError as error:  # pytest-bdd's own rule (a scenario opening with 'Og'), not a traceback
            code = declared_language(path.read_text(encoding="utf-8").splitlines()) or "en"
            name = _mistake_name(namespace, path)
            namespace[name] = mistake_test(path, [bdd_finding(shown_path(path), error, code)])
    good.sort(key=lambda feature: feature.name or feature.filename)
    for feature in good:
        for scenario_name in feature.scenarios:

            @scenario(feature.filename, scenario_name, features_base_dir=str(folder))
            def _scenario() -> None:
                pass  # pragma: no cover

            namespace[_unique(namespace, scenario_name)] = _scenario
