"""Order placement for the shop's SQLite database."""

import sqlite3


def place_order(conn: sqlite3.Connection, sku: str, qty: int, customer_id: str) -> int | None:
    """Place an order for `qty` units of `sku` and return the new order's id.

    BEGIN IMMEDIATE takes the write lock before the stock is read, so concurrent
    orders are serialised and the last unit is sold once. Returns None when the
    product is unknown or there is not enough stock left.
    """
    if not isinstance(qty, int) or qty <= 0:
        raise ValueError(f"qty must be a positive int, got {qty!r}")

    conn.execute("BEGIN IMMEDIATE")
    row = conn.execute(
        "SELECT stock, price_cents FROM products WHERE sku = ?", (sku,)
    ).fetchone()
    if row is None or row[0] < qty:
        conn.rollback()
        return None

    stock, price_cents = row
    conn.execute("UPDATE products SET stock = stock - ? WHERE sku = ?", (qty, sku))
    cursor = conn.execute(
        "INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",
        (sku, qty, customer_id, qty * price_cents),
    )
    conn.commit()
    return cursor.lastrowid
