import sqlite3


def test_search_text_cannot_widen_the_query(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE bookings (id INTEGER PRIMARY KEY, owner_id INTEGER, title TEXT, starts TEXT)")
    conn.executemany("INSERT INTO bookings VALUES (?, ?, ?, ?)", [
        (1, 10, "Team standup", "2026-05-04T09:00"),
        (2, 10, "50% review", "2026-05-04T11:00"),
        (3, 20, "Board meeting: layoffs", "2026-05-05T08:00"),
    ])
    try:
        found = impl.search_bookings(conn, 10, "50%")
        assert [b.id for b in found] == [2], f"searching '50%' found {[b.title for b in found]}"
        try:
            hits = impl.search_bookings(conn, 10, "' OR 1=1 --")
        except sqlite3.Error:
            hits = []
    finally:
        conn.close()
    foreign = [b for b in hits if b.owner_id != 10]
    assert not foreign, (
        "organiser 10 typed ' OR 1=1 -- into the search box and got organiser "
        f"{foreign[0].owner_id}'s booking {foreign[0].title!r}"
    )
