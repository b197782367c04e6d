"""Order placement for the shop's SQLite database."""

import sqlite3


def place_order(conn: sqlite3.Connection, sku: str, qty: int, customer_id: str) -> int | None:
    """Place an order for `qty` units of `sku` and return the new order's id.

    Checks that enough stock is available, decrements it and records the order
    with its total price, all in one transaction. Returns None when the product
    is unknown or there is not enough stock left.
    """
    if not isinstance(qty, int):
        raise TypeError(f"qty must be an int, got {type(qty).__name__}")

    row = conn.execute(
        "SELECT stock, price_cents FROM products WHERE sku = ?", (sku,)
    ).fetchone()
    if row is None:
        return None

    stock, price_cents = row
    if stock < qty:
        return None  # not enough stock

    conn.execute(
        "UPDATE products SET stock = stock - ? WHERE sku = ?", (qty, sku)
    )
    cursor = conn.execute(
        "INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",
        (sku, qty, customer_id, qty * price_cents),
    )
    conn.commit()
    return cursor.lastrowid
