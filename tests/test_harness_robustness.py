"""A simulator that crashes or hangs mid-scenario fails that scenario as a harness error, and the run goes on.

Three scenarios run in a pytest subprocess, as `golive run` runs them, with every simulator served on
loopback (--golive-loopback: a fresh set of servers per scenario, reached over real HTTP). Two test-only
steps break Luna on purpose: "Luna går ned" stops its server (connections are refused from then on), and
"Luna hænger" blocks its server's event loop for good (connections are accepted, nothing is ever answered).
Expected: scenario 1 and 2 are *broken* with a HarnessError naming Luna (Allure category Harness-fejl),
scenario 3 passes on fresh servers, and junit, allure-results and the HTML report are all written.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from golive import runner
from golive.drivers import CONNECT_TIMEOUT_S, SIMULATOR_TIMEOUT_S
from golive.serve import STOP_DEADLINE_S
from tests.test_violation_reporting import category_of, run_features

# [design] What one scenario may take here at most: a hung simulator costs one read timeout and one stop
# deadline; starting six loopback servers and the scenario's own work are well inside the allowance.
STARTUP_AND_WORK_ALLOWANCE_S = 12.0
SCENARIO_DEADLINE_S = SIMULATOR_TIMEOUT_S + CONNECT_TIMEOUT_S + STOP_DEADLINE_S + STARTUP_AND_WORK_ALLOWANCE_S

BREAKERS = '''
import threading

from pytest_bdd import when

_NEVER = threading.Event()  # never set: a hung simulator stays hung until the process ends


@when("Luna går ned")
def luna_gaar_ned(scenario):
    """Stop Luna's server: from now on every connection to Luna is refused."""
    assert scenario.world.servers.stop_server("luna")


@when("Luna hænger")
def luna_haenger(scenario):
    """Block Luna's event loop: the socket still accepts connections, nothing is ever answered."""
    served = scenario.world.servers.served["luna"]
    served.server.servers[0].get_loop().call_soon_threadsafe(_NEVER.wait)
'''

FEATURE = """# language: da
Egenskab: En nabo der falder ud midt i et scenarie

  Baggrund:
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 4 km fra borgerens bopæl

  Scenarie: Luna går ned midt i scenariet
    Når Luna går ned
    Og borgeren vælger den åbne praksis
    Så Luna har intet nyt lægevalg for borgeren

  Scenarie: Luna hænger midt i scenariet
    Når Luna hænger
    Og borgeren vælger den åbne praksis
    Så Luna har intet nyt lægevalg for borgeren

  Scenarie: Lægeskift efter at Luna har været nede
    Når borgeren vælger den åbne praksis
    Så lægevalget accepteres med virkning om 14 dage
    Og Luna registrerer borgeren hos den åbne praksis med virkning fra 2024-03-15
    Og ingen udveksling brød en kontrakt
"""

CRASHED, HUNG, HEALTHY = ("Luna går ned midt i scenariet", "Luna hænger midt i scenariet",
                          "Lægeskift efter at Luna har været nede")


@pytest.fixture(scope="module")
def broken_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("robust")
    run, results = run_features(tmp, FEATURE, extra=["--golive-loopback"], conftest_extra=BREAKERS)
    return tmp, run, results


def message(result: dict) -> str:
    return (result.get("statusDetails") or {}).get("message", "")


def test_a_crashed_simulator_breaks_the_scenario_with_a_harness_error_naming_it(broken_run):
    _, run, results = broken_run
    result = results[CRASHED]
    assert result["status"] == "broken", run.output[-3000:]
    assert "HarnessError: Harness-fejl: Luna (http://127.0.0.1:" in message(result) and "the simulator is down" in message(result)
    assert category_of(result) == "Harness-fejl"


def test_a_hung_simulator_breaks_the_scenario_after_the_read_timeout(broken_run):
    _, run, results = broken_run
    result = results[HUNG]
    assert result["status"] == "broken", run.output[-3000:]
    assert f"within {SIMULATOR_TIMEOUT_S:g} s — the simulator hangs" in message(result) and "HarnessError: Harness-fejl: Luna" in message(result)
    assert category_of(result) == "Harness-fejl"


def test_the_run_goes_on_and_the_next_scenario_passes_on_healthy_simulators(broken_run):
    _, run, results = broken_run
    assert (run.exit_code, results[HEALTHY]["status"]) == (1, "passed"), run.output[-3000:]


def test_junit_and_allure_results_are_written_with_every_scenario(broken_run):
    _, run, results = broken_run
    cases = ET.parse(run.junit).getroot().iter("testcase")
    assert len(list(cases)) == 3 and set(results) == {CRASHED, HUNG, HEALTHY}
    assert (run.results_dir / "categories.json").exists()


def test_no_scenario_waits_longer_than_the_documented_deadline(broken_run):
    _, run, _ = broken_run
    times = {case.get("name"): float(case.get("time")) for case in ET.parse(run.junit).getroot().iter("testcase")}
    assert max(times.values()) < SCENARIO_DEADLINE_S, times


def test_the_html_report_is_written_too(broken_run):
    tmp, run, _ = broken_run
    if not runner.allure_available():
        pytest.skip("npm allure is not installed (node_modules/.bin/allure); `make run` installs it")
    index = runner.generate_html(run.results_dir, tmp / "allure-report")
    assert index is not None and index.stat().st_size > 0
