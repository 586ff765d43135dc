"""The single-file Allure HTML report, opened in headless Chromium: what an acceptance tester actually sees."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from golive import runner
from golive.config import ROOT

SAMPLE = ROOT / "tests" / "data" / "bdd_sample"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (/usr/bin/chromium)"),
    pytest.mark.skipif(not runner.allure_available(), reason="npm allure is not installed (node_modules/.bin/allure)"),
]


def dump_dom(html: Path, fragment: str, profile: Path) -> str:
    """The DOM after the report's JavaScript ran (virtual time: no sleeping, no network)."""
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--virtual-time-budget=10000", "--dump-dom", html.as_uri() + fragment]
    return subprocess.run(command, capture_output=True, text=True, timeout=120).stdout


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    subprocess.run([sys.executable, "-m", "pytest", str(SAMPLE / "sample_scenarios.py"), "-q", "-p", "no:cacheprovider",
                    "--alluredir", str(base / "results")], capture_output=True, cwd=ROOT)
    html = runner.generate_html(base / "results", base / "html")
    ids = {v["name"]: k for k, v in json.loads((base / "html" / "test-results.json").read_text())["byId"].items()}
    return html, ids, base


def test_report_is_one_self_contained_file(report):
    html, _, _ = report
    assert sorted(p.name for p in html.parent.glob("*.html")) == ["index.html"] and "<script" in html.read_text()


def test_overview_lists_every_scenario_by_name(report):
    html, ids, base = report
    dom = dump_dom(html, "", base / "profile-overview")
    assert all(name in dom for name in ["Flytning registrerer lægevalget i Luna", "A fee is posted for a replacement card",
                                        "The harness cannot reach the Servicebus"])


def test_scenario_page_shows_its_gherkin_steps_and_attachments(report):
    html, ids, base = report
    dom = dump_dom(html, "#" + ids["Luna svarer uden for kontrakten"], base / "profile-scenario")
    for text in ["Givet at dags dato er 2024-03-01", "Så svarer Luna i strid med kontrakten", "datagrundlag",
                 "luna PUT /laegevalg/0101901234 → 200", "kontraktbrud: luna response.body/ydernummer pattern"]:
        assert text in dom, text


def test_failures_are_sorted_into_golive_categories(report):
    html, ids, base = report
    contract = dump_dom(html, "#" + ids["Luna svarer uden for kontrakten"], base / "profile-category-1")
    harness = dump_dom(html, "#" + ids["The harness cannot reach the Servicebus"], base / "profile-category-2")
    assert "Kontraktbrud" in contract and "Product errors" not in contract
    assert "Harness-fejl" in harness


def test_a_real_scenario_of_the_suite_shows_steps_data_and_exchanges(tmp_path):
    """Not only the sample: one scenario of features/ through the whole pipeline into the browser."""
    results = tmp_path / "results"
    completed = subprocess.run([sys.executable, "-m", "pytest", str(ROOT / "features"), "-q", "-p", "no:cacheprovider",
                                "-k", "ud_over_afstandsgrænsen",
                                "--alluredir", str(results)], capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 0, completed.stdout[-2000:]
    html = runner.generate_html(results, tmp_path / "html")
    ids = {v["name"]: k for k, v in json.loads((tmp_path / "html" / "test-results.json").read_text())["byId"].items()}
    name = next(n for n in ids if "afstandsgrænsen" in n)
    dom = dump_dom(html, "#" + ids[name], tmp_path / "profile")
    for text in [name, "Givet at dags dato er", "datagrundlag", "eflyt POST /moves", "luna POST /laegevalg"]:
        assert text in dom, text
