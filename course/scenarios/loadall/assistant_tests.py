"""Tests for the tickets module."""


def test_open_tickets_newest_first(add_ticket, conn, open_tickets):
    older = add_ticket(7, "2024-06-01T09:00:00")
    newer = add_ticket(7, "2024-06-02T09:00:00", status="waiting")
    assert [t.id for t in open_tickets(conn, 7)] == [newer, older]


def test_closed_and_other_customers_tickets_are_left_out(add_ticket, conn, open_tickets):
    mine = add_ticket(7, "2024-06-01T09:00:00")
    add_ticket(7, "2024-06-02T09:00:00", status="closed")
    add_ticket(8, "2024-06-03T09:00:00")
    assert [t.id for t in open_tickets(conn, 7)] == [mine]


def test_limit(add_ticket, conn, open_tickets):
    for day in range(1, 6):
        add_ticket(7, f"2024-06-0{day}T09:00:00")
    assert len(open_tickets(conn, 7, limit=3)) == 3


def test_counts_per_customer(add_ticket, conn, open_ticket_counts):
    add_ticket(7, "2024-06-01T09:00:00")
    add_ticket(7, "2024-06-02T09:00:00")
    add_ticket(8, "2024-06-02T09:00:00", status="closed")
    assert open_ticket_counts(conn, [7, 8, 9]) == {7: 2, 8: 0, 9: 0}
