from pathlib import Path
import sqlite3
import tempfile


class AfterFirstSelect:
    """A connection that lets another booking's redemption run once the balance has been read."""

    def __init__(self, conn, other):
        self._conn, self._other = conn, other

    def execute(self, sql, params=()):
        cursor = self._conn.execute(sql, params)
        if self._other is not None and sql.lstrip().upper().startswith("SELECT"):
            rows = cursor.fetchall()
            other, self._other = self._other, None
            other()
            return _Rows(rows)
        return cursor

    def __getattr__(self, name):
        return getattr(self._conn, name)


class _Rows:
    def __init__(self, rows):
        self._rows = rows

    def fetchone(self):
        return self._rows[0] if self._rows else None


def test_two_payments_from_one_card_cannot_both_spend_the_balance(impl) -> None:
    paid = []
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "cards.db")
        setup = sqlite3.connect(db)
        setup.execute(impl.SCHEMA)
        setup.execute("INSERT INTO gift_cards VALUES ('GIFT-7Q', 10000)")
        setup.commit()
        setup.close()
        first = sqlite3.connect(db, timeout=0)
        second = sqlite3.connect(db, timeout=0)   # another web worker, busy timeout 0: no waiting here
        waiting = []

        def pay(conn, who):
            try:
                impl.redeem(conn, "GIFT-7Q", 6000)
                paid.append(who)
            except impl.InsufficientBalance:
                pass
            except sqlite3.OperationalError:
                waiting.append(who)   # the card is locked: this payment waits its turn

        pay(AfterFirstSelect(first, lambda: pay(second, "booking B")), "booking A")
        for who in waiting:
            pay(second, who)          # its turn comes once the first payment has committed
        balance = first.execute("SELECT balance_cents FROM gift_cards").fetchone()[0]
        first.close()
        second.close()
    assert len(paid) == 1 and balance == 4000, (
        f"two bookings paid 60.00 each from a 100.00 gift card at the same moment: {len(paid)} payments "
        f"went through and the card shows {balance / 100:.2f}")
