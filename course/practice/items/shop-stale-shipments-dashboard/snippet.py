"""Warehouse dashboard: paid orders still waiting to ship after the promised handling time."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class StaleOrder:
    order_id: int
    paid_at: datetime
    warehouse: str


def stale_shipments(
    conn: sqlite3.Connection, now: datetime, warehouse: str, handling: timedelta = timedelta(days=2)
) -> list[StaleOrder]:
    """Paid, unshipped orders of one warehouse whose handling time has run out, oldest first."""
    cutoff = now - handling
    rows = conn.execute(
        "SELECT id, status, paid_at, warehouse FROM orders ORDER BY paid_at"
    ).fetchall()
    stale = []
    for order_id, status, paid_at, wh in rows:
        paid = datetime.fromisoformat(paid_at)
        if status == "paid" and wh == warehouse and paid <= cutoff:
            stale.append(StaleOrder(order_id, paid, wh))
    return stale
