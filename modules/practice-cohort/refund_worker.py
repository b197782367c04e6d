"""Queue worker: send approved refunds to the card processor."""
from __future__ import annotations

from dataclasses import dataclass
import sqlite3
from typing import Protocol


class Processor(Protocol):
    def refund(self, charge_id: str, amount_cents: int, idempotency_key: str | None = None) -> str:
        """Refund part of a charge and return the processor's refund id. A request that repeats an
        idempotency key within 24 hours gets the first request's answer instead of a second refund."""


@dataclass(frozen=True)
class RefundApproved:
    refund_id: str
    charge_id: str
    amount_cents: int


def handle(event: RefundApproved, conn: sqlite3.Connection, processor: Processor) -> None:
    """Handle one `refund.approved` message; the queue acks it when this returns."""
    row = conn.execute("SELECT status FROM refunds WHERE id = ?", (event.refund_id,)).fetchone()
    if row is None:
        raise LookupError(f"unknown refund {event.refund_id}")
    if row[0] == "sent":
        return  # the queue redelivered a refund that already went out
    processor_id = processor.refund(event.charge_id, event.amount_cents)
    conn.execute("UPDATE refunds SET status = 'sent', processor_id = ? WHERE id = ?",
                 (processor_id, event.refund_id))
    conn.commit()
