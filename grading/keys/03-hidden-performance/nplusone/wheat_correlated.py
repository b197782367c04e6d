"""Order summaries for the account dashboard."""

from collections import namedtuple
import sqlite3

OrderSummary = namedtuple("OrderSummary", "order_id placed_at customer total_cents")


def recent_order_summaries(conn: sqlite3.Connection, since: str) -> list[OrderSummary]:
    """Orders on or after `since`, newest first, each with its customer's name and total.

    One statement: SQLite looks up the name and adds up the items per row, inside the
    database, using the primary key and the order_items index.
    """
    cursor = conn.execute(
        """
        SELECT o.id,
               o.placed_at,
               (SELECT name FROM customers WHERE id = o.customer_id),
               (SELECT SUM(qty * unit_price_cents) FROM order_items WHERE order_id = o.id)
        FROM orders AS o
        WHERE o.placed_at >= ?
        ORDER BY o.placed_at DESC
        """,
        (since,),
    )
    summaries = []
    while batch := cursor.fetchmany(200):
        summaries.extend(OrderSummary(*row) for row in batch)
    return summaries
