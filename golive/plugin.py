"""The golive pytest plugin: fixtures that give every test a world of simulators.

Registered by the root conftest.py. `world` is an in-process World (no sockets), fresh per test, so tests
never share state; `seed` comes from --golive-seed / GOLIVE_SEED and is printed on failure so a run can be
replayed.
"""

from __future__ import annotations

import pytest

from golive.config import SEED_ENV, SIMULATOR_URLS_ENV, default_seed


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("golive")
    group.addoption("--golive-seed", type=int, default=None, help=f"seed for all generation and fault decisions (env {SEED_ENV})")
    group.addoption("--golive-sut-url", default=None, help="run scenarios against this SUT instead of the reference SUT (env GOLIVE_SUT_URL)")


@pytest.fixture(scope="session")
def seed(request: pytest.FixtureRequest) -> int:
    option = request.config.getoption("--golive-seed")
    return option if option is not None else default_seed()


@pytest.fixture
def world(seed: int):
    from simulators.world import World

    with World(seed=seed) as w:
        yield w


@pytest.fixture
def scenario(seed: int, request: pytest.FixtureRequest):
    """One Gherkin scenario's world: every simulator, the SUT (reference, or a vendor's at --golive-sut-url),
    its own generated data and correlation id. Steps talk to it only through golive.scenario.Scenario."""
    import json
    import os

    from golive.scenario import Scenario
    from simulators.world import RemoteWorld, World

    sut_url = request.config.getoption("--golive-sut-url") or os.environ.get("GOLIVE_SUT_URL")
    served = os.environ.get(SIMULATOR_URLS_ENV)
    if sut_url and not served:
        raise pytest.UsageError(
            f"a SUT at {sut_url} must reach the simulators over the network: run `golive run --sut-url {sut_url}`, "
            f"which serves them on loopback and tells the scenarios where ({SIMULATOR_URLS_ENV})"
        )
    world_cm = RemoteWorld(json.loads(served), sut_url) if sut_url else World(seed=seed, reference_sut=True)
    with world_cm as world:
        context = Scenario(world, seed=seed, name=request.node.name)
        try:
            yield context
        finally:
            context.close()


def pytest_bdd_apply_tag(tag: str, function: object) -> bool:
    """Gherkin tags (@flytning, @krav:SYG-112) are scenario labels, not typos. Apply each as a mark without
    pytest's unknown-marker warning (a colon cannot be registered in the ini), so the warning keeps its
    meaning for real markers; reports read the marks back as labels and requirement links."""
    pytest.MarkDecorator(pytest.Mark(tag, (), {}, _ispytest=True), _ispytest=True)(function)
    return True


def pytest_configure(config: pytest.Config) -> None:
    """Allure for Gherkin scenarios, only when allure-pytest is collecting (--alluredir given)."""
    results_dir = getattr(config.option, "allure_report_dir", None)
    if results_dir and not config.pluginmanager.has_plugin("golive-allure"):
        from golive.allure_support import AllureScenarios

        config.pluginmanager.register(AllureScenarios(config, results_dir), "golive-allure")


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_func_lookup_error(request, feature, scenario, step, exception) -> None:
    """An undefined step fails with its text and the three closest existing steps (golive.catalogue.suggest),
    so a test manager sees "did you mean" instead of a Python traceback."""
    from pytest_bdd.steps import step_function_context_registry

    from golive.catalogue import undefined_step_message

    patterns = [context.parser.name for context in list(step_function_context_registry.values())]
    message = undefined_step_message(f"{step.keyword.strip()}", step.name, patterns)
    where = f'\n  at line {step.line_number} of scenario "{scenario.name}" in {feature.rel_filename}'
    exception.args = (message + where,)


def pytest_report_header(config: pytest.Config) -> str:
    option = config.getoption("--golive-seed")
    return f"golive seed: {option if option is not None else default_seed()} (replay with --golive-seed N or {SEED_ENV}=N)"
