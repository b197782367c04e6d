import sqlite3


def test_metric_names_are_bound_as_parameters(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE samples (tenant_id INTEGER, name TEXT, ts INTEGER, value REAL)")
    conn.executemany("INSERT INTO samples VALUES (?, ?, ?, ?)", [
        (1, "cpu", 100, 0.41), (1, "cpu", 160, 0.57), (1, "mem", 160, 0.70),
        (2, "revenue_eur", 160, 98150.0),
    ])
    try:
        mine = impl.latest_values(conn, 1, ["cpu", "mem"])
        assert mine == {"cpu": 0.57, "mem": 0.70}, f"tenant 1's tiles show {mine}"
        try:
            probed = impl.latest_values(conn, 1, ["cpu') OR 1=1 OR ('"])
        except sqlite3.Error:
            probed = {}
    finally:
        conn.close()
    assert "revenue_eur" not in probed, (
        "tenant 1 asked for the metric  cpu') OR 1=1 OR ('  and its dashboard showed tenant 2's "
        f"revenue_eur = {probed.get('revenue_eur')}"
    )
