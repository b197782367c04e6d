import sqlite3


class Rows:
    def __init__(self, rows, rowcount):
        self._rows, self.rowcount = list(rows), rowcount

    def fetchone(self):
        return self._rows[0] if self._rows else None

    def fetchall(self):
        return list(self._rows)


class RivalConnection:
    """A connection that, once the first statement has run, lets a second guest's whole hold run."""

    def __init__(self, conn, rival):
        self._conn, self._rival = conn, rival

    def execute(self, sql, params=()):
        cursor = self._conn.execute(sql, params)
        rows = Rows(cursor.fetchall(), cursor.rowcount)
        if self._rival is not None:
            rival, self._rival = self._rival, None
            rival()
        return rows

    def __getattr__(self, name):
        return getattr(self._conn, name)


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

    guest(RivalConnection(conn, lambda: guest(conn, "Bo")), "Ana")
    left = conn.execute("SELECT seats_left FROM tours").fetchone()[0]
    conn.close()
    assert len(held) == 1 and left == 1, (
        f"two guests asked for 2 of the last 3 seats at the same moment: {len(held)} holds went through "
        f"and the tour now has {left} seats left")
