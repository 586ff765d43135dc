"""A scenario's exchanges as a reader follows them (golive/exchanges.py): each call once, caller and callee, polls folded."""

from golive.exchanges import fold_polls, merge, title


def entry(simulator, seq, method, path, status=200, kind="http", agent="python-httpx/0.28", at=None):
    return {"simulator": simulator, "seq": seq, "kind": kind, "method": method, "path": path, "status": status,
            "correlationId": "c-1", "requestHeaders": {"user-agent": agent}, "at": at or f"2024-03-01T09:00:00.{seq:06d}"}


def test_a_delivery_and_the_receipt_it_caused_are_one_exchange_with_its_caller():
    entries = [entry("sygesikring", 5, "POST", "/eflyt/move-notifications", 202, at="t2"),
               entry("eflyt", 2, "POST", "http://sygesikring.golive.internal/eflyt/move-notifications", 202,
                     kind="delivery", at="t3")]
    merged = merge(entries)
    assert [title(e) for e in merged] == ["E-flyt → SUT POST /eflyt/move-notifications → 202"]


def test_a_delivery_nobody_received_stays_and_names_its_target():
    entries = [entry("sygesikring", 8, "POST", "http://finance.golive.internal/vouchers", None, kind="delivery")]
    assert [title(e) for e in merge(entries)] == ["SUT → Finance POST /vouchers → no answer"]


def test_callers_are_the_scenario_the_sut_or_the_neighbour_its_path_names():
    entries = [entry("sygesikring", 1, "POST", "/citizens", 201, agent="golive-scenario/0.1.0", at="t1"),
               entry("luna", 1, "POST", "/laegevalg", 201, at="t2"),
               entry("sygesikring", 2, "POST", "/servicebus/deliveries", 200, at="t3")]
    assert [title(e) for e in merge(entries)] == ["scenario → SUT POST /citizens → 201", "SUT → Luna POST /laegevalg → 201",
                                                 "Servicebus → SUT POST /servicebus/deliveries → 200"]


def test_a_delivery_is_matched_by_origin_in_a_served_world():
    entries = [entry("luna", 3, "POST", "/laegevalg", 201),
               entry("sygesikring", 6, "POST", "http://127.0.0.1:8701/laegevalg", 201, kind="delivery")]
    assert [title(e) for e in merge(entries, {"http://127.0.0.1:8701": "luna"})] == ["SUT → Luna POST /laegevalg → 201"]


def test_identical_reads_fold_into_the_last_one_counted_and_writes_never_fold():
    reads = [entry("luna", i, "GET", "/citizens/1/laegevalg", agent="golive-scenario/0.1.0") for i in (1, 3, 5)]
    writes = [entry("luna", i, "POST", "/laegevalg", 201) for i in (2, 4)]
    folded = fold_polls(merge(sorted(reads + writes, key=lambda e: e["seq"])))
    assert [title(e) for e in folded] == ["SUT → Luna POST /laegevalg → 201", "SUT → Luna POST /laegevalg → 201",
                                          "scenario → Luna GET /citizens/1/laegevalg → 200 ×3"]
