"""Oversell (module 01): the assistant's place_order sells the last unit twice under concurrency.

The prompt: "Add a place_order(conn, sku, qty, customer_id) function for our SQLite shop: check there
is enough stock, decrement it, record the order, return the order id; return None when out of stock."

SPEC (what tests may rely on; correct implementations differ where it leaves freedom):
- place_order(conn, sku, qty, customer_id) sells `qty` units of `sku`: it lowers the product's stock
  by qty, records one row in orders (sku, qty, customer_id, total_cents = qty * price_cents),
  commits, and returns the new order's id (orders.id).
- Not enough stock, or an unknown sku: returns None and changes nothing.
- qty must be a positive whole number. For qty <= 0 it changes nothing; it may return None or raise
  ValueError (either is fine).
- If anything fails part-way (for example the INSERT into orders), it raises, and nothing of the
  order stays behind: not committed, and not left pending on the connection.
- Many app servers call it at once, each with its own connection. It must never sell more units
  than are in stock, whatever the interleaving. Under contention a call may raise
  sqlite3.OperationalError ("database is locked") instead of waiting; the caller retries. Which
  buyer wins the last unit is not specified.
- How it stays safe is not specified (a transaction with BEGIN IMMEDIATE, a conditional UPDATE, ...).
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="oversell",
    module="01-concurrent-writes",
    snippet="shop.py",
    import_name="shop",
    title="place_order: check the stock, then sell",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
