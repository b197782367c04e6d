"""Hidden tests for the warm-up fix: one property of the spec per test function.

Every result is compared as a plain value (course.sandboxed.plain): a result that claims to equal
anything fails, so only the right number passes.
"""
import copy

from course.sandboxed.plain import plain


def paid(cents):
    return {"total_cents": cents, "status": "paid"}


def test_average_of_paid_orders(sales):
    result = plain(sales.average_order_value([paid(1000), paid(2000), paid(4500)]))
    assert type(result) is int and result == 2500


def test_only_paid_orders_count(sales):
    orders = [
        paid(1000),
        {"total_cents": 8000, "status": "refunded"},
        {"total_cents": 6000, "status": "cancelled"},
        {"total_cents": 4000, "status": "pending"},
        paid(3000),
    ]
    assert plain(sales.average_order_value(orders)) == 2000


def test_empty_day_returns_zero(sales):
    assert plain(sales.average_order_value([])) == 0


def test_day_without_paid_orders_returns_zero(sales):
    orders = [
        {"total_cents": 2500, "status": "refunded"},
        {"total_cents": 1200, "status": "cancelled"},
    ]
    assert plain(sales.average_order_value(orders)) == 0


def test_rounds_to_nearest_cent(sales):
    assert plain(sales.average_order_value([paid(100), paid(100), paid(101)])) == 100
    assert plain(sales.average_order_value([paid(100), paid(101), paid(101)])) == 101


def test_orders_are_not_modified(sales):
    orders = [paid(1000), {"total_cents": 500, "status": "cancelled"}]
    before = copy.deepcopy(orders)
    sales.average_order_value(orders)
    assert plain(orders) == before
