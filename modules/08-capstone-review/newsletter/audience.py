"""Who receives a campaign: the list's active subscribers and the campaign's extra addresses, minus suppressions.

An editor who sends a campaign at once ("send now") can add extra addresses (an uploaded CSV: a partner's
list, often tens of thousands); scheduled campaigns go to the list alone. Everyone gets one message, however
many times their address appears, and a suppressed address (it bounced, or complained) never gets mail.
"""
from __future__ import annotations

from collections.abc import Iterable
import sqlite3


def recipients(conn: sqlite3.Connection, list_id: int, extra: Iterable[str] = ()) -> list[str]:
    """The campaign's addresses, each once: subscribers in sign-up order, then the extra addresses."""
    rows = conn.execute("SELECT email FROM subscribers WHERE list_id = ? AND status = 'active' ORDER BY id",
                        (list_id,)).fetchall()
    addresses: list[str] = []
    for (email,) in rows:
        if not is_suppressed(conn, email):
            addresses.append(email)
    for email in extra:
        email = email.strip().lower()
        if email not in addresses and not is_suppressed(conn, email):
            addresses.append(email)
    return addresses


def is_suppressed(conn: sqlite3.Connection, email: str) -> bool:
    """True if the address must never receive mail."""
    return conn.execute("SELECT 1 FROM suppressions WHERE email = ?", (email,)).fetchone() is not None
