"""Payments for the order service.

All database access goes through the shared connection pool: a few connections
shared by every request, so take one, use it briefly and give it back.
"""
from __future__ import annotations

import sqlite3
from typing import Protocol


class Pool(Protocol):
    def acquire(self) -> sqlite3.Connection: ...
    def release(self, conn: sqlite3.Connection) -> None: ...


def record_payment(pool: Pool, order_id: int, cents: int) -> int:
    """Record a payment of `cents` against an order and return the payment's id.

    The tables' CHECK constraints refuse a payment that is not positive or that is
    more than the order still owes (sqlite3.IntegrityError).
    """
    conn = pool.acquire()
    try:
        with conn:  # commits, or rolls back if a statement fails
            cursor = conn.execute(
                "INSERT INTO payments (order_id, cents) VALUES (?, ?)", (order_id, cents)
            )
            conn.execute(
                "UPDATE orders SET paid_cents = paid_cents + ? WHERE id = ?", (cents, order_id)
            )
        return cursor.lastrowid
    finally:
        pool.release(conn)
