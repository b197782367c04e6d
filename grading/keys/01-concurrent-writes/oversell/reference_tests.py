import sqlite3

import pytest


def test_last_unit_is_sold_exactly_once(shop, race, place_order):
    shop.add_product("lamp", stock=1, price_cents=1999)
    worlds = race(lambda conn: place_order(conn, "lamp", 1, "alice"),
                  lambda conn: place_order(conn, "lamp", 1, "bob"))
    for world in worlds:
        # invariant: units sold + units left == units we started with, and never below zero
        assert world.stock("lamp") >= 0, world.schedule
        assert world.sold("lamp") + world.stock("lamp") == 1, world.schedule


def test_zero_or_negative_qty_changes_nothing(shop, conn, place_order):
    shop.add_product("lamp", stock=3, price_cents=1999)
    for qty in (0, -2):
        try:
            result = place_order(conn, "lamp", qty, "alice")
        except ValueError:
            result = None  # the spec allows refusing with ValueError or with None
        assert result is None
    conn.commit()  # nothing may be pending either
    assert shop.stock("lamp") == 3
    assert shop.orders() == []


def test_failed_order_leaves_nothing_behind(shop, conn, place_order):
    shop.add_product("lamp", stock=3, price_cents=1999)
    shop.reject_orders_for("mallory")  # the INSERT into orders fails for this customer
    with pytest.raises(sqlite3.Error):
        place_order(conn, "lamp", 1, "mallory")
    conn.commit()  # whatever the connection still holds would be committed now
    assert shop.stock("lamp") == 3
    assert shop.orders() == []
