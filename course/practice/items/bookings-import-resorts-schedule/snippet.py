"""Bulk import of bookings (e.g. from a partner's iCal feed) into a room's schedule."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Booking:
    ref: str
    start: datetime
    end: datetime


class Conflict(ValueError):
    """An incoming booking overlaps one already in the schedule."""


def import_bookings(schedule: list[Booking], incoming: Iterable[Booking]) -> list[Booking]:
    """Return the schedule with `incoming` added, ordered by start; raise Conflict on any overlap.

    `schedule` is sorted by start and is not modified.
    """
    result = list(schedule)
    for booking in incoming:
        result.append(booking)
        result.sort(key=lambda b: b.start)
        i = result.index(booking)
        before = result[i - 1] if i > 0 else None
        after = result[i + 1] if i + 1 < len(result) else None
        if before is not None and before.end > booking.start:
            raise Conflict(f"{booking.ref} overlaps {before.ref}")
        if after is not None and booking.end > after.start:
            raise Conflict(f"{booking.ref} overlaps {after.ref}")
    return result
