"""Trusted pytest plugin for the warm-up: gives tests the implementation under test.

Learner tests, the assistant's tests and the hidden fix tests all take `sales` as an argument
instead of importing it, so the grader can run the same tests against several implementations
placed, one at a time, at `sales.py` on the test's path.

`sales` is not the module itself but a facade holding only what the spec defines,
`sales.average_order_value(orders)`: whatever else a version happens to import or define
(`statistics`, helpers, constants) is not reachable, so `hasattr(sales, ...)` or `dir(sales)` cannot
tell versions apart. Every version gets the same facade object and the same wrapper function; the
implementation is looked up when it is called.
"""
from __future__ import annotations

import importlib
from typing import Any

import pytest

IMPORT_NAME = "sales"


class Sales:
    """The sales code under test, as the spec defines it: `average_order_value(orders)`."""

    __slots__ = ()

    @staticmethod
    def average_order_value(orders: Any) -> Any:
        """The average value of the day's paid orders, in whole cents (the implementation under test)."""
        return importlib.import_module(IMPORT_NAME).average_order_value(orders)

    def __repr__(self) -> str:
        return "<sales under test>"


@pytest.fixture
def sales() -> Sales:
    """The code under test (the assistant's code, your fix, or one of the grader's versions)."""
    return Sales()
