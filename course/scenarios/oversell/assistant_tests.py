"""Tests for place_order."""


def test_place_order_decrements_stock_and_records_order(shop, conn, place_order):
    shop.add_product("lamp", stock=5, price_cents=1999)

    order_id = place_order(conn, "lamp", 2, "alice")

    assert order_id is not None
    assert shop.stock("lamp") == 3
    [order] = shop.orders()
    assert order.id == order_id
    assert (order.sku, order.qty, order.customer_id) == ("lamp", 2, "alice")
    assert order.total_cents == 2 * 1999


def test_place_order_returns_none_when_out_of_stock(shop, conn, place_order):
    shop.add_product("lamp", stock=1, price_cents=1999)

    assert place_order(conn, "lamp", 2, "alice") is None
    assert shop.stock("lamp") == 1
    assert shop.orders() == []


def test_place_order_sells_the_last_unit_once(shop, conn, place_order):
    shop.add_product("lamp", stock=1, price_cents=1999)

    assert place_order(conn, "lamp", 1, "alice") is not None
    assert place_order(conn, "lamp", 1, "bob") is None
    assert shop.stock("lamp") == 0


def test_place_order_returns_none_for_unknown_product(shop, conn, place_order):
    assert place_order(conn, "no-such-sku", 1, "alice") is None


def test_place_order_rejects_non_integer_qty(shop, conn, place_order):
    import pytest

    shop.add_product("lamp", stock=5, price_cents=1999)
    with pytest.raises(TypeError):
        place_order(conn, "lamp", 1.5, "alice")
