"""Trusted pytest plugin for the search scenario: the shop's orders and the search under test.

Every test gets a fresh database (a file) seeded with the same orders, and its own copy of the
implementation module.

Fixtures (take them as test arguments):
- `shop`    the orders database: two tenants, "acme" and "globex". acme's orders, ids 1 to 7, oldest
            first: "Red mug" 1200, "Blue mug" 1500, "Coupon: 100% off shipping" 0, "100 pens" 900,
            "Pen_refill (black)" 300, "O'Brien's tea" 800, "MUG warmer" 2500 (cents). globex's,
            ids 8 to 10: "Red mug" 1300, "Prototype X-1 (confidential)" 990000, "Payroll export 2024" 0.
            `shop.add_order("acme", "Green mug", 700)` adds one (newer than all) and returns its id;
            `shop.tenant_of(order_id)` and `shop.order_ids("acme")` tell you whose an order is.
- `search`  `search(tenant, text, sort="newest", limit=20)`: the endpoint's search_orders on the shop's
            database (the implementation under test); returns a list of
            {"id": ..., "product": ..., "total_cents": ...}, or raises what it raised.

    def test_finds_the_mugs(search):
        assert [o["id"] for o in search("acme", "mug")] == [7, 2, 1]
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from course.sandboxed.fresh_module import close_executors, fresh_import
from course.scenarios.search import house

IMPORT_NAME = "search"


@pytest.fixture
def shop(tmp_path: Path) -> house.Shop:
    """The seeded orders database (fresh per test, a file as in production)."""
    return house.Shop(tmp_path / "shop.db")


@pytest.fixture
def search(shop: house.Shop) -> Iterator[Callable[..., Any]]:
    """search(tenant, text, sort="newest", limit=20): the implementation under test on `shop`."""
    module = fresh_import(IMPORT_NAME)

    def search(tenant: str, text: str, sort: str = "newest", limit: int = 20) -> Any:
        """The tenant's orders whose product contains `text` (the implementation under test)."""
        return shop._search_with(module.search_orders, tenant, text, sort=sort, limit=limit)

    yield search
    close_executors(module)
