import sqlite3


def test_refused_move_returns_the_connection(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE bookings (id INTEGER PRIMARY KEY, slot TEXT)")
    conn.executemany("INSERT INTO bookings VALUES (?, ?)", [(1, "mon-09"), (2, "mon-10")])
    conn.commit()
    pool = impl.Pool(lambda: conn)
    refused = 0
    for _ in range(3):
        try:
            impl.move_booking(pool, 1, "mon-10")
        except impl.SlotTaken:
            refused += 1
    impl.move_booking(pool, 1, "tue-09")
    slots = dict(conn.execute("SELECT id, slot FROM bookings"))
    conn.close()
    assert refused == 3 and slots == {1: "tue-09", 2: "mon-10"}, f"unexpected moves: {slots}"
    assert pool.in_use == 0, (
        f"3 moves were refused (slot taken) and the pool still counts {pool.in_use} connections in use: "
        "each refusal keeps a connection checked out, and the pool runs dry under a busy Monday"
    )
