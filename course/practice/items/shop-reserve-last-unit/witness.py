import sqlite3

from course.practice import witness_kit


def test_two_buyers_cannot_both_take_the_last_unit(impl) -> None:
    conn = sqlite3.connect(":memory:")
    impl.init_stock(conn, {"mug": 1})
    second_buyer = []
    racing = witness_kit.RivalConnection(conn, lambda: second_buyer.append(impl.reserve(conn, "mug")))
    first_buyer = impl.reserve(racing, "mug")
    qty = conn.execute("SELECT qty FROM stock WHERE sku = 'mug'").fetchone()[0]
    conn.close()
    assert [first_buyer, *second_buyer].count(True) == 1, (
        f"two buyers checking out at the same moment both got the last mug: stock is now {qty}")
