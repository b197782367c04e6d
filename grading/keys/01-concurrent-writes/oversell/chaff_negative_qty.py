"""Order placement for the shop's SQLite database."""

import sqlite3


def place_order(conn: sqlite3.Connection, sku: str, qty: int, customer_id: str) -> int | None:
    """Place an order for `qty` units of `sku` and return the new order's id.

    The stock check and the decrement are a single conditional UPDATE, so two
    concurrent buyers can never both take the last unit. Returns None when the
    product is unknown or there is not enough stock left.
    """
    try:
        row = conn.execute(
            "SELECT price_cents FROM products WHERE sku = ?", (sku,)
        ).fetchone()
        if row is None:
            return None
        updated = conn.execute(
            "UPDATE products SET stock = stock - ? WHERE sku = ? AND stock >= ?",
            (qty, sku, qty),
        )
        if updated.rowcount == 0:
            conn.rollback()
            return None  # not enough stock
        cursor = conn.execute(
            "INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",
            (sku, qty, customer_id, qty * row[0]),
        )
        conn.commit()
        return cursor.lastrowid
    except Exception:
        conn.rollback()
        raise
