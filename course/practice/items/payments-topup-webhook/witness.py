import hashlib
import hmac
import json
import sqlite3


def test_a_redelivered_event_credits_the_wallet_once(impl) -> None:
    conn = sqlite3.connect(":memory:")
    impl.init_db(conn)
    conn.execute("INSERT INTO wallets VALUES ('cus_7', 0)")
    conn.commit()
    secret = b"whsec_test"
    body = json.dumps({"id": "evt_1", "type": "topup.succeeded",
                       "data": {"customer": "cus_7", "amount_cents": 5000}}).encode()
    signature = hmac.new(secret, body, hashlib.sha256).hexdigest()
    # the provider did not get our first 200 in time, so it delivers the same event again
    for _ in range(2):
        assert impl.handle_webhook(conn, secret, body, signature) == 200, "a valid delivery was not accepted"
    balance = conn.execute("SELECT balance_cents FROM wallets WHERE customer = 'cus_7'").fetchone()[0]
    conn.close()
    assert balance == 5000, (
        f"the provider delivered one 50.00 top-up twice (it retries when our answer is slow); "
        f"the wallet now holds {balance / 100:.2f}")
