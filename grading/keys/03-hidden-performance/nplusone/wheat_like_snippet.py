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

    Three queries whatever the number of orders: the orders, then the customers
    and the line items of all of them at once (prefetched, then joined here).
    """
    orders = conn.execute(
        "SELECT id, customer_id, placed_at FROM orders WHERE placed_at >= ? "
        "ORDER BY placed_at DESC, id DESC",
        (since,),
    ).fetchall()

    names = dict(conn.execute(
        "SELECT id, name FROM customers WHERE id IN "
        "(SELECT customer_id FROM orders WHERE placed_at >= ?)",
        (since,),
    ).fetchall())
    totals: dict[int, int] = {}
    for order_id, qty, unit_price in conn.execute(
        "SELECT order_id, qty, unit_price_cents FROM order_items WHERE order_id IN "
        "(SELECT id FROM orders WHERE placed_at >= ?)",
        (since,),
    ):
        totals[order_id] = totals.get(order_id, 0) + qty * unit_price

    summaries = []
    for order_id, customer_id, placed_at in orders:
        customer = names.get(customer_id)  # None for a guest checkout
        summaries.append(OrderSummary(order_id, placed_at, customer, totals[order_id]))
    return summaries
