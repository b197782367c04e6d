import sqlite3


class Rows:
    """The rows and rowcount of a statement that already ran."""

    def __init__(self, rows, rowcount):
        self._rows, self.rowcount = list(rows), rowcount

    def fetchone(self):
        return self._rows[0] if self._rows else None

    def fetchall(self):
        return list(self._rows)

    def __iter__(self):
        return iter(self._rows)


class RivalConnection:
    """A connection that, once the first statement has run, lets a rival caller run its whole call."""

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


def test_two_buyers_cannot_both_take_the_last_unit(impl) -> None:
    conn = sqlite3.connect(":memory:")
    impl.init_stock(conn, {"mug": 1})
    second_buyer = []
    racing = RivalConnection(conn, lambda: second_buyer.append(impl.reserve(conn, "mug")))
    first_buyer = impl.reserve(racing, "mug")
    qty = conn.execute("SELECT qty FROM stock WHERE sku = 'mug'").fetchone()[0]
    conn.close()
    assert [first_buyer, *second_buyer].count(True) == 1, (
        f"two buyers checking out at the same moment both got the last mug: stock is now {qty}")
