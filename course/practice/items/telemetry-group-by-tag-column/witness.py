import sqlite3

PAYLOAD = ('region", COUNT(*) FROM events WHERE tenant_id = ? AND name = ? GROUP BY 1'
           ' UNION SELECT api_key, tenant_id FROM tenants --')


def test_tag_cannot_pull_in_other_tables(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute('CREATE TABLE events (tenant_id INTEGER, name TEXT, region TEXT, "app-version" TEXT)')
    conn.execute("CREATE TABLE tenants (tenant_id INTEGER, api_key TEXT)")
    conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", [
        (1, "login", "eu", "2.1"), (1, "login", "eu", "2.2"), (1, "login", "us", "2.2"), (2, "login", "eu", "1.0"),
    ])
    conn.executemany("INSERT INTO tenants VALUES (?, ?)", [(1, "key-tenant-1"), (2, "key-tenant-2-SECRET")])
    try:
        by_region = impl.counts_by_tag(conn, 1, "login", "region")
        assert by_region == {"eu": 2, "us": 1}, f"login by region came out as {by_region}"
        by_version = impl.counts_by_tag(conn, 1, "login", "app-version")
        assert by_version == {"2.2": 2, "2.1": 1}, f"login by app-version came out as {by_version}"
        try:
            probed = impl.counts_by_tag(conn, 1, "login", PAYLOAD)
        except (ValueError, sqlite3.Error):
            probed = {}
    finally:
        conn.close()
    secrets = sorted(k for k in probed if k.startswith("key-"))
    assert not secrets, (
        "tenant 1 chose a 'group by' tag ending in  UNION SELECT api_key, tenant_id FROM tenants --  "
        f"and the breakdown listed every tenant's API key: {secrets}"
    )
