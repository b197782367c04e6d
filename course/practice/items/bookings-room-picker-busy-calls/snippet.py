"""Free/busy view for the room picker."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

Interval = tuple[datetime, datetime]


class CalendarClient(Protocol):
    """The calendar service SDK (remote; one HTTP request per method call)."""

    def busy(self, room_id: str, start: datetime, end: datetime) -> list[Interval]: ...
    def busy_many(self, room_ids: list[str], start: datetime, end: datetime) -> dict[str, list[Interval]]: ...


@dataclass(frozen=True)
class RoomAvailability:
    room_id: str
    free: bool


def availability(
    client: CalendarClient, room_ids: list[str], start: datetime, end: datetime
) -> list[RoomAvailability]:
    """Report, for each room, whether it is free for the whole [start, end) window."""
    result = []
    for room_id in room_ids:
        busy = client.busy(room_id, start, end)
        overlaps = any(b_start < end and start < b_end for b_start, b_end in busy)
        result.append(RoomAvailability(room_id, free=not overlaps))
    return result
