"""Tests the assistant wrote alongside average_order_value (they pass on its code)."""


def test_average_of_two_orders(sales):
    orders = [
        {"total_cents": 1000, "status": "paid"},
        {"total_cents": 2000, "status": "paid"},
    ]
    assert sales.average_order_value(orders) == 1500


def test_refunded_orders_are_skipped(sales):
    orders = [
        {"total_cents": 1000, "status": "paid"},
        {"total_cents": 9000, "status": "refunded"},
    ]
    assert sales.average_order_value(orders) == 1000


def test_rounds_to_whole_cents(sales):
    orders = [
        {"total_cents": 100, "status": "paid"},
        {"total_cents": 100, "status": "paid"},
        {"total_cents": 101, "status": "paid"},
    ]
    result = sales.average_order_value(orders)
    assert result == 100
    assert isinstance(result, int)
