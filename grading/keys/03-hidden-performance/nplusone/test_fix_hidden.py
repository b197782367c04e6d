"""Hidden tests for the N+1 fix: one property of the spec per test function, all counted, none timed."""
from course.scenarios.nplusone.db import same_summaries

SINCE = "2024-06-01"
HISTORY = dict(start="2022-06-01", days=700)    # older orders, all before SINCE


def test_summaries_match_the_spec(db, conn, recent_order_summaries):
    db.add_orders(60, **HISTORY)
    db.add_orders(40, start=SINCE, days=30)
    alice = db.add_customer("Alice Example")
    db.add_order(alice, "2024-05-31T23:59:59")          # just before: left out
    db.add_order(alice, "2024-06-01T00:00:00",          # on the boundary: listed
                 items=[("SKU-003", 3, 250), ("SKU-004", 1, 1000)])
    summaries = recent_order_summaries(conn, SINCE)
    assert same_summaries(summaries, db.expected(SINCE))
    assert recent_order_summaries(conn, "2025-01-01") == []


def test_guest_orders_are_included(db, conn, recent_order_summaries):
    db.add_orders(30, start=SINCE, days=30, guests=0.3)
    summaries = recent_order_summaries(conn, SINCE)
    assert any(s.customer is None for s in summaries)
    assert same_summaries(summaries, db.expected(SINCE))


def test_query_count_does_not_grow_with_orders(db, conn, recent_order_summaries, count_queries):
    db.add_orders(200, **HISTORY)
    counts, listed = [], 0
    for n in (10, 20, 40):                                # n, 2n, 4n orders in the report
        db.add_orders(n - listed, start=SINCE, days=30)
        listed = n
        with count_queries(conn) as queries:
            assert len(recent_order_summaries(conn, SINCE)) == n
        assert queries.connections_opened == 0, "queries on another connection cannot be counted"
        counts.append(queries.count)
    assert counts[0] == counts[1] == counts[2] <= 3, counts


def test_memory_does_not_grow_with_older_orders(db, conn, recent_order_summaries, peak_memory):
    db.add_orders(20, start=SINCE, days=30)
    peaks, history = [], 0
    for older in (250, 1000, 4000):                       # n, 4n, 16n older orders; the same 20 listed
        db.add_orders(older - history, **HISTORY)
        history = older
        peaks.append(peak_memory(lambda: recent_order_summaries(conn, SINCE)))
    # memory may not grow with the history: allow twice the first peak (and 16 KiB of slack)
    assert peaks[2] < 2 * peaks[0] + 16_384, peaks
