import hashlib
import sqlite3

from course.practice import witness_kit

NOW = 1_772_500_000


def _db(n_outstanding: int) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE reset_tokens (id INTEGER PRIMARY KEY, user_id INTEGER, token_hash TEXT,"
                 " expires_at INTEGER, used_at INTEGER)")
    conn.execute("CREATE UNIQUE INDEX reset_tokens_hash ON reset_tokens (token_hash)")
    rows = [(u, hashlib.sha256(f"tok-{u}".encode()).hexdigest(), NOW + 3600, None) for u in range(n_outstanding)]
    rows.append((4242, hashlib.sha256(b"expired-one").hexdigest(), NOW - 1, None))
    conn.executemany("INSERT INTO reset_tokens (user_id, token_hash, expires_at, used_at) VALUES (?, ?, ?, ?)", rows)
    conn.commit()
    return conn


def _fetched(impl, n_outstanding: int) -> int:
    conn = _db(n_outstanding)
    fetched = witness_kit.count_fetched_rows(conn)
    user = impl.redeem_reset_token(conn, f"tok-{n_outstanding // 2}", NOW)
    assert user == n_outstanding // 2, f"the token belongs to user {n_outstanding // 2}, got {user}"
    for token, why in (("tok-unknown", "an unknown"), ("expired-one", "an expired"), (f"tok-{n_outstanding // 2}", "a used")):
        try:
            impl.redeem_reset_token(conn, token, NOW)
        except impl.InvalidToken:
            pass
        else:
            raise AssertionError(f"{why} reset token was accepted")
    return fetched.rows


def test_redeeming_reads_one_token_row(impl) -> None:
    witness_kit.assert_scales(lambda n: _fetched(impl, n), (150, 300), at_most=1, message=(
        "four reset attempts read {small:,} token rows with 150 outstanding links and {large:,} with 300: "
        "each attempt loads every user's reset token, so the table size, not the request, sets the cost"
    ))
