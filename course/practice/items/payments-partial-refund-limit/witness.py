import sqlite3

from course.practice import witness_kit


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
        impl.refund(witness_kit.RivalConnection(conn, second_agent), "ch_1", 6000)
    except impl.RefundTooLarge:
        pass
    refunded = conn.execute("SELECT refunded_cents FROM charges WHERE id = 'ch_1'").fetchone()[0]
    conn.close()
    assert refunded <= 10000, (
        f"two agents refunded 60.00 each on a 100.00 charge at the same moment: {refunded / 100:.2f} "
        "was refunded, more than the customer paid")
