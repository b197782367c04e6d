import sqlite3


class Rows:
    def __init__(self, rows, rowcount, lastrowid):
        self._rows, self.rowcount, self.lastrowid = list(rows), rowcount, lastrowid

    def fetchone(self):
        return self._rows[0] if self._rows else None

    def fetchall(self):
        return list(self._rows)


class RivalConnection:
    """A connection that, once the first statement has run, lets the other user's whole call run."""

    def __init__(self, conn, rival):
        self._conn, self._rival = conn, rival

    def execute(self, sql, params=()):
        cursor = self._conn.execute(sql, params)
        rows = Rows(cursor.fetchall(), cursor.rowcount, cursor.lastrowid)
        if self._rival is not None:
            rival, self._rival = self._rival, None
            rival()
        return rows

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_both_users_opening_a_dm_at_once_get_the_same_room(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(impl.SCHEMA)
    bo_room = []
    ana_room = impl.dm_room(RivalConnection(conn, lambda: bo_room.append(impl.dm_room(conn, "bo", "ana"))),
                            "ana", "bo")
    rooms = conn.execute("SELECT COUNT(*) FROM dm_rooms").fetchone()[0]
    conn.close()
    assert ana_room == bo_room[0] and rooms == 1, (
        f"Ana and Bo pressed 'Message' on each other's profile at the same moment: {rooms} DM rooms exist, "
        f"Ana writes in #{ana_room} and Bo in #{bo_room[0]}, and neither sees the other's messages")
