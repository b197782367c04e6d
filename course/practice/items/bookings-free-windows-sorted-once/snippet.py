"""Free windows per room for the "find a room" search."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

Window = tuple[datetime, datetime]


@dataclass(frozen=True)
class Booking:
    room_id: str
    start: datetime
    end: datetime


def free_windows(
    bookings: Iterable[Booking],
    room_ids: Sequence[str],
    day_start: datetime,
    day_end: datetime,
    min_length: timedelta = timedelta(minutes=30),
) -> dict[str, list[Window]]:
    """Free windows of at least `min_length` between day_start and day_end, per room, in time order."""
    by_room: dict[str, list[Booking]] = {room: [] for room in room_ids}
    for b in sorted(bookings, key=lambda b: b.start):
        if b.room_id in by_room:
            by_room[b.room_id].append(b)
    windows: dict[str, list[Window]] = {}
    for room in room_ids:
        free, cursor = [], day_start
        for b in by_room[room]:
            if b.start - cursor >= min_length:
                free.append((cursor, b.start))
            cursor = max(cursor, b.end)
        if day_end - cursor >= min_length:
            free.append((cursor, day_end))
        windows[room] = free
    return windows
