from datetime import datetime, timedelta, timezone

TUESDAY = datetime(2024, 11, 26, 12, 0, tzinfo=timezone.utc)
FRIDAY = datetime(2024, 11, 29, 12, 0, tzinfo=timezone.utc)
HALF_HOUR = timedelta(minutes=30)


def test_price_change_reaches_every_caller(shop, callers):
    for name, call in callers.items():
        assert call([("lamp", 1)], TUESDAY) == 2500, name
    shop.set_price("lamp", 3000)   # an admin changes the price while everyone is running
    for name, call in callers.items():
        assert call([("lamp", 1)], TUESDAY) == 3000, name


def test_promotion_window_is_the_same_instant_for_every_caller(shop, callers):
    starts, ends = shop.promotion
    cart = [("lamp", 1), ("mug", 1), ("pen", 1)]
    full, free_pen = 2500 + 900 + 150, 2500 + 900
    for name, call in callers.items():
        assert call(cart, starts - HALF_HOUR) == full, name       # the last half hour before the sale
        assert call(cart, starts + HALF_HOUR) == free_pen, name   # the first half hour of it
        assert call(cart, ends - HALF_HOUR) == free_pen, name     # the last half hour of it
        assert call(cart, ends + HALF_HOUR) == full, name         # just after it


def test_quote_leaves_the_callers_list_alone(batch_job):
    cart = [("lamp", 1), ("pen", 1), ("mug", 1)]   # in the order the customer added them
    assert batch_job(cart, FRIDAY) == 2500 + 900
    assert cart == [("lamp", 1), ("pen", 1), ("mug", 1)]
