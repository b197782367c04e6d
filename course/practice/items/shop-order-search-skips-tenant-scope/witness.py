import sqlite3


def test_search_stays_inside_the_agents_shop(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, tenant_id INTEGER, email TEXT,"
                 " total_cents INTEGER, placed_at TEXT)")
    conn.executemany(
        "INSERT INTO orders (tenant_id, email, total_cents, placed_at) VALUES (?, ?, ?, ?)",
        [
            (1, "sam@example.com", 4200, "2026-02-01"),   # shop 1: the agent's shop
            (1, "Sam@Example.com", 1500, "2026-02-09"),
            (2, "sam@example.com", 99900, "2026-02-05"),  # shop 2: another merchant's customer data
            (1, "kim@example.com", 700, "2026-02-07"),
        ],
    )
    found = impl.find_orders_by_email(conn, 1, " sam@example.com ")
    totals = [o["total_cents"] for o in found]
    assert 99900 not in totals, (
        f"an agent of shop 1 searching sam@example.com got {len(found)} orders, including shop 2's "
        "999.00 order: the search crosses tenants and shows other merchants' customer data"
    )
    assert totals == [1500, 4200], f"expected shop 1's two orders newest first, got totals {totals}"
