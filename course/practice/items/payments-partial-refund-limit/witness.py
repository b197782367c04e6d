import sqlite3


class Rows:
    """The rows and rowcount of a statement that already ran."""

    def __init__(self, rows, rowcount):
        self._rows, self.rowcount = list(rows), rowcount

    def fetchone(self):
        return self._rows[0] if self._rows else None

    def fetchall(self):
        return list(self._rows)


class RivalConnection:
    """A connection that, once the first statement has run, lets a second support agent's refund run."""

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


def test_two_refunds_together_cannot_exceed_the_charge(impl) -> None:
    conn = sqlite3.connect(":memory:")
    impl.init_db(conn)
    conn.execute("INSERT INTO charges (id, amount_cents) VALUES ('ch_1', 10000)")
    conn.commit()

    def second_agent() -> None:
        try:
            impl.refund(conn, "ch_1", 6000)
        except impl.RefundTooLarge:
            pass

    try:
        impl.refund(RivalConnection(conn, second_agent), "ch_1", 6000)
    except impl.RefundTooLarge:
        pass
    refunded = conn.execute("SELECT refunded_cents FROM charges WHERE id = 'ch_1'").fetchone()[0]
    conn.close()
    assert refunded <= 10000, (
        f"two agents refunded 60.00 each on a 100.00 charge at the same moment: {refunded / 100:.2f} "
        "was refunded, more than the customer paid")
