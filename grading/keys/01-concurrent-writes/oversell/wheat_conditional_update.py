"""Order placement for the shop's SQLite database."""

import sqlite3


def place_order(conn: sqlite3.Connection, sku: str, qty: int, customer_id: str) -> int | None:
    """Sell `qty` units of `sku` to `customer_id`; return the order id, or None if it cannot be sold.

    The stock check and the decrement are one UPDATE, so two buyers can never
    both take the last unit. Non-positive quantities are refused with None, and
    an unknown product before any write (a read first, which the UPDATE re-checks).
    """
    if qty <= 0:
        return None
    if conn.execute("SELECT 1 FROM products WHERE sku = ?", (sku,)).fetchone() is None:
        return None  # unknown product: nothing to lock or change
    with conn:  # commits on success, rolls back if anything below raises
        updated = conn.execute(
            "UPDATE products SET stock = stock - ? WHERE sku = ? AND stock >= ?",
            (qty, sku, qty),
        )
        if updated.rowcount == 0:
            return None  # unknown product or not enough stock: nothing changed
        cursor = conn.execute(
            "INSERT INTO orders (sku, qty, customer_id, total_cents) "
            "SELECT ?, ?, ?, ? * price_cents FROM products WHERE sku = ?",
            (sku, qty, customer_id, qty, sku),
        )
        return cursor.lastrowid
