"""N+1 queries (module 03, the main scenario): the dashboard's order summaries, one query per order.

The prompt: "Add recent_order_summaries(conn, since) for the account dashboard: every order placed
on or after `since`, newest first, with the customer's name and the order total in cents."

SPEC (what tests may rely on; correct implementations differ where it leaves freedom):
- recent_order_summaries(conn, since) returns a list with one summary per order placed on or after
  `since` (an ISO 8601 date or timestamp, compared as text: ISO strings sort in time order), newest
  first. Orders placed at the same second may come in any order.
- A summary has .order_id, .placed_at, .customer (the customer's name, or None for a guest checkout,
  where orders.customer_id is NULL) and .total_cents (the sum of qty * unit_price_cents over the
  order's items; every order has at least one item).
- It runs a fixed number of SQL queries, at most 3, however many orders it returns: the database sits
  across the network, and every query is a round trip. Which queries is not specified (a JOIN, a
  subquery, one query per table, ...).
- It holds in memory only what it returns, not the orders table: the table keeps years of history,
  so memory must not grow with the number of older orders.
- It uses the connection it is given (it opens no other) and only reads: nothing is written.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="nplusone",
    module="03-hidden-performance",
    snippet="reports.py",
    import_name="reports",
    title="recent_order_summaries: the dashboard's order list",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
