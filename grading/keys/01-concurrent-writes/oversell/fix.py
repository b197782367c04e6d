"""Order placement for the shop's SQLite database."""

import sqlite3


def place_order(conn: sqlite3.Connection, sku: str, qty: int, customer_id: str) -> int | None:
    """Place an order for `qty` units of `sku` and return the new order's id.

    Decrements the stock and records the order in one transaction. Returns None
    when the product is unknown or there is not enough stock left. Raises
    ValueError for a quantity below 1; on any other error nothing is kept.
    """
    if not isinstance(qty, int) or qty < 1:
        raise ValueError(f"qty must be a positive int, got {qty!r}")

    try:
        # Check and decrement in ONE statement: SQLite runs it under the write
        # lock, so two buyers can never both see the last unit as available.
        updated = conn.execute(
            "UPDATE products SET stock = stock - ? WHERE sku = ? AND stock >= ?",
            (qty, sku, qty),
        )
        if updated.rowcount == 0:
            conn.rollback()
            return None  # unknown product or not enough stock

        (price_cents,) = conn.execute(
            "SELECT price_cents FROM products WHERE sku = ?", (sku,)
        ).fetchone()
        cursor = conn.execute(
            "INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",
            (sku, qty, customer_id, qty * price_cents),
        )
        conn.commit()
        return cursor.lastrowid
    except BaseException:
        conn.rollback()  # nothing of a failed order stays pending on the connection
        raise
