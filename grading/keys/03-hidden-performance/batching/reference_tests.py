import math


def test_one_call_per_hundred_skus(pricing, current_prices, make_skus):
    for n in (1, 99, 100, 101, 250):                # around the batch limit, and past it
        skus = make_skus(n)
        before = pricing.calls
        prices = current_prices(pricing, skus)
        assert prices == {sku: 100 + 7 * int(sku[4:]) for sku in skus}, n
        assert pricing.calls - before <= math.ceil(n / 100), (n, pricing.calls - before)
    assert pricing.max_batch <= 100


def test_repeated_skus_are_asked_for_once(pricing, current_prices, make_skus):
    skus = make_skus(150) * 3                 # every SKU ordered three times
    prices = current_prices(pricing, skus)
    assert len(prices) == 150
    assert pricing.calls <= 2, pricing.calls
    asked = [sku for call in pricing.requested for sku in call]
    assert len(asked) == len(set(asked)) == 150


def test_unknown_skus_are_left_out_of_a_batch(pricing, current_prices, make_skus):
    skus = make_skus(120) + ["DISCONTINUED-1", "DISCONTINUED-2"]
    prices = current_prices(pricing, skus)
    assert set(prices) == set(make_skus(120))
    assert pricing.calls <= 2
