import sqlite3


def test_report_only_counts_this_merchants_refunds(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE refunds (merchant_id TEXT, reason TEXT, amount_cents INTEGER, created_at TEXT)")
    conn.executemany(
        "INSERT INTO refunds VALUES (?, ?, ?, ?)",
        [
            ("m_acme", "damaged", 1200, "2026-03-02T10:00"),
            ("m_acme", "damaged", 800, "2026-03-20T10:00"),
            ("m_acme", "late", 500, "2026-03-21T10:00"),
            ("m_acme", "late", 9999, "2026-02-28T23:59"),  # previous month
            ("m_other", "damaged", 70000, "2026-03-05T10:00"),  # another merchant
            ("m_other", "fraud", 25000, "2026-03-06T10:00"),
        ],
    )
    totals = impl.refund_totals(conn, "m_acme", "2026-03")
    assert totals == {"damaged": 2000, "late": 500}, (
        f"m_acme's March report shows {totals}: it includes another merchant's refunds "
        "(70000 damaged, 25000 fraud), so one merchant's finance export leaks another's data"
    )
