import sqlite3


def test_rejected_refund_leaves_the_batch_unapplied(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE charges (id TEXT PRIMARY KEY, amount_cents INT, refunded_cents INT)")
    conn.executemany("INSERT INTO charges VALUES (?, ?, 0)", [("ch_1", 1000), ("ch_2", 500)])
    conn.commit()
    batch = [impl.Refund("ch_1", 300), impl.Refund("ch_2", 900)]   # the second is too large
    try:
        impl.apply_refunds(conn, batch)
    except impl.RefundError:
        pass
    else:
        assert False, "a refund larger than its charge was accepted"
    refunded = dict(conn.execute("SELECT id, refunded_cents FROM charges"))
    conn.close()
    assert refunded == {"ch_1": 0, "ch_2": 0}, (
        f"the batch was rejected but ch_1 already shows {refunded['ch_1']} cents refunded: the first refund "
        "was committed before the second failed, so re-running the corrected batch refunds ch_1 twice"
    )
