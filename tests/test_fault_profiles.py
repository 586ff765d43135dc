"""Named fault profiles (golive/fault_profiles.py) and the kernel's `drop-response` fault, which they and the
resilience scenarios rely on."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import httpx
import pytest

from golive import fault_profiles
from simulators.core.faults import FaultInjector, FaultRule
from simulators.world import World

NOW = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)


def test_a_profile_is_found_by_its_name_or_its_words():
    assert fault_profiles.find("ustabil-luna") is fault_profiles.find('"Ustabil Luna"')


def test_an_unknown_profile_names_the_known_ones():
    with pytest.raises(fault_profiles.UnknownProfile, match="ustabil-luna"):
        fault_profiles.find("flaky")


def test_a_window_profile_lasts_its_minutes_of_virtual_time_from_now():
    [(neighbour, rule)] = fault_profiles.concrete_rules(fault_profiles.find("luna-nedbrud"), NOW)
    assert neighbour == "luna" and "minutes" not in rule
    assert (rule["activeFrom"], rule["activeUntil"]) == ("2024-03-01T09:00:00+00:00", "2024-03-01T09:10:00+00:00")


@pytest.mark.parametrize("name", sorted(fault_profiles.PROFILES))
def test_every_profile_is_accepted_by_the_admin_api_of_its_neighbours(name):
    with World(seed=7) as world:
        def add(neighbour, rule):
            response = world.client(neighbour).post("/__admin/faults", json=rule)
            assert response.status_code == 201, response.text
            return response.json()
        stored = fault_profiles.apply(fault_profiles.find(name), NOW, add)
    assert len(stored) == len(fault_profiles.find(name).rules)


def test_a_profile_decides_the_same_calls_under_the_same_seed():
    def hits(seed):
        injector = FaultInjector(seed=seed)
        for _, rule in fault_profiles.concrete_rules(fault_profiles.find("ustabil-luna"), NOW):
            injector.add(FaultRule.from_dict(rule))
        return [tuple(s.kind for s in injector.decide("registerLaegevalg", NOW, ("status", "reset"))) for _ in range(200)]
    assert hits(3) == hits(3)
    assert hits(3) != hits(4)
    assert 20 <= sum(1 for h in hits(3) if "status" in h) <= 60  # about one in five of 200


def test_drop_response_lets_the_handler_commit_and_loses_the_answer(world):
    finance = world.client("finance")
    finance.post("/__admin/faults", json={"kind": "drop-response", "operation": "postVoucher", "times": 1})
    voucher = {"postingDate": "2024-03-01", "text": "Gebyr", "municipalityCode": 751, "cpr": "0101804321", "source": "test",
               "lines": [{"account": "debtor", "amountOre": 100}, {"account": "revenue", "amountOre": -100}]}
    accounts = finance.get("/accounts").json()["accounts"]
    voucher["lines"][0]["account"], voucher["lines"][1]["account"] = accounts[0]["account"], accounts[1]["account"]
    with pytest.raises(httpx.RemoteProtocolError):
        finance.post("/vouchers", json=voucher, headers={"Idempotency-Key": "k-1"})
    booked = finance.get("/vouchers", params={"cpr": "0101804321"}).json()["vouchers"]
    assert len(booked) == 1  # Finance booked it although the client never heard
    entry = world["finance"].journal.query(operation="postVoucher")[-1]
    assert (entry.status, entry.fault.endswith(":drop-response")) == (0, True)


def test_golive_up_refuses_an_unknown_profile_with_the_list():
    result = subprocess.run([sys.executable, "-m", "golive.cli", "up", "--faults", "flaky", "--auto-ports"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "ustabil-luna" in result.stderr and "luna-nedbrud" in result.stderr


def test_golive_up_prints_the_active_rules_of_a_profile():
    result = subprocess.run([sys.executable, "-m", "golive.cli", "up", "--faults", "luna-nedbrud", "--auto-ports",
                             "--exit-after", "0.5"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "fault profile luna-nedbrud" in result.stdout and "kind=status" in result.stdout and "activeUntil=" in result.stdout
