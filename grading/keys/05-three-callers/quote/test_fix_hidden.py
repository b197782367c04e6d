"""Hidden tests for the quote fix: one property of the spec per test function, all deterministic.

The callers come from the trusted fixtures; the servers' local time zone is Berlin's (set by the
fixtures), so reading a naive time as local time is caught on every machine.
"""
from datetime import datetime, timedelta, timezone

import pytest

TUESDAY = datetime(2024, 11, 26, 12, 0, tzinfo=timezone.utc)
SATURDAY = datetime(2024, 11, 30, 12, 0, tzinfo=timezone.utc)
CART = [("lamp", 1), ("mug", 1), ("pen", 1)]


def test_totals_and_the_three_for_two(catalog, quote):
    assert quote(catalog, [("lamp", 2), ("pen", 1)], TUESDAY) == 5150
    assert quote(catalog, [("lamp", 2), ("pen", 1)], SATURDAY) == 5000
    assert quote(catalog, [("mug", 1), ("pen", 2)], SATURDAY) == 900 + 150
    assert quote(catalog, [("lamp", 1), ("mug", 1)], SATURDAY) == 3400


def test_empty_cart_and_unknown_product(catalog, quote):
    assert quote(catalog, [], SATURDAY) == 0
    with pytest.raises(KeyError):
        quote(catalog, [("unicorn", 1)], TUESDAY)


def test_naive_times_mean_utc_on_any_server(shop, catalog, quote):
    starts, ends = shop.promotion
    naive = lambda t: t.replace(tzinfo=None)   # noqa: E731  (how the database hands times back)
    minutes = timedelta(minutes=1)
    assert quote(catalog, CART, naive(starts - minutes)) == 3550
    assert quote(catalog, CART, naive(starts)) == 3400
    assert quote(catalog, CART, naive(ends - minutes)) == 3400
    assert quote(catalog, CART, naive(ends)) == 3550


def test_price_change_reaches_every_caller(shop, callers):
    for name, call in callers.items():
        assert call([("lamp", 1), ("mug", 1)], TUESDAY) == 3400, name
    shop.set_price("mug", 1000)
    shop.set_price("lamp", 2000)
    for name, call in callers.items():
        assert call([("lamp", 1), ("mug", 1)], TUESDAY) == 3000, name
        assert call([("lamp", 2)], TUESDAY) == 4000, name


def test_promotion_window_in_any_time_zone(shop, catalog, quote, callers):
    starts, ends = shop.promotion
    minutes = timedelta(minutes=1)
    for offset in (-8, 0, 1, 5.5):
        zone = timezone(timedelta(hours=offset))
        assert quote(catalog, CART, (starts - minutes).astimezone(zone)) == 3550, offset
        assert quote(catalog, CART, starts.astimezone(zone)) == 3400, offset
        assert quote(catalog, CART, (ends - minutes).astimezone(zone)) == 3400, offset
        assert quote(catalog, CART, ends.astimezone(zone)) == 3550, offset
    for name, call in callers.items():
        assert call(CART, starts - 30 * minutes) == 3550, name
        assert call(CART, ends - 30 * minutes) == 3400, name


def test_the_callers_list_is_left_alone(catalog, quote, batch_job):
    cart = [("lamp", 1), ("pen", 2), ("mug", 1)]
    assert quote(catalog, cart, SATURDAY) == 2500 + 150 + 900
    assert cart == [("lamp", 1), ("pen", 2), ("mug", 1)]
    kept = [("mug", 3), ("lamp", 1)]
    batch_job(kept, SATURDAY)
    assert kept == [("mug", 3), ("lamp", 1)]
