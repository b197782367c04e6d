"""Subscribers of a list: sign-up, unsubscribe, and the editors' subscriber search."""
from __future__ import annotations

import sqlite3

from newsletter.db import transaction

SORTS = {"newest": "id DESC", "email": "email ASC"}


def normalise(email: str) -> str:
    return email.strip().lower()


def subscribe(conn: sqlite3.Connection, list_id: int, email: str, name: str = "") -> int:
    """Add an address to a list (again active if it had left); the subscriber's id."""
    email = normalise(email)
    if "@" not in email:
        raise ValueError(f"not an email address: {email!r}")
    with transaction(conn):
        conn.execute("INSERT INTO subscribers (list_id, email, name) VALUES (?, ?, ?) "
                     "ON CONFLICT (list_id, email) DO UPDATE SET status = 'active', name = excluded.name",
                     (list_id, email, name))
        (subscriber_id,) = conn.execute("SELECT id FROM subscribers WHERE list_id = ? AND email = ?",
                                        (list_id, email)).fetchone()
    return subscriber_id


def unsubscribe(conn: sqlite3.Connection, list_id: int, email: str) -> bool:
    """Take an address off a list; False if it was not on it."""
    with transaction(conn):
        cursor = conn.execute("UPDATE subscribers SET status = 'unsubscribed' WHERE list_id = ? AND email = ?",
                              (list_id, normalise(email)))
    return cursor.rowcount == 1


def search_subscribers(conn: sqlite3.Connection, list_id: int, query: str, sort: str = "newest",
                       limit: int = 50) -> list[dict]:
    """The list's subscribers whose email or name contains `query` (the editors' search box), at most `limit`."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {sorted(SORTS)}")
    sql = (f"SELECT id, email, name, status FROM subscribers WHERE list_id = ? "
           f"AND (email LIKE '%{query}%' OR name LIKE '%{query}%') "
           f"ORDER BY {SORTS[sort]} LIMIT ?")
    rows = conn.execute(sql, (list_id, limit)).fetchall()
    return [{"id": r[0], "email": r[1], "name": r[2], "status": r[3]} for r in rows]
