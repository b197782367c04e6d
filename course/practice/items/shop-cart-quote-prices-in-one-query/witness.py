import sqlite3

from course.practice import witness_kit


def _queries(impl, n_lines: int) -> int:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE products (sku TEXT PRIMARY KEY, price_cents INTEGER)")
    conn.executemany("INSERT INTO products VALUES (?, ?)", [(f"SKU-{i:04d}", 100 + i) for i in range(120)])
    conn.commit()
    lines = [impl.CartLine(f"SKU-{(i * 3) % 120:04d}", 1 + i % 4) for i in range(n_lines)]
    quote, seen = witness_kit.traced_statements(conn, lambda: impl.quote_cart(conn, lines))
    assert [q.total_cents for q in quote[:3]] == [100, 206, 318], f"wrong totals {[q.total_cents for q in quote[:3]]}"
    try:
        impl.quote_cart(conn, [impl.CartLine("SKU-GONE", 1)])
    except impl.UnknownSku:
        pass
    else:
        raise AssertionError("a discontinued SKU was quoted instead of raising UnknownSku")
    return len(seen)


def test_quote_costs_one_query_however_long_the_cart(impl) -> None:
    witness_kit.assert_scales(lambda n: _queries(impl, n), (20, 40), at_most=1, message=(
        "quoting a 20-line cart ran {small} queries and a 40-line cart {large}: one catalogue query per cart line"
    ))
