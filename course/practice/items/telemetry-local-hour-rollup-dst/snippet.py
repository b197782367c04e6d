"""Hourly usage rollup in the customer's own time zone."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Event:
    tenant: str
    at: datetime  # timezone-aware, as received (UTC)


def hourly_rollup(events: Iterable[Event], tz: ZoneInfo) -> dict[str, int]:
    """Count events per hour of the customer's local clock.

    Keys are the labels the usage report prints ("2026-10-25 14:00"); the
    timestamps are converted with zoneinfo, so daylight saving is handled.
    """
    counts: Counter[str] = Counter()
    for event in events:
        local = event.at.astimezone(tz)
        counts[local.strftime("%Y-%m-%d %H:00")] += 1
    return dict(sorted(counts.items()))


def busiest_hour(events: Iterable[Event], tz: ZoneInfo) -> tuple[str, int] | None:
    """The report's headline: the local hour with the most events."""
    rollup = hourly_rollup(events, tz)
    return max(rollup.items(), key=lambda kv: kv[1]) if rollup else None
