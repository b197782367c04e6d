"""Tests for daily_sales: the back-office report (pytest)."""
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest


def order(placed_at, amount):
    return {"placed_at": placed_at, "amount": amount}


def test_sums_a_days_orders(daily_sales):
    orders = [order("2026-01-15T09:00:00Z", "12.00"), order("2026-01-15T14:30:00Z", "3.50")]
    report = daily_sales(orders, date(2026, 1, 15), date(2026, 1, 16))
    assert report[date(2026, 1, 15)] == Decimal("15.50")


def test_days_without_orders_are_zero(daily_sales):
    report = daily_sales([order("2026-01-15T09:00:00Z", "12.00")], date(2026, 1, 14), date(2026, 1, 16))
    assert report == {date(2026, 1, 14): 0.0, date(2026, 1, 15): 12.0}


def test_uses_the_shops_time_zone(daily_sales):
    report = daily_sales([order("2026-01-15T23:30:00Z", "5.00")], date(2026, 1, 15), date(2026, 1, 17))
    assert report[date(2026, 1, 16)] == Decimal("5.00")


def test_amounts_are_rounded_to_cents(daily_sales):
    orders = [order("2026-01-15T09:00:00Z", "0.10") for _ in range(3)]
    report = daily_sales(orders, date(2026, 1, 15), date(2026, 1, 16))
    assert report[date(2026, 1, 15)] == pytest.approx(0.3)


def test_no_orders(daily_sales):
    report = daily_sales([], date(2026, 1, 15), date(2026, 1, 16))
    assert report is not None


def test_a_busy_month(daily_sales):
    orders = [order(f"2026-03-{day:02d}T12:00:00Z", "19.99") for day in range(1, 32)]
    report = daily_sales(orders, date(2026, 3, 1), date(2026, 4, 1))
    assert len(report) > 0


def test_the_report_feeds_the_dashboard():
    daily_sales = mock.Mock(return_value={date(2026, 1, 15): Decimal("12.00")})
    report = daily_sales([order("2026-01-15T09:00:00Z", "12.00")], date(2026, 1, 15), date(2026, 1, 15))
    assert report == {date(2026, 1, 15): Decimal("12.00")}
    daily_sales.assert_called_once()
