"""The step catalogue: every Gherkin step a test manager may use, with an example, without reading Python.

How steps are found (robust against how features/conftest.py happens to import them): every module in
`<features>/steps/*.py` is imported by file path, and pytest-bdd 9's own registry
(`pytest_bdd.steps.step_function_context_registry`, filled by the @given/@when/@then decorators) is read for
the step functions those modules define. No pytest session is needed, so `golive steps` is instant.

For every step: pattern, type (given/when/then, or "step" for @step), language, parameter names (from the
parse/cfparse/re pattern), one real step line from the feature files that matches it, and the docstring.

Language: each step sentence declares its own (features/steps: `da("...")` / `en("...")` set the parser's
`golive_language`); a function carrying a Danish and an English sentence thus gets both right. The language is never
guessed from the words (a guess labelled English sentences Danish). A step library that declares nothing (a
vendor's, tests/data/bdd_sample) shows the language of the feature file its example comes from (`# language: da`),
marked as such, or "undeclared".

Undefined steps: `suggest(step_text, catalogue)` returns the closest patterns (difflib), used by the golive
plugin to turn pytest-bdd's "Step definition is not found" into a message that names the nearest steps.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib.util
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LANGUAGE_NAMES = {"da": "dansk", "en": "English"}
LANGUAGE_ATTRIBUTE = "golive_language"  # set on a step parser by features/steps' da()/en()


@dataclass
class Example:
    line: str  # "Givet at dags dato er 2024-03-01"
    feature: str  # path relative to the features directory
    line_number: int
    language: str


@dataclass
class StepEntry:
    pattern: str
    type: str  # given | when | then | step
    module: str  # steps/<name>.py, relative to the features directory
    function: str
    parser: str  # string | parse | cfparse | re
    parameters: list[str]
    docstring: str
    language: str = ""  # "da" | "en"; "" when neither declared nor shown by an example
    declared: bool = False  # the language is the step sentence's own declaration
    example: Example | None = None
    matcher: Callable[[str], bool] = field(default=lambda text: False, repr=False, compare=False)
    arguments: Callable[[str], dict | None] = field(default=lambda text: {}, repr=False, compare=False)
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)  # an enumerated parameter -> its allowed words
    takes: frozenset[str] = frozenset()  # what the step function reads besides its parameters: datatable, docstring

    def matches(self, step_type: str, text: str) -> bool:
        return self.type in ("step", step_type) and self.matcher(text)


ATTACHMENTS = {"datatable": "a data table (| … |)", "docstring": 'a doc string ("""…""")'}


def attachments_taken(func: Callable[..., Any]) -> frozenset[str]:
    """Which of a step's attachments (a data table under it, a doc string) its function reads: pytest-bdd passes
    one only to a function with a parameter of that name, and drops it silently otherwise."""
    import inspect

    return frozenset(inspect.signature(func).parameters) & frozenset(ATTACHMENTS)


@dataclass
class FeatureStep:
    type: str
    keyword: str
    text: str
    feature: str
    line_number: int
    language: str


def step_modules(features_dir: Path) -> list[Path]:
    steps_dir = features_dir / "steps"
    return sorted(p for p in steps_dir.glob("*.py") if p.name != "__init__.py") if steps_dir.is_dir() else []


def _import_by_path(path: Path, root: Path):
    name = "golive_catalogue_" + hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10] + "_" + path.stem
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load step module {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    for entry in (str(root), str(path.parent.parent)):  # step modules may import `features.steps.x` or `steps.x`
        if entry not in sys.path:
            sys.path.insert(0, entry)
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _parameters(parser) -> list[str]:
    inner = getattr(parser, "parser", None)
    if inner is not None and hasattr(inner, "named_fields"):
        return list(inner.named_fields)
    regex = getattr(parser, "regex", None)
    if regex is not None:
        return list(regex.groupindex)
    return []


def _allowed(parser) -> dict[str, tuple[str, ...]]:
    """Each enumerated parameter's allowed values, read from its parse type (golive/parameters.py: `allowed`)."""
    from golive.parameters import allowed_values

    types = getattr(getattr(parser, "parser", None), "_extra_types", None) or {}
    found = {}
    for name, type_name in re.findall(r"\{(\w+):(\w+)\}", getattr(parser, "name", "")):
        values = allowed_values(types.get(type_name))
        if values:
            found[name] = values
    return found


def feature_steps(features_dir: Path) -> list[FeatureStep]:
    """Every step line of every feature file (backgrounds included), with its resolved type (And → Given...)."""
    from pytest_bdd.parser import FeatureParser

    found: list[FeatureStep] = []
    for path in sorted(features_dir.rglob("*.feature")):
        rel = path.relative_to(features_dir).as_posix()
        try:
            feature = FeatureParser(str(features_dir), rel).parse()
        except Exception:  # a feature file that does not parse is pytest's to report, not the catalogue's
            continue
        lang = feature.language or "en"
        seen: set[int] = set()
        for template in feature.scenarios.values():
            for step in template.steps:
                if step.line_number in seen:
                    continue
                seen.add(step.line_number)
                found.append(FeatureStep(step.type, step.keyword.strip(), step.name, rel, step.line_number, lang))
    return sorted(found, key=lambda s: (s.feature, s.line_number))


