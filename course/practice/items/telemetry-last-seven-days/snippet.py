"""Daily event counts for the dashboard's "last 7 days" chart."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class Event:
    name: str
    at: datetime  # UTC, timezone-aware


def daily_counts(events: Iterable[Event], today: date, name: str) -> dict[date, int]:
    """Count ``name`` events per day over the last seven days, today included.

    Every day in the window is present in the result (0 when nothing happened),
    oldest first, so the chart can plot the dict as it is.
    """
    start = today - timedelta(days=7)
    window = (today - start).days + 1
    counts = {start + timedelta(days=i): 0 for i in range(window)}
    for event in events:
        day = event.at.date()
        if event.name == name and start <= day <= today:
            counts[day] += 1
    return counts
