"""Order placement for the shop's SQLite database."""

import sqlite3


def place_order(conn: sqlite3.Connection, sku: str, qty: int, customer_id: str) -> int | None:
    """Place an order and return its id; None when the product is unknown or out of stock.

    Runs in one explicit transaction. SQLite lets only one writer commit, so when
    two orders collide one of them fails with "database is locked" and is rolled
    back; callers retry it.
    """
    if qty < 1:
        raise ValueError("qty must be at least 1")

    conn.execute("BEGIN")
    try:
        row = conn.execute(
            "SELECT stock, price_cents FROM products WHERE sku = ?", (sku,)
        ).fetchone()
        if row is None or row[0] < qty:
            conn.rollback()
            return None
        stock, price_cents = row
        conn.execute("UPDATE products SET stock = ? WHERE sku = ?", (stock - qty, sku))
        cursor = conn.execute(
            "INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",
            (sku, qty, customer_id, qty * price_cents),
        )
        conn.commit()
    except Exception:
        conn.rollback()
        raise
    return cursor.lastrowid
