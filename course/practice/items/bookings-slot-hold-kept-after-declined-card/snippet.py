"""Booking a treatment slot: hold it, charge the customer, confirm."""
from __future__ import annotations

from typing import Protocol


class Holds(Protocol):
    def place(self, slot_id: str, customer_id: str) -> str:
        """Mark the slot as taken for this customer; returns the hold id. Holds do not expire."""

    def confirm(self, hold_id: str, charge_id: str) -> str: ...

    def release(self, hold_id: str) -> None: ...


class Payments(Protocol):
    def charge(self, customer_id: str, amount_cents: int, reference: str) -> str: ...


def book_slot(holds: Holds, payments: Payments, slot_id: str, customer_id: str,
              amount_cents: int) -> str:
    """Book `slot_id` for the customer and return the booking id.

    The hold comes first so that two customers cannot pay for the same slot.
    """
    hold_id = holds.place(slot_id, customer_id)
    charge_id = payments.charge(customer_id, amount_cents, reference=hold_id)
    return holds.confirm(hold_id, charge_id)
