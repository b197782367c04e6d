"""Finance export: a merchant's refunds for one month, totalled per reason."""
from __future__ import annotations

import sqlite3
from functools import partial
from typing import Any

# --- house helpers (existing, payments/db.py) ---


def scoped(conn: sqlite3.Connection, merchant_id: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple]:
    """Run a query on a merchant-owned table; `{scope}` in `sql` becomes the merchant filter.

    Every merchant-owned query goes through here, so no report can read another merchant's rows.
    """
    if "{scope}" not in sql:
        raise ValueError("merchant-owned query without {scope}")
    return conn.execute(sql.format(scope="merchant_id = ?"), (merchant_id, *params)).fetchall()


# --- the assistant's change ---


def refund_totals(conn: sqlite3.Connection, merchant_id: str, month: str) -> dict[str, int]:
    """Refunded cents per reason in `month` ("2026-03"), reasons in alphabetical order."""
    query = partial(scoped, conn, merchant_id)
    rows = query(
        "SELECT reason, SUM(amount_cents) FROM refunds"
        " WHERE {scope} AND substr(created_at, 1, 7) = ?"
        " GROUP BY reason ORDER BY reason",
        (month,),
    )
    return {reason: cents for reason, cents in rows}
