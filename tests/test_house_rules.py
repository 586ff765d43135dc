"""House rules that keep the code easy to change (issue 11): small modules. The import layers and cycles are
checked by import-linter (`make lint`), style and types by ruff and mypy."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 500


def test_no_module_in_golive_or_simulators_is_over_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in [*ROOT.glob("golive/**/*.py"), *ROOT.glob("simulators/**/*.py")]
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"split these modules (over {MAX_LINES} lines): {long}"
