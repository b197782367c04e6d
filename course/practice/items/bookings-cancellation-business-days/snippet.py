"""Free-cancellation deadline for room bookings."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

SATURDAY = 5


@dataclass(frozen=True)
class Booking:
    ref: str
    check_in: date


def cancellation_deadline(check_in: date, business_days: int = 2) -> date:
    """Return the last day on which a booking can still be cancelled for free.

    Counts ``business_days`` back from the check-in day. The office does not
    process cancellations at weekends, so a deadline that lands on a Saturday
    or Sunday moves back to the Friday before.
    """
    deadline = check_in - timedelta(days=business_days)
    while deadline.weekday() >= SATURDAY:
        deadline -= timedelta(days=1)
    return deadline


def can_cancel_free(booking: Booking, today: date) -> bool:
    """True while today is on or before the booking's free-cancellation deadline."""
    return today <= cancellation_deadline(booking.check_in)
