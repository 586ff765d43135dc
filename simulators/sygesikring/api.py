"""The reference SUT's HTTP layer: one small handler per operation of contracts/sygesikring.openapi.yaml.

Handlers translate between the contract and the model and nothing else. Each first lets the model do its
housekeeping (`before_request`: subscribe to the bus once it answers, finish work queued while a neighbour
was down), so a SUT that was cut off heals on the next call, whoever makes it.
"""

from __future__ import annotations

from simulators.core import Call


def _model(call: Call):
    model = call.model
    model.before_request()
    return model


def receive_move_notification(call: Call):
    return 202, _model(call).receive_move(call.body, correlation_id=call.correlation_id)


def receive_bus_delivery(call: Call):
    _model(call).receive_delivery(call.body, correlation_id=call.correlation_id)
    return 204, None


def register_citizen(call: Call):
    return 201, _model(call).register_citizen(call.body, correlation_id=call.correlation_id)


def get_citizen_sygesikring(call: Call):
    return 200, _model(call).citizen_doc(call.params["cpr"])


def choose_doctor(call: Call):
    return 201, _model(call).choose_doctor(call.params["cpr"], call.body, correlation_id=call.correlation_id)


def change_group(call: Call):
    return 201, _model(call).change_group(call.params["cpr"], call.body, correlation_id=call.correlation_id)


def order_health_card(call: Call):
    return 201, _model(call).order_health_card(call.params["cpr"], call.body, correlation_id=call.correlation_id)


def open_caseworker_session(call: Call):
    return 201, _model(call).open_caseworker_session(call.body, correlation_id=call.correlation_id)


def look_up_citizen(call: Call):
    model = _model(call)
    return 200, model.look_up_citizen(call.params["sessionId"], call.params["cpr"], correlation_id=call.correlation_id)


HANDLERS = {
    "receiveMoveNotification": receive_move_notification,
    "receiveBusDelivery": receive_bus_delivery,
    "registerCitizen": register_citizen,
    "getCitizenSygesikring": get_citizen_sygesikring,
    "chooseDoctor": choose_doctor,
    "changeGroup": change_group,
    "orderHealthCard": order_health_card,
    "openCaseworkerSession": open_caseworker_session,
    "lookUpCitizen": look_up_citizen,
}
