"""Move a booking to another slot."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Callable, Iterator


# --- house helpers (existing) ---
class Pool:
    """A small connection pool; `in_use` is exported to the ops dashboard."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._idle: list[sqlite3.Connection] = []
        self.in_use = 0

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        conn = self._idle.pop() if self._idle else self._connect()
        self.in_use += 1
        try:
            yield conn
        finally:
            self.in_use -= 1
            self._idle.append(conn)


# --- the assistant's change ---
class SlotTaken(Exception):
    pass


def move_booking(pool: Pool, booking_id: int, new_slot: str) -> None:
    """Move the booking to `new_slot`; SlotTaken if someone already has it."""
    with pool.connection() as conn:
        cur = conn.execute(
            "UPDATE bookings SET slot = ? WHERE id = ?"
            " AND NOT EXISTS (SELECT 1 FROM bookings WHERE slot = ?)",
            (new_slot, booking_id, new_slot),
        )
        if cur.rowcount == 0:
            conn.rollback()
            raise SlotTaken(new_slot)
        conn.commit()
