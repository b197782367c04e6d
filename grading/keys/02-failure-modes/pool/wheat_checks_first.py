"""Recording payments against orders."""
import contextlib
import sqlite3


@contextlib.contextmanager
def borrowed(pool):
    """A connection from the pool for the length of a `with` block, always given back."""
    conn = pool.acquire()
    try:
        yield conn
    finally:
        pool.release(conn)


def record_payment(pool, order_id, cents):
    """Add a payment to an order; ValueError if it is not positive or more than the order still owes."""
    if cents <= 0:
        raise ValueError(f"a payment must be positive, got {cents}")
    with borrowed(pool) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            total, paid = conn.execute(
                "SELECT total_cents, paid_cents FROM orders WHERE id = ?", (order_id,)).fetchone()
            if paid + cents > total:
                raise ValueError(f"order {order_id} owes {total - paid} cents, not {cents}")
            payment_id = conn.execute(
                "INSERT INTO payments (order_id, cents) VALUES (?, ?)", (order_id, cents)).lastrowid
            conn.execute("UPDATE orders SET paid_cents = ? WHERE id = ?", (paid + cents, order_id))
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    return payment_id
