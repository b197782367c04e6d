import sqlite3
from datetime import datetime, timedelta

from course.practice import witness_kit

NOW = datetime(2026, 3, 10, 12, 0)


def _db(n_history: int) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, status TEXT, paid_at TEXT, warehouse TEXT)")
    rows = []
    for i in range(n_history):  # old, shipped orders in both warehouses
        rows.append(("shipped", (NOW - timedelta(days=30, minutes=i)).isoformat(), "LYS" if i % 2 else "AMS"))
    for d in (5, 3, 1):  # paid and waiting: 5 and 3 days are stale, 1 day is not
        rows.append(("paid", (NOW - timedelta(days=d)).isoformat(), "AMS"))
    rows.append(("paid", (NOW - timedelta(days=4)).isoformat(), "LYS"))
    conn.executemany("INSERT INTO orders (status, paid_at, warehouse) VALUES (?, ?, ?)", rows)
    conn.commit()
    return conn


def _fetched(impl, n_history: int) -> int:
    conn = _db(n_history)
    fetched = witness_kit.count_fetched_rows(conn)
    stale = impl.stale_shipments(conn, NOW, "AMS")
    assert [s.paid_at for s in stale] == [NOW - timedelta(days=5), NOW - timedelta(days=3)], (
        f"expected the 5- and 3-day-old AMS orders, got {[str(s.paid_at) for s in stale]}")
    return fetched.rows


def test_dashboard_fetches_only_matching_orders(impl) -> None:
    witness_kit.assert_scales(lambda n: _fetched(impl, n), (150, 300), at_most=1, message=(
        "with 150 shipped orders in the history the dashboard fetched {small:,} rows, with 300 it fetched "
        "{large:,}, to show the same 2 stale orders: the whole order table travels to Python on every refresh"
    ))
