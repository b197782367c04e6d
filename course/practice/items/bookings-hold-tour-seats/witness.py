import sqlite3

from course.practice import witness_kit


def test_two_guests_cannot_hold_the_same_last_seats(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(impl.SCHEMA)
    conn.execute("INSERT INTO tours VALUES ('old-town-10am', 3)")
    conn.commit()
    held = []

    def guest(connection, name):
        try:
            impl.hold_seats(connection, "old-town-10am", 2)
            held.append(name)
        except impl.TourFull:
            pass

    guest(witness_kit.RivalConnection(conn, lambda: guest(conn, "Bo")), "Ana")
    left = conn.execute("SELECT seats_left FROM tours").fetchone()[0]
    conn.close()
    assert len(held) == 1 and left == 1, (
        f"two guests asked for 2 of the last 3 seats at the same moment: {len(held)} holds went through "
        f"and the tour now has {left} seats left")
