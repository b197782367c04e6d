"""Order summaries for the account dashboard."""

from dataclasses import dataclass
import sqlite3


@dataclass(frozen=True)
class OrderSummary:
    order_id: int
    placed_at: str
    customer: str | None
    total_cents: int


SUMMARIES = """
    SELECT o.id, o.placed_at, c.name, SUM(i.qty * i.unit_price_cents)
    FROM orders AS o
    JOIN customers AS c ON c.id = o.customer_id
    JOIN order_items AS i ON i.order_id = o.id
    WHERE o.placed_at >= ?
    GROUP BY o.id
    ORDER BY o.placed_at DESC, o.id
"""


def recent_order_summaries(conn: sqlite3.Connection, since: str) -> list[OrderSummary]:
    """One query: orders since `since` with their customer's name and total, newest first."""
    return [OrderSummary(*row) for row in conn.execute(SUMMARIES, (since,))]
