"""Free slots for the "pick a time" step, with the assistant's test."""
from __future__ import annotations

from datetime import datetime, timedelta

Busy = tuple[datetime, datetime]  # [start, end)


def free_slots(opens: datetime, closes: datetime, busy: list[Busy],
               length: timedelta = timedelta(minutes=30)) -> list[datetime]:
    """Start times, on a grid of ``length`` from opening time, of slots that fit
    before closing and do not overlap any busy range."""
    slots: list[datetime] = []
    start = opens
    while start + length <= closes:
        end = start + length
        if all(end <= b_start or start >= b_end for b_start, b_end in busy):
            slots.append(start)
        start = end
    return slots


def test_free_slots() -> None:
    day = datetime(2026, 5, 4)
    opens, closes = day.replace(hour=9), day.replace(hour=12)
    meeting = (day.replace(hour=10), day.replace(hour=11))
    slots = free_slots(opens, closes, [meeting])
    assert slots
    assert slots[0] == opens
    assert all(opens <= s < closes for s in slots)
