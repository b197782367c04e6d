import sqlite3

from course.practice import witness_kit


def _shop(n_orders: int) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, placed_at TEXT);"
        "CREATE TABLE order_lines (order_id INTEGER, sku TEXT, qty INTEGER, unit_cents INTEGER);"
    )
    for i in range(1, n_orders + 1):
        conn.execute("INSERT INTO orders VALUES (?, 7, ?)", (i, f"2026-01-{i % 28 + 1:02d}T10:{i % 60:02d}"))
        conn.execute("INSERT INTO order_lines VALUES (?, 'SKU-A', 2, 500)", (i,))
        if i % 3 == 0:
            conn.execute("INSERT INTO order_lines VALUES (?, 'SKU-B', 1, 1250)", (i,))
    conn.execute("INSERT INTO orders VALUES (?, 7, '2026-02-01T00:00')", (n_orders + 1,))  # no lines yet
    conn.commit()
    return conn


def _queries_for(impl, n_orders: int) -> int:
    conn = _shop(n_orders)
    summaries, statements = witness_kit.traced_statements(conn, lambda: impl.order_summaries(conn, 7))
    assert len(summaries) == n_orders + 1, f"expected {n_orders + 1} orders, got {len(summaries)}"
    newest = summaries[0]
    assert (newest.item_count, newest.total_cents) == (0, 0), "an order without lines should count 0 items, 0 cents"
    by_id = {s.order_id: s for s in summaries}
    assert (by_id[3].item_count, by_id[3].total_cents) == (2, 2250), "order 3 has two lines worth 22.50"
    return len(statements)


def test_query_count_does_not_grow_with_orders(impl) -> None:
    witness_kit.assert_scales(lambda n: _queries_for(impl, n), (20, 40), at_most=1, message=(
        "listing 21 orders ran {small} SQL queries and listing 41 orders ran {large}: "
        "one extra query per order, so a customer with 1,000 orders costs 1,001 round trips per page view"
    ))
