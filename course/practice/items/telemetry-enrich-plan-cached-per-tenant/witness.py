import sqlite3

from course.practice import witness_kit


def _queries(impl, n_events: int) -> int:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE tenants (id INTEGER PRIMARY KEY, plan TEXT)")
    conn.executemany("INSERT INTO tenants VALUES (?, ?)", [(t, ("free", "pro", "enterprise")[t % 3]) for t in range(1, 8)])
    events = ({"tenant_id": 1 + i % 8, "name": "page_view", "seq": i} for i in range(n_events))  # tenant 8 is unknown
    tagged, seen = witness_kit.traced_statements(conn, lambda: list(impl.with_plans(conn, events)))
    assert [e["plan"] for e in tagged[:8]] == ["pro", "enterprise", "free", "pro", "enterprise", "free", "pro", "free"], (
        f"wrong plans {[e['plan'] for e in tagged[:8]]}")
    assert len(tagged) == n_events and tagged[5]["seq"] == 5, "events lost or reordered"
    return len(seen)


def test_queries_follow_tenants_not_events(impl) -> None:
    witness_kit.assert_scales(lambda n: _queries(impl, n), (200, 400), at_most=1, message=(
        "tagging 200 events from 8 tenants ran {small} queries and 400 events ran {large}: one plan "
        "lookup per event, so a batch of millions of events makes millions of queries"
    ))
