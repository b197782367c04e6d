from datetime import date
from decimal import Decimal


def order(placed_at, amount):
    return {"placed_at": placed_at, "amount": amount}


def test_every_day_of_the_period_both_ends_included(daily_sales):
    report = daily_sales([order("2026-01-12T10:00:00Z", "5.00")], date(2026, 1, 12), date(2026, 1, 14))
    assert report == {date(2026, 1, 12): Decimal("5.00"), date(2026, 1, 13): 0, date(2026, 1, 14): 0}
    one_day = daily_sales([order("2026-01-12T10:00:00Z", "5.00")], date(2026, 1, 12), date(2026, 1, 12))
    assert one_day == {date(2026, 1, 12): Decimal("5.00")}


def test_no_orders_is_zero_every_day(daily_sales):
    assert daily_sales([], date(2026, 1, 12), date(2026, 1, 13)) == {date(2026, 1, 12): 0, date(2026, 1, 13): 0}


def test_a_late_evening_order_counts_on_the_shops_day(daily_sales):
    winter = daily_sales([order("2026-01-12T23:30:00Z", "5.00")], date(2026, 1, 12), date(2026, 1, 13))
    assert winter == {date(2026, 1, 12): 0, date(2026, 1, 13): Decimal("5.00")}    # 00:30 in Berlin (UTC+1)
    summer = daily_sales([order("2026-07-01T22:30:00Z", "5.00")], date(2026, 7, 1), date(2026, 7, 2))
    assert summer == {date(2026, 7, 1): 0, date(2026, 7, 2): Decimal("5.00")}      # 00:30 in Berlin (UTC+2)


def test_money_adds_up_exactly(daily_sales):
    report = daily_sales([order("2026-01-12T10:00:00Z", "0.10")] * 3, date(2026, 1, 12), date(2026, 1, 12))
    assert report == {date(2026, 1, 12): Decimal("0.30")}
    assert all(type(v) is Decimal for v in report.values())
