import sqlite3
from datetime import datetime, timedelta

from course.practice import witness_kit

FIRST = datetime(2020, 1, 6, 9, 0)
NEXT_WEEK = datetime(2026, 3, 9, 9, 0)


def _fetched(impl, n_history: int) -> int:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE bookings (id INTEGER PRIMARY KEY, room_id INTEGER, start_at TEXT, end_at TEXT, status TEXT)")
    rows = []
    for k in range(n_history):  # years of past meetings
        start = FIRST + timedelta(hours=2 * k)
        rows.append((4, start.isoformat(), (start + timedelta(minutes=30)).isoformat(), "confirmed"))
    rows.append((4, NEXT_WEEK.isoformat(), (NEXT_WEEK + timedelta(hours=1)).isoformat(), "cancelled"))
    rows.append((4, (NEXT_WEEK + timedelta(hours=2)).isoformat(), (NEXT_WEEK + timedelta(hours=3)).isoformat(), "confirmed"))
    conn.executemany("INSERT INTO bookings (room_id, start_at, end_at, status) VALUES (?, ?, ?, ?)", rows)
    fetched = witness_kit.count_fetched_rows(conn)
    free = impl.first_clash(conn, 4, NEXT_WEEK, NEXT_WEEK + timedelta(hours=1))
    assert free is None, "09:00-10:00 next week is free (the booking there was cancelled)"
    clash = impl.first_clash(conn, 4, NEXT_WEEK + timedelta(minutes=90), NEXT_WEEK + timedelta(hours=4))
    assert clash is not None and clash.start == NEXT_WEEK + timedelta(hours=2), f"expected the 11:00 booking, got {clash}"
    return fetched.rows


def test_clash_check_fetches_at_most_one_row(impl) -> None:
    witness_kit.assert_scales(lambda n: _fetched(impl, n), (120, 240), at_most=1, message=(
        "two availability checks fetched {small:,} booking rows for a room with 120 past bookings and "
        "{large:,} with 240: the room's whole history is loaded to answer whether one slot is free"
    ))
