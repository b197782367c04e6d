"""Email verification: the link in the sign-up email lands here."""
from __future__ import annotations

import sqlite3

WELCOME_CREDITS = 500

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE,
    verified INTEGER NOT NULL DEFAULT 0, credits INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS verify_tokens (
    token TEXT PRIMARY KEY, user_id INTEGER NOT NULL, expires_at REAL NOT NULL);
"""


def verify_email(conn: sqlite3.Connection, token: str, now: float) -> bool:
    """Mark the account verified and grant the welcome credits.

    Returns False for an unknown or expired link, so the page can offer to send a new one.
    """
    row = conn.execute("SELECT user_id, expires_at FROM verify_tokens WHERE token = ?", (token,)).fetchone()
    if row is None or row[1] < now:
        return False
    conn.execute("UPDATE users SET verified = 1, credits = credits + ? WHERE id = ?",
                 (WELCOME_CREDITS, row[0]))
    conn.commit()
    return True
