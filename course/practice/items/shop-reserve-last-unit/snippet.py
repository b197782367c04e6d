"""Stock reservations for checkout."""
from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS stock (
    sku TEXT PRIMARY KEY,
    qty INTEGER NOT NULL
)
"""


def init_stock(conn: sqlite3.Connection, levels: dict[str, int]) -> None:
    """Create the stock table and set the given levels."""
    conn.execute(SCHEMA)
    conn.executemany("INSERT OR REPLACE INTO stock (sku, qty) VALUES (?, ?)", levels.items())
    conn.commit()


def reserve(conn: sqlite3.Connection, sku: str) -> bool:
    """Take one unit of `sku` for an order; False when it is sold out or unknown."""
    row = conn.execute("SELECT qty FROM stock WHERE sku = ?", (sku,)).fetchone()
    if row is None or row[0] < 1:
        return False
    conn.execute("UPDATE stock SET qty = qty - 1 WHERE sku = ?", (sku,))
    conn.commit()
    return True
