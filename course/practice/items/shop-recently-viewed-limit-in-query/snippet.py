"""Product page sidebar: the shopper's recently viewed products."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

# Latest view per product, newest first; the caller's limit is applied by SQLite.
RECENTLY_VIEWED_SQL = """
    SELECT p.sku, p.title, p.price_cents, MAX(v.viewed_at) AS last_viewed
    FROM product_views v JOIN products p ON p.sku = v.sku
    WHERE v.shopper_id = ? AND p.sku != ?
    GROUP BY p.sku
    ORDER BY last_viewed DESC
    LIMIT ?
"""


@dataclass(frozen=True)
class Viewed:
    sku: str
    title: str
    price_cents: int


def recently_viewed(conn: sqlite3.Connection, shopper_id: int, current_sku: str, limit: int = 8) -> list[Viewed]:
    """Up to `limit` products the shopper viewed, newest first, without the one on screen."""
    rows = conn.execute(RECENTLY_VIEWED_SQL, (shopper_id, current_sku, limit)).fetchall()
    return [Viewed(sku, title, price) for sku, title, price, _ in rows]
