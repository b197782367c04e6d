"""Hidden tests for the cart-cookie fix: one property of the spec per test, carts compared as plain values.

The attacker's cookies come from the trusted fixtures: a pickle whose loading calls a harmless marker,
in the snippet's format (unsigned, or signed with the right key: a leaked key).
"""
from course.sandboxed.plain import plain

EMPTY = {"items": [], "coupon": None}
CARTS = [
    {"items": [["mug", 2, 900], ["lamp", 1, 2500]], "coupon": "WELCOME10"},
    {"items": [], "coupon": None},
    {"items": [["tea \"O'Brien\"", 1, 800], ["caf\u00e9", 3, 0]], "coupon": None},
]


def test_round_trip_and_cookie_safe(key, dump_cart, load_cart):
    for cart in CARTS:
        cookie = plain(dump_cart(cart, key))
        assert type(cookie) is str and cookie.isascii() and not any(c in cookie for c in " ;,\"'")
        assert plain(load_cart(cookie, key)) == cart


def test_another_key_or_an_edit_gives_the_empty_cart(key, dump_cart, load_cart):
    cookie = plain(dump_cart(CARTS[0], key))
    assert plain(load_cart(plain(dump_cart(CARTS[0], b"another-key")), key)) == EMPTY
    for i in (0, len(cookie) // 2, len(cookie) - 1):
        edited = cookie[:i] + ("A" if cookie[i] != "A" else "B") + cookie[i + 1:]
        assert plain(load_cart(edited, key)) == EMPTY, i


def test_unsigned_cookies_give_the_empty_cart(key, dump_cart, load_cart, attacker):
    cheap = {"items": [["lamp", 1, 1]], "coupon": None}      # the lamp for one cent
    assert plain(load_cart(attacker.unsigned(cheap), key)) == EMPTY
    assert plain(load_cart(attacker.unsigned(cheap) + ".", key)) == EMPTY
    # and in the fix's own format: its cookie with the signature cut off at any separator, before or after the data
    # (red team, 2026-12: a fix loading unsigned JSON carts passed, as only the snippet's pickles were sent unsigned)
    own = plain(dump_cart(cheap, key))
    for i, ch in enumerate(own):
        if not ch.isalnum():
            for part in (own[:i], own[:i + 1], own[i:], own[i + 1:]):
                assert plain(load_cart(part, key)) == EMPTY, part


def test_damaged_cookies_give_the_empty_cart(key, dump_cart, load_cart):
    cookie = plain(dump_cart(CARTS[0], key))
    for bad in ("", ".", "not a cookie!", cookie[: len(cookie) // 2], "\u00e9\u00e9.\u00e9", "%%%.abc"):
        assert plain(load_cart(bad, key)) == EMPTY, bad


def test_no_cookie_runs_code_even_with_the_key(key, load_cart, attacker):
    for cookie in (attacker.exploit(), attacker.exploit(key=key), attacker.exploit() + "."):
        assert plain(load_cart(cookie, key)) == EMPTY
    assert plain(attacker.ran()) == []
