"""Tests the assistant wrote alongside import_prices (they pass on its code)."""


def test_imports_new_prices(conn, import_prices, changes, prices):
    rows = [{"sku": "lamp", "price_cents": 1999}, {"sku": "desk", "price_cents": 24900}]
    assert import_prices(conn, rows, changes) == 2
    assert prices() == {"lamp": 1999, "desk": 24900}


def test_updates_changed_prices(conn, import_prices, changes, prices):
    import_prices(conn, [{"sku": "lamp", "price_cents": 1999}], changes)
    import_prices(conn, [{"sku": "lamp", "price_cents": 1799}], changes)
    assert prices() == {"lamp": 1799}


def test_tells_the_indexer(conn, import_prices, changes):
    import_prices(conn, [{"sku": "lamp", "price_cents": 1999}], changes)
    assert changes.get_nowait() == "lamp"
