"""Direct-message rooms: exactly one private room for each pair of users."""
from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS dm_rooms (
    id INTEGER PRIMARY KEY,
    user_low TEXT NOT NULL,
    user_high TEXT NOT NULL
);
"""


def dm_room(conn: sqlite3.Connection, user: str, other: str) -> int:
    """The id of the DM room between `user` and `other`, created on first use.

    Both 'Message' buttons (on each user's profile) call this, so the pair is stored in sorted order.
    """
    low, high = sorted((user, other))
    row = conn.execute("SELECT id FROM dm_rooms WHERE user_low = ? AND user_high = ?", (low, high)).fetchone()
    if row is not None:
        return row[0]
    cur = conn.execute("INSERT INTO dm_rooms (user_low, user_high) VALUES (?, ?)", (low, high))
    conn.commit()
    return cur.lastrowid
