"""Order search for the orders API: GET /orders/search?q=...&sort=..."""
from __future__ import annotations

import sqlite3

SORTS = {
    "newest": "placed_at DESC, id DESC",
    "total": "total_cents DESC, id DESC",
}


def _contains_pattern(text: str) -> str:
    """A LIKE pattern matching names that contain `text` as typed: \\, % and _ escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_orders(conn: sqlite3.Connection, tenant: str, text: str,
                  sort: str = "newest", limit: int = 20) -> list[dict]:
    """The tenant's orders whose product name contains `text` (any case)."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {sorted(SORTS)}")
    where = ["tenant = ?", "product LIKE ? ESCAPE '\\'"]
    sql = (f"SELECT id, product, total_cents FROM orders WHERE {' AND '.join(where)} "
           f"ORDER BY {SORTS[sort]} LIMIT ?")   # only fixed text in the f-string: the values are parameters
    rows = conn.execute(sql, (tenant, _contains_pattern(text), limit)).fetchall()
    return [{"id": row[0], "product": row[1], "total_cents": row[2]} for row in rows]
