"""Unread badge for the room list."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    id: int  # increases with every message in the room
    author_id: int
    text: str


def unread_count(messages: Sequence[Message], user_id: int, last_read_id: int | None) -> int:
    """How many messages in the room ``user_id`` has not seen yet.

    ``last_read_id`` is the user's read marker: the last message shown to them
    when they last had the room open (None if they never opened it).
    """
    if last_read_id is None:
        return len(messages)
    return sum(1 for m in messages if m.id > last_read_id)


def badge_text(count: int) -> str:
    """The label drawn on the room list: nothing, a number, or 99+."""
    if count <= 0:
        return ""
    return "99+" if count > 99 else str(count)