def collect(features_dir: Path | str, root: Path | str | None = None) -> list[StepEntry]:
    """The catalogue of a features directory, in module order then source order."""
    from pytest_bdd.steps import step_function_context_registry

    features_dir = Path(features_dir).resolve()
    root = Path(root).resolve() if root else features_dir.parent
    modules = {}
    for path in step_modules(features_dir):
        module = _import_by_path(path, root)
        modules[module.__name__] = (module, path.relative_to(features_dir).as_posix())

    entries: list[StepEntry] = []
    for context in list(step_function_context_registry.values()):
        func = context.step_func
        if func.__module__ not in modules:
            continue
        module, rel = modules[func.__module__]
        parser = context.parser
        declared = getattr(parser, LANGUAGE_ATTRIBUTE, None)
        entries.append(
            StepEntry(
                pattern=parser.name,
                type=context.type or "step",
                module=rel,
                function=func.__name__,
                parser=type(parser).__name__,
                parameters=_parameters(parser),
                docstring=(func.__doc__ or "").strip(),
                language=declared or "",
                declared=declared is not None,
                matcher=parser.is_matching,
                arguments=parser.parse_arguments,
                values=_allowed(parser),
                takes=attachments_taken(func),
            )
        )
        entries[-1]._line = func.__code__.co_firstlineno  # type: ignore[attr-defined]

    lines = feature_steps(features_dir)
    for entry in entries:
        entry.example = next(
            (
                Example(f"{s.keyword} {s.text}", s.feature, s.line_number, s.language)
                for s in lines
                if entry.matches(s.type, s.text)
            ),
            None,
        )
        if not entry.declared and entry.example:  # the feature file says its language; the words are not asked
            entry.language = entry.example.language
    entries.sort(key=lambda e: (e.module, e._line))  # type: ignore[attr-defined]
    return entries


def undefined_steps(features_dir: Path | str, entries: Iterable[StepEntry]) -> list[FeatureStep]:
    entries = list(entries)
    return [s for s in feature_steps(Path(features_dir)) if not any(e.matches(s.type, s.text) for e in entries)]


def _words(text: str) -> list[str]:
    """A step's words, lower case, a placeholder ({grund:Afvisning}) left out: it stands for any word."""
    return [w for w in re.findall(r"\{[^}]*\}|[^\W\d_]+", text.lower()) if not w.startswith("{")]


def _alike(a: str, b: str) -> bool:
    """Two words a reader takes for the same: equal, one inside the other (valget, lægevalget), or a near spelling."""
    if a == b or (min(len(a), len(b)) >= 4 and (a in b or b in a)):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def closeness(text: str, pattern: str) -> float:
    """How close a written step is to a pattern: half the spelling (difflib), half the words they share, so that
    'afvises valget med årsagen afstandsregel' finds 'lægevalget afvises på grund af {grund:Afvisning}'."""
    spelled = difflib.SequenceMatcher(None, text.lower(), pattern.lower()).ratio()
    written, offered = _words(text), _words(pattern)
    if not written or not offered:
        return spelled
    shared = sum(any(_alike(w, o) for o in offered) for w in written) / len(written)
    covered = sum(any(_alike(o, w) for w in written) for o in offered) / len(offered)
    return 0.5 * spelled + 0.25 * shared + 0.25 * covered


def suggest(text: str, patterns: Iterable[str], n: int = 3) -> list[str]:
    """The `n` patterns closest to an undefined step's text (`closeness`)."""
    patterns = list(dict.fromkeys(patterns))
    return sorted(patterns, key=lambda p: closeness(text, p), reverse=True)[:n]


STEP_TYPES = {"given": "Givet (Given)", "when": "Når (When)", "then": "Så (Then)"}  # pytest-bdd's step types
STEP_ROLES = {
    "given": "it sets up what is true before the action",
    "when": "it is the action the scenario is about",
    "then": "it checks an outcome",
}


def wrong_type_message(shown_step: str, written: str, meant: str) -> str:
    """A step written under the wrong keyword (a Så-step after Givet): which kind it is and where it goes."""
    kind = STEP_TYPES[meant]
    return (
        f"step {shown_step} is written as a {STEP_TYPES.get(written, written)} step, but the step library has it as a "
        f"{kind} step: {STEP_ROLES[meant]}; write it after '{kind.split()[0]}' (or 'Og' following one)"
    )


