"""Compliance export: write a room's full transcript as plain text."""
from __future__ import annotations

import sqlite3
from typing import TextIO


def export_transcript(conn: sqlite3.Connection, room_id: int, out: TextIO) -> int:
    """Write every message of the room, oldest first, one line each; return the number written.

    Output is one line per message: `[sent_at] author: body` (newlines in bodies become spaces).
    """
    rows = conn.execute(
        "SELECT m.sent_at, u.display_name, m.body FROM messages m"
        " JOIN users u ON u.id = m.author_id"
        " WHERE m.room_id = ? ORDER BY m.id",
        (room_id,),
    ).fetchall()
    lines = [
        f"[{sent_at}] {author}: {body.replace(chr(10), ' ')}"
        for sent_at, author, body in rows
    ]
    out.write("\n".join(lines) + "\n" if lines else "")
    return len(lines)
