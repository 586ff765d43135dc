"""The single-file Allure HTML report, opened in headless Chromium: what an acceptance tester actually sees.

The browser is driven over the DevTools protocol (tests/browser.py): each check waits until the page shows the
texts it looks for, with a deadline, instead of dumping the DOM after a fixed rendering budget (which once
missed a category on a loaded machine).

Robustness, measured on the 2-core machine with both cores kept busy by two `python -c 'while True: pass'`
processes: `for i in $(seq 10); do python -m pytest -q -p no:randomly tests/test_report_in_browser.py; done`
gave 10/10 runs with 7 passed each (29.5-35.9 s a run; load average near 4).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from golive import runner
from golive.checks import contract_results_for_report, run_check
from golive.config import CONTRACTS, ROOT
from golive.serve import loopback_world
from tests.browser import CHROMIUM, Chromium

SAMPLE = ROOT / "tests" / "data" / "bdd_sample"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (/usr/bin/chromium)"),
    pytest.mark.skipif(not runner.allure_available(), reason="npm allure is not installed (node_modules/.bin/allure)"),
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = Chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


def page(browser: Chromium, html: Path, fragment: str, expect: list[str], then=()) -> str:
    return browser.dom(html.as_uri() + fragment, expect, then)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The sample scenarios' results and Luna's contract suite (examples phase) in one report, as `golive run`
    builds it."""
    base = tmp_path_factory.mktemp("report")
    subprocess.run([sys.executable, "-m", "pytest", str(SAMPLE / "sample_scenarios.py"), "-q", "-p", "no:cacheprovider",
                    "--alluredir", str(base / "results")], capture_output=True, cwd=ROOT)
    servers = loopback_world(seed=0, auto_ports=True, systems=["luna"], log_level="error").start()
    try:
        luna = run_check("luna", CONTRACTS / "luna.openapi.yaml", servers.urls()["luna"], seed=1, max_examples=1,
                         report_dir=base / "contracts", extra=["--phases", "examples"])
    finally:
        servers.stop()
    contracts = contract_results_for_report([luna], base / "contracts" / "allure-results-report")
    html = runner.generate_html(base / "results", base / "html", more_results=[contracts])
    ids = {v["name"]: k for k, v in json.loads((base / "html" / "test-results.json").read_text())["byId"].items()}
    return html, ids, base


def test_report_is_one_self_contained_file(report):
    html, _, _ = report
    assert sorted(p.name for p in html.parent.glob("*.html")) == ["index.html"] and "<script" in html.read_text()


def test_overview_lists_every_scenario_by_name(report, browser):
    html, _, _ = report
    names = ["Flytning registrerer lægevalget i Luna", "A fee is posted for a replacement card",
             "The harness cannot reach the Servicebus"]
    dom = page(browser, html, "", names)
    assert all(name in dom for name in names)


def test_the_tree_groups_scenarios_by_business_flow_then_feature(report, browser):
    html, _, _ = report
    tree = ["flytning", "Flytning til en anden kommune", "Flytning registrerer lægevalget i Luna",
            "finance", "Health card fee", "A fee is posted for a replacement card"]
    dom = page(browser, html, "", tree)
    positions = [dom.index(f">{text}<") for text in tree]
    assert positions == sorted(positions)  # each epic, then its feature, then the feature's scenarios


def test_the_contract_suites_sit_in_the_tree_under_kontrakter_by_system_and_operation(report, browser):
    html, _, _ = report
    operations = [f"Luna · {op}" for op in ("searchPractices", "getPractice", "setPracticeIntake", "registerLaegevalg",
                                             "getCitizenLaegevalg", "endLaegevalg")]
    dom = page(browser, html, "", ["Kontrakter", "flytning"], then=(("Kontrakter", ["Luna"]), ("Luna", operations)))
    assert dom.index(">Kontrakter<") < dom.index(">Luna<") < min(dom.index(op) for op in operations)


def test_scenario_page_shows_its_gherkin_steps_and_attachments(report, browser):
    html, ids, _ = report
    texts = ["Givet at dags dato er 2024-03-01", "Så svarer Luna i strid med kontrakten", "datagrundlag",
             "kontraktbrud: luna response.body/ydernummer pattern"]
    dom = page(browser, html, "#" + ids["Luna svarer uden for kontrakten"], texts)
    assert all(text in dom for text in texts)


def test_each_exchange_sits_under_the_step_that_caused_it(report, browser):
    html, ids, _ = report
    step, exchange = "Når borgeren melder flytning til Odense Kommune", "E-flyt → SUT POST /eflyt/move-notifications → 202"
    closed = page(browser, html, "#" + ids["Luna svarer uden for kontrakten"], [step, "datagrundlag"])
    opened = page(browser, html, "#" + ids["Luna svarer uden for kontrakten"], [step], then=((step, [exchange]),))
    assert exchange not in closed  # not at the scenario's level: it shows when its step is opened
    assert opened.index(step) < opened.index(exchange)


def test_a_failed_scenarios_headline_is_its_business_message_without_pytest_plumbing(report, browser):
    html, ids, _ = report
    dom = page(browser, html, "#" + ids["No voucher is expected but one arrives"],
               ["Finance received 1 voucher, expected none", "Then Finance receives no voucher"])
    assert "AssertionError" not in dom and "def no_voucher" not in dom  # the traceback is an attachment, closed
    for fixture in ("pytestbdd_stepdef", "_pytest_bdd_example", "request.node"):
        assert fixture not in dom


def test_failures_are_sorted_into_golive_categories(report, browser):
    html, ids, _ = report
    contract = page(browser, html, "#" + ids["Luna svarer uden for kontrakten"], ["Kontraktbrud"])
    harness = page(browser, html, "#" + ids["The harness cannot reach the Servicebus"], ["Harness-fejl"])
    assert "Kontraktbrud" in contract and "Product errors" not in contract
    assert "Harness-fejl" in harness


def test_a_real_scenario_of_the_suite_shows_steps_data_and_exchanges(tmp_path, browser):
    """Not only the sample: one scenario of features/ through the whole pipeline into the browser."""
    results = tmp_path / "results"
    completed = subprocess.run([sys.executable, "-m", "pytest", str(ROOT / "features"), "-q", "-p", "no:cacheprovider",
                                "-k", "flytning_ud_over_afstandsgrænsen_giver",
                                "--alluredir", str(results)], capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 0, completed.stdout[-2000:]
    html = runner.generate_html(results, tmp_path / "html")
    ids = {v["name"]: k for k, v in json.loads((tmp_path / "html" / "test-results.json").read_text())["byId"].items()}
    name = next(n for n in ids if n.startswith("Flytning ud over afstandsgrænsen"))
    assert len(ids) == 1, sorted(ids)  # the one scenario -k picked
    step = "Så Luna registrerer borgeren hos den åbne praksis med virkning fra 2024-03-15"
    texts = [name, "Givet at dags dato er", "datagrundlag", step]
    dom = page(browser, html, "#" + ids[name], texts, then=((step, ["SUT → Luna POST /laegevalg → 201"]),))
    assert all(text in dom for text in texts)
    assert "E-flyt → SUT POST /eflyt/move-notifications → 202" in dom  # E-flyt's push, once, with its caller
    assert dom.count("→ 201 ×") + dom.count("→ 200 ×") >= 1  # the step's polling of Luna, folded
