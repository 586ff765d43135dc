"""Where golive's checkout is, and making its design-card folders importable.

Only `golive` is installed (editable). simulators/, fixtures/, features/ and contracts/ are imported from the
repository root, because PyPI has unrelated packages with those names that an install could shadow (README,
"Layout"). pytest finds them through `pythonpath = ["."]`; everything else that imports golive — the `golive`
console script, a schemathesis hook in a child process — finds them because importing golive's configuration puts
the root on `sys.path` first (once, at the front, only if it is not there yet).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ensure_root_on_path() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


ensure_root_on_path()
