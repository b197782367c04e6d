import json
import sqlite3


def test_a_redelivered_move_is_counted_once(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(impl.SCHEMA)
    received = json.dumps({"event_id": "mv_100", "sku": "MUG-01", "delta": 24}).encode()
    picked = json.dumps({"event_id": "mv_101", "sku": "MUG-01", "delta": -2}).encode()
    for body in (received, picked, picked):  # the queue redelivers mv_101 after a lost ack
        impl.apply_move(conn, body)
    level = impl.stock_level(conn, "MUG-01")
    conn.close()
    assert level == 22, (
        f"24 mugs received, one pick of 2 delivered twice by the queue: stock shows {level} instead of 22")
