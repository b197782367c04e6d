"""Bulk refunds for the support console."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass


class RefundError(Exception):
    """A refund the ledger cannot accept."""


@dataclass(frozen=True)
class Refund:
    charge_id: str
    amount_cents: int


def apply_refunds(conn: sqlite3.Connection, refunds: list[Refund]) -> int:
    """Refund every charge in `refunds`; all of them or none, as finance asked.

    Returns the number of refunds written.
    """
    written = 0
    for refund in refunds:
        row = conn.execute(
            "SELECT amount_cents - refunded_cents FROM charges WHERE id = ?", (refund.charge_id,)
        ).fetchone()
        if row is None or refund.amount_cents > row[0]:
            raise RefundError(f"cannot refund {refund.amount_cents} on {refund.charge_id}")
        conn.execute(
            "UPDATE charges SET refunded_cents = refunded_cents + ? WHERE id = ?",
            (refund.amount_cents, refund.charge_id),
        )
        conn.commit()
        written += 1
    return written
