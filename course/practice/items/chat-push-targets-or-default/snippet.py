"""Push notifications for a new chat message."""
from __future__ import annotations

from typing import Any


def push_targets(room: dict[str, Any], sender: str) -> list[str]:
    """Users to push a new message to: the room's members, minus the sender
    and anyone who muted the room, in membership order.

    ``room`` is the directory service's JSON for the room. It sends
    ``members`` and ``muted`` as lists, as null, or leaves them out.
    """
    members = room.get("members") or []
    muted = set(room.get("muted") or [])
    return [user for user in members if user != sender and user not in muted]


def push_payload(room: dict[str, Any], sender: str, text: str) -> dict[str, Any]:
    """The body sent to the push gateway (previews are cut to 80 characters)."""
    return {
        "to": push_targets(room, sender),
        "title": room.get("name") or "New message",
        "body": text if len(text) <= 80 else text[:79] + "…",
    }
