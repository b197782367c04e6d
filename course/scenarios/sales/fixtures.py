"""Trusted pytest plugin for the sales scenario: gives tests the report function under test.

Fixtures (take them as test arguments):
- `daily_sales`  `daily_sales(orders, first_day, last_day)`: the implementation under test (a fresh copy per
                 test); returns what it returned ({date: Decimal}) or raises what it raised.

    from datetime import date
    from decimal import Decimal

    def test_one_order(daily_sales):
        orders = [{"placed_at": "2026-01-15T10:00:00Z", "amount": "12.34"}]
        assert daily_sales(orders, date(2026, 1, 15), date(2026, 1, 15)) == {date(2026, 1, 15): Decimal("12.34")}
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from course.sandboxed.fresh_module import close_executors, fresh_import

IMPORT_NAME = "daily_sales"


@pytest.fixture
def daily_sales() -> Iterator[Callable[..., Any]]:
    """daily_sales(orders, first_day, last_day): the implementation under test."""
    module = fresh_import(IMPORT_NAME)

    def daily_sales(orders: Any, first_day: Any, last_day: Any) -> Any:
        """Sales per day of the period, in the shop's time zone (the implementation under test)."""
        return module.daily_sales(orders, first_day, last_day)

    yield daily_sales
    close_executors(module)
