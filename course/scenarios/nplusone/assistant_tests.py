"""Tests for recent_order_summaries."""


def test_summaries_include_customer_and_total(db, conn, recent_order_summaries):
    alice = db.add_customer("Alice Example")
    order_id = db.add_order(alice, "2024-06-03T10:00:00",
                            items=[("SKU-001", 2, 1999), ("SKU-002", 1, 500)])

    [summary] = recent_order_summaries(conn, "2024-06-01")

    assert summary.order_id == order_id
    assert summary.placed_at == "2024-06-03T10:00:00"
    assert summary.customer == "Alice Example"
    assert summary.total_cents == 2 * 1999 + 500


def test_summaries_are_newest_first(db, conn, recent_order_summaries):
    alice = db.add_customer("Alice Example")
    first = db.add_order(alice, "2024-06-02T09:00:00")
    second = db.add_order(alice, "2024-06-05T09:00:00")

    summaries = recent_order_summaries(conn, "2024-06-01")

    assert [s.order_id for s in summaries] == [second, first]


def test_older_orders_are_left_out(db, conn, recent_order_summaries):
    bob = db.add_customer("Bob Example")
    db.add_order(bob, "2024-05-31T23:59:59")
    recent = db.add_order(bob, "2024-06-01T00:00:00")

    assert [s.order_id for s in recent_order_summaries(conn, "2024-06-01")] == [recent]


def test_no_orders_gives_an_empty_list(db, conn, recent_order_summaries):
    assert recent_order_summaries(conn, "2024-06-01") == []


def test_many_orders(db, conn, recent_order_summaries):
    db.add_orders(50, start="2024-06-01")

    summaries = recent_order_summaries(conn, "2024-06-01")

    assert summaries == db.expected("2024-06-01")
