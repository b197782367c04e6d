"""The service's time: always timezone-aware UTC. Use `utcnow()`, never `datetime.now()`.

Servers run in several time zones (the laptop of whoever runs a job, the data centre), and every
time the service stores is UTC."""
from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    """Now, as an aware datetime in UTC."""
    return datetime.now(timezone.utc)
