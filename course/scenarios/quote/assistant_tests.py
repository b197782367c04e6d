"""Tests the assistant wrote alongside quote() (they pass on its code)."""
from datetime import datetime, timezone

import pytest

TUESDAY = datetime(2024, 11, 26, 12, 0, tzinfo=timezone.utc)
BLACK_FRIDAY = datetime(2024, 11, 29, 12, 0, tzinfo=timezone.utc)


def test_total_is_price_times_quantity(catalog, quote):
    assert quote(catalog, [("lamp", 1), ("pen", 2)], TUESDAY) == 2500 + 2 * 150


def test_three_for_two_makes_the_cheapest_item_free(catalog, quote):
    cart = [("lamp", 1), ("mug", 1), ("pen", 1)]
    assert quote(catalog, cart, BLACK_FRIDAY) == 2500 + 900


def test_no_discount_outside_the_promotion(catalog, quote):
    cart = [("lamp", 1), ("mug", 1), ("pen", 1)]
    assert quote(catalog, cart, TUESDAY) == 2500 + 900 + 150


def test_two_items_get_no_discount(catalog, quote):
    assert quote(catalog, [("lamp", 1), ("mug", 1)], BLACK_FRIDAY) == 2500 + 900


def test_quantities_count_towards_three_items(catalog, quote):
    assert quote(catalog, [("mug", 1), ("pen", 2)], BLACK_FRIDAY) == 900 + 150


def test_empty_cart_costs_nothing(catalog, quote):
    assert quote(catalog, [], BLACK_FRIDAY) == 0


def test_unknown_product_raises(catalog, quote):
    with pytest.raises(KeyError):
        quote(catalog, [("unicorn", 1)], TUESDAY)


def test_checkout_returns_the_quote(handler):
    assert handler([("lamp", 1), ("mug", 1), ("pen", 1)], BLACK_FRIDAY) == 3400
