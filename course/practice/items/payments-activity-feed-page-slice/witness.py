import sqlite3

from course.practice import witness_kit


def _db(n_rows: int) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE activity (id INTEGER PRIMARY KEY, account_id TEXT, kind TEXT,"
                 " amount_cents INTEGER, created_at TEXT)")
    conn.executemany(
        "INSERT INTO activity (account_id, kind, amount_cents, created_at) VALUES (?, ?, ?, ?)",
        [("acct_big", "charge" if i % 9 else "refund", 1999, f"2026-02-{i % 28 + 1:02d}T{i % 24:02d}:00")
         for i in range(n_rows)],
    )
    conn.commit()
    return conn


def _fetched(impl, n_rows: int) -> int:
    conn = _db(n_rows)
    expected = conn.execute("SELECT id FROM activity ORDER BY created_at DESC, id DESC LIMIT 10 OFFSET 10").fetchall()
    fetched = witness_kit.count_fetched_rows(conn)
    page = impl.activity_page(conn, "acct_big", page=2, page_size=10)
    assert [a.id for a in page] == [r[0] for r in expected], "page 2 does not hold the 11th-20th newest rows"
    return fetched.rows


def test_a_page_fetches_only_its_rows(impl) -> None:
    witness_kit.assert_scales(lambda n: _fetched(impl, n), (150, 300), at_most=1, message=(
        "showing the 10 rows of page 2 fetched {small:,} rows when the account had 150 activities and "
        "{large:,} when it had 300: the whole history is loaded for every page, so a big merchant's "
        "dashboard loads millions of rows per click"
    ))
