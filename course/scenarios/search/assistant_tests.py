"""Tests the assistant wrote alongside search_orders (they pass on its code)."""
import pytest


def test_finds_orders_by_product(search):
    assert [o["product"] for o in search("acme", "Blue")] == ["Blue mug"]


def test_search_ignores_case(search):
    assert [o["id"] for o in search("acme", "mug")] == [7, 2, 1]


def test_newest_first_by_default(search, shop):
    new = shop.add_order("acme", "Green mug", 700)
    assert search("acme", "mug")[0]["id"] == new


def test_sort_by_total(search):
    assert [o["total_cents"] for o in search("acme", "mug", sort="total")] == [2500, 1500, 1200]


def test_limit(search):
    assert len(search("acme", "", limit=3)) == 3


def test_other_tenants_orders_are_not_found(search):
    assert search("acme", "Prototype") == []


def test_unknown_sort_is_refused(search):
    with pytest.raises(ValueError):
        search("acme", "mug", sort="price; DROP TABLE orders")
