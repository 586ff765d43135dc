"""The golive pytest plugin: fixtures that give every test a world of simulators.

Registered by the root conftest.py. `world` is an in-process World (no sockets), fresh per test, so tests
never share state; `seed` comes from --golive-seed / GOLIVE_SEED and is printed on failure so a run can be
replayed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from golive import blame, console, properties, selection, settings, trace
from golive.config import REPORTS, SEED_ENV, SIMULATOR_URLS_ENV, default_seed, run_seed
from golive.step_lookup import memoize_step_lookup

LOOPBACK_ENV = settings.LOOPBACK


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("golive")
    group.addoption(
        "--golive-seed", type=int, default=None, help=f"seed for all generation and fault decisions (env {SEED_ENV})"
    )
    group.addoption(
        "--golive-sut-url",
        default=None,
        help="run scenarios against this SUT instead of the reference SUT (env GOLIVE_SUT_URL)",
    )
    group.addoption(
        "--golive-loopback",
        action="store_true",
        default=None,
        help=f"serve each scenario's simulators and reference SUT on loopback ports and talk to them over "
        f"real HTTP, instead of in-process (env {LOOPBACK_ENV}=1)",
    )
    selection.add_options(group)
    group.addoption(
        console.OPTION,
        action="store_true",
        default=False,
        help="a line per scenario and a summary of failures in business words, no tracebacks (golive run uses it)",
    )
    group.addoption(
        "--golive-trace-file",
        default=None,
        help=f"where to write the in-process scenarios' trace digests (default: reports/{trace.FILE}, "
        f"next to --alluredir when given)",
    )


@pytest.fixture(scope="session")
def seed(request: pytest.FixtureRequest) -> int:
    return _run_seed(request.config)


@pytest.fixture
def world(seed: int):
    from simulators.world import World

    with World(seed=seed) as w:
        yield w


VARIATION_TAG = "datavariation:"  # @datavariation:cpr_kind,name_kind,... runs a scenario once per pairwise row
VARIATION_PROPERTY = "golive_variation"  # user property carrying a row to the report (survives pytest-xdist)
VARIATION_REPORT = "datavariation.json"


def _run_seed(config: pytest.Config) -> int:
    return run_seed(config)


def _variation_dimensions(node) -> list[str] | None:
    for mark in node.iter_markers():
        if mark.name.startswith(VARIATION_TAG):
            return [d.strip() for d in mark.name[len(VARIATION_TAG) :].split(",") if d.strip()]
    return None


_ASCII_ID = str.maketrans({"·": "+", "æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def variation_id(row) -> str:
    """A pairwise row as a readable ASCII test id ("no-mod11+aeoeaa+group-2"): pytest escapes anything else in
    ids, and so would every report. Danish letters are written the way Danes write them without the letters."""
    return row.name.translate(_ASCII_ID)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test tagged @datavariation:<dim>,<dim>,... runs once per pairwise row of those dimensions
    (fixtures.variation.pairwise_for, deterministic for the run seed), each named by the row."""
    names = _variation_dimensions(metafunc.definition)
    if names is None or "variation" not in metafunc.fixturenames:
        return
    from fixtures.variation import pairwise_for

    try:
        _, rows = pairwise_for(names, _run_seed(metafunc.config))
    except (KeyError, ValueError) as e:
        raise pytest.UsageError(
            f"{metafunc.definition.nodeid}: bad @{VARIATION_TAG}{','.join(names)} tag: {e}"
        ) from None
    # ASCII ids: pytest escapes anything else in test ids (and so in reports); the row's own name keeps its "·".
    metafunc.parametrize("variation", rows, ids=[variation_id(r) for r in rows], indirect=True)


@pytest.fixture(autouse=True)
def variation(request: pytest.FixtureRequest):
    """The scenario's data-variation row (fixtures.variation.Row) when tagged @datavariation:..., else None."""
    row = getattr(request, "param", None)
    if row is not None:
        request.node.user_properties.append(
            (
                VARIATION_PROPERTY,
                {"dimensions": [d.key for d in row.dimensions], "row": row.name, "values": row.as_dict()},
            )
        )
    return row


