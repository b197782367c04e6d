"""Tests the assistant wrote alongside PriceClient (they pass on its code)."""
import pytest


def test_get_price_returns_cents(client):
    assert client.get_price("lamp") == 1999
    assert client.get_price("desk") == 24900


def test_unknown_product_returns_none(client, service):
    assert client.get_price("no-such-sku") is None
    assert service.calls == 1


def test_retries_when_the_connection_drops(client, service):
    service.script("reset")
    assert client.get_price("lamp") == 1999
    assert service.calls == 2


def test_gives_up_after_three_attempts(client, service, PriceUnavailable):
    service.always("reset")
    with pytest.raises(PriceUnavailable):
        client.get_price("lamp")
    assert service.calls == 3
