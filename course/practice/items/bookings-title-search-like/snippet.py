"""Search box on the organiser's "My bookings" page."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class BookingRow:
    id: int
    owner_id: int
    title: str
    starts: str  # ISO date-time


def search_bookings(conn: sqlite3.Connection, owner_id: int, query: str) -> list[BookingRow]:
    """The organiser's bookings whose title contains ``query``, soonest first.

    LIKE wildcards in the query are escaped, so searching for "50%" or
    "team_a" matches those characters literally.
    """
    needle = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute(
        "SELECT id, owner_id, title, starts FROM bookings"
        f" WHERE owner_id = ? AND title LIKE '%{needle}%' ESCAPE '\\'"
        " ORDER BY starts",
        (owner_id,),
    ).fetchall()
    return [BookingRow(*row) for row in rows]
