"""Gift cards: guests pay part or all of a booking with a card's balance."""
from __future__ import annotations

import sqlite3


class InsufficientBalance(Exception):
    """The card does not hold enough for this payment."""


SCHEMA = "CREATE TABLE IF NOT EXISTS gift_cards (code TEXT PRIMARY KEY, balance_cents INTEGER NOT NULL)"


def redeem(conn: sqlite3.Connection, code: str, cents: int) -> int:
    """Take `cents` from the card and return the balance left on it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT balance_cents FROM gift_cards WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise KeyError(code)
        if row[0] < cents:
            raise InsufficientBalance(f"the card holds {row[0] / 100:.2f}")
        conn.execute("UPDATE gift_cards SET balance_cents = ? WHERE code = ?", (row[0] - cents, code))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return row[0] - cents
