"""Allure for Gherkin scenarios: the report an acceptance tester reads instead of the code.

Active only when allure-pytest is collecting (`--alluredir DIR`). For every pytest-bdd scenario it adds:

- labels: the feature as Allure *feature*, the folder the feature file lives in (the business flow, e.g.
  `flytning/`) as *epic*, the scenario name as title; Gherkin tags already reach Allure as *tag* labels through
  the pytest markers pytest-bdd sets; `@krav:SYG-101` additionally becomes a link to the requirement
  (URL pattern: env GOLIVE_REQUIREMENT_URL, default in golive.config);
- one Allure step per Gherkin step ("Givet at dags dato er 2024-03-01"), failed or broken where it broke;
- attachments from the `scenario` fixture, when the test used it: "datagrundlag" (the generated data profile),
  one attachment per HTTP exchange or bus message, in time order, named "<simulator> <METHOD> <path> → <status>",
  and one "kontraktbrud: …" attachment per contract violation, titled with the neighbour, operation, field, rule
  and contract line (golive.failures.describe_violation).

Once per run it writes environment.properties (SUT URL and version, every contract's version, seed) and
categories.json (Kontraktbrud / Integrationsfejl / Harness-fejl) into the results directory.

Why not the `allure-pytest-bdd` package: it exists (2.16.2, matches allure-python-commons) but registers its
own `--alluredir` option, so it cannot be installed next to allure-pytest, which the rest of the suite uses:
every pytest run would stop with "option names already added". Emitting steps from pytest-bdd's hooks through
allure-python-commons' hook API is forty lines and keeps one Allure plugin.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from golive import settings
from golive.categories import CONTRACT_VIOLATION_MARKER, HARNESS_MARKER  # noqa: F401  (re-exported for reports)
from golive.console import scenario_title
from golive.exchanges import fold_polls, merge, origins_of
from golive.exchanges import title as title_of

# Assertion messages that contain this word are contract violations (category "Kontraktbrud").
# Steps and journal assertions that detect a broken contract must put it in their message.
REQUIREMENT_TAG = re.compile(r"^krav:(?P<id>.+)$")
FEATURE_ROOT_NAMES = ("features",)  # the folder under which flow folders live; the epic is the next one down

CATEGORIES = [
    {
        "name": "Kontraktbrud",
        "description": "An exchange broke an OpenAPI contract (the SUT's or a neighbour's).",
        "matchedStatuses": ["failed", "broken"],
        # [\s\S] instead of (?s): Allure 2 matches with Java regexes, Allure 3 with JavaScript ones.
        "messageRegex": rf"[\s\S]*{CONTRACT_VIOLATION_MARKER}[\s\S]*",
    },
    {
        "name": "Integrationsfejl",
        "description": "A business expectation about a neighbour failed (an AssertionError in a Then-step).",
        "matchedStatuses": ["failed"],
    },
    {
        "name": "Fejl i feature-filen",
        "description": "The feature file is written wrong: an undefined step, a parameter outside its domain, a "
        "keyword the Gherkin parser does not know. The scenario's own mistake, not the SUT's.",
        "matchedStatuses": ["failed", "broken"],
        "messageRegex": r"[\s\S]*(?:FeatureFileMistake|StepDefinitionNotFoundError)[\s\S]*",
    },
    {
        "name": "Harness-fejl",
        "description": "The harness itself broke: a simulator down, a timeout, an undefined step, a bug in a step.",
        "matchedStatuses": ["broken"],
    },
]


def _hooks():
    from allure_commons import plugin_manager

    return plugin_manager.hook


def pretty(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False, default=str)


def exchange_title(exchange: dict) -> str:
    """ "SUT → Luna PUT /laegevalg/0101901234 → 200" — what an acceptance tester scans the list for."""
    return title_of(exchange if "from" in exchange else {**exchange, "from": "?", "to": exchange.get("simulator")})


def violation_title(violation: dict) -> str:
    where = " ".join(str(violation[k]) for k in ("simulator", "operation") if violation.get(k))
    rule = violation.get("rule") or "?"
    spot = f"{violation.get('where') or ''}{violation.get('pointer') or ''}"
    return f"{CONTRACT_VIOLATION_MARKER}: {where + ' ' if where else ''}{spot} {rule}".replace("  ", " ").strip()


def violation_attachments(item: dict) -> list[tuple[str, dict]]:
    """(title, document) per broken rule. A journal entry (what Scenario.violations returns) gives one per
    violation it carries, titled with the sentence of the failure message ("kontraktbrud: Luna refused
    registerLaegevalg from the SUT: body.effectiveDate '15-03-2024' breaks `format: date`
    (contracts/luna.openapi.yaml:454)") and holding the rule and the exchange; a bare violation gives itself."""
    from golive.failures import describe_violation

    if not isinstance(item.get("violations"), list):
        return [(violation_title(item), item)]
    exchange = {
        k: item.get(k)
        for k in ("simulator", "operation", "method", "path", "status", "correlationId", "requestBody", "responseBody")
    }
    return [
        (f"{CONTRACT_VIOLATION_MARKER}: {describe_violation(item, v)}", {"violation": v, "exchange": exchange})
        for v in item["violations"]
    ]


def flow_of(feature_filename: str) -> str | None:
    """The business flow a feature belongs to: the folder right under features/ (or the feature's own folder)."""
    parts = Path(feature_filename).parts
    for root in FEATURE_ROOT_NAMES:
        if root in parts:
            index = len(parts) - 1 - parts[::-1].index(root)
            rest = parts[index + 1 : -1]
            return rest[0] if rest else None
    parent = Path(feature_filename).parent.name
    return parent or None


class AllureScenarios:
    """The pytest plugin object registered by golive.plugin when --alluredir is given."""

    def __init__(self, config: pytest.Config, results_dir: str) -> None:
        self.config = config
        self.results_dir = Path(results_dir)
        self._open_steps: dict[int, str] = {}  # id(step) -> allure step uuid
        self._seen: set[tuple[str, int]] = set()  # (system, journal seq) of the exchanges already attached

    # --- scenario labels and links -------------------------------------------------------------------------
    @pytest.hookimpl(trylast=True)
    def pytest_bdd_before_scenario(self, request, feature, scenario) -> None:
        import allure

        from golive.config import requirement_url

        allure.dynamic.title(scenario_title(request, scenario.name))
        allure.dynamic.feature(feature.name)
        self._seen = set()
        flow = flow_of(feature.filename)
        if flow:
            allure.dynamic.epic(flow)
        description = "\n\n".join(
            part.strip() for part in (feature.description, scenario.description) if part and part.strip()
        )
        if description:
            allure.dynamic.description(description)
        for tag in sorted(set(feature.tags) | set(scenario.tags)):
            match = REQUIREMENT_TAG.match(tag)
            if match:
                allure.dynamic.link(requirement_url(match["id"]), link_type="tms", name=match["id"])

    # --- Gherkin steps as Allure steps ------------------------------------------------------------------------
    def pytest_bdd_before_step(self, request, feature, scenario, step, step_func) -> None:
        self._start(step)

    def pytest_bdd_after_step(self, request, feature, scenario, step, step_func, step_func_args) -> None:
        self._attach_new_exchanges(request)
        self._stop(step, None)

    def pytest_bdd_step_error(self, request, feature, scenario, step, step_func, step_func_args, exception) -> None:
        self._attach_new_exchanges(request)
        self._stop(step, exception)

    def pytest_bdd_step_func_lookup_error(self, request, feature, scenario, step, exception) -> None:
        self._start(step)
        self._stop(step, exception)

    def _start(self, step) -> None:
        step_uuid = str(uuid.uuid4())
        self._open_steps[id(step)] = step_uuid
        _hooks().start_step(uuid=step_uuid, title=f"{step.keyword.strip()} {step.name}", params={})

    def _stop(self, step, exception: BaseException | None) -> None:
        step_uuid = self._open_steps.pop(id(step), None)
        if step_uuid is None:
            return
        _hooks().stop_step(
            uuid=step_uuid,
            exc_type=type(exception) if exception else None,
            exc_val=exception,
            exc_tb=exception.__traceback__ if exception else None,
        )

    # --- what the scenario caused ------------------------------------------------------------------------------
    def _attach_new_exchanges(self, request) -> None:
        """Attach, under the step still open, every exchange the step caused: the journal entries not yet attached,
        each call once and repeated polls folded (golive/exchanges.py). In-process only: a served world's journals
        are HTTP reads per system and citizen, too many to repeat after every step, so they are read once at the end."""
        attach_exchanges(self._new_exchanges(request, at_end=False))

    def _new_exchanges(self, request, at_end: bool) -> list[dict]:
        if "scenario" not in request.fixturenames:
            return []
        try:
            context = request.getfixturevalue("scenario")
            if not at_end and not getattr(getattr(context, "waits", None), "exact", True):
                return []
            entries = context.exchanges()
            origins = origins_of(context.world) if hasattr(context, "world") else {}
        except Exception as exc:  # a broken journal must not hide the scenario's own verdict
            attach_text(f"could not read the exchanges: {type(exc).__name__}: {exc}", "exchanges (fejl)")
            return []
        new = [e for e in entries if (str(e.get("simulator")), int(e.get("seq") or 0)) not in self._seen]
        self._seen.update((str(e.get("simulator")), int(e.get("seq") or 0)) for e in new)
        return fold_polls(merge(new, origins))

    def finish_scenario(self, request, context: Any) -> None:
        """Called by golive.plugin once the scenario's world has settled: the work the systems did on their own after
        the last step, under a step that says so; then the data profile and every contract violation."""
        import allure

        late = self._new_exchanges(request, at_end=True)
        if late:
            exact = getattr(getattr(context, "waits", None), "exact", True)
            title = (
                "Efter sidste trin: hvad systemerne gjorde på egen hånd (after the last step)"
                if exact
                else "Udvekslinger (the scenario's exchanges, read once at its end: a served world)"
            )
            with allure.step(title):
                attach_exchanges(late)
        attach_scenario(context)

    # --- once per run ------------------------------------------------------------------------------------------
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if hasattr(self.config, "workerinput"):  # an xdist worker; the controller writes the run files
            return
        self.results_dir.mkdir(parents=True, exist_ok=True)
        from golive.report_shape import shape

        shape(self.results_dir)  # no pytest plumbing, the business message as headline (golive/report_shape.py)
        write_categories(self.results_dir)
        write_environment(self.results_dir, environment(self.config))


def attach_text(text: str, name: str) -> None:
    import allure

    allure.attach(text, name=name, attachment_type=allure.attachment_type.TEXT)


def attach_exchanges(exchanges: list[dict]) -> None:
    import allure

    for exchange in exchanges:
        allure.attach(pretty(exchange), name=exchange_title(exchange), attachment_type=allure.attachment_type.JSON)


def attach_scenario(context: Any) -> None:
    """Attach the data profile and every contract violation of one scenario (its exchanges sit under their steps)."""
    import allure

    json_type = allure.attachment_type.JSON
    for name, getter in (("datagrundlag", "profile"), ("violations", "violations")):
        try:
            value = getattr(context, getter)()
        except Exception as exc:  # a broken journal must not hide the scenario's own verdict
            attach_text(f"could not read {getter}: {type(exc).__name__}: {exc}", f"{name} (fejl)")
            continue
        if getter == "profile":
            allure.attach(pretty(value), name="datagrundlag", attachment_type=json_type)
        else:
            for violation in value:
                for title, document in violation_attachments(violation):
                    allure.attach(pretty(document), name=title, attachment_type=json_type)


def write_categories(results_dir: Path) -> Path:
    path = results_dir / "categories.json"
    path.write_text(pretty(CATEGORIES), encoding="utf-8")
    return path


def contract_versions(contracts_dir: Path | None = None) -> dict[str, str]:
    import yaml

    from golive.config import CONTRACTS

    versions = {}
    for path in sorted((contracts_dir or CONTRACTS).glob("*.yaml")):
        try:
            info = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("info", {})
        except yaml.YAMLError:
            continue
        if "version" in info:
            versions[path.name.removesuffix(".yaml")] = str(info["version"])
    return versions


def sut_identity(sut_url: str | None) -> tuple[str, str]:
    """(url, version) of the SUT: a vendor's answers GET /__admin/health with `sut`; the reference SUT is the
    executable form of contracts/sygesikring.openapi.yaml, so its version is that contract's."""
    from golive.config import CONTRACTS

    if sut_url:
        try:
            import httpx

            health = httpx.get(sut_url.rstrip("/") + "/__admin/health", timeout=3).json()
            return sut_url, str(health.get("sut") or health.get("version") or "unknown")
        except Exception as exc:
            return sut_url, f"unknown ({type(exc).__name__})"
    version = contract_versions(CONTRACTS).get("sygesikring.openapi", "unknown")
    return "reference SUT (in-process)", f"reference {version}"


def environment(config: pytest.Config) -> dict[str, str]:

    from golive import __version__
    from golive.config import default_seed

    sut_url = _option(config, "--golive-sut-url") or settings.sut_url()
    seed = _option(config, "--golive-seed")
    url, version = sut_identity(sut_url)
    env = {
        "golive.version": __version__,
        "seed": str(seed if seed is not None else default_seed()),
        "sut.url": url,
        "sut.version": version,
    }
    env["defects"] = ", ".join(settings.sut_defects()) or "none (the reference SUT commits no seeded defect)"
    from golive import replay
    from golive.selection import FEATURES_OPTION, TAGS_OPTION

    env["replay"] = replay.run_command(
        int(env["seed"]), features=_option(config, FEATURES_OPTION), tags=_option(config, TAGS_OPTION), sut_url=sut_url
    )
    env.update({f"contract.{name}": version for name, version in contract_versions().items()})
    from golive import trace

    digest = trace.combined(config)
    if digest is not None:  # in-process runs: same seed, same digest (golive/trace.py)
        env["trace.digest"] = digest
    return env


def _option(config: pytest.Config, name: str):
    try:
        return config.getoption(name)
    except ValueError:
        return None


def write_environment(results_dir: Path, values: dict[str, str]) -> Path:
    def value(text: str) -> str:
        return text.replace("\\", "\\\\").replace("\n", "\\n")

    def key(text: str) -> str:
        return value(text).replace("=", "\\=").replace(":", "\\:").replace(" ", "\\ ")

    path = results_dir / "environment.properties"
    path.write_text("".join(f"{key(k)}={value(v)}\n" for k, v in values.items()), encoding="utf-8")
    return path
