import json
import sqlite3


class Delivery:
    def __init__(self, message_id, body, ack_reaches_broker=True):
        self.message_id, self.body = message_id, body
        self._ack_reaches_broker = ack_reaches_broker

    def ack(self):
        if not self._ack_reaches_broker:
            raise ConnectionResetError("connection to the broker dropped before the ack was sent")


def test_a_message_redelivered_after_a_lost_ack_is_counted_once(impl) -> None:
    conn = sqlite3.connect(":memory:")
    impl.init_db(conn)
    body = json.dumps({"page": "/pricing", "ts": 7_200_123}).encode()
    try:
        impl.consume(conn, Delivery("m-1", body, ack_reaches_broker=False))
    except ConnectionResetError:
        pass  # the worker reconnects; the broker never got the ack, so it delivers m-1 again
    impl.consume(conn, Delivery("m-1", body))
    counted = impl.views(conn, "/pricing", 2000)
    conn.close()
    assert counted == 1, (
        f"one page view whose ack was lost was delivered again by the queue, as it must; "
        f"/pricing now shows {counted} views for that hour")
