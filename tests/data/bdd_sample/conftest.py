"""A tiny self-contained Gherkin suite for golive's own tests (allure, catalogue, undefined steps, runner).

It does not need the real features/ or golive.scenario: `scenario` is overridden by a FakeScenario with a canned
journal, so the report machinery can be tested alone. Collected only when a test names these files explicitly
(the scenario modules are not called test_*.py).
"""

import pytest

from steps.flytning import *  # noqa: F401,F403  (pytest-bdd step fixtures must be visible to pytest)
from steps.finance import *  # noqa: F401,F403
from fake_scenario import FakeScenario


@pytest.fixture
def scenario(request):
    context = FakeScenario(request.node.name)
    yield context
