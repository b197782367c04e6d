"""Hidden tests for the oversell fix: one property of the spec per test function, all deterministic.

What place_order returns is compared as a plain value (course.sandboxed.plain).
"""
import sqlite3

import pytest

from course.sandboxed.plain import plain

def refused(call):
    """The result of a call that the spec lets refuse with None or ValueError."""
    try:
        return call()
    except ValueError:
        return None


def test_sells_and_records_the_order(shop, conn, place_order):
    shop.add_product("lamp", stock=5, price_cents=1999)
    first = place_order(conn, "lamp", 2, "alice")
    second = place_order(conn, "lamp", 3, "bob")
    assert shop.stock("lamp") == 0
    orders = shop.orders()
    assert [o.id for o in orders] == [plain(first), plain(second)]
    assert [(o.sku, o.qty, o.customer_id, o.total_cents) for o in orders] == [
        ("lamp", 2, "alice", 3998), ("lamp", 3, "bob", 5997)]


def test_out_of_stock_or_unknown_returns_none(shop, conn, place_order):
    shop.add_product("lamp", stock=1, price_cents=1999)
    assert place_order(conn, "lamp", 2, "alice") is None
    conn.commit()
    assert shop.stock("lamp") == 1 and shop.orders() == []
    try:
        unknown = place_order(conn, "no-such-sku", 1, "alice")
    except Exception:
        unknown = None  # the spec lets an unknown product raise as well
    assert unknown is None
    conn.commit()
    assert shop.orders() == []


def test_never_oversells_the_last_unit(shop, race, place_order):
    shop.add_product("lamp", stock=1, price_cents=1999)
    worlds = race(lambda conn: place_order(conn, "lamp", 1, "alice"),
                  lambda conn: place_order(conn, "lamp", 1, "bob"))
    for world in worlds:
        assert world.stock("lamp") == 0, world.schedule
        assert world.sold("lamp") == 1, world.schedule
        winners = [plain(r) for r in world.results if isinstance(r, int) and not isinstance(r, bool)]
        assert [o.id for o in world.orders()] == winners, world.schedule


def test_never_oversells_a_multi_unit_order(shop, race, place_order):
    shop.add_product("lamp", stock=3, price_cents=1999)
    worlds = race(lambda conn: place_order(conn, "lamp", 2, "alice"),
                  lambda conn: place_order(conn, "lamp", 2, "bob"))
    for world in worlds:
        assert world.stock("lamp") == 1, world.schedule
        assert world.sold("lamp") == 2, world.schedule


def test_zero_or_negative_qty_changes_nothing(shop, conn, place_order):
    shop.add_product("lamp", stock=3, price_cents=1999)
    for qty in (0, -1, -5):
        assert refused(lambda: place_order(conn, "lamp", qty, "alice")) is None
    conn.commit()
    assert shop.stock("lamp") == 3
    assert shop.orders() == []


def test_failed_order_leaves_nothing_behind(shop, conn, place_order):
    shop.add_product("lamp", stock=3, price_cents=1999)
    shop.reject_orders_for("mallory")
    with pytest.raises(sqlite3.Error):
        place_order(conn, "lamp", 1, "mallory")
    assert not conn.in_transaction, "the failed order is still pending on the connection"
    conn.commit()
    assert shop.stock("lamp") == 3 and shop.orders() == []
    # and the connection still works for the next customer
    assert place_order(conn, "lamp", 1, "alice") is not None
    assert shop.stock("lamp") == 2 and shop.sold("lamp") == 1
