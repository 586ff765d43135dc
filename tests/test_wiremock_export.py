"""Specification of the WireMock export: which stub mapping each contract example becomes.

Most rules are shown on a small synthetic contract written to tmp_path, so each test states exactly the
contract fact it depends on; a few pin the behaviour on the real Luna and admin contracts, and every
contract in contracts/ must export cleanly. Serving the mappings from a real WireMock is
tests/test_wiremock_interop.py.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import yaml

from golive.wiremock import (
    PRIORITY_DEFAULT,
    PRIORITY_PREFERRED,
    RESERVED_MOUNT,
    ExportError,
    export,
    mapping_id,
    mappings_for,
)

CONTRACTS = Path(__file__).resolve().parents[1] / "contracts"
LUNA = CONTRACTS / "luna.openapi.yaml"
ADMIN = CONTRACTS / "admin.openapi.yaml"
ALL_CONTRACTS = sorted(CONTRACTS.glob("*.openapi.yaml"))

PROBLEM = {
    "description": "A problem.",
    "content": {
        "application/problem+json": {
            "schema": {"type": "object"},
            "examples": {
                "conflict": {"value": {"type": "urn:golive:problem:conflict", "title": "Conflict", "status": 409}},
            },
        }
    },
}


def _operation(**overrides):
    op = {
        "operationId": "doThing",
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"type": "object"}, "examples": {"ok": {"value": {"ok": True}}}}},
            }
        },
    }
    op.update(overrides)
    return op


def write_contract(tmp_path: Path, paths: dict, components: dict | None = None, name: str = "demo") -> Path:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Demo", "version": "2.3.4"},
        "paths": paths,
        "components": components or {},
    }
    path = tmp_path / f"{name}.openapi.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def only(mappings: list[dict], **meta) -> dict:
    found = [m for m in mappings if all(m["metadata"].get(k) == v for k, v in meta.items())]
    assert len(found) == 1, f"expected one mapping with {meta}, found {[m['name'] for m in found]}"
    return found[0]


def luna_example(name: str):
    return yaml.safe_load(LUNA.read_text(encoding="utf-8"))["components"]["examples"][name]["value"]


# -- one mapping per example ---------------------------------------------------------------------------
def test_each_request_example_gets_its_own_mapping_matching_its_body(tmp_path):
    body = {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object"},
                "examples": {"first": {"value": {"n": 1}}, "second": {"value": {"n": 2}}},
            }
        },
    }
    contract = write_contract(tmp_path, {"/things": {"post": _operation(requestBody=body)}})

    mappings = mappings_for(contract)

    patterns = {m["metadata"]["requestExample"]: m["request"]["bodyPatterns"][0]["equalToJson"] for m in mappings}
    assert patterns == {"first": {"n": 1}, "second": {"n": 2}}


def test_request_body_is_matched_exactly_not_loosely():
    mapping = only(mappings_for(LUNA), operationId="registerLaegevalg", requestExample="move")

    pattern = mapping["request"]["bodyPatterns"][0]

    assert (pattern["ignoreExtraElements"], pattern["ignoreArrayOrder"]) == (False, False)


def test_every_luna_operation_has_a_default_answer_per_request_example():
    contract = yaml.safe_load(LUNA.read_text(encoding="utf-8"))
    expected = set()
    for item in contract["paths"].values():
        for op in (v for k, v in item.items() if k in ("get", "put", "post", "delete", "patch")):
            requests = list(op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("examples", {})) or [None]
            expected |= {(op["operationId"], r) for r in requests}

    defaults = {(m["metadata"]["operationId"], m["metadata"]["requestExample"]) for m in mappings_for(LUNA) if m["priority"] == PRIORITY_DEFAULT}

    assert defaults == expected


# -- the request side ----------------------------------------------------------------------------------
def test_path_parameters_are_substituted_with_their_examples():
    mappings = mappings_for(LUNA)

    paths = {m["metadata"]["operationId"]: m["request"].get("urlPath") for m in mappings if m["priority"] == PRIORITY_DEFAULT}

    assert (paths["getPractice"], paths["getCitizenLaegevalg"]) == ("/practices/012345", "/citizens/0101804321/laegevalg")


def test_path_parameter_without_an_example_becomes_a_path_pattern(tmp_path):
    params = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    contract = write_contract(tmp_path, {"/things/{id}/parts": {"get": _operation(parameters=params)}})

    request = mappings_for(contract)[0]["request"]

    assert "urlPath" not in request and request["urlPathPattern"] == "/things/[^/]+/parts"


def test_query_parameter_examples_are_matched_with_equal_to_in_wire_form():
    mapping = only(mappings_for(LUNA), operationId="searchPractices", status=200)

    query = mapping["request"]["queryParameters"]

    assert (query["municipalityCode"], query["openForIntake"], query["nearLat"]) == (
        {"equalTo": "751"},
        {"equalTo": "true"},
        {"equalTo": "56.1572"},
    )


def test_required_header_parameter_must_be_present_with_any_value(tmp_path):
    params = [{"name": "Idempotency-Key", "in": "header", "required": True, "schema": {"type": "string"}, "example": "k-1"}]
    contract = write_contract(tmp_path, {"/things": {"post": _operation(parameters=params)}})

    headers = mappings_for(contract)[0]["request"]["headers"]

    assert headers == {"Idempotency-Key": {"matches": ".+"}}


def test_admin_paths_are_mounted_clear_of_wiremocks_own_admin_api():
    mapping = only(mappings_for(ADMIN), operationId="getHealth", status=200)

    assert (mapping["request"]["urlPath"], mapping["metadata"]["path"]) == (f"{RESERVED_MOUNT}/__admin/health", "/__admin/health")


# -- the response side ---------------------------------------------------------------------------------
def test_response_body_is_the_contract_example_with_refs_followed():
    mapping = only(mappings_for(LUNA), operationId="getPractice", status=200)

    assert mapping["response"]["jsonBody"] == luna_example("Practice")


def test_json_content_type_is_kept():
    mapping = only(mappings_for(LUNA), operationId="getPractice", status=200)

    assert mapping["response"]["headers"]["Content-Type"] == "application/json"


def test_problem_example_is_mapped_with_the_status_it_names_and_its_content_type():
    mapping = only(mappings_for(LUNA), operationId="registerLaegevalg", status=409)

    response = mapping["response"]
    assert (response["status"], response["jsonBody"]["status"], response["headers"]["Content-Type"]) == (
        409,
        409,
        "application/problem+json",
    )


def test_problem_example_under_default_serves_the_status_it_names(tmp_path):
    op = _operation(responses={**_operation()["responses"], "default": PROBLEM})
    contract = write_contract(tmp_path, {"/things": {"get": op}})

    statuses = sorted(m["response"]["status"] for m in mappings_for(contract))

    assert statuses == [200, 409]


def test_problem_example_written_for_another_status_is_not_served_under_an_explicit_one(tmp_path):
    op = _operation(responses={**_operation()["responses"], "404": PROBLEM})
    contract = write_contract(tmp_path, {"/things": {"get": op}})

    statuses = sorted(m["response"]["status"] for m in mappings_for(contract))

    assert statuses == [200]


def test_a_status_field_in_an_ordinary_body_is_data_not_the_http_status():
    mapping = only(mappings_for(ADMIN), operationId="addFault", requestExample="lunaDown")

    assert (mapping["response"]["status"], mapping["response"]["jsonBody"]["status"]) == (201, 503)


def test_other_statuses_are_selected_with_a_prefer_header_and_win_over_the_default(tmp_path):
    op = _operation(responses={**_operation()["responses"], "409": PROBLEM})
    contract = write_contract(tmp_path, {"/things": {"get": op}})

    conflict = only(mappings_for(contract), status=409)

    assert (conflict["priority"], conflict["request"]["headers"]["Prefer"]["matches"]) == (
        PRIORITY_PREFERRED,
        r"(.*[,;\s])?code=409([,;\s].*)?",
    )


def test_first_success_status_in_contract_order_is_the_default_answer(tmp_path):
    ok = _operation()["responses"]["200"]
    op = _operation(responses={"201": {**ok, "description": "created"}, "200": ok})
    contract = write_contract(tmp_path, {"/things": {"post": op}})

    default = [m for m in mappings_for(contract) if m["priority"] == PRIORITY_DEFAULT]

    assert [m["response"]["status"] for m in default] == [201]


def test_several_response_examples_serve_the_first_and_keep_the_others_in_metadata(tmp_path):
    examples = {"a": {"value": {"v": "a"}}, "b": {"value": {"v": "b"}}, "c": {"value": {"v": "c"}}}
    op = _operation(responses={"200": {"description": "ok", "content": {"application/json": {"examples": examples}}}})
    contract = write_contract(tmp_path, {"/things": {"get": op}})

    (mapping,) = mappings_for(contract)

    assert (mapping["response"]["jsonBody"], mapping["metadata"]["otherExamples"]) == (
        {"v": "a"},
        [{"name": "b", "value": {"v": "b"}}, {"name": "c", "value": {"v": "c"}}],
    )


def test_response_example_named_like_a_request_example_answers_that_request(tmp_path):
    body = {"content": {"application/json": {"examples": {"a": {"value": {"q": "a"}}, "b": {"value": {"q": "b"}}}}}}
    answers = {"a": {"value": {"r": "a"}}, "b": {"value": {"r": "b"}}}
    op = _operation(requestBody=body, responses={"200": {"description": "ok", "content": {"application/json": {"examples": answers}}}})
    contract = write_contract(tmp_path, {"/things": {"post": op}})

    pairs = {m["request"]["bodyPatterns"][0]["equalToJson"]["q"]: m["response"]["jsonBody"]["r"] for m in mappings_for(contract)}

    assert pairs == {"a": "a", "b": "b"}


def test_response_header_examples_are_sent(tmp_path):
    ok = _operation()["responses"]["200"]
    headers = {"Location": {"schema": {"type": "string"}, "example": "/things/1"}}
    contract = write_contract(tmp_path, {"/things": {"post": _operation(responses={"200": {**ok, "headers": headers}})}})

    assert mappings_for(contract)[0]["response"]["headers"]["Location"] == "/things/1"


def test_status_documented_without_a_body_maps_to_an_empty_response():
    mapping = only(mappings_for(ADMIN), operationId="resetSimulator", status=204)

    assert mapping["response"] == {"status": 204}


def test_non_json_example_is_sent_as_text_with_its_media_type():
    mapping = only(mappings_for(ADMIN), operationId="getDocs", status=200)

    assert (mapping["response"]["body"], mapping["response"]["headers"]["Content-Type"]) == (
        "<!doctype html><title>luna</title>",
        "text/html",
    )


# -- identity and provenance ---------------------------------------------------------------------------
def test_ids_are_uuid5_of_contract_operation_status_and_example():
    mapping = only(mappings_for(LUNA), operationId="getPractice", status=200)

    assert (mapping["id"], mapping["uuid"], uuid.UUID(mapping["id"]).version) == (
        mapping_id("luna", "getPractice", 200, "open"),
        mapping["id"],
        5,
    )


def test_export_is_deterministic():
    assert mappings_for(LUNA) == mappings_for(LUNA)


def test_ids_are_unique_across_every_contract():
    ids = [m["id"] for contract in ALL_CONTRACTS for m in mappings_for(contract)]

    assert len(ids) == len(set(ids))


def test_metadata_names_operation_contract_and_contract_version(tmp_path):
    contract = write_contract(tmp_path, {"/things": {"get": _operation()}})

    meta = mappings_for(contract)[0]["metadata"]

    assert (meta["operationId"], meta["contract"], meta["contractVersion"]) == ("doThing", "demo.openapi.yaml", "2.3.4")


def test_a_file_that_is_not_openapi_is_refused(tmp_path):
    path = tmp_path / "notes.yaml"
    path.write_text("asyncapi: 3.0.0\n", encoding="utf-8")

    with pytest.raises(ExportError):
        mappings_for(path)


# -- every contract present ----------------------------------------------------------------------------
@pytest.mark.parametrize("contract", ALL_CONTRACTS, ids=lambda p: p.name)
def test_every_operation_with_an_example_gets_a_default_answer(contract):
    document = yaml.safe_load(contract.read_text(encoding="utf-8"))
    operations = {op["operationId"] for item in document["paths"].values() for k, op in item.items() if k in ("get", "put", "post", "delete", "patch")}

    answered = {m["metadata"]["operationId"] for m in mappings_for(contract) if m["priority"] == PRIORITY_DEFAULT}

    assert operations - answered == set()


# -- the WireMock directory layout -----------------------------------------------------------------------
def test_export_writes_one_wiremock_root_per_contract_and_counts_the_files(tmp_path):
    count = export([LUNA, ADMIN], tmp_path)

    written = {p.parent.parent.name: len(list(p.parent.glob("*.json"))) for p in tmp_path.glob("*/mappings/*.json")}
    assert (count, written) == (len(mappings_for(LUNA)) + len(mappings_for(ADMIN)), {"luna": len(mappings_for(LUNA)), "admin": len(mappings_for(ADMIN))})


def test_exported_files_hold_exactly_the_mappings(tmp_path):
    export([LUNA], tmp_path)

    on_disk = sorted((json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "luna" / "mappings").glob("*.json")), key=lambda m: m["id"])

    assert on_disk == sorted(mappings_for(LUNA), key=lambda m: m["id"])


def test_re_export_replaces_its_own_stale_files_and_keeps_foreign_ones(tmp_path):
    folder = tmp_path / "luna" / "mappings"
    folder.mkdir(parents=True)
    (folder / "stale.json").write_text(json.dumps({"metadata": {"source": "golive"}}), encoding="utf-8")
    (folder / "vendor.json").write_text(json.dumps({"request": {"urlPath": "/x"}, "response": {"status": 200}}), encoding="utf-8")

    export([LUNA], tmp_path)

    names = {p.name for p in folder.glob("*.json")}
    assert ("stale.json" not in names, "vendor.json" in names) == (True, True)
