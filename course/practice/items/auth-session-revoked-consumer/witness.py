import json
import sqlite3


def test_a_redelivered_revocation_leaves_the_count_right(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(impl.SCHEMA)
    conn.execute("INSERT INTO users VALUES (7, 2)")
    conn.executemany("INSERT INTO sessions VALUES (?, 7, ?)", [("s-laptop", "laptop"), ("s-phone", "phone")])
    conn.commit()
    event = json.dumps({"session_id": "s-laptop", "user_id": 7}).encode()
    impl.on_session_revoked(conn, event)
    impl.on_session_revoked(conn, event)  # the bus redelivers it
    count = conn.execute("SELECT active_sessions FROM users WHERE id = 7").fetchone()[0]
    conn.close()
    assert count == 1, (
        f"one revocation delivered twice by the bus: 'Your devices' now says {count} active sessions "
        "while the phone is still signed in")
