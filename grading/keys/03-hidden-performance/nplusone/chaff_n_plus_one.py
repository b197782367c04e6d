"""Order summaries for the account dashboard."""

from dataclasses import dataclass
import sqlite3


@dataclass(frozen=True)
class OrderSummary:
    order_id: int
    placed_at: str
    customer: str | None
    total_cents: int


def recent_order_summaries(conn: sqlite3.Connection, since: str) -> list[OrderSummary]:
    """Summaries of the orders placed on or after `since` (ISO 8601), newest first.

    The orders and their customers come from one query filtered in SQL; each
    order's total is added up from its items.
    """
    orders = conn.execute(
        "SELECT o.id, o.placed_at, c.name FROM orders AS o "
        "LEFT JOIN customers AS c ON c.id = o.customer_id "
        "WHERE o.placed_at >= ? ORDER BY o.placed_at DESC, o.id",
        (since,),
    ).fetchall()

    summaries = []
    for order_id, placed_at, customer in orders:
        (total_cents,) = conn.execute(
            "SELECT SUM(qty * unit_price_cents) FROM order_items WHERE order_id = ?",
            (order_id,),
        ).fetchone()
        summaries.append(OrderSummary(order_id, placed_at, customer, total_cents))
    return summaries
