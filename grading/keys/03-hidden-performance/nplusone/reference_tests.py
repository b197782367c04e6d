def test_query_count_does_not_grow_with_orders(db, conn, recent_order_summaries, count_queries):
    db.add_orders(10, start="2024-06-01")
    with count_queries(conn) as few:
        assert len(recent_order_summaries(conn, "2024-06-01")) == 10
    db.add_orders(90, start="2024-06-01")
    with count_queries(conn) as many:
        assert len(recent_order_summaries(conn, "2024-06-01")) == 100
    # like Django's assertNumQueries: a fixed number, whatever n is
    assert many.count == few.count <= 3, many.statements[:5]


def test_memory_does_not_grow_with_older_orders(db, conn, recent_order_summaries, peak_memory):
    db.add_orders(20, start="2024-06-01")
    db.add_orders(150, start="2023-01-01", days=365)
    short_history = peak_memory(lambda: recent_order_summaries(conn, "2024-06-01"))
    db.add_orders(2250, start="2023-01-01", days=365)
    long_history = peak_memory(lambda: recent_order_summaries(conn, "2024-06-01"))
    # the same 20 orders come back: 16 times the history must not cost 16 times the memory
    assert long_history < 2 * short_history, (short_history, long_history)


def test_guest_orders_are_listed_without_a_customer(db, conn, recent_order_summaries):
    alice = db.add_customer("Alice Example")
    member = db.add_order(alice, "2024-06-02T10:00:00", items=[("SKU-001", 2, 1999)])
    guest = db.add_order(None, "2024-06-03T10:00:00", items=[("SKU-002", 1, 500)])
    summaries = recent_order_summaries(conn, "2024-06-01")
    assert [(s.order_id, s.customer, s.total_cents) for s in summaries] == [
        (guest, None, 500), (member, "Alice Example", 3998)]
