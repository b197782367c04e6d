"""Order summaries for the account dashboard."""

from dataclasses import dataclass
import sqlite3


@dataclass(frozen=True)
class OrderSummary:
    order_id: int
    placed_at: str
    customer: str | None
    total_cents: int


# One round trip whatever the number of orders. The WHERE runs in the database (on the
# placed_at index), so only the recent orders ever reach Python; LEFT JOIN keeps guest
# checkouts, whose customer_id is NULL, with customer None.
SUMMARIES = """
    SELECT o.id, o.placed_at, c.name, SUM(i.qty * i.unit_price_cents)
    FROM orders AS o
    LEFT JOIN customers AS c ON c.id = o.customer_id
    JOIN order_items AS i ON i.order_id = o.id
    WHERE o.placed_at >= ?
    GROUP BY o.id
    ORDER BY o.placed_at DESC, o.id
"""


def recent_order_summaries(conn: sqlite3.Connection, since: str) -> list[OrderSummary]:
    """Summaries of the orders placed on or after `since` (ISO 8601), newest first.

    Each summary has the customer's name (None for a guest checkout) and the
    order's total in cents, added up from its line items at the prices charged.
    """
    return [OrderSummary(*row) for row in conn.execute(SUMMARIES, (since,))]
