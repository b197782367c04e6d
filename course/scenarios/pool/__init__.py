"""Connection-pool drill (module 02): a payment that fails keeps its pooled connection, and the pool runs dry.

The prompt: "Add record_payment(pool, order_id, cents) to the payments module: insert the payment,
add it to the order's paid_cents, commit, return the payment id. Use the shared connection pool
(pool.acquire() / pool.release(conn)), like the rest of the service."

SPEC (what tests may rely on; correct implementations differ where it leaves freedom):
- record_payment(pool, order_id, cents) inserts one row into payments (order_id, cents), adds cents
  to orders.paid_cents, commits, and returns the new payment's id. order_id is always an existing
  order (the caller checked).
- A payment that is not positive, or more than the order still owes, is refused: it raises
  (sqlite3.IntegrityError from the table's CHECK constraints, or ValueError if the code checks
  first; either is fine) and records nothing.
- It takes one connection from the pool with pool.acquire() and gives it back with
  pool.release(conn) exactly once, whatever happens: success or failure. A connection goes back
  with no transaction left open (committed or rolled back).
- The pool is small (a few connections shared by every request). pool.acquire() raises
  PoolExhausted when none is free; a connection does not wait for database locks (busy timeout 0).
- Left open: whether invalid amounts are checked in Python first (ValueError) or left to the
  database (sqlite3.IntegrityError); whether the connection is acquired before or after that check.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="pool",
    module="02-failure-modes",
    snippet="payments.py",
    import_name="payments",
    title="record_payment: a pooled connection on the error path",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
