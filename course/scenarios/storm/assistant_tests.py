"""Tests the assistant wrote alongside the stock sync (they pass on its code)."""


def test_available_reads_the_warehouse(client):
    assert client.available("lamp") == 7
    assert client.available("desk") == 0


def test_a_blip_is_retried(client, service):
    service.script("503")
    assert client.available("lamp") == 7
    assert service.calls == 2


def test_refresh_saves_every_sku(refresh_stock, stock):
    assert refresh_stock(["lamp", "chair"]) == 2
    assert stock == {"lamp": 7, "chair": 12}


def test_refresh_survives_a_flaky_warehouse(refresh_stock, service, stock):
    service.script("503", "reset", "500")
    assert refresh_stock(["lamp"]) == 1
    assert stock == {"lamp": 7}
