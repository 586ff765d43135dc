"""Luna's HTTP layer: one small handler per contract operation, translating to and from the model."""

from __future__ import annotations

from datetime import date

from simulators.core import Call


def search_practices(call: Call):
    p = call.params
    near = (p["nearLat"], p["nearLon"]) if "nearLat" in p and "nearLon" in p else None
    found = call.model.search(
        p.get("municipalityCode"), p.get("openForIntake"), near, p.get("radiusKm"), p.get("limit", 100)
    )
    return 200, {"count": len(found), "practices": [call.model.practice_doc(x) for x in found]}


def get_practice(call: Call):
    return 200, call.model.practice_doc(call.model.practice(call.params["ydernummer"]))


def set_practice_intake(call: Call):
    practice = call.model.set_intake(call.params["ydernummer"], call.body["openForIntake"], call.body.get("reason"))
    return 200, call.model.practice_doc(practice)


def register_laegevalg(call: Call):
    return 201, call.model.register_laegevalg(call.body).as_dict()


def get_citizen_laegevalg(call: Call):
    return 200, call.model.citizen(call.params["cpr"])


def end_laegevalg(call: Call):
    return 200, call.model.end_laegevalg(
        call.params["cpr"], date.fromisoformat(call.body["endDate"]), call.body["reason"]
    )


HANDLERS = {
    "searchPractices": search_practices,
    "getPractice": get_practice,
    "setPracticeIntake": set_practice_intake,
    "registerLaegevalg": register_laegevalg,
    "getCitizenLaegevalg": get_citizen_laegevalg,
    "endLaegevalg": end_laegevalg,
}
