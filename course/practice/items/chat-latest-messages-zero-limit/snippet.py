"""Room preview: the latest few messages of a room."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_PREVIEW = 50


@dataclass(frozen=True)
class Message:
    id: int
    author: str
    text: str


def latest_messages(history: Sequence[Message], limit: int) -> list[Message]:
    """The newest ``limit`` messages of a room, oldest first, for the preview.

    ``history`` is in send order. ``limit`` comes from the client and is
    clamped to MAX_PREVIEW so a client cannot ask for the whole room.
    """
    if limit < 0:
        raise ValueError("limit must not be negative")
    limit = min(limit, MAX_PREVIEW)
    return list(history[-limit:])


def preview_payload(history: Sequence[Message], limit: int) -> dict[str, object]:
    """The JSON body of GET /rooms/<id>/preview."""
    shown = latest_messages(history, limit)
    return {"count": len(shown), "messages": [m.__dict__ for m in shown]}
