"""MinLog's HTTP layer: one handler per operation of contracts/minlog.openapi.yaml, translating to the model."""

from __future__ import annotations

from simulators.core import Call


def register_entry(call: Call):
    entry, replayed = call.model.register(call.body)
    return (200 if replayed else 201), entry


def list_citizen_entries(call: Call):
    found = call.model.entries_for(call.params["cpr"])
    return 200, {"count": len(found), "entries": found}


HANDLERS = {
    "registerEntry": register_entry,
    "listCitizenEntries": list_citizen_entries,
}
