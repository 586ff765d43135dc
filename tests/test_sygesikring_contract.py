"""The SUT's inbound contract (contracts/sygesikring.openapi.yaml) is sound, documented and agrees with its callers.

No implementation is tested here: this is the contract a vendor's sygesikring system must honour, so it is
checked as a document. It must be valid OpenAPI, every example in it must be valid against its own schema
(an example that lies teaches a vendor the wrong thing), every operation must document its errors as
problem+json, and the bodies E-flyt and the Servicebus actually send (the shared shapes of the common brief)
must be accepted by the request schemas, or the harness would fail a correct SUT.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from openapi_spec_validator import validate

from simulators.core.contract import Contract, load_contract

CONTRACT_PATH = Path(__file__).resolve().parents[1] / "contracts" / "sygesikring.openapi.yaml"
METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture(scope="module")
def contract() -> Contract:
    return load_contract(str(CONTRACT_PATH))


def resolve(document: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in node["$ref"][2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], list[Any]]]:
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method], item.get("parameters", []) + item[method].get("parameters", [])


def examples_with_schemas(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any, str | None]]:
    """Every example in the contract, with the schema it illustrates: (where, schema, value, component name)."""

    def from_media(where: str, media: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any, str | None]]:
        schema = media.get("schema", {})
        if "example" in media:
            yield where, schema, media["example"], None
        for name, example in media.get("examples", {}).items():
            ref = example.get("$ref", "")
            yield f"{where} examples/{name}", schema, resolve(document, example)["value"], ref.rsplit("/", 1)[-1] or None

    for path, method, spec, parameters in operations(document):
        label = f"{method.upper()} {path}"
        for parameter in (resolve(document, p) for p in parameters):
            if "example" in parameter:
                yield f"{label} parameter {parameter['name']}", parameter["schema"], parameter["example"], None
        body = resolve(document, spec.get("requestBody"))
        if body:
            for media_type, media in body["content"].items():
                yield from from_media(f"{label} request {media_type}", media)
        for status, response in spec["responses"].items():
            response = resolve(document, response)
            for media_type, media in response.get("content", {}).items():
                yield from from_media(f"{label} {status} {media_type}", media)
            for name, header in response.get("headers", {}).items():
                if "example" in header:
                    yield f"{label} {status} header {name}", header["schema"], header["example"], None


# -- the document --------------------------------------------------------------------------------

def test_contract_passes_openapi_spec_validator():
    validate(yaml.safe_load(CONTRACT_PATH.read_text(encoding="utf-8")))


def test_contract_offers_the_operations_the_harness_calls(contract):
    assert set(contract.operations) == {
        "receiveMoveNotification",
        "receiveBusDelivery",
        "registerCitizen",
        "getCitizenSygesikring",
        "chooseDoctor",
        "changeGroup",
        "orderHealthCard",
        "openCaseworkerSession",
        "lookUpCitizen",
    }


def test_every_example_is_valid_against_its_schema(contract):
    broken = []
    for where, schema, value, _ in examples_with_schemas(contract.document):
        problems = contract.schema_check(schema).problems(value, where)
        broken.extend(f"{where}: {p.pointer} {p.message}" for p in problems)
    assert broken == []


def test_every_component_example_is_used_and_so_validated(contract):
    used = {name for *_, name in examples_with_schemas(contract.document) if name}
    assert set(contract.components["examples"]) - used == set()


def test_every_request_body_and_every_response_with_content_has_an_example(contract):
    missing = []
    for path, method, spec, _ in operations(contract.document):
        body = resolve(contract.document, spec.get("requestBody"))
        media_list = [(f"{method} {path} request", m) for m in (body or {}).get("content", {}).values()]
        for status, response in spec["responses"].items():
            media_list += [(f"{method} {path} {status}", m) for m in resolve(contract.document, response).get("content", {}).values()]
        missing += [where for where, media in media_list if "example" not in media and not media.get("examples")]
    assert missing == []


def test_every_operation_has_a_default_problem_response(contract):
    without = [
        op_id
        for op_id, op in contract.operations.items()
        if op.spec["responses"].get("default", {}).get("$ref") != "#/components/responses/Problem"
    ]
    assert without == []


def test_every_operation_that_takes_input_documents_400_as_a_problem(contract):
    without = [
        op_id
        for op_id, op in contract.operations.items()
        if (op.parameters or op.body_content_types)
        and op.spec["responses"].get("400", {}).get("$ref") != "#/components/responses/Problem"
    ]
    assert without == []


def test_every_error_status_is_a_problem(contract):
    not_problem = [
        f"{op_id} {status}"
        for op_id, op in contract.operations.items()
        for status, response in op.spec["responses"].items()
        if status[0] in "45" and response.get("$ref") != "#/components/responses/Problem"
    ]
    assert not_problem == []


def test_every_operation_has_operation_id_tags_and_summary(contract):
    incomplete = [op_id for op_id, op in contract.operations.items() if not (op.spec.get("tags") and op.spec.get("summary"))]
    assert incomplete == []


def test_every_request_object_schema_refuses_unknown_properties(contract):
    loose = []
    for op_id, op in contract.operations.items():
        body = resolve(contract.document, op.spec.get("requestBody"))
        if body:
            schema = resolve(contract.document, body["content"]["application/json"]["schema"])
            if schema.get("additionalProperties") is not False:
                loose.append(op_id)
    assert loose == []


# -- register field names (x-nsp-field) --------------------------------------------------------------

REGISTER_FIELDS = {
    "cpr": "CPRnr",
    "ydernummer": "SYdernr",
    "sikringsgruppe": "SSikrGrpKode",
    "fromGroup": "SSikrGrpKode",
    "toGroup": "SSikrGrpKode",
    "groupEffectiveDate": "SIkraftDatoGrp",
    "municipalityCode": "SSikrKomKode",
    "follows": "SFolgerskabsPerson",
}


def nsp_field(document: dict[str, Any], schema: dict[str, Any]) -> str | None:
    """The register name a property carries, on itself or on the schema it refers to."""
    return schema.get("x-nsp-field") or (resolve(document, schema).get("x-nsp-field") if "$ref" in schema else None)


def object_properties(document: dict[str, Any], schema: Any, seen: set[int]) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(schema, dict) or id(schema) in seen:
        return
    seen.add(id(schema))
    for name, prop in schema.get("properties", {}).items():
        yield name, prop
        yield from object_properties(document, prop, seen)
    for key in ("items", "oneOf", "anyOf", "allOf"):
        value = schema.get(key)
        for sub in value if isinstance(value, list) else [value] if value else []:
            yield from object_properties(document, sub, seen)


def test_register_counterparts_carry_their_x_nsp_field(contract):
    document = contract.document
    unmarked = []
    for schema_name, schema in contract.components["schemas"].items():
        for name, prop in object_properties(document, schema, set()):
            if name in REGISTER_FIELDS and not nsp_field(document, prop):
                unmarked.append(f"{schema_name}.{name}")
    assert unmarked == []


def test_the_citizens_doctor_is_the_registers_sydernr_with_its_effect_date(contract):
    period = contract.schema("LaegevalgPeriod")["properties"]
    assert (period["ydernummer"]["x-nsp-field"], period["effectiveDate"]["x-nsp-field"]) == ("SYdernr", "SIkraftDatoYder")


# -- the shared shapes of the common brief must be accepted -----------------------------------------

ADDRESS_FROM = {"street": "Vestergade 1", "postalCode": "8000", "city": "Aarhus C"}
ADDRESS_TO = {"street": "Vestergade 5", "postalCode": "5000", "city": "Odense C", "roadCode": 8310}
MOVE = {
    "caseId": "9d7c1e3a-5b2f-4c8d-8e6a-1f0b2c3d4e5f",
    "cpr": "0101804321",
    "moveDate": "2024-03-15",
    "reportedAt": "2024-03-01T10:30:00+00:00",
    "from": {"municipalityCode": 751, "address": ADDRESS_FROM},
    "to": {"municipalityCode": 461, "address": ADDRESS_TO, "location": {"lat": 55.3959, "lon": 10.3883}},
    "coMovers": [{"cpr": "0505184322"}],
    "doctorChoice": {"ydernummer": "012345"},
}

TOPIC_PAYLOADS = {
    "luna.practice-changed": {"ydernummer": "012345", "openForIntake": False, "reason": "capacity",
                              "municipalityCode": 751, "changedDate": "2024-03-01"},
    "cpr.person-changed": {"cpr": "0101804321", "changeType": "address-change", "effectiveDate": "2024-03-15", "status": "01",
                           "municipalityCode": 461, "addressProtected": False,
                           "address": {"street": "Vestergade 5", "postalCode": "5000", "city": "Odense C"}},
    "sygesikring.laegevalg-changed": {"cpr": "0101804321", "ydernummer": "012345", "effectiveDate": "2024-03-15",
                                      "previousYdernummer": "054321", "reason": "move", "municipalityCode": 461, "sikringsgruppe": 1},
    "sygesikring.group-changed": {"cpr": "0101804321", "fromGroup": 1, "toGroup": 2, "effectiveDate": "2024-03-15", "municipalityCode": 751},
    "sygesikring.coverage-ended": {"cpr": "0101804321", "reason": "death", "endDate": "2024-03-10", "municipalityCode": 751},
    "sygesikring.healthcard-ordered": {"cpr": "0101804321", "reason": "lost", "feeOre": 22500, "municipalityCode": 751},
    "eflyt.move-reported": {"caseId": "9d7c1e3a-5b2f-4c8d-8e6a-1f0b2c3d4e5f", "cpr": "0101804321", "moveDate": "2024-03-15",
                            "fromMunicipalityCode": 751, "toMunicipalityCode": 461},
}


def delivery(topic: str, **extra: Any) -> dict[str, Any]:
    return {
        "messageId": "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
        "topic": topic,
        "subscriptionId": "sub-1",
        "attempt": 1,
        "publishedAt": "2024-03-01T12:00:00+00:00",
        "source": topic.split(".")[0],
        "payload": TOPIC_PAYLOADS[topic],
        **extra,
    }


def request_problems(contract: Contract, operation_id: str, body: Any) -> list[str]:
    return [f"{p.pointer}: {p.message}" for p in contract.operations[operation_id].body_check.problems(body, "request.body")]


def test_move_notification_accepts_the_eflyt_push_with_co_movers_and_doctor_choice(contract):
    assert request_problems(contract, "receiveMoveNotification", MOVE) == []


def test_move_notification_accepts_a_move_without_co_movers_location_or_doctor_choice(contract):
    minimal = {k: v for k, v in MOVE.items() if k != "doctorChoice"} | {
        "coMovers": [],
        "to": {"municipalityCode": 461, "address": {k: v for k, v in ADDRESS_TO.items() if k != "roadCode"}},
    }
    assert request_problems(contract, "receiveMoveNotification", minimal) == []


def test_move_notification_refuses_a_postal_code_that_is_not_four_digits(contract):
    bad = MOVE | {"to": MOVE["to"] | {"address": ADDRESS_TO | {"postalCode": "500"}}}
    assert request_problems(contract, "receiveMoveNotification", bad) != []


@pytest.mark.parametrize("topic", sorted(TOPIC_PAYLOADS))
def test_bus_delivery_accepts_every_topic_of_the_servicebus(contract, topic):
    assert request_problems(contract, "receiveBusDelivery", delivery(topic)) == []


def test_bus_delivery_accepts_the_optional_key_and_correlation_id(contract):
    body = delivery("cpr.person-changed", key="0101804321", correlationId="4c1d9e2f-7a3b-4e5c-8d6f-0a1b2c3d4e5f", attempt=3)
    assert request_problems(contract, "receiveBusDelivery", body) == []


def test_bus_delivery_refuses_a_topic_the_servicebus_does_not_have(contract):
    body = delivery("luna.practice-changed") | {"topic": "luna.practice-deleted"}
    assert request_problems(contract, "receiveBusDelivery", body) != []


def test_bus_delivery_attempts_count_from_one(contract):
    assert request_problems(contract, "receiveBusDelivery", delivery("eflyt.move-reported", attempt=0)) != []


# -- fee: free means 0 øre and a reason, charged means neither ----------------------------------------

@pytest.mark.parametrize(
    "fee, valid",
    [
        ({"amountOre": 22500, "free": False}, True),
        ({"amountOre": 0, "free": True, "freeReason": "moved"}, True),
        ({"amountOre": 0, "free": True}, False),
        ({"amountOre": 22500, "free": True, "freeReason": "moved"}, False),
        ({"amountOre": 0, "free": False}, False),
        ({"amountOre": 22500, "free": False, "freeReason": "moved"}, False),
    ],
)
def test_fee_is_either_charged_or_free_with_a_reason(contract, fee, valid):
    problems = contract.schema_check({"$ref": "#/components/schemas/Fee"}).problems(fee, "fee")
    assert (problems == []) is valid
