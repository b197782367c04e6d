import sqlite3

from course.practice import witness_kit


def _ledger_db(n_accounts: int) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE accounts (id TEXT PRIMARY KEY);"
        "CREATE TABLE ledger_entries (account_id TEXT, amount_cents INTEGER);"
    )
    for i in range(n_accounts):
        acct = f"acct_{i:04d}"
        conn.execute("INSERT INTO accounts VALUES (?)", (acct,))
        if i % 4:  # every fourth account had no activity this month
            conn.executemany("INSERT INTO ledger_entries VALUES (?, ?)", [(acct, 1000), (acct, -250)])
    conn.commit()
    return conn


def _queries(impl, n_accounts: int) -> int:
    conn = _ledger_db(n_accounts)
    balances, seen = witness_kit.traced_statements(conn, lambda: impl.closing_balances(impl.Ledger(conn)))
    assert len(balances) == n_accounts, f"expected {n_accounts} balances, got {len(balances)}"
    assert balances["acct_0000"] == 0 and balances["acct_0001"] == 750, "balances should be 0 and 750 cents"
    return len(seen)


def test_statement_job_query_count_is_flat(impl) -> None:
    witness_kit.assert_scales(lambda n: _queries(impl, n), (20, 40), at_most=1, message=(
        "20 accounts took {small} SQL queries and 40 accounts took {large}: one SUM query per account, "
        "so the month-end job over 80,000 merchants issues 80,001 queries"
    ))