@pytest.fixture
def scenario(seed: int, variation, request: pytest.FixtureRequest):
    """One Gherkin scenario's world: every simulator, the SUT (reference, or a vendor's at --golive-sut-url),
    its own generated data and correlation id. Steps talk to it only through golive.scenario.Scenario."""

    from golive import explore as explored
    from golive.scenario import Scenario
    from simulators.world import RemoteWorld, World

    sut_url = request.config.getoption("--golive-sut-url") or settings.sut_url()
    served = settings.simulator_urls()
    if sut_url and not served:
        raise pytest.UsageError(
            f"a SUT at {sut_url} must reach the simulators over the network: run `golive run --sut-url {sut_url}`, "
            f"which serves them on loopback and tells the scenarios where ({SIMULATOR_URLS_ENV})"
        )
    name = request.node.name
    found = _tagged(request.node, explored.SEED_TAG) if request.node.get_closest_marker(explored.FOUND_TAG) else []
    if found:  # an explorer's finding: its seed and name, so it meets the people and places the explorer made
        seed, name = int(found[0]), explored.SCENARIO_NAME
    world_cm: Any
    if sut_url:
        assert served is not None
        world_cm = RemoteWorld(served, sut_url)
    elif _loopback(request.config):
        world_cm = _served_world(seed)
    else:
        world_cm = World(seed=seed, reference_sut=True)
    with world_cm as world:
        context = Scenario(world, seed=seed, name=name, variation=variation)
        request.node.stash[_CONTEXT] = context  # for the failure's blame (_record_blame)
        for profile in _fault_profiles(request.node):  # @fejlprofil:ustabil-luna (golive/fault_profiles.py)
            context.apply_fault_profile(profile)
        defects = _tagged(request.node, DEFECT_TAG)  # @defekt:fee-in-kroner: the reference SUT commits it here
        if defects:
            context.switch_on(*dict.fromkeys([*settings.sut_defects(), *defects]))
        try:
            yield context
        finally:
            context.close()
            if isinstance(world, World) and world.virtual:  # the world's whole trace, for replays (golive/trace.py)
                request.node.user_properties.append((trace.PROPERTY, world.trace_digest()))


FAULT_PROFILE_TAG = "fejlprofil:"  # @fejlprofil:<name> switches a named fault profile on for the scenario
# @defekt:<name> makes the reference SUT commit a catalogue defect in this scenario only (the harness's own tests
# run the explorer's written-out findings this way, all in one session); a vendor's SUT refuses it.
DEFECT_TAG = "defekt:"


def _tagged(node, prefix: str) -> list[str]:
    return [m.name[len(prefix) :] for m in node.iter_markers() if m.name.startswith(prefix)]


def _fault_profiles(node) -> list[str]:
    return _tagged(node, FAULT_PROFILE_TAG)


def _loopback(config: pytest.Config) -> bool:

    return bool(config.getoption("--golive-loopback")) or settings.loopback()


class _served_world:
    """A fresh world served on free loopback ports for one scenario, reached over real HTTP (RemoteWorld).

    Why per scenario and not per session: a simulator that crashed or hung in one scenario must not decide the
    next one. A fresh set of servers (about a quarter of a second) is the simplest restart there is; the
    servers of a scenario whose simulator hung are abandoned after golive.serve.STOP_DEADLINE_S, and their
    ports with them. `world.servers` lets a test reach the servers (to stop one deliberately).
    """

    def __init__(self, seed: int) -> None:
        from golive.serve import loopback_world

        self.servers = loopback_world(seed, auto_ports=True, reference_sut=True)

    def __enter__(self):
        from simulators.world import SUT, RemoteWorld

        self.servers.start()
        urls = self.servers.urls()
        world = RemoteWorld({n: u for n, u in urls.items() if n != SUT}, urls[SUT])
        world.servers = self.servers
        return world

    def __exit__(self, *exc: object) -> None:
        self.servers.stop()


# -- every scenario is checked for broken contracts -------------------------------------------------------------
_STEP_FAILED = pytest.StashKey[bool]()
_CONTEXT = pytest.StashKey[Any]()  # the scenario's Scenario, for its failure's blame


