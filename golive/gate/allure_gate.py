"""Allure 3's own quality gate, run on the scenario results with the gate's thresholds, as a second opinion.

The rules (`maxFailures` 0, `minTestsCount` = min-scenarios) are written into the Allure config `golive run` uses for
the report (golive/runner.py: quality_gate_rules) and checked here with `allure quality-gate`. Allure 3.18 calls
ES2025 iterator helpers that Node 20 lacks (`Map#values().toArray()` is "not a function" and the command crashes);
iterator_helpers.mjs supplies them, loaded with `node --import`, and nothing else changes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from golive.gate.config import GateConfig
from golive.gate.decide import NOT_READY, READY, Check
from golive.paths import ROOT

ALLURE_CLI = ROOT / "node_modules" / "allure" / "cli.js"
POLYFILL = Path(__file__).with_name("iterator_helpers.mjs")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def quality_gate_rules(config: GateConfig) -> dict:
    return {"rules": [{"maxFailures": 0, "minTestsCount": config.min_scenarios}]}


def check(results: Path, config: GateConfig) -> Check | None:
    """Allure's verdict on the results, or None when there are no results or no Allure to ask."""
    node = shutil.which("node")
    if node is None or not ALLURE_CLI.is_file() or not results.is_dir() or not any(results.glob("*-result.json")):
        return None
    with tempfile.TemporaryDirectory() as folder:
        allurerc = Path(folder) / "allurerc.json"
        allurerc.write_text(json.dumps({"qualityGate": quality_gate_rules(config)}))
        completed = subprocess.run(
            [
                node,
                "--import",
                POLYFILL.as_uri(),
                str(ALLURE_CLI),
                "quality-gate",
                str(results),
                "--config",
                str(allurerc),
            ],
            capture_output=True,
            text=True,
            cwd=folder,
            timeout=300,
        )
    said = [line.strip() for line in _ANSI.sub("", completed.stdout + completed.stderr).splitlines() if line.strip()]
    rules = f"maxFailures 0, minTestsCount {config.min_scenarios}"
    if completed.returncode == 0:
        return Check(
            "allure-quality-gate",
            READY,
            f"Allure's quality gate passed ({rules})",
            f"Allures kvalitetsport bestået ({rules})",
            "allure-report/index.html",
        )
    issues = [line.lstrip("⨯ ").strip() for line in said if "⨯" in line] or said[-3:]
    return Check(
        "allure-quality-gate",
        NOT_READY,
        f"not ready: Allure's quality gate failed: {'; '.join(issues)}",
        "ikke klar: Allures kvalitetsport fejlede",
        "allure-report/index.html",
    )
