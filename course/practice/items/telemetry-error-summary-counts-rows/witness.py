import sqlite3

from course.practice import witness_kit

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
    fetched = witness_kit.count_fetched_rows(conn)
    summary = impl.error_summary(conn, "checkout", SINCE)
    assert summary.count == n_errors, f"counted {summary.count} errors, expected {n_errors}"
    assert summary.latest_message == f"upstream timeout #{n_errors - 1}", f"latest is {summary.latest_message!r}"
    return fetched.rows


def test_summary_fetches_a_fixed_number_of_rows(impl) -> None:
    witness_kit.assert_scales(lambda n: _fetched(impl, n), (200, 400), at_most=1, message=(
        "summarising 200 errors fetched {small:,} rows and 400 errors fetched {large:,}: every error "
        "row is shipped to Python to be counted, so an incident makes the status page slowest when it is needed most"
    ))
