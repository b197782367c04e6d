"""Tests the assistant wrote alongside the cart cookie (they pass on its code)."""

CART = {"items": [["mug", 2, 900], ["lamp", 1, 2500]], "coupon": "WELCOME10"}


def test_round_trip(key, dump_cart, load_cart):
    assert load_cart(dump_cart(CART, key), key) == CART


def test_cookie_is_cookie_safe(key, dump_cart):
    cookie = dump_cart(CART, key)
    assert cookie.isascii() and not any(c in cookie for c in " ;,\"")


def test_edited_cookie_gives_an_empty_cart(key, dump_cart, load_cart):
    cookie = dump_cart(CART, key)
    edited = cookie[:-1] + ("0" if cookie[-1] != "0" else "1")
    assert load_cart(edited, key) == {"items": [], "coupon": None}


def test_another_key_gives_an_empty_cart(key, dump_cart, load_cart):
    assert load_cart(dump_cart(CART, b"another-key"), key) == {"items": [], "coupon": None}


def test_garbage_gives_an_empty_cart(key, load_cart):
    assert load_cart("not a cookie!", key) == {"items": [], "coupon": None}
