"""Hidden tests for the sales fix: one property of the spec per test, results compared as plain values."""
from datetime import date
from decimal import Decimal

from course.sandboxed.plain import plain


def report(result):
    """The report as {ISO date: Decimal}, checked to be built of exact types (a date, a Decimal)."""
    assert type(result) is dict, f"the report is a {type(result).__name__}, not a dict"
    out = {}
    for day, value in result.items():
        assert type(day) is date, f"a key of the report is a {type(day).__name__}, not a date"
        out[day.isoformat()] = plain(value, f"the value for {day.isoformat()}")
    return out


def order(placed_at, amount):
    return {"placed_at": placed_at, "amount": amount}


def test_every_day_of_the_period_both_ends_included(daily_sales):
    got = report(daily_sales([order("2026-03-10T09:00:00Z", "7.25")], date(2026, 3, 9), date(2026, 3, 11)))
    assert got == {"2026-03-09": 0, "2026-03-10": Decimal("7.25"), "2026-03-11": 0}
    got = report(daily_sales([order("2026-03-10T09:00:00Z", "7.25")], date(2026, 3, 10), date(2026, 3, 10)))
    assert got == {"2026-03-10": Decimal("7.25")}


def test_no_orders_is_zero_every_day(daily_sales):
    got = report(daily_sales([], date(2026, 3, 9), date(2026, 3, 11)))
    assert got == {"2026-03-09": 0, "2026-03-10": 0, "2026-03-11": 0}


def test_orders_count_on_the_shops_day_in_winter_and_summer(daily_sales):
    orders = [order("2026-01-20T23:15:00Z", "1.00"),    # 00:15 on the 21st in Berlin (UTC+1)
              order("2026-01-20T22:45:00Z", "2.00"),    # 23:45 on the 20th
              order("2026-08-04T22:10:00Z", "4.00"),    # 00:10 on the 5th (UTC+2)
              order("2026-08-04T21:50:00Z", "8.00")]    # 23:50 on the 4th
    winter = report(daily_sales(orders, date(2026, 1, 20), date(2026, 1, 21)))
    assert winter == {"2026-01-20": Decimal("2.00"), "2026-01-21": Decimal("1.00")}
    summer = report(daily_sales(orders, date(2026, 8, 4), date(2026, 8, 5)))
    assert summer == {"2026-08-04": Decimal("8.00"), "2026-08-05": Decimal("4.00")}


def test_the_days_the_clocks_change(daily_sales):
    orders = [order("2026-03-28T23:30:00Z", "1.00"),    # 00:30 on 29 March (still UTC+1)
              order("2026-03-29T22:30:00Z", "2.00"),    # 00:30 on 30 March (now UTC+2)
              order("2026-10-24T22:30:00Z", "4.00"),    # 00:30 on 25 October (still UTC+2)
              order("2026-10-25T23:30:00Z", "8.00")]    # 00:30 on 26 October (UTC+1 again)
    spring = report(daily_sales(orders, date(2026, 3, 29), date(2026, 3, 30)))
    assert spring == {"2026-03-29": Decimal("1.00"), "2026-03-30": Decimal("2.00")}
    autumn = report(daily_sales(orders, date(2026, 10, 25), date(2026, 10, 26)))
    assert autumn == {"2026-10-25": Decimal("4.00"), "2026-10-26": Decimal("8.00")}


def test_money_is_exact_decimal(daily_sales):
    orders = [order("2026-03-10T09:00:00Z", "0.10")] * 3 + [order("2026-03-10T10:00:00Z", "1234567.89")]
    got = report(daily_sales(orders, date(2026, 3, 10), date(2026, 3, 10)))
    assert got == {"2026-03-10": Decimal("1234568.19")}
    assert type(got["2026-03-10"]) is Decimal
