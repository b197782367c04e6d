"""Booking form: tell the guest whether the room is still free before they pay."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Clash:
    booking_id: int
    start: datetime
    end: datetime


def first_clash(conn: sqlite3.Connection, room_id: int, start: datetime, end: datetime) -> Clash | None:
    """The earliest confirmed booking of the room that overlaps [start, end), or None if it is free."""
    rows = conn.execute(
        "SELECT id, start_at, end_at FROM bookings"
        " WHERE room_id = ? AND status = 'confirmed' ORDER BY start_at",
        (room_id,),
    ).fetchall()
    for booking_id, start_at, end_at in rows:
        b_start, b_end = datetime.fromisoformat(start_at), datetime.fromisoformat(end_at)
        if b_start < end and start < b_end:
            return Clash(booking_id, b_start, b_end)
    return None
