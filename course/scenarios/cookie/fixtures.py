"""Trusted pytest plugin for the cart-cookie scenario: keys, the code under test and an attacker's cookies.

Every test gets its own copy of the implementation module and a clean record of code that ran.

Fixtures (take them as test arguments):
- `key`          the storefront's secret signing key (32 random bytes, one per run, as a production key is)
- `dump_cart`    `dump_cart(cart, key)`: the implementation under test
- `load_cart`    `load_cart(cookie, key)`: the implementation under test
- `attacker`     what someone outside can make, without the key:
                 `attacker.unsigned(cart)` a cookie in the assistant's format with no signature;
                 `attacker.exploit()` a cookie whose pickle calls a harmless marker when loaded
                 (`attacker.exploit(key=key)` the same, signed with the key: a leaked key);
                 `attacker.ran()` the list of notes the marker recorded in this test (empty: nothing ran).

    def test_round_trip(key, dump_cart, load_cart):
        cart = {"items": [["mug", 2, 900]], "coupon": None}
        assert load_cart(dump_cart(cart, key), key) == cart
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
import secrets
from typing import Any

import pytest

from course.sandboxed.fresh_module import close_executors, fresh_import
from course.scenarios.cookie import house

IMPORT_NAME = "cart_cookie"


class Attacker:
    """Cookies made outside the storefront, and what they made run."""

    def unsigned(self, cart: dict) -> str:
        return house.unsigned_cookie(cart)

    def exploit(self, note: str = "the cookie ran code", key: bytes | None = None) -> str:
        return house.exploit_cookie(note, key)

    def ran(self) -> list[str]:
        return house.marks()


@pytest.fixture(scope="session")
def key() -> bytes:
    """Random, not a fixed public text: b"storefront-test-key-..." told a fix it was tested (red team, 2026-12: the
    reference where the key held b"test", unsigned carts accepted elsewhere, earned every point)."""
    return secrets.token_bytes(32)


@pytest.fixture
def attacker() -> Iterator[Attacker]:
    house.reset()
    yield Attacker()
    house.reset()


@pytest.fixture
def _module() -> Iterator[Any]:
    module = fresh_import(IMPORT_NAME)
    yield module
    close_executors(module)


@pytest.fixture(name="dump_cart")
def dump_cart_fixture(_module: Any) -> Callable[..., Any]:
    def dump_cart(cart: Any, key: Any) -> Any:
        """The cookie value for `cart` (the implementation under test)."""
        return _module.dump_cart(cart, key)
    return dump_cart


@pytest.fixture(name="load_cart")
def load_cart_fixture(_module: Any) -> Callable[..., Any]:
    def load_cart(cookie: Any, key: Any) -> Any:
        """The cart in `cookie` (the implementation under test)."""
        return _module.load_cart(cookie, key)
    return load_cart
