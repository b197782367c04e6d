"""Trusted pytest plugin for the sales_suite scenario: the sales scenario's fixture (the tests reviewed take it)."""
from course.scenarios.sales.fixtures import daily_sales

__all__ = ["daily_sales"]
