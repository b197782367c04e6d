"""Order history for the account page."""
from __future__ import annotations

from typing import Any, Protocol


class Pool(Protocol):
    """The app's connection pool (fixed size, shared by all request threads)."""

    def acquire(self) -> Any: ...

    def release(self, conn: Any) -> None: ...


COLUMNS = ("id", "placed_at", "total_cents", "status")


def recent_orders(pool: Pool, customer_id: int, limit: int = 20) -> list[dict[str, Any]]:
    """The customer's latest orders, newest first."""
    conn = pool.acquire()
    rows = conn.execute(
        "SELECT id, placed_at, total_cents, status FROM orders"
        " WHERE customer_id = ? ORDER BY placed_at DESC LIMIT ?",
        (customer_id, limit),
    ).fetchall()
    pool.release(conn)
    return [dict(zip(COLUMNS, row)) for row in rows]
