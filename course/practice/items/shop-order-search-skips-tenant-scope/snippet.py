"""Support tool: find a shop's orders by customer e-mail."""
from __future__ import annotations

import sqlite3
from typing import Any

# --- house helpers (existing, shop/db.py) ---


def scoped(conn: sqlite3.Connection, tenant_id: int, sql: str, params: tuple[Any, ...] = ()) -> list[tuple]:
    """Run a query on a tenant-owned table; `{scope}` in `sql` becomes the tenant filter.

    Every table has a tenant_id column; every query goes through here.
    """
    if "{scope}" not in sql:
        raise ValueError("tenant-owned query without {scope}")
    return conn.execute(sql.format(scope="tenant_id = ?"), (tenant_id, *params)).fetchall()


# --- the assistant's change ---


def find_orders_by_email(conn: sqlite3.Connection, tenant_id: int, email: str) -> list[dict]:
    """Orders placed with this e-mail address (case-insensitive), newest first."""
    rows = conn.execute(
        "SELECT id, email, total_cents, placed_at FROM orders"
        " WHERE lower(email) = lower(?) ORDER BY placed_at DESC",
        (email.strip(),),
    ).fetchall()
    return [
        {"id": order_id, "email": mail, "total_cents": total, "placed_at": placed_at}
        for order_id, mail, total, placed_at in rows
    ]