def pytest_bdd_before_scenario(request, feature, scenario) -> None:
    """Where the scenario is and what it is called, for the console's line and failure summary (golive/console.py)."""
    request.node.user_properties.append(
        (properties.WHERE, f"{console.relative(feature.filename)}:{scenario.line_number}")
    )
    request.node.user_properties.append((properties.TITLE, console.scenario_title(request, scenario.name)))


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args, exception) -> None:
    """A failed check whose scenario broke a contract failed *because* of the breach: its headline becomes the breach
    (category Kontraktbrud, blaming the integrations whose contract was broken), the check's own words below it.
    Runs first, so the Allure step closes with the headline a reader should see."""
    request.node.stash[_STEP_FAILED] = True
    request.node.user_properties.append(
        (properties.STEP, f"{step.keyword.strip()} {step.name} (line {step.line_number})")
    )
    if not isinstance(exception, AssertionError) or "scenario" not in request.fixturenames:
        return
    from golive.failures import breach_root

    try:
        context = request.getfixturevalue("scenario")
        violations = context.violations()
    except Exception:  # a world that cannot answer any more: the step's own failure stands
        return
    if violations:
        breach_root(exception, violations, step=f"{step.keyword.strip()} {step.name}")


@pytest.hookimpl(trylast=True)
def pytest_bdd_after_scenario(request, feature, scenario) -> None:
    """Fail a scenario whose exchanges broke a contract, whether or not it says "ingen udveksling brød en kontrakt".

    Runs last. First it settles the world (Scenario.settle: a violation by work the SUT finishes after the last
    step is not missed), records which operations and systems the scenario exercised (contracts diff, the verdict
    table's coverage) and has the Allure plugin attach what the settling caused. The check runs only when every
    step passed: a step that already failed keeps its own verdict (made the breach's, if a contract was broken:
    pytest_bdd_step_error). The failure is a ContractBreach (an AssertionError whose message starts with
    "kontraktbrud") naming, per violation, the neighbour, operation, sender, field, rule and contract line
    (golive.failures). Then the cross-system invariants (golive/invariants) hold, or it fails as InvariantBroken."""
    if "scenario" not in request.fixturenames:
        return
    from golive import invariants
    from golive.contracts.usage import record  # which operations this scenario exercised (contracts diff)
    from golive.failures import ContractBreach, breach_message, breach_parties

    context = request.getfixturevalue("scenario")
    step_failed = request.node.stash.get(_STEP_FAILED, False)
    if hasattr(context, "settle") and not step_failed:
        context.settle()
    operations = record(request.node, context)
    # Which systems the scenario exchanged with: the verdict table's "covered" (golive/verdicts.py).
    request.node.user_properties.append((blame.TOUCHED, ",".join(sorted({k.split(".")[0] for k in operations}))))
    allure_scenarios = request.config.pluginmanager.get_plugin("golive-allure")
    if allure_scenarios is not None:  # the settled world's last exchanges, the data profile, the violations
        allure_scenarios.finish_scenario(request, context)
    if step_failed:
        return
    violations = context.violations()
    if violations:
        raise ContractBreach(breach_message(violations), breach_parties(violations))
    if hasattr(context, "citizens"):  # the cross-system invariants (golive/invariants), the contract one just done
        invariants.check(context, skip=("contract",))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep only the scenarios the run selected (--golive-features, --golive-tags: golive/selection.py)."""
    selection.select(config, items)


def pytest_bdd_apply_tag(tag: str, function: object) -> bool:
    """Gherkin tags (@flytning, @krav:SYG-112) are scenario labels, not typos. Apply each as a mark without
    pytest's unknown-marker warning (a colon cannot be registered in the ini), so the warning keeps its
    meaning for real markers; reports read the marks back as labels and requirement links."""
    pytest.MarkDecorator(pytest.Mark(tag, (), {}, _ispytest=True), _ispytest=True)(function)
    return True


def pytest_configure(config: pytest.Config) -> None:
    """Allure for Gherkin scenarios, only when allure-pytest is collecting (--alluredir given)."""
    memoize_step_lookup()
    if RUN_RECORDS not in config.stash:
        config.stash[RUN_RECORDS] = RunRecords(config)
        config.pluginmanager.register(config.stash[RUN_RECORDS], "golive-run-records")
    if not config.pluginmanager.has_plugin("golive-operations"):  # reports/scenario-operations.json (contracts diff)
        from golive.contracts.usage import recorder_from_env

        config.pluginmanager.register(recorder_from_env(), "golive-operations")
    if config.getoption(console.OPTION) and not config.pluginmanager.has_plugin("golive-console"):
        config.pluginmanager.register(console.Console(config), "golive-console")
    results_dir = getattr(config.option, "allure_report_dir", None)
    if results_dir and not config.pluginmanager.has_plugin("golive-allure"):
        from golive.allure_support import AllureScenarios

        config.pluginmanager.register(AllureScenarios(config, results_dir), "golive-allure")


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_func_lookup_error(request, feature, scenario, step, exception) -> None:
    """An undefined step fails with its text and the three closest existing steps (golive.catalogue.suggest),
    so a test manager sees "did you mean" instead of a Python traceback."""
    from pytest_bdd.steps import step_function_context_registry

    from golive.catalogue import explain_undefined_step

    request.node.stash[_STEP_FAILED] = True  # the scenario has its verdict; the contract check stays out of it
    request.node.user_properties.append(
        (properties.STEP, f"{step.keyword.strip()} {step.name} (line {step.line_number})")
    )
    contexts = list(step_function_context_registry.values())
    message = explain_undefined_step(step.keyword.strip(), step.name, step.type, contexts)
    where = f'\n  at line {step.line_number} of scenario "{scenario.name}" in {feature.rel_filename}'
    exception.args = (message + where,)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_before_step_call(request, feature, scenario, step, step_func, step_func_args) -> None:
    """A parameter value that is not of its kind (golive/parameters.py: an impossible date, an unknown municipality or
    role, a negative count), or a data table or doc string the step does not read, fails the step as a
    FeatureFileMistake in business words, with the file and line, before the step runs."""
    __tracebackhide__ = True
    from golive.collection import shown_path
    from golive.failures import FeatureFileMistake
    from golive.lint import step_mistakes

    where = f"{shown_path(Path(feature.filename))}:{step.line_number}: {step.keyword.strip()} {step.name}"
    said = step_mistakes(where, step, step_func, step_func_args)
    if said:
        request.node.stash[_STEP_FAILED] = True  # the scenario has its verdict; the contract check stays out of it
        raise FeatureFileMistake("\n".join(said) + f'\n  at {where} ("{scenario.name}")')


def pytest_report_header(config: pytest.Config) -> str:
    option = config.getoption("--golive-seed")
    return (
        f"golive seed: {option if option is not None else default_seed()} (replay with --golive-seed N or {SEED_ENV}=N)"
    )


# -- seed on failure -----------------------------------------------------------------------------------------
_K_SAFE = re.compile(r"^[\w:+\-.\[\]\\/]+$")  # what pytest's -k expression accepts as one name


def replay_commands(item: pytest.Item, seed: int) -> list[str]:
    """How to run exactly this test again with the same seed. `-k` cannot hold the row separator "·", so for
    a data-variation row the -k form matches the scenario and every label of the row (the node id is exact)."""
    name = item.name
    if _K_SAFE.match(name):
        keyword = name
    else:
        base, _, param = name.partition("[")
        labels = [part for part in param.rstrip("]").split("·") if part]
        keyword = " and ".join([base] + [label for label in labels if _K_SAFE.match(label)])
    return [
        f'pytest features -k "{keyword}" --golive-seed {seed}',
        f'pytest "{item.nodeid}" --golive-seed {seed}',
        f"golive run --seed {seed}",
    ]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    """A failing scenario's report gets a "golive seed" section: the seed and the commands that replay it."""
    outcome = yield
    report = outcome.get_result()
    names = getattr(item, "fixturenames", ())
    if report.failed and ("_pytest_bdd_example" in names or "scenario" in names):  # a Gherkin scenario (pytest-bdd)
        _record_blame(item, call)
        seed = _run_seed(item.config)
        lines = [f"seed: {seed}", "replay:"] + [f"  {c}" for c in replay_commands(item, seed)]
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "variation" in names and "variation" in params:
            lines.insert(1, f"data-variation row: {params['variation'].name}")
        report.sections.append(("golive seed", "\n".join(lines)))


