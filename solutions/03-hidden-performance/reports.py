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

    Each summary has the customer's name and the order's total in cents, added
    up from its line items at the prices charged when the order was placed.
    """
    orders = conn.execute(
        "SELECT id, customer_id, placed_at FROM orders ORDER BY placed_at DESC"
    ).fetchall()

    summaries = []
    for order_id, customer_id, placed_at in orders:
        if placed_at < since:  # ISO 8601 strings sort in time order
            continue
        (customer,) = conn.execute(
            "SELECT name FROM customers WHERE id = ?", (customer_id,)
        ).fetchone()
        items = conn.execute(
            "SELECT qty, unit_price_cents FROM order_items WHERE order_id = ?",
            (order_id,),
        ).fetchall()
        total_cents = sum(qty * unit_price for qty, unit_price in items)
        summaries.append(OrderSummary(order_id, placed_at, customer, total_cents))
    return summaries
