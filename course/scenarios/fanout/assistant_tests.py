"""Tests the assistant wrote alongside fetch_orders (they pass on its code)."""
import pytest


def test_orders_come_back_in_the_order_asked(repo, fetch_orders):
    assert [o.id for o in fetch_orders(repo, [3, 1, 2])] == [3, 1, 2]


def test_long_history_is_loaded_completely(repo, fetch_orders):
    ids = list(range(1, 31))
    assert [o.id for o in fetch_orders(repo, ids)] == ids


def test_orders_belong_to_the_current_tenant(repo, fetch_orders, tenant):
    with tenant("acme"):
        orders = fetch_orders(repo, [1, 2])
    assert [o.tenant for o in orders] == ["acme", "acme"]


def test_unknown_order_raises(repo, fetch_orders):
    with pytest.raises(KeyError):
        fetch_orders(repo, [1, 999])
