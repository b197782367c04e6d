"""Order search for the orders API: no LIKE at all, instr() on lower-cased names."""
from __future__ import annotations

QUERIES = {
    "newest": ("SELECT id, product, total_cents FROM orders WHERE tenant = ? AND instr(lower(product), lower(?)) > 0 "
               "ORDER BY placed_at DESC, id DESC LIMIT ?"),
    "total": ("SELECT id, product, total_cents FROM orders WHERE tenant = ? AND instr(lower(product), lower(?)) > 0 "
              "ORDER BY total_cents DESC, id DESC LIMIT ?"),
}


def search_orders(conn, tenant, text, sort="newest", limit=20):
    """The tenant's orders whose product name contains `text` (any case)."""
    try:
        query = QUERIES[sort]
    except KeyError:
        raise ValueError(f"unknown sort {sort!r}") from None
    found = []
    for order_id, product, total in conn.execute(query, [tenant, text, limit]):
        found.append({"id": order_id, "product": product, "total_cents": total})
    return found
