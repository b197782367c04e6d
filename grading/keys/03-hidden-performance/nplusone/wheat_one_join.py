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
    WITH recent AS (
        SELECT id, customer_id, placed_at FROM orders WHERE placed_at >= :since
    )
    SELECT r.id, r.placed_at, c.name, SUM(i.qty * i.unit_price_cents) AS total_cents
    FROM recent AS r
    JOIN order_items AS i ON i.order_id = r.id
    LEFT JOIN customers AS c ON c.id = r.customer_id
    GROUP BY r.id, r.placed_at, c.name
    ORDER BY r.placed_at DESC, r.id DESC
"""


def recent_order_summaries(conn: sqlite3.Connection, since: str) -> list[OrderSummary]:
    """One query: orders since `since` with their customer (if any) and total, newest first."""
    rows = conn.execute(SUMMARIES, {"since": since}).fetchall()
    return [OrderSummary(*row) for row in rows]
