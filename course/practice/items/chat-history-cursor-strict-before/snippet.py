"""'Load older messages': keyset pagination over a room's history."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class HistoryPage:
    messages: list[tuple[int, str]]  # (id, text), newest first
    next_before: int | None          # pass back as `before` for the next page


def older_messages(conn: sqlite3.Connection, room_id: int, before: int | None,
                   limit: int = 50) -> HistoryPage:
    """One page of a room's messages older than the message id ``before``.

    The first page passes ``before=None``. The cursor is the id of the
    oldest message on the page, so the client never re-counts offsets while
    new messages keep arriving.
    """
    if before is None:
        before = 2**63 - 1
    rows = conn.execute(
        "SELECT id, text FROM messages WHERE room_id = ? AND id < ?"
        " ORDER BY id DESC LIMIT ?",
        (room_id, before, limit + 1),
    ).fetchall()
    page = rows[:limit]
    more = len(rows) > limit
    return HistoryPage(page, page[-1][0] if more else None)
