import sqlite3

from course.practice import witness_kit


def _room(n_users: int) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, display_name TEXT);"
        "CREATE TABLE messages (id INTEGER PRIMARY KEY, room_id INTEGER, author_id INTEGER, body TEXT);"
    )
    conn.executemany("INSERT INTO users VALUES (?, ?)", [(u, f"user {u}") for u in range(1, n_users + 2) if u != 94])  # user 94 was deleted
    conn.executemany(
        "INSERT INTO messages (room_id, author_id, body) VALUES (1, ?, ?)",
        [((i % (n_users + 1)) + 1, f"msg {i}") for i in range(200)],
    )
    conn.commit()
    return conn


def _queries(impl, page: int) -> int:
    conn = _room(n_users=100)
    payload, seen = witness_kit.traced_statements(conn, lambda: impl.serialize_history(conn, 1, limit=page))
    assert len(payload) == page, f"asked for {page} messages, got {len(payload)}"
    assert payload[0] == {"id": 200, "author": "user 99", "body": "msg 199"}, f"newest message wrong: {payload[0]}"
    assert any(p["author"] == "(deleted user)" for p in payload), "a deleted author should show as '(deleted user)'"
    return len(seen)


def test_history_page_costs_a_fixed_number_of_queries(impl) -> None:
    witness_kit.assert_scales(lambda n: _queries(impl, n), (20, 40), at_most=1, message=(
        "a page of 20 messages ran {small} SQL queries and a page of 40 ran {large}: "
        "each message looks up its author separately, so every page view costs one query per message"
    ))
