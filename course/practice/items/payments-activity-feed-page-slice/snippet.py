"""Merchant dashboard: the account's activity feed (charges, refunds, payouts), paginated."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Activity:
    id: int
    kind: str
    amount_cents: int
    created_at: str


def activity_page(
    conn: sqlite3.Connection, account_id: str, page: int = 1, page_size: int = 25
) -> list[Activity]:
    """One page of the account's activity, newest first; page numbers start at 1."""
    if page < 1 or page_size < 1:
        raise ValueError("page and page_size must be positive")
    rows = conn.execute(
        "SELECT id, kind, amount_cents, created_at FROM activity"
        " WHERE account_id = ? ORDER BY created_at DESC, id DESC",
        (account_id,),
    ).fetchall()
    start = (page - 1) * page_size
    return [Activity(*row) for row in rows[start:start + page_size]]
