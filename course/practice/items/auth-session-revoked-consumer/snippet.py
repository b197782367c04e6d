"""Apply 'session revoked' events (sign-out elsewhere, password change) from the event bus."""
from __future__ import annotations

import json
import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, user_id INTEGER NOT NULL, device TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, active_sessions INTEGER NOT NULL DEFAULT 0);
"""


def on_session_revoked(conn: sqlite3.Connection, body: bytes) -> None:
    """End the session and refresh the user's session count (shown in 'Your devices').

    Event: {"session_id": "...", "user_id": 7}. The bus may deliver an event more than once.
    """
    event = json.loads(body)
    with conn:
        conn.execute("DELETE FROM sessions WHERE id = ?", (event["session_id"],))
        conn.execute(
            "UPDATE users SET active_sessions = (SELECT COUNT(*) FROM sessions WHERE user_id = ?) WHERE id = ?",
            (event["user_id"], event["user_id"]))
