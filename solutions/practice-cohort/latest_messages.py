"""What a client renders when it opens a room."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Message:
    id: int
    author: str
    text: str
    sent_at: datetime  # the sender's clock, so it may disagree with arrival order


def latest(messages: list[Message], limit: int = 50) -> list[Message]:
    """The `limit` most recently sent messages, oldest first."""
    messages = sorted(messages, key=lambda m: (m.sent_at, m.id))
    return messages[-limit:] if limit > 0 else []


def by_day(messages: list[Message]) -> dict[date, list[Message]]:
    """Messages grouped under a date heading, each day in sending order."""
    days: dict[date, list[Message]] = {}
    for message in latest(messages, limit=len(messages)):
        days.setdefault(message.sent_at.date(), []).append(message)
    return days
