"""Tests for current_prices."""


def test_prices_every_sku(pricing, current_prices):
    prices = current_prices(pricing, ["SKU-0001", "SKU-0002"])
    assert prices == {"SKU-0001": 107, "SKU-0002": 114}


def test_unknown_skus_are_left_out(pricing, current_prices):
    assert current_prices(pricing, ["SKU-0001", "DISCONTINUED-9"]) == {"SKU-0001": 107}


def test_repeated_skus_are_priced_once(pricing, current_prices):
    prices = current_prices(pricing, ["SKU-0003", "SKU-0003", "SKU-0003"])
    assert prices == {"SKU-0003": 121}


def test_empty_cart(pricing, current_prices):
    assert current_prices(pricing, []) == {}
