"""Order search for the orders API: GET /orders/search?q=...&sort=...

Every order belongs to one tenant; the API gateway authenticates the caller
and passes its tenant in, so a search only ever sees that tenant's orders.
"""
from __future__ import annotations

import sqlite3

SORTS = {
    "newest": "placed_at DESC, id DESC",
    "total": "total_cents DESC, id DESC",
}


def search_orders(conn: sqlite3.Connection, tenant: str, text: str,
                  sort: str = "newest", limit: int = 20) -> list[dict]:
    """The tenant's orders whose product name contains `text` (any case)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {sorted(SORTS)}")
    sql = (
        "SELECT id, product, total_cents FROM orders "
        f"WHERE tenant = ? AND product LIKE '%{text}%' "
        f"ORDER BY {SORTS[sort]} LIMIT ?"
    )
    rows = conn.execute(sql, (tenant, limit)).fetchall()
    return [{"id": row[0], "product": row[1], "total_cents": row[2]} for row in rows]
