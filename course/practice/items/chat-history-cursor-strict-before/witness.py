import sqlite3


def test_paging_back_shows_every_message_once(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, room_id INTEGER, text TEXT)")
    conn.executemany("INSERT INTO messages VALUES (?, ?, ?)",
                     [(i, 1 if i % 3 else 2, f"msg {i}") for i in range(1, 101)])
    seen, before, pages = [], None, 0
    try:
        while pages < 20:
            page = impl.older_messages(conn, 1, before, limit=10)
            seen += [message_id for message_id, _ in page.messages]
            pages += 1
            if page.next_before is None:
                break
            before = page.next_before
    finally:
        conn.close()
    expected = [i for i in range(100, 0, -1) if i % 3]
    repeated = sorted({i for i in seen if seen.count(i) > 1})
    assert not repeated, (
        f"scrolling back through the room showed messages {repeated[:4]} twice, once at the bottom "
        "of one page and again at the top of the next"
    )
    assert seen == expected, f"scrolling back showed {len(seen)} of the room's {len(expected)} messages"
