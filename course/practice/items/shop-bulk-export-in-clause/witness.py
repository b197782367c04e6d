import sqlite3


def test_ids_cannot_reach_another_tenants_orders(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, tenant_id INTEGER, total INTEGER)")
    conn.executemany("INSERT INTO orders VALUES (?, ?, ?)", [(1, 7, 1500), (2, 7, 900), (3, 8, 125000)])
    try:
        mine = impl.orders_by_ids(conn, 7, [1, 2])
        assert sorted(o.id for o in mine) == [1, 2], f"tenant 7 asking for its orders 1 and 2 got {mine}"
        # the request body is JSON: nothing stops a client sending a string in the list
        try:
            stolen = impl.orders_by_ids(conn, 7, ["0) OR (1=1"])
        except (ValueError, TypeError, sqlite3.Error):
            stolen = []
    finally:
        conn.close()
    leaked = [o for o in stolen if o.tenant_id != 7]
    assert not leaked, (
        "tenant 7 sent ids = [\"0) OR (1=1\"] in the export request and received order "
        f"{leaked[0].id} of tenant {leaked[0].tenant_id} (total {leaked[0].total / 100:.2f})"
    )
