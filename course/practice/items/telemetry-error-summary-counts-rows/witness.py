import sqlite3

SINCE = 1_772_400_000


def _db(n_errors: int) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE events (service TEXT, level TEXT, ts INTEGER, message TEXT)")
    rows = [("checkout", "error", SINCE + i, f"upstream timeout #{i}") for i in range(n_errors)]
    rows += [("checkout", "error", SINCE - 10, "yesterday's error"), ("checkout", "info", SINCE + n_errors, "ok"),
             ("search", "error", SINCE + n_errors + 1, "other service")]
    conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?)", rows)
    conn.commit()
    return conn


def _fetched(impl, n_errors: int) -> int:
    conn = _db(n_errors)
    fetched = [0]

    def counting(cursor, row):
        fetched[0] += 1
        return row

    conn.row_factory = counting
    summary = impl.error_summary(conn, "checkout", SINCE)
    assert summary.count == n_errors, f"counted {summary.count} errors, expected {n_errors}"
    assert summary.latest_message == f"upstream timeout #{n_errors - 1}", f"latest is {summary.latest_message!r}"
    return fetched[0]


def test_summary_fetches_a_fixed_number_of_rows(impl) -> None:
    small = _fetched(impl, 1000)
    large = _fetched(impl, 2000)
    assert large <= small, (
        f"summarising 1,000 errors fetched {small:,} rows and 2,000 errors fetched {large:,}: every error "
        "row is shipped to Python to be counted, so an incident makes the status page slowest when it is needed most"
    )
