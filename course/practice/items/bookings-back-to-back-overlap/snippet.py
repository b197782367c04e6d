"""Room booking: refuse a slot that clashes with an existing booking."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Booking:
    room: str
    start: datetime
    end: datetime  # the room is free again at this moment


class SlotTaken(Exception):
    pass


def overlaps(a: Booking, b: Booking) -> bool:
    """True when the two bookings are for the same room at the same time."""
    return a.room == b.room and a.start <= b.end and b.start <= a.end


def book(calendar: list[Booking], wanted: Booking) -> Booking:
    """Add ``wanted`` to the room calendar unless it clashes with a booking there."""
    if wanted.end <= wanted.start:
        raise ValueError("a booking must end after it starts")
    clash = next((b for b in calendar if overlaps(b, wanted)), None)
    if clash is not None:
        raise SlotTaken(f"{wanted.room} is booked {clash.start:%H:%M}-{clash.end:%H:%M}")
    calendar.append(wanted)
    return wanted
