import sqlite3


def _db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE bookings (id INTEGER PRIMARY KEY, room_id INTEGER, start_at TEXT, end_at TEXT,"
                 " status TEXT, deleted_at TEXT)")
    conn.executemany(
        "INSERT INTO bookings VALUES (?, ?, ?, ?, ?, ?)",
        [
            (1, 5, "2026-04-01T09:00", "2026-04-01T10:00", "confirmed", None),  # the guest's booking
            (2, 5, "2026-04-01T14:00", "2026-04-01T15:00", "cancelled", None),  # cancelled yesterday
            (3, 5, "2026-04-01T16:00", "2026-04-01T17:00", "confirmed", None),  # really taken
        ],
    )
    conn.commit()
    return conn


def test_cancelled_booking_does_not_block_the_move(impl) -> None:
    conn = _db()
    try:
        impl.reschedule(conn, 1, "2026-04-01T14:00", "2026-04-01T15:00")
    except impl.SlotTaken:
        raise AssertionError(
            "moving the booking to 14:00-15:00 was refused because of booking 2, which was cancelled: "
            "the slot the calendar shows as free cannot be booked"
        ) from None
    row = conn.execute("SELECT start_at FROM bookings WHERE id = 1").fetchone()
    assert row == ("2026-04-01T14:00",), f"booking 1 should now start at 14:00, starts at {row[0]}"
    try:
        impl.reschedule(conn, 1, "2026-04-01T16:30", "2026-04-01T17:30")
    except impl.SlotTaken:
        pass
    else:
        raise AssertionError("moving onto confirmed booking 3 was allowed: two guests now hold the room")
