"""JSON payload for the room history endpoint."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from functools import cached_property


@dataclass
class Message:
    conn: sqlite3.Connection = field(repr=False)
    id: int
    author_id: int
    body: str

    @cached_property
    def author_name(self) -> str:
        """Display name of the author, looked up once and cached."""
        row = self.conn.execute(
            "SELECT display_name FROM users WHERE id = ?", (self.author_id,)
        ).fetchone()
        return row[0] if row else "(deleted user)"


def load_messages(conn: sqlite3.Connection, room_id: int, limit: int = 50) -> list[Message]:
    rows = conn.execute(
        "SELECT id, author_id, body FROM messages WHERE room_id = ? ORDER BY id DESC LIMIT ?",
        (room_id, limit),
    ).fetchall()
    return [Message(conn, *row) for row in rows]


def serialize_history(conn: sqlite3.Connection, room_id: int, limit: int = 50) -> list[dict]:
    """The latest messages of a room, newest first, ready for json.dumps."""
    return [
        {"id": m.id, "author": m.author_name, "body": m.body}
        for m in load_messages(conn, room_id, limit)
    ]
