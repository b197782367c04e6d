"""Hidden tests for the quote fix: one property of the spec per test function, all deterministic.

The callers come from the trusted fixtures; the servers' local time zone is Berlin's (set by the
fixtures), so reading a naive time as local time is caught on every machine. Every total is compared
as a plain value (course.sandboxed.plain): a total that claims to equal anything fails.
"""
from datetime import datetime, timedelta, timezone

import pytest

from course.sandboxed.plain import plain

TUESDAY = datetime(2024, 11, 26, 12, 0, tzinfo=timezone.utc)
SATURDAY = datetime(2024, 11, 30, 12, 0, tzinfo=timezone.utc)
CART = [("lamp", 1), ("mug", 1), ("pen", 1)]


def test_totals_and_the_three_for_two(catalog, quote):
    assert plain(quote(catalog, [("lamp", 2), ("pen", 1)], TUESDAY)) == 5150
    assert plain(quote(catalog, [("lamp", 2), ("pen", 1)], SATURDAY)) == 5000
    assert plain(quote(catalog, [("mug", 1), ("pen", 2)], SATURDAY)) == 900 + 150
    assert plain(quote(catalog, [("lamp", 1), ("mug", 1)], SATURDAY)) == 3400


def test_empty_cart_and_unknown_product(catalog, quote):
    assert plain(quote(catalog, [], SATURDAY)) == 0
    with pytest.raises(KeyError):
        quote(catalog, [("unicorn", 1)], TUESDAY)


def test_naive_times_mean_utc_on_any_server(shop, catalog, quote):
    starts, ends = shop.promotion
    naive = lambda t: t.replace(tzinfo=None)   # noqa: E731  (how the database hands times back)
    minutes = timedelta(minutes=1)
    assert plain(quote(catalog, CART, naive(starts - minutes))) == 3550
    assert plain(quote(catalog, CART, naive(starts))) == 3400
    assert plain(quote(catalog, CART, naive(ends - minutes))) == 3400
    assert plain(quote(catalog, CART, naive(ends))) == 3550


def test_price_change_reaches_every_caller(shop, callers):
    for name, call in callers.items():
        assert plain(call([("lamp", 1), ("mug", 1)], TUESDAY)) == 3400, name
    shop.set_price("mug", 1000)
    shop.set_price("lamp", 2000)
    for name, call in callers.items():
        assert plain(call([("lamp", 1), ("mug", 1)], TUESDAY)) == 3000, name
        assert plain(call([("lamp", 2)], TUESDAY)) == 4000, name


def test_promotion_window_in_any_time_zone(shop, catalog, quote, callers):
    starts, ends = shop.promotion
    minutes = timedelta(minutes=1)
    for offset in (-8, 0, 1, 5.5):
        zone = timezone(timedelta(hours=offset))
        assert plain(quote(catalog, CART, (starts - minutes).astimezone(zone))) == 3550, offset
        assert plain(quote(catalog, CART, starts.astimezone(zone))) == 3400, offset
        assert plain(quote(catalog, CART, (ends - minutes).astimezone(zone))) == 3400, offset
        assert plain(quote(catalog, CART, ends.astimezone(zone))) == 3550, offset
    for name, call in callers.items():
        assert plain(call(CART, starts - 30 * minutes)) == 3550, name
        assert plain(call(CART, ends - 30 * minutes)) == 3400, name


def test_the_callers_list_is_left_alone(catalog, quote, batch_job):
    cart = [("lamp", 1), ("pen", 2), ("mug", 1)]
    assert plain(quote(catalog, cart, SATURDAY)) == 2500 + 150 + 900
    assert plain(cart) == [("lamp", 1), ("pen", 2), ("mug", 1)]
    kept = [("mug", 3), ("lamp", 1)]
    batch_job(kept, SATURDAY)
    assert plain(kept) == [("mug", 3), ("lamp", 1)]
