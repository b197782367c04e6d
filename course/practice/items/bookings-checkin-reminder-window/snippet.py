"""Check-in reminders: one message to each guest 24 hours before check-in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

REMINDER_LEAD = timedelta(hours=24)


@dataclass(frozen=True)
class Stay:
    guest: str
    hotel: str
    check_in: datetime  # aware, in the hotel's own time zone (from the property system)


def reminders_due(stays: list[Stay], window: timedelta = timedelta(minutes=15)) -> list[Stay]:
    """The stays whose reminder falls in the next `window`; the job runs every 15 minutes on UTC servers."""
    now = datetime.utcnow()
    due = []
    for stay in stays:
        send_at = stay.check_in.replace(tzinfo=None) - REMINDER_LEAD
        if now <= send_at < now + window:
            due.append(stay)
    return due
