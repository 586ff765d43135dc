"""Collects every *.feature file below this folder as pytest tests (pytest-bdd), one file at a time: a file with a
misread keyword or a parse error is one failing test naming file and line, and the others still run
(golive/collection.py says why)."""

from pathlib import Path

from golive.collection import collect_scenarios

collect_scenarios(globals(), Path(__file__).parent)
