"""Who receives a campaign: the list's active subscribers, minus suppressed addresses, plus the seed addresses.

Seed addresses are the team's own inboxes (a copy of every campaign, for the record): they are
added after the subscribers, each once, and are never suppressed.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
import sqlite3


def recipients(conn: sqlite3.Connection, list_id: int, seeds: Iterable[str] = ()) -> list[str]:
    """The addresses a campaign for this list goes to, each once, in sign-up order, then the seeds."""
    rows = conn.execute("SELECT email FROM subscribers WHERE list_id = ? AND status = 'active' ORDER BY id",
                        (list_id,)).fetchall()
    addresses = []
    for (email,) in rows:
        if not is_suppressed(conn, email):
            addresses.append(email)
    return with_seeds(addresses, seeds)


def is_suppressed(conn: sqlite3.Connection, email: str) -> bool:
    """True if the address must never receive mail (it bounced, or complained)."""
    return conn.execute("SELECT 1 FROM suppressions WHERE email = ?", (email,)).fetchone() is not None


def with_seeds(addresses: Sequence[str], seeds: Iterable[str]) -> list[str]:
    """`addresses`, then each seed address that is not already among them."""
    merged = list(addresses)
    for seed in seeds:
        if seed not in merged:
            merged.append(seed)
    return merged
