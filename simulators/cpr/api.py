"""CPR's HTTP layer: one small handler per contract operation, translating to and from the model."""

from __future__ import annotations

from simulators.core import Call


def get_person(call: Call):
    return 200, call.model.person_doc(call.params["cpr"])


def search_persons(call: Call):
    p = call.params
    found = call.model.household(p["municipalityCode"], p["street"], p["postalCode"])
    return 200, {"count": len(found), "persons": found}


def record_person_event(call: Call):
    return 200, call.model.apply_event(call.params["cpr"], call.body, correlation_id=call.correlation_id)


HANDLERS = {
    "getPerson": get_person,
    "searchPersons": search_persons,
    "recordPersonEvent": record_person_event,
}