def _record_blame(item: pytest.Item, call) -> None:
    """Whom the failure blames (golive/blame.py), as a user property (JUnit, xdist) and an Allure label."""
    blamed = blame.of(call.excinfo.value if call.excinfo is not None else None) or (blame.HARNESS,)
    hint = blame.reference_hint(blamed, getattr(item.stash.get(_CONTEXT, None), "judged_by_reference", False))
    if hint:
        item.user_properties.append((blame.HINT, hint))
    item.user_properties.append((blame.PROPERTY, blame.encode(blamed)))
    if item.config.pluginmanager.has_plugin("golive-allure"):
        import allure

        for party in blamed:  # a label for tools, a tag a reader sees on the result and can filter the tree by
            allure.dynamic.label(blame.PROPERTY, blame.label(party))
            allure.dynamic.tag(f"fejl hos {blame.label(party)}")


# -- what a run records: data-variation rows and trace digests ---------------------------------------------------
class RunRecords:
    """A pytest plugin object (one per session, kept in `config.stash`): collects the data-variation rows that ran
    and each scenario's trace digest from the test reports (on the controller under xdist: user properties travel)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.variation_runs: dict[str, dict] = {}

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "teardown":
            for key, value in report.user_properties:
                if key == trace.PROPERTY:
                    trace.collector(self.config).add(report.nodeid, str(value))
        if report.when != "call" and not (report.when == "setup" and report.outcome != "passed"):
            return
        for key, value in report.user_properties:
            if key == VARIATION_PROPERTY and isinstance(value, dict):
                scenario_id = report.nodeid.partition("[")[0]
                self.variation_runs.setdefault(scenario_id, {"dimensions": value["dimensions"], "rows": []})[
                    "rows"
                ].append({"row": value["row"], "values": value["values"], "outcome": report.outcome})


RUN_RECORDS = pytest.StashKey[RunRecords]()


def variation_report_path(config: pytest.Config) -> Path:
    results_dir = getattr(config.option, "allure_report_dir", None)
    return (Path(results_dir).resolve().parent if results_dir else REPORTS) / VARIATION_REPORT


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    digest = trace.combined(config)
    if digest is not None:
        count = len(trace.collector(config).by_test)
        terminalreporter.write_line(
            f"golive trace digest: {digest} over {count} in-process scenario(s), seed "
            f"{_run_seed(config)} (per scenario: {trace_report_path(config)})"
        )


def trace_report_path(config: pytest.Config) -> Path:
    if config.getoption("--golive-trace-file"):
        return Path(config.getoption("--golive-trace-file")).resolve()
    results_dir = getattr(config.option, "allure_report_dir", None)
    return (Path(results_dir).resolve().parent if results_dir else REPORTS) / trace.FILE


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not hasattr(session.config, "workerinput") and trace.combined(session.config) is not None:
        trace.collector(session.config).write(trace_report_path(session.config), _run_seed(session.config))
    _write_variation_report(session)


def _write_variation_report(session: pytest.Session) -> None:
    """Write reports/datavariation.json (next to --alluredir if given): per tagged scenario its dimensions, the
    rows run and their pairwise coverage (fixtures.variation.coverage on the scenario's sub-model)."""
    runs = session.config.stash[RUN_RECORDS].variation_runs if RUN_RECORDS in session.config.stash else {}
    if hasattr(session.config, "workerinput") or not runs:
        return
    from fixtures.variation import Row, coverage, sub_model

    scenarios = {}
    for scenario_id, run in sorted(runs.items()):
        model = sub_model(run["dimensions"])
        rows = [Row(tuple((k, r["values"][k]) for k in model.keys), model) for r in run["rows"]]
        report = coverage(rows, model)
        scenarios[scenario_id] = {
            "dimensions": run["dimensions"],
            "rows": sorted(run["rows"], key=lambda r: r["row"]),
            "coverage": {
                "covered": len(report.covered),
                "allowed": len(report.allowed),
                "ratio": report.ratio,
                "complete": report.complete,
                "summary": report.summary(),
            },
        }
    path = variation_report_path(session.config)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"seed": _run_seed(session.config), "scenarios": scenarios}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    runs.clear()
