"""Order placement for the shop's SQLite database."""

import sqlite3


def place_order(conn: sqlite3.Connection, sku: str, qty: int, customer_id: str) -> int | None:
    """Place an order for `qty` units of `sku` and return the new order's id.

    The stock check, the decrement and the order row share one transaction:
    committed together on success, rolled back together on any error. Returns
    None when the product is unknown or there is not enough stock left.
    """
    if not isinstance(qty, int) or qty <= 0:
        raise ValueError(f"qty must be a positive int, got {qty!r}")

    with conn:  # one transaction for the whole order
        row = conn.execute(
            "SELECT stock, price_cents FROM products WHERE sku = ?", (sku,)
        ).fetchone()
        if row is None:
            return None
        stock, price_cents = row
        if stock < qty:
            return None
        conn.execute("UPDATE products SET stock = ? WHERE sku = ?", (stock - qty, sku))
        cursor = conn.execute(
            "INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",
            (sku, qty, customer_id, qty * price_cents),
        )
    return cursor.lastrowid
