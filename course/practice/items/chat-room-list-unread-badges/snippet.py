"""Unread and mention badges for the sidebar's room list."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Notification:
    room_id: str
    message_id: int
    read: bool
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Badge:
    unread: int
    mentions: int


def room_badges(
    room_ids: Sequence[str], notifications: Sequence[Notification], user_id: str
) -> dict[str, Badge]:
    """Badge per room the user belongs to; rooms with nothing unread get Badge(0, 0)."""
    unread = [n for n in notifications if not n.read]
    badges: dict[str, Badge] = {}
    for room_id in room_ids:
        in_room = [n for n in unread if n.room_id == room_id]
        mentioned = sum(1 for n in in_room if user_id in n.mentions)
        badges[room_id] = Badge(unread=len(in_room), mentions=mentioned)
    return badges
