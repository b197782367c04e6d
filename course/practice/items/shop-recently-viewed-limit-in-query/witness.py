import sqlite3

from course.practice import witness_kit


def _fetched(impl, n_products: int) -> int:
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE products (sku TEXT PRIMARY KEY, title TEXT, price_cents INTEGER);"
        "CREATE TABLE product_views (shopper_id INTEGER, sku TEXT, viewed_at TEXT);"
    )
    conn.executemany("INSERT INTO products VALUES (?, ?, ?)", [(f"SKU-{i:04d}", f"Item {i}", 500 + i) for i in range(n_products)])
    conn.executemany(
        "INSERT INTO product_views VALUES (?, ?, ?)",
        [(7, f"SKU-{i % n_products:04d}", f"2026-02-{1 + i % 28:02d}T{i % 24:02d}:00:{i % 60:02d}") for i in range(2 * n_products)],
    )
    expected = [r[0] for r in conn.execute(
        "SELECT sku FROM product_views WHERE shopper_id = 7 AND sku != 'SKU-0003'"
        " GROUP BY sku ORDER BY MAX(viewed_at) DESC LIMIT 8")]
    fetched = witness_kit.count_fetched_rows(conn)
    shown = impl.recently_viewed(conn, 7, "SKU-0003")
    assert [v.sku for v in shown] == expected, f"sidebar shows {[v.sku for v in shown]}, expected {expected}"
    return fetched.rows


def test_sidebar_fetches_at_most_limit_rows(impl) -> None:
    witness_kit.assert_scales(lambda n: _fetched(impl, n), (40, 80), at_most=1, message=(
        "filling an 8-product sidebar fetched {small:,} rows for a shopper who viewed 40 products and "
        "{large:,} for one who viewed 80: the whole view history is loaded to show 8"
    ))
