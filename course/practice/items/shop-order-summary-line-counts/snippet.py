"""Order summaries for the customer's account page."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class OrderSummary:
    order_id: int
    placed_at: str
    item_count: int
    total_cents: int


def order_summaries(conn: sqlite3.Connection, customer_id: int) -> list[OrderSummary]:
    """Return the customer's orders, newest first, with their item count and total."""
    orders = conn.execute(
        "SELECT id, placed_at FROM orders WHERE customer_id = ? ORDER BY placed_at DESC",
        (customer_id,),
    ).fetchall()
    summaries = []
    for order_id, placed_at in orders:
        count, total = conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(qty * unit_cents), 0) FROM order_lines WHERE order_id = ?",
            (order_id,),
        ).fetchone()
        summaries.append(OrderSummary(order_id, placed_at, count, total))
    return summaries
