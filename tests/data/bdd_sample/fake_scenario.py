"""A stand-in for golive.scenario.Scenario with the same read API and a journal the steps write into."""

from __future__ import annotations


class FakeScenario:
    def __init__(self, name: str) -> None:
        self.name = name
        self.correlation_id = "corr-" + str(abs(hash(name)) % 10_000)
        self.cprs = ["0101901234"]  # synthetic, not a real person
        self._exchanges: list[dict] = []
        self._violations: list[dict] = []

    def record(self, simulator: str, method: str, path: str, status: int, body: dict | None = None,
               violations: list[dict] | None = None) -> None:
        entry = {"simulator": simulator, "kind": "http", "at": f"2024-03-01T12:00:{len(self._exchanges):02d}Z",
                 "operation": "op", "method": method, "path": path, "status": status, "requestBody": body,
                 "responseBody": {"ok": status < 400}, "violations": violations or [],
                 "correlationId": self.correlation_id}
        self._exchanges.append(entry)
        for v in violations or []:
            self._violations.append({"simulator": simulator, **v})

    def profile(self) -> dict:
        return {"citizens": [{"cpr": self.cprs[0], "municipalityCode": 751}], "practices": [{"ydernummer": "012345"}]}

    def exchanges(self) -> list[dict]:
        return list(self._exchanges)

    def violations(self) -> list[dict]:
        return list(self._violations)
