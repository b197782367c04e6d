"""The handler behind the 'Confirm booking' button."""
from __future__ import annotations

from dataclasses import dataclass
import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS bookings (
    id INTEGER PRIMARY KEY,
    guest_email TEXT NOT NULL,
    room_type TEXT NOT NULL,
    check_in TEXT NOT NULL,
    nights INTEGER NOT NULL,
    form_token TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class BookingForm:
    """The submitted form; `form_token` is generated once, when the form page is rendered."""

    guest_email: str
    room_type: str
    check_in: str
    nights: int
    form_token: str


def confirm_booking(conn: sqlite3.Connection, form: BookingForm) -> int:
    """Store the booking and return its id, which the confirmation page shows."""
    cur = conn.execute(
        "INSERT INTO bookings (guest_email, room_type, check_in, nights, form_token) VALUES (?, ?, ?, ?, ?)",
        (form.guest_email, form.room_type, form.check_in, form.nights, form.form_token))
    conn.commit()
    return cur.lastrowid
