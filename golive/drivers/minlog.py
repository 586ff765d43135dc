"""MinLog, the citizen-facing access log (contracts/minlog.openapi.yaml): the entries a citizen sees.

The shape here: a citizen's own log, oldest first.
"""

from __future__ import annotations

from golive.drivers import ok
from golive.drivers.admin import Driver


class MinLog(Driver):
    def entries(self, cpr: str) -> list[dict]:
        """Every entry in the citizen's MinLog: who looked them up, when and why."""
        return ok(self.client.get(f"/citizens/{cpr}/entries"), 200).json()["entries"]
