"""Month-end closing balances for every merchant account."""
from __future__ import annotations

import sqlite3


class Ledger:
    """Thin repository over the accounts and ledger_entries tables (existing)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def account_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM accounts ORDER BY id")]

    def balance(self, account_id: str) -> int:
        (cents,) = self.conn.execute(
            "SELECT COALESCE(SUM(amount_cents), 0) FROM ledger_entries WHERE account_id = ?",
            (account_id,),
        ).fetchone()
        return cents

    def balances(self) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT account_id, SUM(amount_cents) FROM ledger_entries GROUP BY account_id"
        )
        return dict(rows.fetchall())


def closing_balances(ledger: Ledger) -> dict[str, int]:
    """Closing balance in cents per account; accounts without entries close at zero."""
    return {account_id: ledger.balance(account_id) for account_id in ledger.account_ids()}
