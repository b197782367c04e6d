"""Let guests move a booking to another time in the same room."""
from __future__ import annotations

import sqlite3

# --- house helpers (existing, bookings/repo.py) ---

LIVE = "status != 'cancelled' AND deleted_at IS NULL"


def overlapping(
    conn: sqlite3.Connection, room_id: int, start: str, end: str, exclude_id: int | None = None
) -> list[int]:
    """Ids of the room's live bookings that overlap [start, end) (ISO timestamps)."""
    sql = f"SELECT id FROM bookings WHERE room_id = ? AND start_at < ? AND end_at > ? AND {LIVE}"
    params: list[object] = [room_id, end, start]
    if exclude_id is not None:
        sql += " AND id != ?"
        params.append(exclude_id)
    return [row[0] for row in conn.execute(sql, params)]


# --- the assistant's change ---


class SlotTaken(Exception):
    """The requested time overlaps another booking of the room."""


def reschedule(conn: sqlite3.Connection, booking_id: int, new_start: str, new_end: str) -> None:
    """Move a booking to [new_start, new_end) in the same room, unless that time is taken."""
    with conn:
        conn.execute("BEGIN IMMEDIATE")  # hold the write lock from the check to the update
        (room_id,) = conn.execute("SELECT room_id FROM bookings WHERE id = ?", (booking_id,)).fetchone()
        clash = conn.execute(
            "SELECT id FROM bookings WHERE room_id = ? AND id != ? AND start_at < ? AND end_at > ?",
            (room_id, booking_id, new_end, new_start),
        ).fetchone()
        if clash:
            raise SlotTaken(f"booking {clash[0]} already holds that time")
        conn.execute(
            "UPDATE bookings SET start_at = ?, end_at = ? WHERE id = ?", (new_start, new_end, booking_id)
        )
