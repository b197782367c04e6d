import sqlite3


def test_opening_the_link_twice_grants_the_credits_once(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(impl.SCHEMA)
    conn.execute("INSERT INTO users (id, email) VALUES (1, 'kim@example.com')")
    conn.execute("INSERT INTO verify_tokens VALUES ('vt_abc', 1, 2000.0)")
    conn.commit()
    # the mail provider's link scanner opens the link first, then Kim clicks it
    assert impl.verify_email(conn, "vt_abc", now=1000.0), "a valid link was refused"
    assert impl.verify_email(conn, "vt_abc", now=1001.0), "opening the link again said it was invalid"
    credits = conn.execute("SELECT credits FROM users WHERE id = 1").fetchone()[0]
    conn.close()
    assert credits == impl.WELCOME_CREDITS, (
        f"the verification link was opened twice (a link scanner, then the user): the account got "
        f"{credits} welcome credits instead of {impl.WELCOME_CREDITS}")
