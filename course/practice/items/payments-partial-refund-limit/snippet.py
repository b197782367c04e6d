"""Partial refunds against a captured charge."""
from __future__ import annotations

import sqlite3


class RefundTooLarge(ValueError):
    """The refund would give back more than was charged."""


def init_db(conn: sqlite3.Connection) -> None:
    conn.executescript("""
        CREATE TABLE IF NOT EXISTS charges (
            id TEXT PRIMARY KEY,
            amount_cents INTEGER NOT NULL,
            refunded_cents INTEGER NOT NULL DEFAULT 0
        );
    """)


def refund(conn: sqlite3.Connection, charge_id: str, cents: int) -> int:
    """Refund `cents` of the charge and return how much is still refundable.

    Raises RefundTooLarge when the charge does not have that much left.
    """
    amount, refunded = conn.execute(
        "SELECT amount_cents, refunded_cents FROM charges WHERE id = ?", (charge_id,)).fetchone()
    if refunded + cents > amount:
        raise RefundTooLarge(f"only {amount - refunded} cents left to refund on {charge_id}")
    conn.execute(
        "UPDATE charges SET refunded_cents = refunded_cents + ? WHERE id = ?", (cents, charge_id))
    conn.commit()
    return amount - refunded - cents
