"""The Finance simulator through HTTP, in-process: statuses, headers, problem details, idempotency under load."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest
import yaml
from openapi_spec_validator import validate

from simulators import finance, rules
from simulators.core import Network, VirtualClock
from simulators.core.contract import load_contract
from simulators.core.environment import Environment
from tests.support import CPR, FEE_ORE, fee_voucher

BASE = "http://finance.test"
CONTRACT_PATH = Path(__file__).resolve().parents[1] / "contracts" / "finance.openapi.yaml"


@pytest.fixture
def world():
    network = Network(allow_real_http=False)
    env = Environment(clock=VirtualClock(datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)), network=network)
    simulator = finance.create(env)
    network.register(BASE, simulator)
    yield simulator, network
    simulator.close()


@pytest.fixture
def sim(world):
    return world[0]


@pytest.fixture
def client(world) -> Iterator[httpx.Client]:
    with world[1].client(BASE) as c:
        yield c


def post(client: httpx.Client, body: dict[str, Any], key: str = "key-1") -> httpx.Response:
    return client.post("/vouchers", json=body, headers={"Idempotency-Key": key})


# -- the contract itself ------------------------------------------------------------------------------

def test_contract_passes_openapi_spec_validator():
    validate(yaml.safe_load(CONTRACT_PATH.read_text(encoding="utf-8")))


def _resolve(document: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def test_every_example_in_the_contract_is_valid_against_its_schema():
    contract = load_contract(str(CONTRACT_PATH))
    doc = contract.document
    checked, broken = 0, []
    for path, item in doc["paths"].items():
        shared = item.get("parameters", [])
        for method, spec in ((m, s) for m, s in item.items() if m != "parameters"):
            sites: list[tuple[dict, Any]] = [(p["schema"], p["example"]) for p in map(lambda p: _resolve(doc, p), shared + spec.get("parameters", [])) if "example" in p]
            medias = list(_resolve(doc, spec.get("requestBody") or {}).get("content", {}).values())
            for response in map(lambda r: _resolve(doc, r), spec["responses"].values()):
                medias += list(response.get("content", {}).values())
                sites += [(h["schema"], h["example"]) for h in response.get("headers", {}).values() if "example" in h]
            sites += [(m["schema"], _resolve(doc, e)["value"]) for m in medias for e in m.get("examples", {}).values()]
            for schema, value in sites:
                checked += 1
                broken += [f"{method.upper()} {path}: {p.pointer} {p.message}" for p in contract.schema_check(schema).problems(value, "example")]
    assert (broken, checked > 20) == ([], True)


# -- posting ------------------------------------------------------------------------------------------

def test_balanced_voucher_is_posted_with_201_and_its_location(client):
    response = post(client, fee_voucher())

    body = response.json()
    assert (response.status_code, response.headers["location"], body["status"], body["period"]) == (
        201, f"/vouchers/{body['voucherId']}", "posted", "2024-03")


def test_posted_voucher_can_be_read_back(client):
    voucher_id = post(client, fee_voucher()).json()["voucherId"]

    response = client.get(f"/vouchers/{voucher_id}")

    assert (response.status_code, response.json()["lines"]) == (200, fee_voucher()["lines"])


def test_unbalanced_voucher_is_rejected_with_the_sum_in_the_problem(client):
    body = fee_voucher()
    body["lines"][1]["amountOre"] = -FEE_ORE + 500

    response = post(client, body)

    problem = response.json()
    assert (response.status_code, response.headers["content-type"], problem["type"], problem["sumOre"]) == (
        422, "application/problem+json", "urn:golive:problem:unbalanced-voucher", 500)
    assert "500 øre" in problem["detail"]


def test_unknown_account_is_rejected_with_422(client):
    body = fee_voucher()
    body["lines"][1]["account"] = "4.62.99.7.2"

    response = post(client, body)

    assert (response.status_code, response.json()["type"], response.json()["accounts"]) == (
        422, "urn:golive:problem:unknown-account", ["4.62.99.7.2"])


def test_a_single_line_voucher_is_refused_by_the_contract(client):
    body = fee_voucher(lines=[{"account": rules.DEBTOR_ACCOUNT, "amountOre": FEE_ORE}])

    response = post(client, body)

    assert (response.status_code, response.json()["type"]) == (400, "urn:golive:problem:contract-violation")


def test_a_zero_amount_is_refused_by_the_contract(client):
    body = fee_voucher()
    body["lines"] += [{"account": rules.BANK_ACCOUNT, "amountOre": 0}]

    assert post(client, body).status_code == 400


def test_a_float_amount_is_refused_by_the_contract(client):
    body = fee_voucher()
    body["lines"][0]["amountOre"], body["lines"][1]["amountOre"] = 225.5, -225.5

    assert post(client, body).status_code == 400


def test_a_post_without_idempotency_key_is_refused(client):
    response = client.post("/vouchers", json=fee_voucher())

    assert (response.status_code, response.json()["violations"][0]["where"]) == (400, "request.header.idempotency-key")


# -- idempotency --------------------------------------------------------------------------------------

def test_idempotent_replay_returns_the_same_voucher_with_the_replay_header(client):
    first = post(client, fee_voucher())

    again = post(client, fee_voucher())

    assert (again.status_code, again.json()["voucherId"], again.headers["idempotent-replayed"]) == (
        200, first.json()["voucherId"], "true")


def test_the_first_post_carries_no_replay_header(client):
    assert "idempotent-replayed" not in post(client, fee_voucher()).headers


def test_key_reuse_with_a_different_body_is_409(client):
    post(client, fee_voucher())

    response = post(client, fee_voucher(text="Gebyr for nyt sundhedskort"))

    assert (response.status_code, response.json()["type"]) == (409, "urn:golive:problem:idempotency-key-reused")


def test_concurrent_posting_with_one_key_creates_exactly_one_voucher(world):
    _, network = world
    threads = 16
    barrier = threading.Barrier(threads)

    def attempt(_: int) -> httpx.Response:
        with network.client(BASE) as own_client:
            barrier.wait(timeout=10)
            return post(own_client, fee_voucher(), key="one-fee")

    with ThreadPoolExecutor(max_workers=threads) as pool:
        responses = list(pool.map(attempt, range(threads)))

    with network.client(BASE) as c:
        listed = c.get("/vouchers", params={"cpr": CPR}).json()
    assert sorted(r.status_code for r in responses) == [200] * (threads - 1) + [201]
    assert {r.json()["voucherId"] for r in responses} == {listed["vouchers"][0]["voucherId"]}
    assert listed["count"] == 1


# -- periods ------------------------------------------------------------------------------------------

def test_posting_into_a_closed_period_is_409(client):
    assert client.post("/periods/2024-03/close").status_code == 200

    response = post(client, fee_voucher())

    assert (response.status_code, response.json()["type"], response.json()["period"]) == (
        409, "urn:golive:problem:period-closed", "2024-03")


def test_closing_a_period_is_idempotent(client):
    first = client.post("/periods/2024-02/close")

    second = client.post("/periods/2024-02/close")

    assert (second.status_code, second.json()) == (200, first.json())


def test_a_reopened_period_takes_postings_again(client):
    client.post("/periods/2024-03/close")
    client.post("/periods/2024-03/reopen")

    assert post(client, fee_voucher()).status_code == 201


def test_periods_are_listed_by_month_with_status(client):
    client.post("/periods/2024-01/close")

    periods = client.get("/periods", params={"year": 2024}).json()["periods"]

    assert [p["status"] for p in periods[:2]] == ["closed", "open"]


def test_a_period_that_is_not_a_month_is_refused(client):
    assert client.post("/periods/2024-13/close").status_code == 400


# -- reversal -----------------------------------------------------------------------------------------

def test_reversal_posts_a_negated_voucher_and_marks_the_original(client):
    original = post(client, fee_voucher()).json()

    response = client.post(f"/vouchers/{original['voucherId']}/reversal", headers={"Idempotency-Key": "rev-1"})

    reread = client.get(f"/vouchers/{original['voucherId']}").json()
    assert (response.status_code, [l["amountOre"] for l in response.json()["lines"]], reread["status"], reread["reversedBy"]) == (
        201, [-FEE_ORE, FEE_ORE], "reversed", response.json()["voucherId"])


def test_reversing_twice_is_409(client):
    voucher_id = post(client, fee_voucher()).json()["voucherId"]
    client.post(f"/vouchers/{voucher_id}/reversal", headers={"Idempotency-Key": "rev-1"})

    response = client.post(f"/vouchers/{voucher_id}/reversal", headers={"Idempotency-Key": "rev-2"})

    assert (response.status_code, response.json()["type"]) == (409, "urn:golive:problem:already-reversed")


def test_a_retried_reversal_is_replayed_not_refused(client):
    voucher_id = post(client, fee_voucher()).json()["voucherId"]
    first = client.post(f"/vouchers/{voucher_id}/reversal", headers={"Idempotency-Key": "rev-1"})

    again = client.post(f"/vouchers/{voucher_id}/reversal", headers={"Idempotency-Key": "rev-1"})

    assert (again.status_code, again.json()["voucherId"], again.headers["idempotent-replayed"]) == (
        200, first.json()["voucherId"], "true")


def test_an_unknown_voucher_is_404(client):
    response = client.get("/vouchers/V-2024-000099")

    assert (response.status_code, response.json()["type"]) == (404, "urn:golive:problem:unknown-voucher")


# -- debtors, accounts, listing -----------------------------------------------------------------------

def test_debtor_postings_show_the_citizens_debt_and_balance(client):
    post(client, fee_voucher(), key="fee-1")
    post(client, fee_voucher(text="Gebyr for nyt sundhedskort"), key="fee-2")

    debt = client.get(f"/debtors/{CPR}/postings").json()

    assert ([p["amountOre"] for p in debt["postings"]], debt["balanceOre"], debt["account"]) == (
        [FEE_ORE, FEE_ORE], 2 * FEE_ORE, rules.DEBTOR_ACCOUNT)


def test_a_reversed_fee_leaves_the_citizen_owing_nothing(client):
    voucher_id = post(client, fee_voucher()).json()["voucherId"]
    client.post(f"/vouchers/{voucher_id}/reversal", headers={"Idempotency-Key": "rev-1"})

    assert client.get(f"/debtors/{CPR}/postings").json()["balanceOre"] == 0


def test_vouchers_are_listed_by_account(client):
    post(client, fee_voucher())

    by_fee = client.get("/vouchers", params={"account": rules.FEE_REVENUE_ACCOUNT}).json()
    by_bank = client.get("/vouchers", params={"account": rules.BANK_ACCOUNT}).json()

    assert (by_fee["count"], by_bank["count"]) == (1, 0)


def test_the_chart_of_accounts_shows_balances(client):
    post(client, fee_voucher())

    accounts = {a["account"]: a for a in client.get("/accounts").json()["accounts"]}

    assert (accounts[rules.FEE_REVENUE_ACCOUNT]["kind"], accounts[rules.FEE_REVENUE_ACCOUNT]["balanceOre"]) == ("revenue", -FEE_ORE)


# -- admin: seed and settings -------------------------------------------------------------------------

def test_seeded_closed_period_refuses_postings(client):
    seeded = client.post("/__admin/seed", json={"data": {"closedPeriods": ["2024-03"]}})

    assert (seeded.status_code, post(client, fee_voucher()).status_code) == (200, 409)


def test_cpr_requirement_can_be_switched_off_in_settings(client):
    body = fee_voucher()
    del body["cpr"]
    refused = post(client, body, key="no-cpr-1")

    client.patch("/__admin/settings", json={"requireCpr": False})

    assert (refused.status_code, refused.json()["type"], post(client, body, key="no-cpr-2").status_code) == (
        422, "urn:golive:problem:cpr-required", 201)


def test_books_bound_to_one_municipality_refuse_another(client):
    client.patch("/__admin/settings", json={"municipalityCode": 461})

    response = post(client, fee_voucher(municipalityCode=751))

    assert (response.status_code, response.json()["type"]) == (422, "urn:golive:problem:wrong-municipality")


def test_reset_forgets_vouchers_and_settings(client):
    post(client, fee_voucher())
    client.patch("/__admin/settings", json={"requireCpr": False})

    client.post("/__admin/reset")

    assert (client.get("/vouchers").json()["count"], client.get("/__admin/settings").json()) == (0, {"requireCpr": True})


def test_no_exchange_broke_the_contract(sim, client):
    voucher_id = post(client, fee_voucher()).json()["voucherId"]
    post(client, fee_voucher())
    client.post(f"/vouchers/{voucher_id}/reversal", headers={"Idempotency-Key": "rev-1"}, json={"text": "Fejl"})
    client.post("/periods/2024-03/close")
    post(client, fee_voucher(), key="late")
    for path in ("/vouchers", "/accounts", "/periods", f"/debtors/{CPR}/postings", f"/vouchers/{voucher_id}"):
        client.get(path)

    entries = sim.journal.query()
    assert ([e.status for e in entries if e.status >= 500], len(entries)) == ([], 10)
