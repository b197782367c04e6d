"""Who is online in a room, for the member list's green dots."""
from __future__ import annotations

from typing import Callable


class RoomPresence:
    """Presence for one room: members heartbeat every 30 s while the room is open."""

    idle_after = 90.0  # seconds without a heartbeat before a member shows as away
    last_seen: dict[str, float] = {}

    def __init__(self, room_id: str, clock: Callable[[], float]) -> None:
        self.room_id = room_id
        self._clock = clock

    def heartbeat(self, user: str) -> None:
        """The member has the room open."""
        self.last_seen[user] = self._clock()

    def leave(self, user: str) -> None:
        """The member closed the room."""
        self.last_seen.pop(user, None)

    def online(self) -> list[str]:
        """Members seen within `idle_after` seconds, alphabetically."""
        now = self._clock()
        return sorted(user for user, seen in self.last_seen.items() if now - seen < self.idle_after)