def undefined_step_message(
    step_type: str, text: str, patterns: Iterable[str], written: str | None = None, meant: str | None = None
) -> str:
    """Why no step matches: written under the wrong keyword (`meant`: the type it has), else the closest steps."""
    if written and meant:
        return wrong_type_message(f'{step_type} "{text}"', written, meant)
    closest = suggest(text, patterns)
    hint = "".join(f"\n    {p}" for p in closest) if closest else "\n    (the catalogue is empty)"
    return (
        f'Undefined step: {step_type} "{text}". No step definition matches it.\n'
        f"  Closest existing steps (see docs/STEPS.md or `golive steps`):{hint}"
    )


def explain_undefined_step(keyword: str, text: str, step_type: str | None, contexts: Iterable[Any]) -> str:
    """The message for a step pytest-bdd found no definition for, from its registered step contexts (each a parser
    and a step type): the type it has when it was written under the wrong keyword, else the closest steps."""
    contexts = list(contexts)
    meant = next(
        (c.type for c in contexts if c.type not in (None, step_type) and c.parser.is_matching(text)),
        None,
    )
    return undefined_step_message(keyword, text, [c.parser.name for c in contexts], step_type, meant)


# --- rendering ---------------------------------------------------------------------------------------------------


def language_label(entry: StepEntry) -> str:
    """The step's language as a reader sees it: declared, only shown by the example's feature file, or unknown."""
    if not entry.language:
        return "undeclared"
    name = LANGUAGE_NAMES.get(entry.language, entry.language)
    return name if entry.declared else f"{name} (its example's)"


def render_text(entries: list[StepEntry]) -> str:
    out: list[str] = []
    module = None
    for e in entries:
        if e.module != module:
            module = e.module
            out.append(f"\n{module}")
        params = f"  ({', '.join(e.parameters)})" if e.parameters else ""
        out.append(f"  {e.type:<5} [{language_label(e)}] {e.pattern}{params}")
        if e.example:
            out.append(f"        e.g. {e.example.line}   ({e.example.feature}:{e.example.line_number})")
        if e.docstring:
            out.append(f"        {e.docstring.splitlines()[0]}")
    out.append(f"\n{len(entries)} steps in {len({e.module for e in entries})} modules")
    return "\n".join(out).lstrip("\n") + "\n"


INLINE_VALUES = 8  # an enumerated parameter with more values than this links to its list instead


def value_lists(entries: list[StepEntry]) -> dict[tuple[str, ...], str]:
    """Each long list of allowed values -> its anchor ("values-kommune"), named after the first parameter using it."""
    anchors: dict[tuple[str, ...], str] = {}
    for e in entries:
        for name, values in e.values.items():
            if len(values) > INLINE_VALUES and values not in anchors:
                anchor = f"values-{name}"
                while anchor in anchors.values():
                    anchor += "-2"
                anchors[values] = anchor
    return anchors


def parameter_notes(entry: StepEntry, anchors: dict[tuple[str, ...], str]) -> list[tuple[str, str, str]]:
    """(parameter, its allowed values written out or "", the anchor of its list or "") for each parameter."""
    notes = []
    for name in entry.parameters:
        values = entry.values.get(name, ())
        anchor = anchors.get(values, "") if values else ""
        shown = "" if anchor or not values else ", ".join(f"'{v}'" for v in values)
        notes.append((name, shown, anchor))
    return notes


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(entries: list[StepEntry]) -> str:
    out = [
        "# Step catalogue",
        "",
        "Generated by `golive steps --markdown > docs/STEPS.md` from `features/steps/`; do not edit by hand",
        "(tests/test_catalogue.py fails when this file and the step definitions disagree).",
        "",
        "Compose new scenarios from these steps without writing Python. `{name}` is a parameter you fill in.",
        "",
    ]
    if not entries:
        out.append("_No step definitions yet._")
    anchors = value_lists(entries)
    module = None
    for e in entries:
        if e.module != module:
            module = e.module
            out += [
                "",
                f"## {module}",
                "",
                "| type | language | step | parameters | example |",
                "|---|---|---|---|---|",
            ]
        example = f"`{_md(e.example.line)}` ({e.example.feature}:{e.example.line_number})" if e.example else ""
        step = f"`{_md(e.pattern)}`" + (f"<br>{_md(e.docstring.splitlines()[0])}" if e.docstring else "")
        params = "<br>".join(
            f"{name}: one of {_md(shown)}"
            if shown
            else f"{name}: one of [these {len(e.values[name])}](#{anchor})"
            if anchor
            else name
            for name, shown, anchor in parameter_notes(e, anchors)
        )
        out.append(f"| {e.type} | {language_label(e)} | {step} | {params} | {example} |")
    if anchors:
        out += ["", "## Allowed values", ""]
        for values, anchor in anchors.items():
            out += [f'<a id="{anchor}"></a>**{anchor.removeprefix("values-")}**: {_md(", ".join(values))}', ""]
    return "\n".join(out).rstrip("\n") + "\n"
